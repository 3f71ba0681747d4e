"""The yearly schedule grid (全体スケジュール): bodies × months April → March."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypedDict

from council.models import Body, BodyYear, FiscalYear, Meeting
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


def schedule_grid(*, fiscal_year: FiscalYear, user: Any) -> list[ScheduleRow]:
    """Three queries whatever the size: bodies, their year status, the year's meetings."""
    bodies = list(Body.objects.filter(council_id=fiscal_year.council_id).order_by("order", "name"))
    status = BodyYear.statuses(fiscal_year)
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(fiscal_year=fiscal_year, cancelled=False)
        .order_by("date", "start_time")
        .values_list("pk", "body_id", "date", "mode")
    )
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
