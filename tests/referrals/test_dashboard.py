"""The case dashboard (counts by stage and month, the funnel, overdue follow-ups) and marking
a visit or a reminder done."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from council.wareki import fiscal_year_of
from referrals import dashboard, services
from referrals.charts import funnel_chart
from referrals.models import (
    AnonymousIntake,
    Case,
    CaseReadLog,
    FollowUp,
    IntakeSource,
    KeepInTouch,
    Stage,
)
from tests.conftest import IDENTITY_STRINGS, Cases, Cast, open_case

URL = reverse("referrals:case-dashboard")
DAY = datetime.date(2026, 6, 1)  # before "today" (the session runs in 2026-12)


def get(cast: Cast, role: str) -> dict:
    response = cast.client(role).get(URL, {"year": 2026})
    assert response.status_code == 200
    return response.context


def overdue_visit(case: Case, cast: Cast, **fields: object) -> FollowUp:
    return FollowUp.objects.create(
        case=case, scheduled_on=DAY, by=cast.users["case_worker"], **fields
    )


def month(context: dict, first: datetime.date) -> dict[str, int]:
    row = next(row for row in context["months"] if row.month == first)
    return dict(zip([key for key, _label in dashboard.COLUMNS], row.counts, strict=True))


def test_counts_by_month_and_stage(cast: Cast, cases: Cases) -> None:
    worker = cast.users["case_worker"]
    AnonymousIntake.objects.create(
        council=cast.council,
        received_on=datetime.date(2026, 5, 10),
        count=4,
        source=IntakeSource.HUB,
    )
    AnonymousIntake.objects.create(  # another council's: not counted
        council=cast.other_council,
        received_on=datetime.date(2026, 5, 10),
        count=9,
        source=IntakeSource.HUB,
    )
    services.case_transition(case=cases.referred, action="start_plan", by=worker)
    context = get(cast, "secretariat")
    may = month(context, datetime.date(2026, 5, 1))
    assert may["intakes"] == 4 and may["opened"] == 2  # the other council's case is not here
    now = timezone.localdate().replace(day=1)
    assert month(context, now)[Stage.PLANNING] == 1
    assert dict(context["stages"])[Stage.PLANNING.label] == 1
    assert dict(context["stages"])[Stage.INTAKE.label] == 1
    assert context["totals"][1] == 2
    assert [row.month.month for row in context["months"]] == [*range(4, 13), 1, 2, 3]


def test_the_funnel_follows_the_years_cases(cast: Cast, cases: Cases) -> None:
    worker = cast.users["case_worker"]
    services.case_transition(case=cases.referred, action="start_plan", by=worker)
    open_case(cast.council, worker, opened_on=datetime.date(2025, 5, 1))  # last year's
    bars = get(cast, "secretariat")["funnel"].bars
    assert [(bar.label, bar.value) for bar in bars][:2] == [
        (Stage.INTAKE.label, 2),
        (Stage.PLANNING.label, 1),
    ]
    assert bars[1].share == "50%"
    page = cast.client("secretariat").get(URL, {"year": 2026}).content.decode()
    assert "<svg" in page and 'role="img"' in page


def test_the_years_run_from_the_first_case_to_this_one(cast: Cast, cases: Cases) -> None:
    open_case(cast.council, cast.users["case_worker"], opened_on=datetime.date(2024, 4, 1))
    context = cast.client("secretariat").get(URL).context
    this_year = fiscal_year_of(timezone.localdate())
    assert context["fiscal_year"].year == this_year
    assert [y.year for y in context["years"]] == list(range(this_year, 2023, -1))
    # A year nobody can choose falls back to this one.
    assert cast.client("secretariat").get(URL, {"year": "1999"}).context["fiscal_year"].year == (
        this_year
    )


def test_the_funnel_chart_has_no_bar_wider_than_the_first() -> None:
    chart = funnel_chart(chart_id="f", title="t", rows=[("a", 10), ("b", 5), ("c", 0)])
    widths = [float(bar.width) for bar in chart.bars]
    assert widths[0] > widths[1] > widths[2] > 0
    assert chart.has_data
    assert not funnel_chart(chart_id="f", title="t", rows=[("a", 0)]).has_data


def test_a_case_worker_counts_only_their_cases(cast: Cast, cases: Cases) -> None:
    open_case(cast.council, cast.users["secretariat"])  # not assigned to the worker
    assert month(get(cast, "secretariat"), datetime.date(2026, 5, 1))["opened"] == 3
    assert month(get(cast, "case_worker"), datetime.date(2026, 5, 1))["opened"] == 2


def test_overdue_visits_are_listed_for_the_team_and_logged(cast: Cast, cases: Cases) -> None:
    visit = overdue_visit(cases.referred, cast)
    overdue_visit(cases.revoked, cast)  # no consent: its record is shown to nobody
    KeepInTouch.objects.create(case=cases.referred, due_on=DAY, by=cast.users["case_worker"])
    FollowUp.objects.create(  # done: not overdue
        case=cases.referred, scheduled_on=DAY, done_on=DAY, by=cast.users["case_worker"]
    )
    context = get(cast, "case_worker")
    assert [case.pk for case in context["overdue"]] == [cases.referred.pk]
    assert [v.pk for v in context["overdue"][0].overdue_visits] == [visit.pk]
    assert len(context["overdue"][0].overdue_reminders) == 1
    assert CaseReadLog.objects.filter(
        user=cast.users["case_worker"], case=cases.referred, path__startswith=URL
    ).exists()
    page = cast.client("case_worker").get(URL, {"year": 2026}).content.decode()
    assert reverse("referrals:follow-up-done", args=[visit.pk]) in page
    assert not any(text in page for text in IDENTITY_STRINGS)


@pytest.mark.parametrize("role", ["auditor", "city"])
def test_auditors_and_city_staff_get_counts_and_no_overdue_case(
    cast: Cast, cases: Cases, role: str
) -> None:
    overdue_visit(cases.referred, cast)
    context = get(cast, role)
    assert context["overdue"] == []
    assert month(context, datetime.date(2026, 5, 1))["opened"] == 2
    assert not CaseReadLog.objects.filter(user=cast.users[role]).exists()


def test_the_dashboard_asks_the_same_number_of_queries_whatever_the_data(
    cast: Cast, cases: Cases
) -> None:
    client = cast.client("case_worker")
    overdue_visit(cases.referred, cast)
    client.get(URL, {"year": 2026})
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"year": 2026})
    for _n in range(5):
        case = open_case(cast.council, cast.users["case_worker"])
        overdue_visit(case, cast)
        KeepInTouch.objects.create(case=case, due_on=DAY, by=cast.users["case_worker"])
        services.case_transition(case=case, action="start_plan", by=cast.users["case_worker"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"year": 2026})
    assert len(response.context["overdue"]) == 6
    assert len(many) == len(few)


# --- marking done -------------------------------------------------------------------------


def test_the_worker_records_a_visit_once(cast: Cast, cases: Cases) -> None:
    visit = overdue_visit(cases.referred, cast)
    url = reverse("referrals:follow-up-done", args=[visit.pk])
    client = cast.client("case_worker")
    assert client.get(url).status_code == 200
    response = client.post(url, {"done_on": "2026-06-03", "person_note": "落ち着いて通所"})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.done_on == datetime.date(2026, 6, 3) and visit.person_note == "落ち着いて通所"
    # A second marking (another tab) does not overwrite the first one's notes.
    response = client.post(url, {"done_on": "2026-06-04", "person_note": "上書き"})
    visit.refresh_from_db()
    assert visit.person_note == "落ち着いて通所"
    assert gettext("This was already marked done.") in [
        str(m) for m in get_messages(response.wsgi_request)
    ]


def test_the_service_refuses_a_second_marking(cast: Cast, cases: Cases) -> None:
    visit = overdue_visit(cases.referred, cast)
    stale = FollowUp.objects.get(pk=visit.pk)
    services.follow_up_done(follow_up=visit, by=cast.users["case_worker"], done_on=DAY)
    with pytest.raises(services.AlreadyDone):
        services.follow_up_done(follow_up=stale, by=cast.users["case_worker"], done_on=DAY)


def test_a_future_day_is_refused_and_the_notes_kept(cast: Cast, cases: Cases) -> None:
    visit = overdue_visit(cases.referred, cast)
    url = reverse("referrals:follow-up-done", args=[visit.pk])
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = cast.client("case_worker").post(url, {"done_on": future, "host_note": "受入側メモ"})
    assert response.status_code == 400
    page = response.content.decode()
    assert gettext("The date it was done cannot be in the future.") in page
    assert "受入側メモ" in page
    visit.refresh_from_db()
    assert visit.done_on is None


def test_a_reminder_is_marked_done_and_leaves_the_overdue_list(cast: Cast, cases: Cases) -> None:
    reminder = KeepInTouch.objects.create(
        case=cases.referred, due_on=DAY, by=cast.users["case_worker"]
    )
    url = reverse("referrals:keep-in-touch-done", args=[reminder.pk])
    assert get(cast, "case_worker")["overdue"]
    response = cast.client("secretariat").post(url, {"done_on": "2026-06-02", "note": "電話済"})
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.done_on == datetime.date(2026, 6, 2) and reminder.note == "電話済"
    assert get(cast, "case_worker")["overdue"] == []


@pytest.mark.parametrize("role", ["auditor", "city", "hub_provider", "member_a"])
def test_others_may_not_mark_done(cast: Cast, cases: Cases, role: str) -> None:
    visit = overdue_visit(cases.referred, cast)
    url = reverse("referrals:follow-up-done", args=[visit.pk])
    response = cast.client(role).post(url, {"done_on": "2026-06-03"})
    assert response.status_code in (403, 404)
    visit.refresh_from_db()
    assert visit.done_on is None
