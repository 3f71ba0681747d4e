"""The rows of the longer tables and lists (meetings, persons, organisations, the dashboard's
meetings and bodies) as plain values; templatetags/table_rows.py prints the long ones.

A list page shows 50 or 100 rows. As model instances, each row made the template resolve a
dozen lookups (properties, filters, a URL tag), and building the instances cost as much again.
The rows are read with values_list() and formatted here once; the templates only print them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypedDict

from django.db.models import F, QuerySet
from django.utils import timezone

from council.models import (
    MEETING_STATUS_LABELS,
    BodyYear,
    Meeting,
    Membership,
    Organization,
    Person,
    body_display_name,
    meeting_number_label,
    meeting_status,
)
from council.templatetags.urls import id_url
from council.templatetags.wareki import clock, wareki, wareki_weekday

MEETING_FIELDS = (
    "pk",
    "number",
    "date",
    "start_time",
    "mode",
    "place",
    "cancelled",
    "is_public",
    "body__name",
    "body__short_name",
)


class MeetingRow(TypedDict):
    url: str
    number: str
    body: str
    when: str
    place: str
    status: str
    closed: bool


def meeting_values(meetings: QuerySet[Meeting]) -> QuerySet[Any]:
    """What a row needs, as tuples (paginate this, then pass the page to `meeting_rows`)."""
    return meetings.values_list(*MEETING_FIELDS)


def meeting_rows(values: Iterable[tuple[Any, ...]]) -> list[MeetingRow]:
    today = timezone.localdate()
    labels = {key: str(label) for key, label in MEETING_STATUS_LABELS.items()}
    link = id_url("council:meeting-detail")
    rows = []
    for pk, number, date, start, mode, place, cancelled, public, name, short in values:
        written = mode == Meeting.Mode.WRITTEN
        when = wareki_weekday(date) + (f" {clock(start)}" if start is not None else "")
        status = meeting_status(cancelled=cancelled, date=date, mode=mode, today=today)
        rows.append(
            MeetingRow(
                url=link(pk),
                number=meeting_number_label(number),
                body=body_display_name(name, short),
                when=when,
                place="—" if written or not place else place,
                status=labels[status],
                closed=not public,
            )
        )
    return rows


class PersonRow(TypedDict):
    url: str
    name: str
    organization: str
    post: str
    is_council_member: bool


def person_values(persons: QuerySet[Person]) -> QuerySet[Any]:
    return persons.values_list("pk", "name", F("organization__name"), "post", "is_council_member")


def person_rows(values: Iterable[tuple[Any, ...]]) -> list[PersonRow]:
    link = id_url("council:person-detail")
    return [
        PersonRow(
            url=link(pk),
            name=name,
            organization=organization or "—",
            post=post or "—",
            is_council_member=member,
        )
        for pk, name, organization, post, member in values
    ]


class AgendaRow(TypedDict):
    """A meeting on the dashboard: its link text and what it waits for."""

    url: str
    label: str  # 就労 第3回
    date: str  # 令和2年8月6日
    weekday: str  # 令和2年8月6日(木)
    is_written: bool
    minutes_status: str


def agenda_values(meetings: QuerySet[Meeting]) -> QuerySet[Any]:
    return meetings.values_list(
        "pk", "number", "date", "mode", "minutes_status", "body__name", "body__short_name"
    )


def agenda_rows(values: Iterable[tuple[Any, ...]]) -> list[AgendaRow]:
    link = id_url("council:meeting-detail")
    return [
        AgendaRow(
            url=link(pk),
            label=f"{body_display_name(name, short)} {meeting_number_label(number)}",
            date=wareki(date),
            weekday=wareki_weekday(date),
            is_written=mode == Meeting.Mode.WRITTEN,
            minutes_status=minutes_status,
        )
        for pk, number, date, mode, minutes_status, name, short in values
    ]


class BodyCard(TypedDict):
    url: str  # the body's page in that year
    name: str
    status: str  # 休止 or 終了; empty while active


def body_card_values(body_years: QuerySet[BodyYear]) -> QuerySet[Any]:
    return body_years.order_by("body__order", "body__name").values_list(
        "body_id", "body__name", "status"
    )


def body_cards(rows: Iterable[tuple[Any, ...]], year: int) -> list[BodyCard]:
    link = id_url("council:body-detail")
    labels = {value: str(label) for value, label in BodyYear.Status.choices}
    return [
        BodyCard(
            url=f"{link(body_id)}?year={year}",
            name=name,
            status="" if status == BodyYear.Status.ACTIVE else labels.get(status, status),
        )
        for body_id, name, status in rows
    ]


class OrganizationRow(TypedDict):
    url: str
    name: str
    category: str
    layer: str  # 相談支援の層; "—" when it has none


def organization_values(organizations: QuerySet[Organization]) -> QuerySet[Any]:
    return organizations.values_list("pk", "name", "category", "consultation_layer")


def organization_rows(values: Iterable[tuple[Any, ...]]) -> list[OrganizationRow]:
    link = id_url("council:organization-detail")
    categories = {value: str(label) for value, label in Organization.Category.choices}
    layers = {value: str(label) for value, label in Organization.Layer.choices}
    return [
        OrganizationRow(
            url=link(pk),
            name=name,
            category=categories.get(category, category),
            layer=layers.get(layer, layer) or "—",
        )
        for pk, name, category, layer in values
    ]


class MemberRow(TypedDict):
    pk: int
    person_id: int
    name: str
    role: str
    is_secretariat: bool
    is_substitute: bool


def member_values(memberships: QuerySet[Membership]) -> QuerySet[Any]:
    """What the roster prints, in its order (pass the rows to `member_groups`)."""
    return memberships.order_by("order", "id").values_list(
        "pk", "person_id", "person__name", "person__organization__name", "role", "is_substitute"
    )


def member_groups(
    rows: Iterable[tuple[Any, ...]], no_organization: str
) -> list[tuple[str, list[MemberRow]]]:
    """A body's members of one year in the roster's order, grouped by organisation (a group
    where its first member comes), as plain values: the body page prints only these."""
    labels = {value: str(label) for value, label in Membership.Role.choices}
    groups: dict[str, list[MemberRow]] = {}
    for pk, person_id, name, organization, role, is_substitute in rows:
        groups.setdefault(organization or no_organization, []).append(
            MemberRow(
                pk=pk,
                person_id=person_id,
                name=name,
                role=labels[role],
                is_secretariat=role == Membership.Role.SECRETARIAT,
                is_substitute=is_substitute,
            )
        )
    return list(groups.items())
