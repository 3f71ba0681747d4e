"""What the hub pages and PDFs show, built once for both (a constant number of queries)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council import wareki
from council.models import Council, DocumentStatus, FiscalYear, HubFunction, PublishedPDF
from documents.pdf import render_pdf
from hubs.charts import Chart, bar_chart
from hubs.models import (
    QUARTER_LABELS,
    HubCoordinator,
    HubFigure,
    HubFunctionReview,
    HubPlan,
    HubProvider,
    HubReview,
    HubSetup,
    HubType,
    in_table_order,
)

METRIC_LABELS = {
    "advance_registrations": _("Advance registrations"),
    "emergency_acceptances": _("Emergency acceptances"),
    "trial_stays": _("Trial stays"),
    "coordinator_activities": _("Coordinator activities"),
}
# The same headings in the printed review (an official document, always in Japanese).
METRIC_LABELS_JA = {
    "advance_registrations": "事前登録",
    "emergency_acceptances": "緊急時の受け入れ",
    "trial_stays": "体験利用",
    "coordinator_activities": "コーディネーター活動",
}


# --- progress to a target month ----------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    kind: str  # "done", "none" (no target), "due" (months left ≥ 0) or "overdue"
    months: int = 0


def months_between(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def progress(plan: HubPlan, today: datetime.date) -> Progress:
    if plan.status == HubPlan.Status.DONE:
        return Progress("done")
    if plan.target is None:
        return Progress("none")
    months = months_between(today, plan.target)
    return Progress("due", months) if months >= 0 else Progress("overdue", -months)


def target_text(plan: HubPlan) -> str:
    """令和4年4月以降, as the seed prints 整備目標."""
    if plan.target is None:
        return plan.target_note
    return wareki.format_year_month(plan.target) + plan.target_note


# --- the function rows of the seed's table -------------------------------------------------


@dataclass
class TypeCell:
    plan: HubPlan
    label: str
    progress: Progress

    @property
    def target(self) -> str:
        return target_text(self.plan)


@dataclass
class FunctionRow:
    """One function: its two type rows merged the way the seed's table prints them."""

    value: str
    label: str
    cells: list[TypeCell] = field(default_factory=list)
    council_work: list[tuple[str, str]] = field(default_factory=list)  # (type label or "", text)
    city_common: str = ""
    city_plans: list[tuple[str, str]] = field(default_factory=list)
    priority: str = ""  # shared by both types; otherwise shown per type

    def cell(self, hub_type: str) -> TypeCell | None:
        return next((c for c in self.cells if c.plan.hub_type == hub_type), None)

    @property
    def priority_lines(self) -> list[str]:
        if self.priority:
            return [self.priority]
        return [
            f"{c.label}: {c.plan.get_priority_display()}" for c in self.cells if c.plan.priority
        ]

    @property
    def by_type(self) -> list[tuple[str, str, TypeCell | None]]:
        """(type, label, cell or None) for both types, 多機能拠点型 first."""
        return [(value, label, self.cell(value)) for value, label in HubType.choices]


def _common_lines(texts: list[str]) -> tuple[str, list[str]]:
    """Leading lines every text shares (②'s 「緊急時の定義」 line), and what is left of each."""
    split = [t.splitlines() for t in texts]
    common: list[str] = []
    if len(split) > 1:
        for lines in zip(*split, strict=False):
            if len(set(lines)) != 1:
                break
            common.append(lines[0])
    rest = ["\n".join(lines[len(common) :]) for lines in split]
    return "\n".join(common), rest


def function_rows(plans: list[HubPlan], today: datetime.date) -> list[FunctionRow]:
    by_function: dict[str, list[HubPlan]] = {}
    for plan in plans:
        by_function.setdefault(plan.function, []).append(plan)
    rows = []
    for value, label in HubFunction.choices:
        row = FunctionRow(value=value, label=label)
        typed = sorted(by_function.get(value, []), key=lambda p: p.hub_type != HubType.MULTI)
        row.cells = [TypeCell(p, p.get_hub_type_display(), progress(p, today)) for p in typed]
        works = [(c.label, c.plan.council_work) for c in row.cells if c.plan.council_work]
        if works and len({text for _label, text in works}) == 1 and len(works) == len(typed):
            row.council_work = [("", works[0][1])]
        else:
            row.council_work = works
        with_plan = [c for c in row.cells if c.plan.city_plan]
        row.city_common, rest = _common_lines([c.plan.city_plan for c in with_plan])
        row.city_plans = [(c.label, text) for c, text in zip(with_plan, rest, strict=True)]
        priorities = {c.plan.priority for c in row.cells}
        if len(priorities) == 1 and "" not in priorities:
            row.priority = row.cells[0].plan.get_priority_display()
        rows.append(row)
    return rows


# --- status over the years ------------------------------------------------------------------


@dataclass
class HistoryRow:
    label: str
    type_label: str
    statuses: list[str]  # one per year shown; "" when the row had no plan that year


def status_history(council: Council) -> tuple[list[str], list[HistoryRow]]:
    """Every year's status of each function × type, read as values: only the status is shown,
    and ten years of plans with their texts would be read for nothing."""
    labels = dict(HubPlan.Status.choices)
    # Each function × type's status label by year: a dict per row, looked up once per year.
    by_row: dict[tuple[str, str], dict[int, str]] = {}
    years = set()
    plans = (
        HubPlan.objects.filter(council=council)
        .order_by()  # the model's order would join the year and sort for nothing
        .values_list("fiscal_year__year", "function", "hub_type", "status")
    )
    for year, function, hub_type, status in plans:
        by_row.setdefault((function, hub_type), {})[year] = labels.get(status, "")
        years.add(year)
    shown = sorted(years)
    rows = []
    for value, label in HubFunction.choices:
        for hub_type, type_label in HubType.choices:
            found = by_row.get((value, hub_type), {})
            statuses = [found.get(year, "") for year in shown]
            if any(statuses):
                rows.append(HistoryRow(label, type_label, statuses))
    return [wareki.format_fiscal_year(year) for year in shown], rows


