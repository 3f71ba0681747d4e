"""The status report's meeting rows (date and public bullets) printed in Python: the template
loop over the year's meetings and their bullets was the largest part of the report's page.
Every value is escaped; the markup is the loop's (tests/subcommittees/test_sheet_rows.py)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from council.templatetags.urls import id_url
from council.templatetags.wareki import wareki

if TYPE_CHECKING:
    from council.models import Meeting

register = template.Library()


@register.filter
def report_meeting_trs(meetings: list[Meeting]) -> SafeString:
    """A row per held meeting (held_meetings): its number and date, then its bullets."""
    if not meetings:
        none_held = escape(gettext("No meetings held yet."))  # outside the f-string (xgettext)
        return mark_safe(f'<tr><td colspan="2">{none_held}</td></tr>')  # noqa: S308  # nosec B308 B703
    link = id_url("council:meeting-detail")
    html = []
    for meeting in meetings:
        bullets = "".join(
            f"<li>{linebreaksbr(text, autoescape=True)}</li>" for text in meeting.shown
        )
        number = escape(meeting.number_label)
        html.append(
            f'<tr><th scope="row"><a href="{link(meeting.pk)}">【{number}】</a>'
            f" {escape(wareki(meeting.date))}</th>\n"
            f'<td><ul class="mb-0">{bullets}</ul></td></tr>'
        )
    return mark_safe("\n".join(html))  # noqa: S308  # nosec B308 B703
