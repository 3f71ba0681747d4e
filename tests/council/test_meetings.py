from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from council import forms, workflow
from council.models import Attendance, Meeting, MeetingItem, Person
from council.services import meeting_minutes_transition
from tests.conftest import Cast


def meeting_post(cast: Cast, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "body": cast.body_a.pk,
        "number": 3,
        "title": "",
        "date": "令和2年11月30日",
        "mode": "venue",
        "place": "長岡市役所",
        "is_public": "on",
        "observers": 0,
        "revision": 0,
        "items-TOTAL_FORMS": 2,
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 100,
        "items-0-text": "市内の就労定着支援事業所と意見交換を実施した。",
        "items-0-ORDER": 2,
        "items-1-text": "現状と課題を確認した。",
        "items-1-ORDER": 1,
    }
    data.update(overrides)
    return data


def test_member_records_a_meeting_of_their_body_typed_in_wareki(cast: Cast) -> None:
    response = cast.client("member_a").post(reverse("council:meeting-create"), meeting_post(cast))
    assert response.status_code == 302
    meeting = Meeting.objects.get(body=cast.body_a, number=3)
    assert meeting.date == datetime.date(2020, 11, 30)
    assert meeting.fiscal_year == cast.year
    assert list(meeting.items.values_list("text", flat=True)) == [
        "現状と課題を確認した。",
        "市内の就労定着支援事業所と意見交換を実施した。",
    ]


def test_member_cannot_record_a_meeting_of_another_subcommittee(cast: Cast) -> None:
    data = meeting_post(cast, body=cast.body_b.pk)
    response = cast.client("member_a").post(reverse("council:meeting-create"), data)
    assert response.status_code == 400
    assert not Meeting.objects.filter(body=cast.body_b, number=3).exists()


