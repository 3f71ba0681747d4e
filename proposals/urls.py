from django.urls import path

from proposals import views

app_name = "proposals"

PROPOSAL = "<int:pk>/"

urlpatterns = [
    path("", views.proposal_list, name="proposal-list"),
    path("new/", views.proposal_create, name="proposal-create"),
    path(PROPOSAL, views.proposal_detail, name="proposal-detail"),
    path(PROPOSAL + "edit/", views.proposal_edit, name="proposal-edit"),
    path(PROPOSAL + "parts/<int:section>/blocks/", views.part_blocks, name="part-blocks"),
    path(PROPOSAL + "parts/<int:section>/<slug:action>/", views.part_action, name="part-action"),
    path(PROPOSAL + "answers/", views.proposal_answers, name="proposal-answers"),
    path(PROPOSAL + "pdf/", views.proposal_pdf, name="proposal-pdf"),
    path(PROPOSAL + "status/<slug:action>/", views.proposal_transition, name="proposal-transition"),
]
