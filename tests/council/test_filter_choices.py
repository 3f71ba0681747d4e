"""A list shows one council at a time, so its filter offers that council's choices only, even to
someone who works in two councils (a choice from the other could only ever return nothing)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from council.models import CouncilRole, FiscalYear, Organization
from tests.conftest import Cast


def two_council_client(cast: Cast, council_slug: str) -> Client:
    user = cast.users["secretariat"]
    CouncilRole.objects.create(
        user=user, council=cast.other_council, role=CouncilRole.Role.SECRETARIAT
    )
    client = cast.client("secretariat")
    # ?council= picks the council the lists show (remembered in the session).
    assert client.get(reverse("council:dashboard") + f"?council={council_slug}").status_code == 200
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


def test_person_filter_offers_the_shown_councils_organisations(cast: Cast) -> None:
    Organization.objects.create(
        council=cast.other_council, name="別市の事業所", category=Organization.Category.SERVICE
    )
    client = two_council_client(cast, cast.other_council.slug)
    html = client.get(reverse("council:person-list")).content.decode()
    organisations = select_options(html, "organization")
    assert "別市の事業所" in organisations
    assert cast.org.name not in organisations


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
