"""A meeting's attendance note, printed weekday, ⇒/※ follow-up lines and 二部構成."""

from __future__ import annotations

import datetime

from django.urls import reverse

from council.models import Meeting, MeetingItem, open_items
from tests.conftest import Cast, make_meeting
from tests.council.test_meetings import meeting_post


def follow_up_post(cast: Cast, **overrides: object) -> dict[str, object]:
    data = meeting_post(
        cast,
        **{
            "items-TOTAL_FORMS": 3,
            "items-0-text": "相談支援事業所の紹介冊子を作成する。",
            "items-0-ORDER": 1,
            "items-1-text": "次回までに原案を作る。",
            "items-1-ORDER": 2,
            "items-1-marker": "⇒",
            "items-1-follows": "on",
            "items-2-text": "冊子は各区役所にも置く。",
            "items-2-ORDER": 3,
            "items-2-marker": "※",
            "items-2-follows": "on",
        },
    )
    data.update(overrides)
    return data


def test_follow_up_lines_sit_under_the_item_above_with_their_marker(cast: Cast) -> None:
    response = cast.client("secretariat").post(
        reverse("council:meeting-create"), follow_up_post(cast)
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(body=cast.body_a, number=3)
    head, arrow, note = meeting.items.order_by("order")
    assert head.parent is None and head.marker == ""
    assert (arrow.parent, arrow.marker, arrow.text) == (head, "⇒", "次回までに原案を作る。")
    assert (note.parent, note.marker) == (head, "※")
    page = cast.client("member_a").get(reverse("council:meeting-detail", args=[meeting.pk]))
    assert "⇒次回までに原案を作る。" in page.content.decode()
    assert "※冊子は各区役所にも置く。" in page.content.decode()


def test_the_first_item_cannot_be_a_follow_up(cast: Cast) -> None:
    data = follow_up_post(cast, **{"items-0-follows": "on"})
    response = cast.client("secretariat").post(reverse("council:meeting-create"), data)
    assert response.status_code == 400
    assert "最初の項目" in response.content.decode()
    assert "次回までに原案を作る。" in response.content.decode()


def test_a_marker_typed_in_the_text_too_is_refused_in_japanese(cast: Cast) -> None:
    data = follow_up_post(cast, **{"items-1-text": "⇒次回までに原案を作る。"})
    response = cast.client("secretariat").post(reverse("council:meeting-create"), data)
    assert response.status_code == 400
    assert "記号" in response.content.decode()


def test_the_follow_up_of_a_closed_item_is_hidden_from_readers(cast: Cast) -> None:
    meeting = make_meeting(cast.body_a, cast.year, 4)
    head = MeetingItem.objects.create(meeting=meeting, order=2, text="非公開の件", is_closed=True)
    MeetingItem.objects.create(meeting=meeting, order=3, text="続きの件", parent=head, marker="⇒")
    page = cast.client("city").get(reverse("council:meeting-detail", args=[meeting.pk]))
    assert "続きの件" not in page.content.decode()


def test_the_weekday_is_printed_as_typed_and_a_mismatch_is_noted_to_editors(cast: Cast) -> None:
    data = meeting_post(cast, weekday_text="（水）", attendance_note="各区役所の担当者も参加")
    data.update(organization_count=19, person_count=22)
    client = cast.client("secretariat")
    response = client.post(reverse("council:meeting-create"), data)
    assert response.status_code == 302  # 令和2年11月30日 is a Monday: saved all the same
    meeting = Meeting.objects.get(body=cast.body_a, number=3)
    assert meeting.weekday_text == "（水）"
    page = client.get(reverse("council:meeting-detail", args=[meeting.pk])).content.decode()
    assert "令和2年11月30日（水）" in page
    assert "19機関 22名参加" in page
    assert "各区役所の担当者も参加" in page
    assert "令和2年11月30日(月)" in page  # the note gives the real weekday
    city = cast.client("city").get(reverse("council:meeting-detail", args=[meeting.pk]))
    assert "令和2年11月30日(月)" not in city.content.decode()


def test_a_weekday_without_brackets_is_bracketed_and_an_agreeing_one_is_not_noted() -> None:
    meeting = Meeting(date=datetime.date(2020, 11, 30), weekday_text="月")
    assert meeting.weekday_label == "(月)"
    assert not meeting.weekday_disagrees
    assert (
        Meeting(date=datetime.date(2020, 11, 30), weekday_text="月曜日").weekday_label == "(月曜日)"
    )
    assert not Meeting(date=datetime.date(2020, 11, 30), weekday_text="月曜日").weekday_disagrees
    assert Meeting(date=datetime.date(2020, 11, 30)).weekday_label == "(月)"


def test_two_bodies_meeting_as_one_session_are_linked_both_ways(cast: Cast) -> None:
    other = make_meeting(cast.body_b, cast.year, 5, date=datetime.date(2020, 11, 30), part=1)
    data = meeting_post(cast, joint_with=other.pk, part=2)
    client = cast.client("secretariat")
    assert client.post(reverse("council:meeting-create"), data).status_code == 302
    meeting = Meeting.objects.get(body=cast.body_a, number=3)
    assert meeting.joint_with == other
    page = client.get(reverse("council:meeting-detail", args=[other.pk])).content.decode()
    assert reverse("council:meeting-detail", args=[meeting.pk]) in page
    assert "第2部" in page
    page = client.get(reverse("council:meeting-detail", args=[meeting.pk])).content.decode()
    assert reverse("council:meeting-detail", args=[other.pk]) in page


def test_a_joint_session_on_another_day_is_refused(cast: Cast) -> None:
    other = make_meeting(cast.body_b, cast.year, 5, date=datetime.date(2020, 11, 29))
    data = meeting_post(cast, joint_with=other.pk, part=2)
    response = cast.client("secretariat").post(reverse("council:meeting-create"), data)
    assert response.status_code == 400
    assert "令和2年11月29日" in str(response.context["form"].errors["joint_with"])


def test_a_part_needs_the_meeting_it_is_held_with(cast: Cast) -> None:
    response = cast.client("secretariat").post(
        reverse("council:meeting-create"), meeting_post(cast, part=1)
    )
    assert response.status_code == 400
    assert "joint_with" in response.context["form"].errors


def test_a_joint_session_is_of_two_bodies(cast: Cast) -> None:
    other = make_meeting(cast.body_a, cast.year, 5, date=datetime.date(2020, 11, 30))
    data = meeting_post(cast, joint_with=other.pk, part=2)
    response = cast.client("secretariat").post(reverse("council:meeting-create"), data)
    assert response.status_code == 400
    assert "別の会議体" in str(response.context["form"].errors["joint_with"])


def test_sheets_and_search_read_follow_ups_with_their_marker_and_never_a_closed_items(
    cast: Cast,
) -> None:
    meeting = make_meeting(cast.body_a, cast.year, 4)
    head = meeting.items.get()
    MeetingItem.objects.create(meeting=meeting, order=2, text="続き", parent=head, marker="⇒")
    closed = MeetingItem.objects.create(meeting=meeting, order=3, text="非公開", is_closed=True)
    MeetingItem.objects.create(meeting=meeting, order=4, text="その続き", parent=closed)
    assert list(open_items([meeting.pk])) == [
        (meeting.pk, "就労部会の検討内容"),
        (meeting.pk, "⇒続き"),
    ]


def test_the_list_and_its_export_print_the_weekday_as_typed(cast: Cast) -> None:
    from tests.test_exports import both

    # 2020-11-30 is a Monday; the source printed （木） and that is what is printed.
    make_meeting(cast.body_a, cast.year, 7, date=datetime.date(2020, 11, 30), weekday_text="（木）")
    client = cast.client("secretariat")
    page = client.get(reverse("council:meeting-list")).content.decode()
    assert "令和2年11月30日（木）" in page and "令和2年11月30日(月)" not in page
    for rows in both(client, "council:meeting-export"):
        dates = [str(row[2]) for row in rows[1:]]
        assert "令和2年11月30日（木）" in dates
