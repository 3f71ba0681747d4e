"""The case dashboard's counts: by month of a fiscal year, the funnel of its cases through
the stages, and the follow-ups and reminders that are overdue.

Every count is of the cases the reader may see (Case.objects.visible_to), so a case worker
counts their own cases and the secretariat its council's; each is one grouped query, whatever
the number of cases."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models import FiscalYear
from council.wareki import fiscal_year_of
from referrals.models import (
    AnonymousIntake,
    Case,
    CaseStageChange,
    FollowUp,
    KeepInTouch,
    Outcome,
    Stage,
)

# The monthly table's columns after the month, in the order of the pipeline.
COLUMNS = [
    ("intakes", _("Anonymous intakes")),
    ("opened", _("Opened (with consent)")),
    (Stage.PLANNING, Stage.PLANNING.label),
    (Stage.MATCHING, Stage.MATCHING.label),
    (Stage.FOLLOW_UP, Stage.FOLLOW_UP.label),
    ("connected", _("Closed as connected")),
    ("unsuccessful", _("Closed as not successful")),
    ("reopened", _("Reopened")),
]


def fiscal_years(cases: QuerySet, asked: str | None) -> tuple[FiscalYear, list[FiscalYear]]:
    """The year to count (?year=, else this one) and the years that can be chosen: from the
    first case opened to this year. Cases live in real time, not in the council's
    FiscalYear rows, so these are unsaved FiscalYears, used for their months and label."""
    this_year = fiscal_year_of(timezone.localdate())
    first = cases.order_by().aggregate(first=Min("opened_on"))["first"]
    start = min(fiscal_year_of(first), this_year) if first else this_year
    years = [FiscalYear(year=year) for year in range(this_year, start - 1, -1)]
    chosen = next((y for y in years if asked and str(y.year) == asked), years[0])
    return chosen, years


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    counts: list[int]


def _month(value: Any) -> datetime.date:
    """TruncMonth gives a date on a DateField and an aware datetime on a DateTimeField."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def _by_month(rows: Any) -> dict[tuple[str, datetime.date], int]:
    return {(key, _month(month)): n for key, month, n in rows}


def monthly(cases: QuerySet, council_id: int, fiscal_year: FiscalYear) -> list[MonthRow]:
    """Per month: intakes counted before consent, cases opened, and the moves into each
    stage (a case moved twice in a month counts twice: these are the month's steps)."""
    start, end = fiscal_year.start, fiscal_year.end
    counts: dict[tuple[str, datetime.date], int] = {}
    # order_by(): the models' default ordering would otherwise split the groups.
    intakes = (
        AnonymousIntake.objects.filter(council_id=council_id, received_on__range=(start, end))
        .order_by()
        .annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(n=Sum("count"))
        .values_list("month", "n")
    )
    counts.update(_by_month(("intakes", month, n) for month, n in intakes))
    opened = (
        cases.filter(opened_on__range=(start, end))
        .order_by()
        .annotate(month=TruncMonth("opened_on"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    counts.update(_by_month(("opened", month, n) for month, n in opened))
    moves = (
        CaseStageChange.objects.filter(case__in=cases.values("pk"), at__date__range=(start, end))
        .order_by()
        .annotate(month=TruncMonth("at"))
        .values("month", "action", "to_stage", "outcome")
        .annotate(n=Count("pk"))
        .values_list("month", "action", "to_stage", "outcome", "n")
    )
    for month, action, to_stage, outcome, n in moves:
        if action == "reopen":
            key = "reopened"
        elif to_stage == Stage.CLOSED:
            key = "connected" if outcome == Outcome.SUCCESSFUL else "unsuccessful"
        else:
            key = to_stage
        counts[key, _month(month)] = counts.get((key, _month(month)), 0) + n
    rows = []
    for year, month in fiscal_year.months():
        first = datetime.date(year, month, 1)
        rows.append(MonthRow(first, [counts.get((key, first), 0) for key, _label in COLUMNS]))
    return rows


def totals(rows: list[MonthRow]) -> list[int]:
    return [sum(column) for column in zip(*(row.counts for row in rows), strict=True)]


def funnel(cases: QuerySet, fiscal_year: FiscalYear) -> list[tuple[str, int]]:
    """The cases opened in the year, and how many of them reached each stage since (a case
    that went back by a reopening still counts once per stage it reached)."""
    cohort = cases.filter(opened_on__range=(fiscal_year.start, fiscal_year.end))
    reached = dict(
        CaseStageChange.objects.filter(case__in=cohort.values("pk"))
        .order_by()
        .values("to_stage")
        .annotate(n=Count("case", distinct=True))
        .values_list("to_stage", "n")
    )
    summary = cohort.order_by().aggregate(
        opened=Count("pk"),
        connected=Count("pk", filter=Q(stage=Stage.CLOSED, outcome=Outcome.SUCCESSFUL)),
    )
    return [
        (Stage.INTAKE.label, summary["opened"]),
        (Stage.PLANNING.label, reached.get(Stage.PLANNING, 0)),
        (Stage.MATCHING.label, reached.get(Stage.MATCHING, 0)),
        (Stage.FOLLOW_UP.label, reached.get(Stage.FOLLOW_UP, 0)),
        (_("Closed as connected"), summary["connected"]),
    ]


def overdue(cases: QuerySet, *, today: datetime.date | None = None) -> list[Case]:
    """The cases with a follow-up visit or a keep-in-touch reminder past its day and not
    done, each with those records prefetched as `overdue_visits` and `overdue_reminders`.
    The caller keeps those whose record the reader may see (case.record)."""
    today = today or timezone.localdate()
    visits = FollowUp.objects.filter(done_on=None, scheduled_on__lt=today)
    reminders = KeepInTouch.objects.filter(done_on=None, due_on__lt=today)
    return list(
        cases.filter(Q(pk__in=visits.values("case_id")) | Q(pk__in=reminders.values("case_id")))
        .order_by("-year", "-number")
        .prefetch_related(
            Prefetch("follow_ups", visits.order_by("scheduled_on"), to_attr="overdue_visits"),
            Prefetch("keep_in_touch", reminders.order_by("due_on"), to_attr="overdue_reminders"),
        )
    )
