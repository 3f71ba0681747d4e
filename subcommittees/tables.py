"""The regional issue list's rows as plain values (see council/tables.py for why)."""

from __future__ import annotations

from typing import TypedDict

from council import wareki
from council.models import Council
from council.templatetags.urls import id_url
from subcommittees.models import IssueEvent, IssueStatus, RegionalIssue


class IssueRow(TypedDict):
    url: str
    name: str  # 「①」 and the title, as the seed prints them
    owner: str
    tags: list[str]
    timeline: list[tuple[str, str]]  # (fiscal year, status) of every step, oldest first


def issue_rows(council: Council) -> list[IssueRow]:
    """Every issue of the council with its whole history: two queries, whatever the count."""
    labels = {value: str(label) for value, label in IssueStatus.choices}
    steps: dict[int, list[tuple[str, str]]] = {}
    events = (
        IssueEvent.objects.filter(issue__council=council)
        .order_by("fiscal_year__year", "date", "id")
        .values_list("issue_id", "fiscal_year__year", "status")
    )
    for issue_id, year, status in events:
        steps.setdefault(issue_id, []).append(
            (wareki.format_fiscal_year(year), labels.get(status, status))
        )
    link = id_url("subcommittees:issue-detail")
    issues = RegionalIssue.objects.filter(council=council).values_list(
        "pk", "label", "title", "tags", "owner__name"
    )
    return [
        IssueRow(
            url=link(pk),
            name=f"{label}{title}",
            owner=owner or "",
            tags=tags,
            timeline=steps.get(pk, []),
        )
        for pk, label, title, tags, owner in issues
    ]
