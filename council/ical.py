"""A body's meetings as an iCalendar (RFC 5545) feed, written with the icalendar package."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event

from council.models import Body, Meeting

TOKYO = ZoneInfo("Asia/Tokyo")
DEFAULT_LENGTH = datetime.timedelta(hours=2)


def meeting_summary(body: Body, meeting: Meeting) -> str:
    summary = f"{body.name} {meeting.number_label}"
    if meeting.title:
        summary += f" {meeting.title}"
    if meeting.is_written:
        summary += "（書面開催）"
    return summary


def meeting_event(body: Body, meeting: Meeting, *, host: str, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", stamp)
    if meeting.start_time:
        start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=TOKYO)
        end = (
            datetime.datetime.combine(meeting.date, meeting.end_time, tzinfo=TOKYO)
            if meeting.end_time
            else start + DEFAULT_LENGTH
        )
        event.add("dtstart", start)
        event.add("dtend", end)
    else:  # a whole-day event: the date is all the council fixed
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    event.add("summary", meeting_summary(body, meeting))
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.cancelled:
        event.add("status", "CANCELLED")
    return event


def body_calendar(body: Body, meetings: Iterable[Meeting], *, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//kyogikai//council calendar//JA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", body.name)
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    stamp = timezone.now()
    for meeting in meetings:
        calendar.add_component(meeting_event(body, meeting, host=host, stamp=stamp))
    calendar.add_missing_timezones()  # VTIMEZONE for Asia/Tokyo, so every client agrees
    return calendar.to_ical()
