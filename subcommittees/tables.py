"""The regional issue list's rows as plain values: two queries, whatever the count."""

from __future__ import annotations

from typing import TypedDict

from django.utils.translation import gettext as _

from council import wareki
from council.exports import Table
from council.models import Council
from subcommittees.models import IssueEvent, IssueStatus, RegionalIssue


class Step(TypedDict):
    year: str  # 「令和2年度」
    status: str


class IssueRow(TypedDict):
    pk: int
    name: str  # 「①」 and the title, as the seed prints them
    owner: str
    tags: list[str]
    timeline: list[Step]  # every step, oldest first


def issue_rows(council: Council) -> list[IssueRow]:
    """Every issue of the council with its whole history."""
    labels = {value: str(label) for value, label in IssueStatus.choices}
    events = (
        IssueEvent.objects.filter(issue__council=council)
        .order_by("fiscal_year__year", "date", "id")
        .values_list("issue_id", "fiscal_year__year", "status")
    )
    steps: dict[int, list[Step]] = {}
    for issue_id, year, status in events:
        steps.setdefault(issue_id, []).append(
            Step(year=wareki.format_fiscal_year(year), status=labels.get(status, status))
        )
    issues = RegionalIssue.objects.filter(council=council).values_list(
        "pk", "label", "title", "tags", "owner__name"
    )
    return [
        IssueRow(
            pk=pk, name=f"{label}{title}", owner=owner or "", tags=tags, timeline=steps.get(pk, [])
        )
        for pk, label, title, tags, owner in issues
    ]


def issue_table(rows: list[IssueRow]) -> Table:
    """The list's columns for its export; the timeline in one cell, oldest step first."""
    headers = [_("Issue"), _("Owner body"), _("Tags"), _("Timeline")]
    return headers, [
        [
            row["name"],
            row["owner"],
            " ".join(row["tags"]),
            " → ".join(f"{step['year']} {step['status']}" for step in row["timeline"]),
        ]
        for row in rows
    ]
