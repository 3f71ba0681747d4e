"""The <tr> rows of the hub page's function tables (hubs/documents.py's FunctionRow) and of its
status history (HistoryRow), and their column headings.

Rendered here rather than with template loops: five functions × two types of nested loops,
conditions and translations cost the template language about 10 M instructions a request, 28 %
of the hub page (the heaviest page of the site). Every value is escaped; the markup is the one
the loops printed (tests/hubs/test_hub_tables.py).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from council.templatetags.table_rows import cells
from council.templatetags.urls import fast_reverse
from hubs.models import HubType

if TYPE_CHECKING:
    from hubs.documents import FunctionRow, HistoryRow, Progress, TypeCell

register = template.Library()

TYPES = HubType.choices  # built anew on every read of the property


def _lines(text: str) -> str:
    """As the linebreaksbr filter prints a plain text, without the filter's lazy-text wrappers:
    twenty texts a page cost 0.5 M instructions through them."""
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


def _progress(progress: Progress) -> str:
    if progress.kind == "done":
        return escape(gettext("Developed"))
    if progress.kind == "none":
        return escape(gettext("No target month"))
    months = progress.months
    if progress.kind == "overdue":
        past = ngettext(
            "%(months)s month past the target", "%(months)s months past the target", months
        ) % {"months": months}
        badge = escape(gettext("Overdue"))
        return f'<span class="badge text-bg-danger">{badge}</span> {escape(past)}'
    if months == 0:
        return escape(gettext("The target is this month"))
    left = ngettext("%(months)s month left", "%(months)s months left", months)
    return escape(left % {"months": months})


def _matrix_td(cell: TypeCell | None, edit: str, words: dict[str, str]) -> str:
    if cell is None:
        shown = f'<p class="mb-1">{words["not_planned"]}</p>'
    else:
        shown = (
            f'<p class="mb-1"><strong>{escape(cell.plan.get_status_display())}</strong></p>'
            f'<p class="mb-1">{words["target"]}: {escape(cell.target or "—")}</p>'
            f'<p class="mb-1">{_progress(cell.progress)}</p>'
        )
    return f"<td>{shown}{edit}</td>"


@register.simple_tag
def hub_matrix_trs(rows: list[FunctionRow], year: int, can_edit: bool) -> SafeString:
    """A row per function: the status, target and progress of each type, and the priority."""
    # Translated once, outside the f-strings (xgettext does not look inside them): a gettext
    # costs 22 k instructions, and each cell printed two.
    words = {
        "edit": escape(gettext("Edit")),
        "not_planned": escape(gettext("Not planned")),
        "target": escape(gettext("Target")),
    }
    html = []
    for row in rows:
        label = escape(row.label)
        tds = []
        for type_value, type_label in TYPES:
            edit = ""
            if can_edit:
                url = fast_reverse("hubs:plan-edit", [year, row.value, type_value])
                edit = (
                    f'<a class="btn btn-sm btn-outline-primary" href="{escape(url)}">'
                    f"{words['edit']}"
                    f'<span class="visually-hidden"> {label} {escape(type_label)}</span></a>'
                )
            tds.append(_matrix_td(row.cell(type_value), edit, words))
        priority = "<br>".join(escape(line) for line in row.priority_lines) or "—"
        html.append(f'<tr><th scope="row">{label}</th>{"".join(tds)}<td>{priority}</td></tr>')
    return mark_safe("\n".join(html))  # noqa: S308  # nosec B308 B703


def _texts(pairs: list[tuple[str, str]]) -> str:
    """【type】 and its text for each pair; no heading for a text both types share."""
    return "".join(
        (f'<p class="mb-0">【{escape(label)}】</p>' if label else "") + f"<p>{_lines(text)}</p>"
        for label, text in pairs
    )


@register.filter
def hub_plan_trs(rows: list[FunctionRow]) -> SafeString:
    """A row per function: the council's work, the city's plan and each type's target."""
    html = []
    for row in rows:
        city = f"<p>{_lines(row.city_common)}</p>" if row.city_common else ""
        city += _texts(row.city_plans) if row.city_plans else ("" if city else "—")
        targets = "".join(
            f'<p class="mb-0">【{escape(cell.label)}】</p><p class="mb-1">'
            + escape(cell.target or "—")
            + (
                f"<br>優先順位：{escape(cell.plan.get_priority_display())}"
                if not row.priority and cell.plan.priority
                else ""
            )
            + "</p>"
            for cell in row.cells
        )
        targets = targets or "—"
        if row.priority:
            targets += f'<p class="mb-0">優先順位：{escape(row.priority)}</p>'
        html.append(
            f'<tr><th scope="row">{escape(row.label)}</th>'
            f"<td>{_texts(row.council_work) or '—'}</td><td>{city}</td>"
            f'<td class="text-nowrap">{targets}</td></tr>'
        )
    return mark_safe("\n".join(html))  # noqa: S308  # nosec B308 B703


@register.filter
def hub_history_trs(history: list[HistoryRow]) -> SafeString:
    """A row per function and type: its status in each year shown. A hundred cells hold four
    statuses at most, so each status's cell is made once (0.4 M instructions less)."""
    made: dict[str, str] = {}
    trs = []
    for row in history:
        tds = "".join(made.get(s) or made.setdefault(s, cells([s])) for s in row.statuses)
        trs.append(
            f'<tr><th scope="row">{escape(row.label)} {escape(row.type_label)}</th>{tds}</tr>'
        )
    return mark_safe("\n".join(trs))  # noqa: S308  # nosec B308 B703


@register.filter
def hub_column_ths(labels: list[str]) -> SafeString:
    """<th scope="col"> for each label (the two types, the years of the history): the two
    template loops cost 0.5 M instructions."""
    return mark_safe(  # noqa: S308  # nosec B308 B703
        "".join(f'<th scope="col">{escape(label)}</th>' for label in labels)
    )
