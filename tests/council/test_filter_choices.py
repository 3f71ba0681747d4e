"""A list shows one council at a time, so its filter offers that council's choices only, even to
someone who works in two councils (a choice from the other could only ever return nothing)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from council.models import CouncilRole, FiscalYear, Organization, Person
from tests.conftest import Cast


def two_council_client(cast: Cast, council_slug: str) -> Client:
    user = cast.users["secretariat"]
    CouncilRole.objects.create(
        user=user, council=cast.other_council, role=CouncilRole.Role.SECRETARIAT
    )
    client = cast.client("secretariat")
    # Choosing the council the lists show is a POST, remembered in the session.
    response = client.post(reverse("council:council-choose"), {"council": council_slug})
    assert response.status_code == 302
    return client


def select_options(html: str, name: str) -> str:
    start = html.index(f'<select name="{name}"')
    return html[start : html.index("</select>", start)]


def test_meeting_filter_offers_the_shown_councils_bodies_and_years(cast: Cast) -> None:
    client = two_council_client(cast, cast.council.slug)
    other_year = FiscalYear.objects.get(council=cast.other_council)
    html = client.get(reverse("council:meeting-list")).content.decode()
    bodies = select_options(html, "body")
    assert f'value="{cast.body_a.pk}"' in bodies
    assert "別市部会" not in bodies
    years = select_options(html, "fiscal_year")
    assert f'value="{cast.year.pk}"' in years
    assert f'value="{other_year.pk}"' not in years


def test_person_filter_narrows_by_organisation_name_within_the_shown_council(cast: Cast) -> None:
    other = Organization.objects.create(
        council=cast.other_council,
        name="別市の相談支援センター",
        category=Organization.Category.SERVICE,
    )
    Person.objects.create(council=cast.other_council, name="他市の人", organization=other)
    client = two_council_client(cast, cast.council.slug)
    html = client.get(reverse("council:person-list"), {"organization": "相談支援"}).content.decode()
    assert 'name="organization" value="相談支援"' in html  # what was typed stays in the box
    assert cast.person_a.name in html and cast.person_b.name in html  # of 相談支援センターふかさわ
    assert "他市の人" not in html
    nothing = client.get(reverse("council:person-list"), {"organization": "存在しない団体"})
    assert cast.person_a.name not in nothing.content.decode()


def test_a_choice_from_the_other_council_is_refused_in_japanese_and_filters_nothing(
    cast: Cast,
) -> None:
    client = two_council_client(cast, cast.council.slug)
    other_body = cast.other_meeting.body
    url = reverse("council:meeting-list")
    # (Django reads a full-width "１" as 1, as every form field does: a body of this council.)
    for tampered in (str(other_body.pk), "abc", "99999999999999999999"):
        html = client.get(url, {"body": tampered}).content.decode()
        assert "正しく選択してください" in html, tampered
        assert html.count('href="/meetings/') >= 3  # the list is not narrowed to nothing
    chosen = client.get(url, {"body": cast.body_b.pk}).content.decode()
    assert "正しく選択してください" not in chosen
    assert f'<option value="{cast.body_b.pk}" selected>' in chosen
    assert f'href="/meetings/{cast.meeting_b.pk}/"' in chosen
    assert f'href="/meetings/{cast.meeting_a.pk}/"' not in chosen
