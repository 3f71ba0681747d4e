from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("new/", views.plan_create, name="plan-create"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("<int:pk>/plan.pdf", views.plan_pdf, name="plan-pdf"),
    path("<int:pk>/meetings/new/", views.planned_create, name="planned-create"),
    path("meetings/<int:pk>/", views.planned_detail, name="planned-detail"),
    path("meetings/<int:pk>/edit/", views.planned_edit, name="planned-edit"),
    path("meetings/<int:pk>/hold/", views.planned_hold, name="planned-hold"),
]
