"""The yearly schedule grid (全体スケジュール): bodies × months April → March."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from council.models import Body, BodyYear, FiscalYear, Meeting


@dataclass
class ScheduleRow:
    body: Body
    status: str  # BodyYear.Status value
    cells: list[list[Meeting]] = field(default_factory=list)  # a list of meetings per month

    @property
    def is_paused(self) -> bool:
        return self.status == BodyYear.Status.PAUSED


def schedule_grid(*, fiscal_year: FiscalYear, user: Any) -> list[ScheduleRow]:
    """Three queries whatever the size: bodies, their year status, the year's meetings."""
    bodies = Body.objects.filter(council_id=fiscal_year.council_id).only("name", "order")
    status = BodyYear.statuses(fiscal_year)
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(fiscal_year=fiscal_year, cancelled=False)
        .order_by("date", "start_time")
        .only("body_id", "date", "mode")
    )
    columns = {month: index for index, (_year, month) in enumerate(fiscal_year.months())}
    by_body: dict[int, list[list[Meeting]]] = defaultdict(lambda: [[] for _ in columns])
    for meeting in meetings:
        by_body[meeting.body_id][columns[meeting.date.month]].append(meeting)
    rows = []
    for body in bodies:
        body_status = status.get(body.pk)
        if body_status is None or body_status == BodyYear.Status.ENDED:
            continue  # the body did not exist or no longer exists that year
        rows.append(ScheduleRow(body=body, status=body_status, cells=by_body[body.pk]))
    return rows
