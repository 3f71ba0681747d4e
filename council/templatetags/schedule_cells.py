"""{{ rows|schedule_trs:fiscal_year.year }}: the schedule grid's rows, a body and its twelve
month cells each.

Rendered here rather than with loops in the template: a year's grid has 240 cells, and a
template loop per cell (most of them empty) was most of the page's time; the loop over the
twenty bodies was then 10 % of it.
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from council.schedule import ScheduleEntry, ScheduleRow
from council.templatetags.urls import id_url
from council.wareki import format_month_day

register = template.Library()


@register.filter
def schedule_cells(cells: list[list[ScheduleEntry]]) -> SafeString:
    # Outside the f-string: xgettext (makemessages) does not look inside f-strings.
    label = gettext("written meeting")
    written = f'<span class="d-block small">（{escape(label)}）</span>'
    html = []
    for entries in cells:
        html.append("<td>")
        for entry in entries:
            day = escape(format_month_day(entry["date"]))
            html.append(f'<a class="d-block" href="{escape(entry["url"])}">{day}</a>')
            if entry["is_written"]:
                html.append(written)
        html.append("</td>")
    # Every piece of text above is escaped.
    return mark_safe("".join(html))  # noqa: S308  # nosec B308 B703


@register.filter
def schedule_trs(rows: list[ScheduleRow], year: int) -> SafeString:
    """A <tr> per body: its name linking to its page for the year, then its month cells, or
    one cell across the year for a paused body."""
    body_url = id_url("council:body-detail")
    paused = escape(gettext("Paused"))  # outside the f-string, where xgettext looks
    paused = f'<td colspan="12" class="paused">{paused}</td>'
    html = []
    for row in rows:
        link = escape(f"{body_url(row.body.pk)}?year={year}")
        cells = paused if row.is_paused else schedule_cells(row.cells)
        html.append(
            f'<tr><th scope="row"><a href="{link}">{escape(row.body.name)}</a></th>{cells}</tr>'
        )
    # The name and the link are escaped here, the cells in schedule_cells.
    return mark_safe("\n".join(html))  # noqa: S308  # nosec B308 B703
