"""The annual report: one PDF of a fiscal year with a cover, contents, the schedule grid and every
body's documents in order, each laid out exactly as its own PDF (the same part templates)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from council.models import Council, FiscalYear
from council.schedule import schedule_grid
from documents.pdf import render_pdf
from subcommittees import documents
from subcommittees.models import ActionPlan, ActivityPolicy, ReviewSheet, StatusReport

ORDER = [ActivityPolicy, StatusReport, ReviewSheet, ActionPlan]


@dataclass
class Section:
    anchor: str
    title: str
    html: SafeString


@dataclass
class Chapter:
    body_name: str
    anchor: str
    sections: list[Section] = field(default_factory=list)


def chapters(*, council: Council, fiscal_year: FiscalYear, user: Any) -> list[Chapter]:
    """Every visible document of the year, grouped by body in the council's order."""
    found: dict[int, list[Any]] = {}
    for model in ORDER:
        queryset = (
            model.objects.visible_to(user)
            .filter(body_year__fiscal_year=fiscal_year)
            .select_related("body_year__body__council", "body_year__fiscal_year")
        )
        for document in queryset:
            found.setdefault(document.body_year.body_id, []).append(document)
    result = []
    for body_docs in sorted(
        found.values(), key=lambda d: (d[0].body_year.body.order, d[0].body_year.body.name)
    ):
        body = body_docs[0].body_year.body
        chapter = Chapter(body_name=body.name, anchor=f"body-{body.pk}")
        for document in body_docs:
            kind = documents.kind_of(document)
            chapter.sections.append(
                Section(
                    anchor=f"{kind.slug}-{document.pk}",
                    title=kind.title,
                    # render_to_string returns a SafeString: escaped by our templates.
                    html=render_to_string(kind.part, documents.context(document)),
                )
            )
        result.append(chapter)
    return result


def render_annual_report(*, council: Council, fiscal_year: FiscalYear, user: Any) -> bytes:
    return render_pdf(
        "pdf/annual_report.html",
        {
            "council": council,
            "fiscal_year": fiscal_year,
            "months": fiscal_year.months(),
            "rows": schedule_grid(fiscal_year=fiscal_year, user=user),
            "chapters": chapters(council=council, fiscal_year=fiscal_year, user=user),
        },
    )
