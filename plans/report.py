"""What a year plan's page and its PDF print: the table grouped by fiscal year, then the
planned meetings with their topics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string

from council import wareki
from plans.models import Entry, PlannedMeeting, PlanRow, YearPlan, is_arrow_only


@dataclass
class Cell:
    entries: list[Entry]

    @property
    def arrow_only(self) -> bool:
        return is_arrow_only(self.entries)


@dataclass
class Row:
    row: PlanRow
    cells: list[Cell]

    @property
    def month_label(self) -> str:
        # The 年度 is printed once for its group: a row prints its month only (7月, 1月).
        return f"{self.row.month.month}月" if self.row.month else self.row.label


@dataclass
class YearGroup:
    label: str  # 令和5年度, or "" for the rows without a month, printed last
    rows: list[Row] = field(default_factory=list)


def plan_table(plan: YearPlan, rows: list[PlanRow]) -> list[YearGroup]:
    """The rows (in their order: by month, those without one last) grouped by fiscal year."""
    columns = len(plan.heading_list)
    groups: list[YearGroup] = []
    for row in rows:
        year = row.fiscal_year
        label = wareki.format_fiscal_year(year) if year else ""
        if not groups or groups[-1].label != label:
            groups.append(YearGroup(label))
        groups[-1].rows.append(Row(row, [Cell(e) for e in row.cell_entries(columns)]))
    return groups


def planned_meetings(plan: YearPlan) -> list[PlannedMeeting]:
    return list(
        plan.planned_meetings.select_related("meeting")
        .prefetch_related("topics")
        .order_by("number")
    )


def plan_context(plan: YearPlan) -> dict[str, Any]:
    rows = list(plan.rows.all())
    return {
        "council": plan.body.council,
        "plan": plan,
        "headings": plan.heading_list,
        "groups": plan_table(plan, rows),
        "planned": planned_meetings(plan),
    }


def attached_to(document: Any, user: Any) -> list[str]:
    """The year plans printed in a written document (documents.registry.ATTACHMENTS), each as
    its PDF fragment; only those `user` may read (None: every reader)."""
    plans = YearPlan.objects.all() if user is None else YearPlan.objects.visible_to(user)
    plans = plans.filter(document=document).select_related("body__council").order_by("pk")
    return [render_to_string("pdf/_year_plan.html", plan_context(plan)) for plan in plans]
