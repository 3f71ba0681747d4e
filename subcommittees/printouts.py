"""The two printouts that gather several records: the 地域課題 list and a body's one-page summary
(the seed's leaflet). Both go through documents.pdf.render_pdf like every document."""

from __future__ import annotations

from typing import Any

from council.models import BodyYear, Council, Membership
from council.permissions import can
from documents.pdf import render_pdf
from subcommittees import documents
from subcommittees.models import ActivityPolicy, RegionalIssue, ReviewSheet


def regional_issues(council: Council) -> list[RegionalIssue]:
    """Every issue of the council with its owner and dated steps (three queries in all)."""
    return list(
        RegionalIssue.objects.filter(council=council)
        .select_related("owner")
        .prefetch_related("events__fiscal_year")
        .order_by("owner__order", "label", "id")
    )


def render_issue_list(council: Council) -> bytes:
    return render_pdf(
        "pdf/issue_list.html",
        {
            "council": council,
            "title": f"{council.name} 地域課題一覧",
            "issues": regional_issues(council),
        },
    )


def _visible(user: Any, model: type, body_year: BodyYear) -> Any:
    document = model.objects.filter(body_year=body_year).first()
    return document if document is not None and can(user, "sheet.view", document) else None


def body_summary(body_year: BodyYear, user: Any) -> dict[str, Any]:
    """What the leaflet says about one body in one year, from the documents the user may read."""
    meetings = documents.held_meetings(body_year)
    organizations = (
        Membership.objects.filter(
            body_id=body_year.body_id, fiscal_year_id=body_year.fiscal_year_id
        )
        .exclude(person__organization=None)
        .values("person__organization")
        .distinct()
        .count()
    )
    return {
        "council": body_year.body.council,
        "body": body_year.body,
        "fiscal_year": body_year.fiscal_year,
        "title": f"{body_year.fiscal_year.label} {body_year.body.name}",
        "policy": _visible(user, ActivityPolicy, body_year),
        "review": _visible(user, ReviewSheet, body_year),
        "meetings": meetings,
        "organizations": organizations,
    }


def render_body_summary(body_year: BodyYear, user: Any) -> bytes:
    return render_pdf("pdf/body_summary.html", body_summary(body_year, user))
