"""The rows of a meeting table (meeting list, search, body page) as plain values.

Up to 50 meetings a page: as model instances, each row made the template resolve a dozen
lookups (properties, filters, a URL tag), and building the instances cost as much again. The
rows are read with values_list() and formatted here once; the template only prints them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypedDict

from django.db.models import QuerySet
from django.utils import timezone

from council.models import MEETING_STATUS_LABELS, Meeting, meeting_number_label, meeting_status
from council.templatetags.urls import id_url
from council.templatetags.wareki import clock, wareki_weekday

FIELDS = (
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


def table_values(meetings: QuerySet[Meeting]) -> QuerySet[Any]:
    """What a row needs, as tuples (paginate this, then pass the page to `table_rows`)."""
    return meetings.values_list(*FIELDS)


def table_rows(values: Iterable[tuple[Any, ...]]) -> list[MeetingRow]:
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
                body=short or name,
                when=when,
                place="—" if written or not place else place,
                status=labels[status],
                closed=not public,
            )
        )
    return rows
