"""Attendance in one click: everyone present, then untick the absent; and the counts entered
directly when the names are not known."""

from __future__ import annotations

from django.urls import reverse

from council.models import Attendance, Membership, Person
from tests.conftest import Cast


def members_of_a(cast: Cast) -> set[int]:
    ids = Membership.objects.filter(body=cast.body_a, fiscal_year=cast.year).values("person_id")
    return set(Person.objects.filter(pk__in=ids).values_list("pk", flat=True))


def present(cast: Cast) -> set[int]:
    rows = Attendance.objects.filter(meeting=cast.meeting_a, present=True)
    return set(rows.values_list("person_id", flat=True))


def test_all_present_saves_every_member_of_the_body_as_present(cast: Cast) -> None:
    extra = Person.objects.create(council=cast.council, name="高橋", organization=cast.org)
    Membership.objects.create(person=extra, body=cast.body_a, fiscal_year=cast.year)
    url = reverse("council:meeting-attendance", args=[cast.meeting_a.pk])
    # The button saves everyone, whatever boxes were ticked (no JavaScript needed).
    response = cast.client("member_a").post(
        url, {"all_present": "1", "revision": cast.meeting_a.revision}
    )
    assert response.status_code == 302
    assert present(cast) == members_of_a(cast) and len(present(cast)) >= 2
    # Then the absent are unticked and saved as usual.
    kept = [pk for pk in members_of_a(cast) if pk != extra.pk]
    cast.meeting_a.refresh_from_db()  # the save moved the meeting's revision on
    cast.client("member_a").post(url, {"present": kept, "revision": cast.meeting_a.revision})
    assert present(cast) == set(kept)


def test_the_all_ticked_form_ticks_every_member_without_saving(cast: Cast) -> None:
    url = reverse("council:meeting-attendance", args=[cast.meeting_a.pk])
    page = cast.client("member_a").get(url, {"all": "1"}).content.decode()
    assert page.count("checked") >= len(members_of_a(cast))
    assert not Attendance.objects.filter(meeting=cast.meeting_a).exists()  # a GET never writes
    assert "?all=1" in cast.client("member_a").get(url).content.decode()


def test_counts_of_organisations_and_persons_are_entered_on_the_meeting_form(cast: Cast) -> None:
    url = reverse("council:meeting-edit", args=[cast.meeting_a.pk])
    page = cast.client("member_a").get(url).content.decode()
    assert 'name="organization_count"' in page and 'name="person_count"' in page
