from django.urls import path

from council import views

app_name = "council"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("schedule/", views.schedule, name="schedule"),
    path("schedule/<int:year>/", views.schedule, name="schedule-year"),
    path("bodies/", views.body_list, name="body-list"),
    path("bodies/new/", views.body_create, name="body-create"),
    path("bodies/<int:pk>/", views.body_detail, name="body-detail"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body-edit"),
    path("bodies/<int:pk>/years/<int:year>/edit/", views.body_year_edit, name="body-year-edit"),
    path("bodies/<int:pk>/calendar.ics", views.body_calendar, name="body-calendar"),
    path(
        "calendar/<str:token>/bodies/<int:pk>.ics",
        views.body_calendar_feed,
        name="body-calendar-feed",
    ),
    path("bodies/<int:pk>/members/new/", views.membership_create, name="membership-create"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership-edit"),
    path("memberships/<int:pk>/delete/", views.membership_delete, name="membership-delete"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting-attendance"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting-minutes"),
    path(
        "meetings/<int:pk>/minutes/<slug:action>/",
        views.meeting_minutes_transition,
        name="meeting-minutes-transition",
    ),
    path("meetings/<int:pk>/attachments/new/", views.attachment_add, name="attachment-add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment-delete"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/new/", views.organization_create, name="organization-create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization-edit"),
    path("persons/", views.person_list, name="person-list"),
    path("persons/new/", views.person_create, name="person-create"),
    path("persons/<int:pk>/", views.person_detail, name="person-detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("history/<slug:model>/<int:pk>/", views.history, name="history"),
]
