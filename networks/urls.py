from django.urls import path

from networks import views

app_name = "networks"

urlpatterns = [
    path("bodies/<int:pk>/", views.profile_detail, name="profile-detail"),
    path("bodies/<int:pk>/edit/", views.profile_edit, name="profile-edit"),
    path("bodies/<int:pk>/<int:year>/report.pdf", views.report_pdf, name="report-pdf"),
    path("visits/", views.visit_list, name="visit-list"),
    path("visits/new/", views.visit_create, name="visit-create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit-edit"),
]
