from django.urls import path

from referrals.views import cases, catalogue, dashboard, emergency

app_name = "referrals"

urlpatterns = [
    path("resources/", catalogue.resource_list, name="resource-list"),
    path("resources/export.<slug:fmt>", catalogue.resource_export, name="resource-export"),
    path("resources/hsds.json", catalogue.resource_hsds, name="resource-hsds"),
    path("resources/pdf/", catalogue.resource_pdf, name="resource-pdf"),
    path("resources/new/", catalogue.resource_create, name="resource-create"),
    path("resources/<int:pk>/", catalogue.resource_detail, name="resource-detail"),
    path("resources/<int:pk>/edit/", catalogue.resource_edit, name="resource-edit"),
    path("resources/<int:pk>/delete/", catalogue.resource_delete, name="resource-delete"),
    path("cases/", cases.case_list, name="case-list"),
    path("cases/new/", cases.case_create, name="case-create"),
    path("cases/<int:pk>/", cases.case_detail, name="case-detail"),
    path("cases/<int:pk>/edit/", cases.case_edit, name="case-edit"),
    path("cases/<int:pk>/consent/revoke/", cases.consent_revoke, name="consent-revoke"),
    path("cases/<int:pk>/issue/", cases.case_raise_issue, name="case-raise-issue"),
    path("cases/<int:pk>/step/<slug:action>/", cases.case_transition, name="case-transition"),
    path("cases/<int:pk>/plans/new/", cases.case_plan_create, name="case-plan-create"),
    path("cases/<int:pk>/matches/new/", cases.case_match_create, name="case-match-create"),
    path(
        "cases/matches/<int:pk>/<slug:decision>/",
        cases.case_match_decide,
        name="case-match-decide",
    ),
    path(
        "cases/<int:pk>/follow-ups/new/", cases.case_follow_up_create, name="case-follow-up-create"
    ),
    path(
        "cases/<int:pk>/keep-in-touch/new/",
        cases.case_keep_in_touch_create,
        name="case-keep-in-touch-create",
    ),
    path("cases/follow-ups/<int:pk>/done/", cases.follow_up_done, name="follow-up-done"),
    path("cases/keep-in-touch/<int:pk>/done/", cases.keep_in_touch_done, name="keep-in-touch-done"),
    path("cases/dashboard/", dashboard.case_dashboard, name="case-dashboard"),
    path("cases/intakes/", cases.intake_record, name="intake-record"),
    path("issues/<int:pk>/cases/", cases.issue_cases, name="issue-cases"),
    path("cases/reads/", cases.readlog_list, name="readlog-list"),
    path("cases/<int:pk>/emergency/", emergency.emergency_create, name="emergency-create"),
    path("emergency/", emergency.emergency_list, name="emergency-list"),
    path("emergency/roster.pdf", emergency.emergency_roster_pdf, name="emergency-roster-pdf"),
    path("emergency/<int:pk>/edit/", emergency.emergency_edit, name="emergency-edit"),
    path("emergency/<int:pk>/end/", emergency.emergency_end, name="emergency-end"),
]
