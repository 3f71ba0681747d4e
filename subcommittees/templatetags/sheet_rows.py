"""The sheets' longer parts printed in Python: the status report's meeting rows (date and public
bullets) and the review sheet's comments. Their template loops were the largest part of each
page. Every value is escaped; the markup is the loops' (tests/subcommittees/test_sheet_rows.py,
test_review_comments.py)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from council.templatetags.urls import fast_reverse, id_url
from council.templatetags.wareki import wareki

if TYPE_CHECKING:
    from council.models import Meeting
    from subcommittees.documents import Comment

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


@register.simple_tag
def comment_items(
    comments: list[Comment],
    body_id: int,
    year: int,
    can_edit_any: bool,
    own_person: int | None,
) -> SafeString:
    """A comment per <li>, with a link to edit it where the user may."""
    if not comments:
        # Translated outside the f-string: xgettext (makemessages) does not look inside them.
        none_yet = escape(gettext("No comments yet."))
        return mark_safe(f"<li>{none_yet}</li>")  # noqa: S308  # nosec B308 B703
    edit = escape(gettext("Edit"))
    html = []
    for comment in comments:
        name = escape(comment.person.name)
        link = ""
        if can_edit_any or comment.person_id == own_person:
            url = fast_reverse("subcommittees:comment-edit", [body_id, year, comment.person_id])
            link = f'<a href="{escape(url)}">{edit}<span class="visually-hidden"> {name}</span></a>'
        text = linebreaksbr(comment.text, autoescape=True)
        html.append(f'<li>{text} <span class="small">（{name}）</span>\n{link}</li>')
    return mark_safe("\n".join(html))  # noqa: S308  # nosec B308 B703
