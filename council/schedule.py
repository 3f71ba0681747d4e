"""The yearly schedule grid (全体スケジュール): bodies × months April → March."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypedDict

from council.models import Body, BodyYear, FiscalYear, Meeting
from council.permissions import access_for
from council.prepared import Prepared
from council.templatetags.urls import id_url


class ScheduleEntry(TypedDict):
    """A meeting in the grid: plain values, not a model. A year holds about 160 meetings, and
    building them as model instances was the largest part of the page."""

    url: str
    date: datetime.date
    is_written: bool


@dataclass
class ScheduleRow:
    body: Body
    status: str  # BodyYear.Status value
    cells: list[list[ScheduleEntry]] = field(default_factory=list)

    @property
    def is_paused(self) -> bool:
        return self.status == BodyYear.Status.PAUSED


# The grid's three queries, prepared (council/prepared.py).
BODIES = Prepared(
    lambda council_id: Body.objects.filter(council_id=council_id).order_by("order", "name")
)
# Unsorted: they go into a dict.
STATUSES = Prepared(
    lambda fiscal_year_id: (
        BodyYear.objects.filter(fiscal_year_id=fiscal_year_id)
        .order_by()
        .values_list("body_id", "status")
    )
)
MEETINGS = Prepared(
    lambda access, fiscal_year_id: (
        Meeting.objects.visible_to(access)
        .filter(fiscal_year_id=fiscal_year_id, cancelled=False)
        .order_by("date", "start_time")
        .values_list("pk", "body_id", "date", "mode")
    )
)


def schedule_grid(*, fiscal_year: FiscalYear, user: Any) -> list[ScheduleRow]:
    """Three queries whatever the size: bodies, their year status, the year's meetings."""
    bodies = BODIES(council_id=fiscal_year.council_id)
    status = dict(STATUSES(fiscal_year_id=fiscal_year.pk))
    meetings = MEETINGS(access=access_for(user), fiscal_year_id=fiscal_year.pk)
    columns = {month: index for index, (_year, month) in enumerate(fiscal_year.months())}
    by_body: dict[int, list[list[ScheduleEntry]]] = defaultdict(lambda: [[] for _ in columns])
    link = id_url("council:meeting-detail")
    for pk, body_id, date, mode in meetings:
        by_body[body_id][columns[date.month]].append(
            ScheduleEntry(
                url=link(pk),
                date=date,
                is_written=mode == Meeting.Mode.WRITTEN,
            )
        )
    rows = []
    for body in bodies:
        body_status = status.get(body.pk)
        if body_status is None or body_status == BodyYear.Status.ENDED:
            continue  # the body did not exist or no longer exists that year
        rows.append(ScheduleRow(body=body, status=body_status, cells=by_body[body.pk]))
    return rows
