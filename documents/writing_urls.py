from django.urls import path

from documents import writing_views as views

app_name = "writings"

WRITING = "<int:pk>/"
PART = WRITING + "parts/<int:part>/"

urlpatterns = [
    path("", views.writing_list, name="writing-list"),
    path("new/", views.writing_create, name="writing-create"),
    path(WRITING, views.writing_detail, name="writing-detail"),
    path(WRITING + "edit/", views.writing_edit, name="writing-edit"),
    path(WRITING + "pdf/", views.writing_pdf, name="writing-pdf"),
    path(WRITING + "status/<slug:action>/", views.writing_transition, name="writing-transition"),
    path(PART, views.part_edit, name="part-edit"),
    path(PART + "<slug:action>/", views.part_action, name="part-action"),
]
