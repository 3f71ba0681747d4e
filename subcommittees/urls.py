from django.urls import path

from subcommittees import views

app_name = "subcommittees"

YEAR = "bodies/<int:pk>/years/<int:year>/"
DOC = YEAR + "documents/<slug:kind>/"

urlpatterns = [
    path(YEAR + "documents/", views.year_detail, name="year-detail"),
    path(YEAR + "summary.pdf", views.body_summary_pdf, name="body-summary-pdf"),
    path(DOC, views.sheet_detail, name="sheet-detail"),
    path(DOC + "edit/", views.sheet_edit, name="sheet-edit"),
    path(DOC + "pdf/", views.sheet_pdf, name="sheet-pdf"),
    path(DOC + "status/<slug:action>/", views.sheet_transition, name="sheet-transition"),
    path(
        YEAR + "documents/review/comments/<int:person>/",
        views.comment_edit,
        name="comment-edit",
    ),
    path(YEAR + "plans/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/pdf/", views.plan_pdf, name="plan-pdf"),
    path("plans/<int:pk>/status/<slug:action>/", views.plan_transition, name="plan-transition"),
    path("published/<int:pk>/", views.published_pdf, name="published-pdf"),
    path("issues/", views.issue_list, name="issue-list"),
    path("issues/pdf/", views.issue_list_pdf, name="issue-list-pdf"),
    path("issues/export.<slug:fmt>", views.issue_export, name="issue-export"),
    path("issues/new/", views.issue_create, name="issue-create"),
    path("issues/<int:pk>/", views.issue_detail, name="issue-detail"),
    path("issues/<int:pk>/edit/", views.issue_edit, name="issue-edit"),
    path("issues/<int:pk>/steps/new/", views.issue_step_add, name="issue-step-add"),
    path("years/<int:year>/rollover/", views.year_rollover, name="year-rollover"),
    path("years/<int:year>/unpublished/", views.year_unpublished, name="year-unpublished"),
    path("years/<int:year>/annual-report/", views.annual_report, name="annual-report"),
]
