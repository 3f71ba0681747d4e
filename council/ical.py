"""iCalendar (RFC 5545) feed of a body's meetings, written by hand: it is twenty lines."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from council.models import Body, Meeting


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > 74:
            out.append(current.decode())
            current = b" "
        current += encoded
    out.append(current.decode())
    return "\r\n".join(out)


def body_calendar(body: Body, meetings: Iterable[Meeting], *, host: str) -> str:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kyogikai//council calendar//JA",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(body.name)}",
        "X-WR-TIMEZONE:Asia/Tokyo",
    ]
    for meeting in meetings:
        lines += ["BEGIN:VEVENT", f"UID:meeting-{meeting.pk}@{host}", f"DTSTAMP:{stamp}"]
        if meeting.start_time:
            start = datetime.datetime.combine(meeting.date, meeting.start_time)
            end_time = meeting.end_time or (start + datetime.timedelta(hours=2)).time()
            end = datetime.datetime.combine(meeting.date, end_time)
            lines += [
                f"DTSTART;TZID=Asia/Tokyo:{start:%Y%m%dT%H%M%S}",
                f"DTEND;TZID=Asia/Tokyo:{end:%Y%m%dT%H%M%S}",
            ]
        else:
            next_day = meeting.date + datetime.timedelta(days=1)
            lines += [
                f"DTSTART;VALUE=DATE:{meeting.date:%Y%m%d}",
                f"DTEND;VALUE=DATE:{next_day:%Y%m%d}",
            ]
        summary = f"{body.name} {meeting.number_label}"
        if meeting.is_written:
            summary += "（書面開催）"
        lines.append(f"SUMMARY:{_escape(summary)}")
        if meeting.place:
            lines.append(f"LOCATION:{_escape(meeting.place)}")
        if meeting.cancelled:
            lines.append("STATUS:CANCELLED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
