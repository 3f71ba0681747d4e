"""{{ row.cells|schedule_cells }}: one body's twelve month cells in the schedule grid.

Rendered here rather than with loops in the template: a year's grid has 240 cells, and a
template loop per cell (most of them empty) was most of the page's time.
"""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from council.schedule import ScheduleEntry
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
