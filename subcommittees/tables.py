"""The regional issue list's rows as plain values (see council/tables.py for why)."""

from __future__ import annotations

from typing import TypedDict

from council import wareki
from council.models import Council
from council.prepared import Prepared
from council.templatetags.urls import id_url
from subcommittees.models import IssueEvent, IssueStatus, RegionalIssue


class IssueRow(TypedDict):
    url: str
    name: str  # 「①」 and the title, as the seed prints them
    owner: str
    tags: list[str]
    timeline: list[tuple[str, str]]  # (fiscal year, status) of every step, oldest first


# Prepared (council/prepared.py): the list's two queries, whatever the count.
ISSUE_EVENTS = Prepared(
    lambda council_id: (
        IssueEvent.objects.filter(issue__council_id=council_id)
        .order_by("fiscal_year__year", "date", "id")
        .values_list("issue_id", "fiscal_year__year", "status")
    )
)
ISSUES = Prepared(
    lambda council_id: RegionalIssue.objects.filter(council_id=council_id).values_list(
        "pk", "label", "title", "tags", "owner__name"
    )
)


def issue_rows(council: Council) -> list[IssueRow]:
    """Every issue of the council with its whole history."""
    labels = {value: str(label) for value, label in IssueStatus.choices}
    steps: dict[int, list[tuple[str, str]]] = {}
    for issue_id, year, status in ISSUE_EVENTS(council_id=council.pk):
        steps.setdefault(issue_id, []).append(
            (wareki.format_fiscal_year(year), labels.get(status, status))
        )
    link = id_url("subcommittees:issue-detail")
    return [
        IssueRow(
            url=link(pk),
            name=f"{label}{title}",
            owner=owner or "",
            tags=tags,
            timeline=steps.get(pk, []),
        )
        for pk, label, title, tags, owner in ISSUES(council_id=council.pk)
    ]
