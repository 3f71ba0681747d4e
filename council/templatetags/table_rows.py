"""The <tr> rows of the long tables, from the plain rows of council/tables.py, and the <td>
cells of the grids (a row of values).

Rendered here rather than with a template loop: Django's template language spent about 220,000
instructions on each row of the meeting table (ten nodes, each resolved and escaped), which was
the largest part of the meeting list (11 M of 38 M per request). Every value is escaped.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from council.tables import MeetingRow, MemberRow, OrganizationRow, PersonRow
from council.templatetags.urls import id_url

if TYPE_CHECKING:
    from collections.abc import Iterable

    from council.models import FiscalYear

register = template.Library()


@register.filter
def meeting_trs(rows: list[MeetingRow], show_body: bool) -> SafeString:
    closed = escape(gettext("Closed"))
    closed = f' <span class="badge text-bg-dark">{closed}</span>'
    html = []
    for row in rows:
        body = escape(row["body"])
        html.append(
            "<tr>"
            + (f"<td>{body}</td>" if show_body else "")
            + f'<td><a href="{escape(row["url"])}">{escape(row["number"])}'
            + (f'<span class="visually-hidden"> {body}</span>' if show_body else "")
            + f"</a></td><td>{escape(row['when'])}</td><td>{escape(row['place'])}</td>"
            + f"<td>{escape(row['status'])}{closed if row['closed'] else ''}</td></tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308  # nosec B308 B703


@register.filter
def person_trs(rows: list[PersonRow]) -> SafeString:
    yes = escape(gettext("Yes"))
    return mark_safe(  # noqa: S308  # nosec B308 B703
        "\n".join(
            f'<tr><td><a href="{escape(row["url"])}">{escape(row["name"])}</a></td>'
            f"<td>{escape(row['organization'])}</td><td>{escape(row['post'])}</td>"
            f"<td>{yes if row['is_council_member'] else '—'}</td></tr>"
            for row in rows
        )
    )


@register.filter
def organization_trs(rows: list[OrganizationRow]) -> SafeString:
    return mark_safe(  # noqa: S308  # nosec B308 B703
        "\n".join(
            f'<tr><td><a href="{escape(row["url"])}">{escape(row["name"])}</a></td>'
            f"<td>{escape(row['category'])}</td><td>{escape(row['layer'])}</td></tr>"
            for row in rows
        )
    )


@register.filter
def cells(values: list[object], empty: str = "—") -> SafeString:
    """<td>value</td> for each value, `empty` for a blank one: a grid of ten years × ten rows
    through a template loop cost more than the rest of its page."""
    return mark_safe(  # noqa: S308  # nosec B308 B703
        "".join(f"<td>{escape(str(value)) if value else escape(empty)}</td>" for value in values)
    )


@register.filter
def year_options(years: Iterable[FiscalYear], chosen: FiscalYear) -> SafeString:
    """The year switch's <option>s, newest first, the shown year selected: four of the
    heaviest pages carry the switch, and ten years through a template loop cost 0.2 ms."""
    return mark_safe(  # noqa: S308  # nosec B308 B703
        "".join(
            f'<option value="{year.year}"{" selected" if year.pk == chosen.pk else ""}>'
            f"{escape(year.label)}</option>"
            for year in years
        )
    )


@register.filter
def member_trs(groups: Iterable[tuple[str, list[MemberRow]]], can_edit: bool) -> SafeString:
    """A body's members grouped by organisation (the first row of a group names it), with the
    edit and remove links when the user may change them."""
    person_url = id_url("council:person-detail")
    edit_url, remove_url = id_url("council:membership-edit"), id_url("council:membership-delete")
    # Translated outside the f-strings: xgettext (makemessages) does not look inside them.
    secretariat, substitute = escape(gettext("Secretariat")), escape(gettext("(substitute)"))
    secretariat = f'<span class="badge text-bg-info">{secretariat}</span>'
    substitute = f" {substitute}"
    edit, remove = escape(gettext("Edit")), escape(gettext("Remove"))
    html = []
    for org, members in groups:
        for index, member in enumerate(members):
            name = escape(member["name"])
            role = secretariat if member["is_secretariat"] else escape(member["role"])
            html.append(
                "<tr>"
                + (
                    f'<th scope="rowgroup" rowspan="{len(members)}">{escape(str(org))}</th>'
                    if index == 0
                    else ""
                )
                + f'<td><a href="{person_url(member["person_id"])}">{name}</a></td>'
                + f"<td>{role}{substitute if member['is_substitute'] else ''}</td>"
                + (
                    f'<td><a href="{edit_url(member["pk"])}">{edit}'
                    f'<span class="visually-hidden"> {name}</span></a> · '
                    f'<a href="{remove_url(member["pk"])}">{remove}'
                    f'<span class="visually-hidden"> {name}</span></a></td>'
                    if can_edit
                    else ""
                )
                + "</tr>"
            )
    return mark_safe("\n".join(html))  # noqa: S308  # nosec B308 B703


@register.filter
def timeline(steps: Iterable[tuple[str, str]]) -> SafeString:
    """<li>令和2年度 抽出</li>… for a regional issue's (fiscal year, status) steps: the issue
    list prints every issue's whole history."""
    return mark_safe(  # noqa: S308  # nosec B308 B703
        "".join(f"<li>{escape(year)} {escape(status)}</li>" for year, status in steps)
    )
