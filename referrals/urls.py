from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("resources/", views.resource_list, name="resource-list"),
    path("resources/export.<slug:fmt>", views.resource_export, name="resource-export"),
    path("resources/hsds.json", views.resource_hsds, name="resource-hsds"),
    path("resources/pdf/", views.resource_pdf, name="resource-pdf"),
    path("resources/new/", views.resource_create, name="resource-create"),
    path("resources/<int:pk>/", views.resource_detail, name="resource-detail"),
    path("resources/<int:pk>/edit/", views.resource_edit, name="resource-edit"),
    path("resources/<int:pk>/delete/", views.resource_delete, name="resource-delete"),
]