def test_an_impossible_wareki_date_is_refused_in_japanese_and_the_input_is_kept(
    cast: Cast,
) -> None:
    data = meeting_post(cast, date="令和元年3月13日")
    response = cast.client("secretariat").post(reverse("council:meeting-create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "存在しない" in page
    assert 'value="令和元年3月13日"' in page
    assert "市内の就労定着支援事業所と意見交換を実施した。" in page
    assert not Meeting.objects.filter(number=3).exists()


def test_a_duplicate_meeting_number_gets_a_clear_error(cast: Cast) -> None:
    data = meeting_post(cast, number=1)
    response = cast.client("secretariat").post(reverse("council:meeting-create"), data)
    assert response.status_code == 400
    assert "令和2年度" in response.context["form"].errors["number"][0]


def test_a_date_in_a_year_not_yet_opened_is_refused(cast: Cast) -> None:
    data = meeting_post(cast, date="2030-05-01")
    response = cast.client("secretariat").post(reverse("council:meeting-create"), data)
    assert response.status_code == 400
    assert "date" in response.context["form"].errors


def test_the_second_of_two_concurrent_edits_is_refused_and_keeps_its_text(cast: Cast) -> None:
    url = reverse("council:meeting-edit", args=[cast.meeting_a.pk])
    initial = {
        "items-TOTAL_FORMS": 0,
        "items-INITIAL_FORMS": 0,
        "date": "2020-08-01",
        "number": 1,
        "body": cast.body_a.pk,
        "mode": "venue",
        "observers": 0,
        "revision": 0,
    }
    first = cast.client("secretariat").post(url, {**initial, "place": "先に保存した会場"})
    assert first.status_code == 302
    second = cast.client("member_a").post(url, {**initial, "place": "後から保存した会場"})
    assert second.status_code == 400
    assert "後から保存した会場" in second.content.decode()
    cast.meeting_a.refresh_from_db()
    assert cast.meeting_a.place == "先に保存した会場"
    assert cast.meeting_a.revision == 1


def test_closed_items_are_hidden_from_members_of_other_bodies(cast: Cast) -> None:
    MeetingItem.objects.create(
        meeting=cast.meeting_a, order=2, text="非公開の個別事例", is_closed=True
    )
    url = reverse("council:meeting-detail", args=[cast.meeting_a.pk])
    assert "非公開の個別事例" in cast.client("member_a").get(url).content.decode()
    assert "非公開の個別事例" in cast.client("auditor").get(url).content.decode()
    assert "非公開の個別事例" not in cast.client("member_b").get(url).content.decode()
    assert "非公開の個別事例" not in cast.client("city").get(url).content.decode()


def detail(meeting: Meeting) -> str:
    return reverse("council:meeting-detail", args=[meeting.pk])


def test_keyword_search_does_not_find_meetings_by_their_closed_items(cast: Cast) -> None:
    MeetingItem.objects.create(meeting=cast.meeting_a, order=2, text="秘匿語", is_closed=True)
    response = cast.client("city").get(reverse("council:meeting-list"), {"q": "秘匿語"})
    assert list(response.context["page"].object_list) == []


def test_keyword_search_finds_a_meeting_once_by_its_public_bullets_or_place(cast: Cast) -> None:
    MeetingItem.objects.create(meeting=cast.meeting_a, order=2, text="工賃向上の検討")
    MeetingItem.objects.create(meeting=cast.meeting_a, order=3, text="工賃の実態調査")
    client = cast.client("secretariat")
    url = reverse("council:meeting-list")
    link = reverse("council:meeting-detail", args=[cast.meeting_a.pk])
    found = client.get(url, {"q": "工賃"}).context["page"].object_list
    assert [detail(m) for m in found] == [link]
    cast.meeting_a.place = "さいわいプラザ"
    cast.meeting_a.save()
    found = client.get(url, {"q": "さいわい"}).context["page"].object_list
    assert [detail(m) for m in found] == [link]


def test_keyword_search_ignores_case_for_latin_letters_and_matches_japanese_exactly(
    cast: Cast,
) -> None:
    cast.meeting_a.place = "NPO法人さいわい会議室"
    cast.meeting_a.save()
    MeetingItem.objects.create(meeting=cast.meeting_b, order=2, text="Jobコーチの報告")
    client = cast.client("secretariat")
    url = reverse("council:meeting-list")

    def found(term: str) -> list[str]:
        return [detail(m) for m in client.get(url, {"q": term}).context["page"].object_list]

    link_a = reverse("council:meeting-detail", args=[cast.meeting_a.pk])
    link_b = reverse("council:meeting-detail", args=[cast.meeting_b.pk])
    assert found("npo") == found("NPO") == found("npo法人") == [link_a]
    assert found("JOB") == found("jobコーチ") == [link_b]
    assert found("さいわい") == [link_a]
    assert found("さいはい") == []


def test_attendance_records_who_came(cast: Cast) -> None:
    url = reverse("council:meeting-attendance", args=[cast.meeting_a.pk])
    response = cast.client("member_a").post(url, {"present": [cast.person_a.pk], "revision": 0})
    assert response.status_code == 302
    assert Attendance.objects.get(meeting=cast.meeting_a, person=cast.person_a).present
    cast.client("member_a").post(url, {"revision": 1})
    assert not Attendance.objects.get(meeting=cast.meeting_a, person=cast.person_a).present


def test_the_second_of_two_attendance_saves_from_one_page_is_refused_and_kept(cast: Cast) -> None:
    url = reverse("council:meeting-attendance", args=[cast.meeting_a.pk])
    person_ab = Person.objects.get(name="渡辺")
    first = cast.client("member_a").post(url, {"present": [cast.person_a.pk], "revision": 0})
    assert first.status_code == 302
    second = cast.client("secretariat").post(url, {"present": [person_ab.pk], "revision": 0})
    assert second.status_code == 400
    assert "ほかの方がこの記録を先に保存しました" in second.content.decode()
    assert second.context["form"]["present"].value() == [str(person_ab.pk)]  # the ticks kept
    present = Attendance.objects.filter(meeting=cast.meeting_a, present=True)
    assert list(present.values_list("person_id", flat=True)) == [cast.person_a.pk]


def test_the_meeting_page_lists_who_came_with_their_organisation_and_who_did_not(
    cast: Cast,
) -> None:
    Attendance.objects.create(meeting=cast.meeting_a, person=cast.person_a, present=True)
    Attendance.objects.create(meeting=cast.meeting_a, person=cast.person_b, present=False)
    url = reverse("council:meeting-detail", args=[cast.meeting_a.pk])
    page = cast.client("secretariat").get(url).content.decode()
    organization = cast.person_a.organization.name
    assert (
        f'<ul class="attendance-list"><li>{cast.person_a.name}（{organization}）</li></ul>' in page
    )
    assert f"<ul><li>{cast.person_b.name}</li></ul>" in page.split("attendance-list")[1]


@pytest.mark.parametrize(
    ("start", "action", "end"),
    [
        ("draft", "confirm", "confirmed"),
        ("confirmed", "publish", "published"),
        ("confirmed", "reopen", "draft"),
        ("published", "reopen", "draft"),
    ],
)
def test_allowed_minutes_transitions_move(cast: Cast, start: str, action: str, end: str) -> None:
    Meeting.objects.filter(pk=cast.meeting_a.pk).update(minutes_status=start)
    meeting_minutes_transition(meeting=cast.meeting_a, action=action, by=cast.users["secretariat"])
    cast.meeting_a.refresh_from_db()
    assert cast.meeting_a.minutes_status == end


DISALLOWED = [
    (state, action)
    for state in ("draft", "confirmed", "published")
    for action in workflow.MINUTES
    if state not in workflow.MINUTES[action][0]
]


@pytest.mark.parametrize(("start", "action"), DISALLOWED)
def test_disallowed_minutes_transitions_raise_and_leave_the_row(
    cast: Cast, start: str, action: str
) -> None:
    Meeting.objects.filter(pk=cast.meeting_a.pk).update(minutes_status=start)
    with pytest.raises(workflow.InvalidTransition):
        meeting_minutes_transition(
            meeting=cast.meeting_a, action=action, by=cast.users["secretariat"]
        )
    cast.meeting_a.refresh_from_db()
    assert cast.meeting_a.minutes_status == start


def test_draft_minutes_are_not_shown_to_city_staff(cast: Cast) -> None:
    Meeting.objects.filter(pk=cast.meeting_a.pk).update(minutes="議事録本文の草稿")
    url = reverse("council:meeting-detail", args=[cast.meeting_a.pk])
    assert "議事録本文の草稿" not in cast.client("city").get(url).content.decode()
    Meeting.objects.filter(pk=cast.meeting_a.pk).update(minutes_status="published")
    assert "議事録本文の草稿" in cast.client("city").get(url).content.decode()


def test_history_shows_who_changed_what(cast: Cast) -> None:
    url = reverse("council:meeting-edit", args=[cast.meeting_a.pk])
    cast.client("secretariat").post(
        url,
        {
            "items-TOTAL_FORMS": 0,
            "items-INITIAL_FORMS": 0,
            "date": "2020-08-01",
            "number": 1,
            "body": cast.body_a.pk,
            "mode": "venue",
            "observers": 0,
            "revision": 0,
            "place": "アオーレ長岡",
        },
    )
    page = cast.client("auditor").get(
        reverse("council:history", args=["meeting", cast.meeting_a.pk])
    )
    text = page.content.decode()
    assert "氏名未登録のアカウント" in text  # the secretariat has no person and no full name
    assert ">secretariat<" not in text  # never the login name
    assert "アオーレ長岡" in text


def test_keyword_search_follows_edits_of_the_meeting_and_its_bullets(cast: Cast) -> None:
    client = cast.client("secretariat")
    url = reverse("council:meeting-list")

    def found(term: str) -> list[str]:
        return [detail(m) for m in client.get(url, {"q": term}).context["page"].object_list]

    response = client.post(reverse("council:meeting-create"), meeting_post(cast))
    assert response.status_code == 302
    meeting = Meeting.objects.get(body=cast.body_a, number=3)
    link = reverse("council:meeting-detail", args=[meeting.pk])
    assert found("就労定着") == [link]
    assert found("長岡市役所") == [link]
    item = meeting.items.get(text__startswith="市内")
    item.text = "工賃の実態調査"
    item.save()
    assert found("就労定着") == []
    assert found("工賃") == [link]
    item.is_closed = True
    item.save()
    assert found("工賃") == []
    meeting.items.all().delete()
    assert found("現状と課題") == []
    assert found("長岡市役所") == [link]


def test_keyword_search_does_not_match_across_the_title_and_the_place(cast: Cast) -> None:
    cast.meeting_a.title = "定例会"
    cast.meeting_a.place = "議室A"
    cast.meeting_a.save()
    client = cast.client("secretariat")
    url = reverse("council:meeting-list")
    assert client.get(url, {"q": "例会"}).context["page"].paginator.count == 1
    assert client.get(url, {"q": "会議室"}).context["page"].paginator.count == 0


def test_the_migration_writes_the_search_text_of_existing_meetings(cast: Cast) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("council.migrations.0006_meeting_search_text")
    MeetingItem.objects.create(meeting=cast.meeting_a, order=5, text="工賃向上")
    MeetingItem.objects.create(meeting=cast.meeting_a, order=6, text="秘匿語", is_closed=True)
    expected = dict(Meeting.objects.values_list("pk", "search_text"))
    Meeting.objects.update(search_text="")
    migration.fill_search_text(apps, None)
    assert dict(Meeting.objects.values_list("pk", "search_text")) == expected
    assert "工賃向上" in expected[cast.meeting_a.pk]
    assert "秘匿語" not in expected[cast.meeting_a.pk]


def test_saving_other_fields_of_a_meeting_leaves_its_search_text_unread(cast: Cast) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        cast.meeting_a.save(update_fields=["minutes_status"])
    assert not any("council_meetingitem" in q["sql"] for q in queries.captured_queries)
    cast.meeting_a.place = "新しい会場"
    cast.meeting_a.save(update_fields=["place"])
    cast.meeting_a.refresh_from_db()
    assert "新しい会場" in cast.meeting_a.search_text


def test_two_meetings_created_with_one_number_at_one_moment_refuse_the_second(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another secretary's 第3回 is stored after this form was checked and before it is saved
    (simulated: while its bullets are checked, after the meeting's own fields)."""
    check = forms.MeetingItemFormSet.is_valid

    def other_saves_meanwhile(items: Any) -> bool:
        if not Meeting.objects.filter(body=cast.body_a, number=3).exists():
            Meeting.objects.create(
                body=cast.body_a, fiscal_year=cast.year, number=3, date=datetime.date(2020, 12, 1)
            )
        return check(items)

    monkeypatch.setattr(forms.MeetingItemFormSet, "is_valid", other_saves_meanwhile)
    response = cast.client("member_a").post(
        reverse("council:meeting-create"), meeting_post(cast, title="部会後の勉強会")
    )
    assert response.status_code == 400  # the form again, as every refused form, not a 500
    page = response.content.decode()
    assert "令和2年度の第3回はこの会議体に既に登録されています。" in page
    assert "部会後の勉強会" in page and "市内の就労定着支援事業所と意見交換を実施した。" in page
    assert Meeting.objects.filter(body=cast.body_a, number=3).count() == 1
    assert not Meeting.objects.filter(title="部会後の勉強会").exists()
