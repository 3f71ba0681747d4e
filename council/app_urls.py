from django.urls import path

from council.views import (
    attachments,
    bodies,
    calendar,
    dashboard,
    history,
    meetings,
    memberships,
    minutes,
    people,
    schedule,
)

app_name = "council"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("schedule/", schedule.schedule, name="schedule"),
    path("schedule/<int:year>/", schedule.schedule, name="schedule-year"),
    path("bodies/", bodies.body_list, name="body-list"),
    path("bodies/new/", bodies.body_create, name="body-create"),
    path("bodies/<int:pk>/", bodies.body_detail, name="body-detail"),
    path("bodies/<int:pk>/edit/", bodies.body_edit, name="body-edit"),
    path("bodies/<int:pk>/years/<int:year>/edit/", bodies.body_year_edit, name="body-year-edit"),
    path("bodies/<int:pk>/calendar.ics", calendar.body_calendar, name="body-calendar"),
    path(
        "calendar/<str:token>/bodies/<int:pk>.ics",
        calendar.body_calendar_feed,
        name="body-calendar-feed",
    ),
    path("bodies/<int:pk>/members/new/", memberships.membership_create, name="membership-create"),
    path("memberships/<int:pk>/edit/", memberships.membership_edit, name="membership-edit"),
    path("memberships/<int:pk>/delete/", memberships.membership_delete, name="membership-delete"),
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/minutes/", minutes.meeting_minutes, name="meeting-minutes"),
    path(
        "meetings/<int:pk>/minutes/<slug:action>/",
        minutes.meeting_minutes_transition,
        name="meeting-minutes-transition",
    ),
    path("meetings/<int:pk>/attachments/new/", attachments.attachment_add, name="attachment-add"),
    path("attachments/<int:pk>/", attachments.attachment_download, name="attachment-download"),
    path("attachments/<int:pk>/delete/", attachments.attachment_delete, name="attachment-delete"),
    path("organizations/", people.organization_list, name="organization-list"),
    path("organizations/new/", people.organization_create, name="organization-create"),
    path("organizations/<int:pk>/", people.organization_detail, name="organization-detail"),
    path("organizations/<int:pk>/edit/", people.organization_edit, name="organization-edit"),
    path("persons/", people.person_list, name="person-list"),
    path("persons/new/", people.person_create, name="person-create"),
    path("persons/<int:pk>/", people.person_detail, name="person-detail"),
    path("persons/<int:pk>/edit/", people.person_edit, name="person-edit"),
    path(
        "persons/<int:pk>/password-reset/",
        people.person_password_reset,
        name="person-password-reset",
    ),
    path("history/<slug:model>/<int:pk>/", history.history, name="history"),
]
