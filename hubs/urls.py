from django.urls import path

from hubs import views

app_name = "hubs"

REVIEW = "reviews/<int:year>/"

urlpatterns = [
    path("", views.hub_detail, name="hub-detail"),
    path("years/<int:year>/pdf/", views.hub_pdf, name="hub-pdf"),
    path("years/<int:year>/plans/export.<slug:fmt>", views.plan_export, name="plan-export"),
    path("setup/edit/", views.setup_edit, name="setup-edit"),
    path(
        "years/<int:year>/plans/<slug:function>/<slug:hub_type>/edit/",
        views.plan_edit,
        name="plan-edit",
    ),
    path("providers/", views.provider_list, name="provider-list"),
    path("providers/pdf/", views.provider_list_pdf, name="provider-list-pdf"),
    path("providers/export.<slug:fmt>", views.provider_export, name="provider-export"),
    path("providers/new/", views.provider_create, name="provider-create"),
    path("providers/<int:pk>/", views.provider_detail, name="provider-detail"),
    path("providers/<int:pk>/edit/", views.provider_edit, name="provider-edit"),
    path(REVIEW, views.review_detail, name="review-detail"),
    path(REVIEW + "edit/", views.review_edit, name="review-edit"),
    path(REVIEW + "pdf/", views.review_pdf, name="review-pdf"),
    path(REVIEW + "status/<slug:action>/", views.review_transition, name="review-transition"),
]