# --- figures --------------------------------------------------------------------------------


@dataclass
class FigureRow:
    function_label: str
    quarter: int
    quarter_label: str
    values: list[int | None]
    first_of_function: bool


def figure_grid(figures: list[HubFigure]) -> list[FigureRow]:
    """All 5 × 4 rows, blank where nothing was recorded."""
    found = {(f.function, f.quarter): f for f in figures}
    rows = []
    for value, label in HubFunction.choices:
        for quarter, quarter_label in QUARTER_LABELS.items():
            figure = found.get((value, quarter))
            values = [getattr(figure, m) if figure else None for m in HubFigure.METRICS]
            rows.append(FigureRow(label, quarter, quarter_label, values, quarter == 1))
    return rows


def figure_charts(figures: list[HubFigure], prefix: str = "hub-chart") -> list[Chart]:
    """One chart per measure: the quarter's total over the five functions."""
    charts = []
    for metric in HubFigure.METRICS:
        rows: list[tuple[str, int | None]] = []
        for quarter in QUARTER_LABELS:
            values = [
                getattr(f, metric)
                for f in figures
                if f.quarter == quarter and getattr(f, metric) is not None
            ]
            rows.append((f"第{quarter}四半期", sum(values) if values else None))
        title = str(METRIC_LABELS[metric])
        charts.append(bar_chart(chart_id=f"{prefix}-{metric}", title=title, rows=rows))
    return charts


# --- page and document contexts ---------------------------------------------------------


def setup_for(council: Council) -> HubSetup | None:
    setup = HubSetup.objects.select_related("owner_body").filter(council=council).one_or_none()
    if setup is not None:
        setup.council = council  # also caches council.hub_setup for the permission rules
    return setup


def hub_context(
    council: Council, fiscal_year: FiscalYear, today: datetime.date | None = None
) -> dict[str, Any]:
    """The hub page and the hub PDF (queries: set-up, the year's plans, the status of every
    year's plans, review, figures).

    Progress is counted from today, or for a past year from its last day (31 March): a past
    year's page shows where its rows stood then, later years have rows of their own.
    """
    as_of = min(today or timezone.localdate(), fiscal_year.end)
    setup = setup_for(council)
    year = {"council": council, "fiscal_year": fiscal_year}
    # Unsorted: in_table_order sorts the plans, and the model's order would join the year.
    current = in_table_order(HubPlan.objects.filter(**year).order_by())
    for plan in current:
        plan.council, plan.fiscal_year = council, fiscal_year  # both known: no query for them
    history_years, history = status_history(council)
    review = HubReview.objects.filter(**year).one_or_none()
    figures = []
    if review is not None:
        review.council = council  # the rules read council.hub_setup: already cached
        review.fiscal_year = fiscal_year
        figures = list(HubFigure.objects.filter(review=review))
    return {
        "council": council,
        "fiscal_year": fiscal_year,
        "setup": setup,
        "rows": function_rows(current, as_of),
        "history_years": history_years,
        "history": history,
        "review": review,
        "charts": figure_charts(figures) if figures else [],
        "as_of": as_of,
        "title": f"{fiscal_year.label} 地域生活支援拠点等の整備状況",
    }


def providers_context(council: Council) -> dict[str, Any]:
    providers = list(
        HubProvider.objects.filter(organization__council=council)
        .select_related("organization")
        .prefetch_related(Prefetch("coordinators", queryset=HubCoordinator.objects.order_by("id")))
        .order_by("layer", "organization__name")
    )
    return {
        "council": council,
        "providers": providers,
        "functions": HubFunction.choices,
        "title": "地域生活支援拠点等 登録事業所名簿",
    }


def review_context(review: HubReview) -> dict[str, Any]:
    """The review page and PDF (queries: figures, function reviews)."""
    figures = list(review.figures.all())
    written = {r.function: r for r in review.function_reviews.all()}
    function_reviews = [
        (label, written.get(value) or HubFunctionReview(review=review, function=value))
        for value, label in HubFunction.choices
    ]
    return {
        "document": review,
        "review": review,
        "is_draft": review.status != DocumentStatus.PUBLISHED,
        "council": review.council,
        "fiscal_year": review.fiscal_year,
        "meeting": review.meeting,
        "title": review.title,
        "metric_labels": list(METRIC_LABELS.values()),
        "metric_labels_ja": list(METRIC_LABELS_JA.values()),
        "figure_rows": figure_grid(figures),
        "charts": figure_charts(figures, prefix="review-chart") if figures else [],
        "function_reviews": function_reviews,
    }


# --- the three PDFs: (filename, content type, bytes) ----------------------------------------

PDF = "application/pdf"


def hub_status_pdf(council: Council, fiscal_year: FiscalYear) -> tuple[str, str, bytes]:
    context = hub_context(council, fiscal_year)
    return f"{context['title']}.pdf", PDF, render_pdf("pdf/hub_status.html", context)


def providers_pdf(council: Council) -> tuple[str, str, bytes]:
    context = providers_context(council)
    context["today"] = timezone.localdate()
    return f"{context['title']}.pdf", PDF, render_pdf("pdf/hub_providers.html", context)


def review_pdf(
    review: HubReview, publication: PublishedPDF | None = None
) -> tuple[str, str, bytes]:
    """A draft's PDF is marked 「案」; a publication's prints its footer."""
    context = review_context(review) | {"publication": publication}
    return f"{review.title}.pdf", PDF, render_pdf("pdf/hub_review.html", context)
