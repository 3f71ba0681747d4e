"""The iCal feed: a calendar app reads each meeting's title, time in Japan and place."""

from __future__ import annotations

import datetime

from django.urls import reverse
from icalendar import Calendar

from tests.conftest import Cast


def feed(cast: Cast, role: str = "secretariat") -> Calendar:
    response = cast.client(role).get(reverse("council:body-calendar", args=[cast.body_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_feed_carries_the_title_time_zone_and_place_of_a_meeting(cast: Cast) -> None:
    meeting = cast.meeting_a
    meeting.title = "就労パスポートについて"
    meeting.place = "長岡市社会福祉センター, 会議室"
    meeting.start_time = datetime.time(14, 0)
    meeting.end_time = datetime.time(15, 30)
    meeting.save()
    calendar = feed(cast)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo"]
    (event,) = [e for e in calendar.walk("VEVENT") if e["UID"].startswith(f"meeting-{meeting.pk}@")]
    assert event["SUMMARY"] == "就労部会 第1回 就労パスポートについて"
    assert event["LOCATION"] == "長岡市社会福祉センター, 会議室"
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute, str(start.tzinfo)) == (14, 0, "Asia/Tokyo")
    assert event.decoded("DTEND") - start == datetime.timedelta(minutes=90)


def test_a_meeting_without_a_time_is_a_whole_day_and_a_cancelled_one_says_so(cast: Cast) -> None:
    cast.meeting_a.cancelled = True
    cast.meeting_a.save()
    events = {e["UID"].split("@")[0]: e for e in feed(cast).walk("VEVENT")}
    event = events[f"meeting-{cast.meeting_a.pk}"]
    assert event.decoded("DTSTART") == cast.meeting_a.date
    assert event["STATUS"] == "CANCELLED"


def test_the_feed_holds_only_the_meetings_the_reader_may_open(cast: Cast) -> None:
    uids = {e["UID"].split("@")[0] for e in feed(cast, "member_b").walk("VEVENT")}
    assert f"meeting-{cast.closed_meeting_a.pk}" not in uids
    assert f"meeting-{cast.meeting_a.pk}" in uids
