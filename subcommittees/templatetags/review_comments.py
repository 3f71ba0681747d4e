"""The members' comments of a review sheet as <li> items, rendered in Python: the template
loop (text, name, an edit link each) was the largest part of the review sheet's page. Every
value is escaped; the markup is the loop's (tests/subcommittees/test_review_comments.py)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from council.templatetags.urls import fast_reverse

if TYPE_CHECKING:
    from subcommittees.models import ReviewComment

register = template.Library()


@register.simple_tag
def comment_items(
    comments: list[ReviewComment],
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
