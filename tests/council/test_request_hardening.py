"""Odd requests get a clear answer, never a 500; a logged-in page is never kept by a cache."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import Cast


def test_a_nul_or_junk_in_the_council_parameter_is_a_bad_request(cast: Cast) -> None:
    client = cast.client("secretariat")
    for junk in ("\x00", "naga\x00oka", "長岡", "a b"):
        assert client.get(reverse("council:dashboard"), {"council": junk}).status_code == 400
    assert client.get(reverse("council:dashboard"), {"council": "nagaoka"}).status_code == 200


def test_logged_in_pages_are_never_stored_by_a_cache(cast: Cast) -> None:
    for role in ("secretariat", "member_ab", "city"):
        response = cast.client(role).get(reverse("council:meeting-list"))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
