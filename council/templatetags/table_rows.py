"""Leftovers for the apps still converting; the lead deletes this module at merge."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


# Used by hubs until merge (hubs/templatetags/hub_tables.py).
@register.filter
def cells(values: list[object], empty: str = "—") -> SafeString:
    return mark_safe(  # noqa: S308  # nosec B308 B703
        "".join(f"<td>{escape(str(value)) if value else escape(empty)}</td>" for value in values)
    )


# Used by subcommittees until merge (templates/subcommittees/issue_list.html).
@register.filter
def timeline(steps: Iterable[tuple[str, str]]) -> SafeString:
    return mark_safe(  # noqa: S308  # nosec B308 B703
        "".join(f"<li>{escape(year)} {escape(status)}</li>" for year, status in steps)
    )
