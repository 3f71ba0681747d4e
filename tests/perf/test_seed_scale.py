"""`seed_scale` builds realistic synthetic councils: right sizes, idempotent, reproducible."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from council.models import (
    Attendance,
    Body,
    BodyYear,
    Council,
    FiscalYear,
    HubFunction,
    Meeting,
    Membership,
    Organization,
    Person,
)
from hubs.models import HubPlan, HubSetup, HubType
from subcommittees.models import (
    ActionPlan,
    ActivityPolicy,
    IssueEvent,
    RegionalIssue,
    ReviewComment,
    ReviewSheet,
    StatusReport,
)

pytestmark = pytest.mark.django_db

SMALL = {"councils": 2, "years": 2, "seed": 1, "verbosity": 0}


def seed(**options: Any) -> None:
    call_command("seed_scale", **{**SMALL, **options})


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in ("council", "subcommittees", "hubs")
        for model in apps.get_app_config(app).get_models()
    }


def snapshot() -> list[tuple[Any, ...]]:
    """What two runs must agree on, without ids (they differ between databases)."""
    return sorted(
        Meeting.objects.values_list(
            "body__council__slug", "body__name", "fiscal_year__year", "number", "date", "mode"
        )
    ) + sorted(
        Membership.objects.values_list(
            "body__council__slug", "body__name", "fiscal_year__year", "person__name", "role"
        )
    )


def fresh_run(*runs: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The snapshot after `runs` into an empty database (rolled back afterwards)."""
    savepoint = transaction.savepoint()
    try:
        for options in runs:
            seed(**options)
        return snapshot()
    finally:
        transaction.savepoint_rollback(savepoint)


def test_each_council_has_the_expected_shape() -> None:
    seed()
    councils = Council.objects.order_by("slug")
    assert [c.slug for c in councils] == ["scale-001", "scale-002"]
    for council in councils:
        years = list(council.fiscal_years.order_by("year"))
        assert [y.year for y in years] == [2016, 2017]
        assert [y.is_current for y in years] == [False, True]

        bodies = Body.objects.filter(council=council)
        kinds = Counter(bodies.values_list("kind", flat=True))
        assert 18 <= bodies.count() <= 22
        assert kinds[Body.Kind.PLENARY] == kinds[Body.Kind.STEERING] == 1
        assert kinds[Body.Kind.SUBCOMMITTEE] == 14
        assert kinds[Body.Kind.WORKING] >= 2
        assert not bodies.filter(parent=None).exclude(kind=Body.Kind.PLENARY).exists()
        assert BodyYear.objects.filter(body__council=council).count() == bodies.count() * 2

        assert Organization.objects.filter(council=council).count() == 300
        assert Person.objects.filter(council=council).count() == 800

        per_body_year = Meeting.objects.filter(body__council=council).values("body", "fiscal_year")
        assert {row["n"] for row in per_body_year.annotate(n=Count("id"))} == {8}
        for meeting in Meeting.objects.filter(body__council=council).select_related("fiscal_year"):
            assert meeting.fiscal_year.start <= meeting.date <= meeting.fiscal_year.end
        items = Meeting.objects.filter(body__council=council).annotate(n=Count("items"))
        assert {m.n for m in items} <= {2, 3, 4}

        memberships = Membership.objects.filter(body__council=council).order_by()
        sizes = memberships.values("body", "fiscal_year").annotate(n=Count("id"))
        assert all(10 <= row["n"] <= 13 for row in sizes)
        for role in (Membership.Role.CHAIR, Membership.Role.SUBCOMMITTEE_CHAIR):
            assert memberships.filter(role=role).exists()
        with_secretariat = memberships.filter(role=Membership.Role.SECRETARIAT)
        assert with_secretariat.values("body", "fiscal_year").distinct().count() == len(sizes)
        # Every meeting is in the past (FY2016–2017): each has its members' attendance.
        assert Attendance.objects.filter(meeting__body__council=council).count() >= (
            Meeting.objects.filter(body__council=council, cancelled=False).count() * 9
        )

        documents = {"body_year__body__council": council}
        for model in (ActivityPolicy, StatusReport, ReviewSheet, ActionPlan):
            assert model.objects.filter(**documents).count() == 14 * 2
        comments = ReviewSheet.objects.filter(**documents).annotate(n=Count("comments"))
        assert all(9 <= sheet.n <= 10 for sheet in comments)
        # A comment comes from a member of that body in that year.
        comment = ReviewComment.objects.filter(sheet__body_year__body__council=council).first()
        assert comment is not None
        assert Membership.objects.filter(
            person=comment.person,
            body=comment.sheet.body_year.body,
            fiscal_year=comment.sheet.body_year.fiscal_year,
        ).exists()
        assert all(plan.rows.count() >= 3 for plan in ActionPlan.objects.filter(**documents))

        issues = RegionalIssue.objects.filter(council=council)
        assert issues.count() >= 10
        spans = issues.annotate(n=Count("events__fiscal_year", distinct=True))
        assert {issue.n for issue in spans} == {2}
        assert all(issue.meetings.exists() for issue in issues)

        assert HubSetup.objects.get(council=council).owner_body.name == "地域づくり部会"
        plans = HubPlan.objects.filter(council=council)
        assert plans.count() == len(HubFunction.values) * len(HubType.values) * 2 == 20


def test_a_second_run_adds_nothing_and_a_larger_one_only_the_new_councils() -> None:
    seed()
    before = row_counts()
    seed()
    assert row_counts() == before
    seed(councils=3)
    after = row_counts()
    assert after["council.Council"] == 3
    assert after["council.Person"] == before["council.Person"] + 800


def test_the_same_seed_builds_the_same_data() -> None:
    first = fresh_run(SMALL)
    assert first
    assert fresh_run(SMALL) == first
    # Council 2 does not depend on whether council 1 was built in the same run.
    assert fresh_run({"councils": 1}, {"councils": 2}) == first
    assert fresh_run({"seed": 2}) != first


def test_meetings_after_as_of_are_planned_and_nothing_else_moves() -> None:
    as_of = datetime.date(2017, 10, 1)
    savepoint = transaction.savepoint()
    seed(councils=1, as_of=as_of)
    future = Meeting.objects.filter(date__gt=as_of)
    assert future.exists()
    assert not Attendance.objects.filter(meeting__in=future).exists()
    assert not future.exclude(minutes="").exists()
    assert Attendance.objects.filter(meeting__date__lte=as_of).exists()
    assert IssueEvent.objects.exists()
    assert not IssueEvent.objects.filter(date__gt=as_of).exists()
    assert FiscalYear.objects.get(is_current=True).year == 2017
    with_as_of = snapshot()
    transaction.savepoint_rollback(savepoint)
    # Only what has happened depends on as_of: the dates and the members are the seed's.
    assert fresh_run({"councils": 1}) == with_as_of


def test_bulk_inserted_meetings_are_found_by_keyword_as_saved_ones_are() -> None:
    """Bulk inserts send no signals: seed_scale writes the search text itself, the same text
    MeetingQuerySet.refresh_search_text writes."""
    seed(councils=1, years=1)
    written = dict(Meeting.objects.values_list("pk", "search_text"))
    assert all(written.values())
    Meeting.objects.all().refresh_search_text()
    assert dict(Meeting.objects.values_list("pk", "search_text")) == written
