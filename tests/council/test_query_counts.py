"""Pages use a constant number of queries whatever the data size: measure, grow 20×, compare."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Attendance, Meeting, MeetingItem, Membership, Organization, Person
from tests.conftest import Cast


def grow(cast: Cast, n: int) -> None:
    """n more organisations, persons, members, meetings with bullets and attendance."""
    for i in range(n):
        org = Organization.objects.create(
            council=cast.council, name=f"事業所{i}", category=Organization.Category.SERVICE
        )
        person = Person.objects.create(council=cast.council, name=f"委員{i}", organization=org)
        Membership.objects.create(person=person, body=cast.body_a, fiscal_year=cast.year)
        meeting = Meeting.objects.create(
            body=cast.body_a,
            fiscal_year=cast.year,
            number=10 + i,
            date=datetime.date(2020, 4 + i % 9, 1 + i),
            is_public=i % 2 == 0,
        )
        for order in range(3):
            MeetingItem.objects.create(meeting=meeting, order=order, text=f"検討{order}")
        Attendance.objects.create(meeting=meeting, person=person)
        Attendance.objects.create(meeting=cast.meeting_a, person=person)
        MeetingItem.objects.create(meeting=cast.meeting_a, order=10 + i, text=f"追加{i}")


def count(cast: Cast, role: str, url: str) -> int:
    client = cast.client(role)
    client.get(url)  # warm: session, content types
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


PAGES = [
    ("council:dashboard", None),
    ("council:schedule", None),
    ("council:body-list", None),
    ("council:body-detail", "body_a"),
    ("council:meeting-list", None),
    ("council:meeting-detail", "meeting_a"),
    ("council:meeting-edit", "meeting_a"),
    ("council:meeting-attendance", "meeting_a"),
    ("council:organization-list", None),
    ("council:organization-detail", "org"),
    ("council:person-list", None),
    ("council:person-detail", "person_a"),
    ("council:body-calendar", "body_a"),
]


@pytest.mark.parametrize("role", ["secretariat", "member_a"])
@pytest.mark.parametrize(("name", "attribute"), PAGES)
def test_query_count_does_not_grow_with_the_data(
    cast: Cast, role: str, name: str, attribute: str | None
) -> None:
    args = [getattr(cast, attribute).pk] if attribute else []
    url = reverse(name, args=args)
    small = count(cast, role, url)
    grow(cast, 20)
    assert count(cast, role, url) == small


def test_history_query_count_does_not_grow_with_the_changes(cast: Cast) -> None:
    url = reverse("council:history", args=["meeting", cast.meeting_a.pk])
    small = count(cast, "auditor", url)
    for i in range(20):
        cast.meeting_a.place = f"会場{i}"
        cast.meeting_a.save()
    assert count(cast, "auditor", url) == small


LISTS = [
    ("council:dashboard", None),
    ("council:schedule", None),
    ("council:body-detail", "body_a"),
    ("council:meeting-list", None),
    ("subcommittees:sheet-detail", None),
    ("subcommittees:issue-create", None),  # the meetings an issue can cite, as choices
    ("subcommittees:issue-detail", "issue_a"),
]


@pytest.mark.parametrize(("name", "attribute"), LISTS)
def test_lists_of_meetings_leave_the_minutes_in_the_database(
    cast: Cast, name: str, attribute: str | None
) -> None:
    """Real minutes run to pages; only the meeting's own page reads them."""
    if name == "subcommittees:sheet-detail":
        args: list[object] = [cast.body_a.pk, cast.year.year, "report"]
    else:
        args = [getattr(cast, attribute).pk] if attribute else []
    if name == "subcommittees:issue-detail":
        cast.issue_a.meetings.add(cast.meeting_a)
    client = cast.client("secretariat")
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse(name, args=args)).status_code == 200
    meeting_queries = [q["sql"] for q in context.captured_queries if "council_meeting" in q["sql"]]
    assert meeting_queries, "the page lists meetings"
    assert not [sql for sql in meeting_queries if '"council_meeting"."minutes"' in sql]
