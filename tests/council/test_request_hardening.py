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


def test_a_user_name_too_long_for_any_account_gets_a_japanese_form_error(cast: Cast) -> None:
    response = cast.client("anonymous").post(
        reverse("login"), {"username": "a" * 300, "password": "x"}
    )
    assert response.status_code == 200
    assert "150 文字以下" in response.content.decode()  # Django's own Japanese message
    assert 'value="' + "a" * 300 in response.content.decode()  # what was typed stays


def meeting_form(cast: Cast, **fields: str) -> dict[str, str]:
    data = {
        "body": str(cast.body_a.pk),
        "number": "3",
        "date": "令和2年9月1日",
        "mode": "venue",
        "is_public": "on",
        "observers": "0",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
    }
    return {**data, **fields}


def test_meeting_number_zero_and_a_date_centuries_ahead_are_refused_in_japanese(
    cast: Cast,
) -> None:
    client = cast.client("secretariat")
    url = reverse("council:meeting-create")
    zero = client.post(url, meeting_form(cast, number="0"))
    assert zero.status_code == 400
    assert "1 以上" in zero.content.decode()
    far = client.post(url, meeting_form(cast, date="令和999年4月1日"))
    assert far.status_code == 400
    assert "3017年4月1日は範囲外です" in far.content.decode()
    assert 'value="令和999年4月1日"' in far.content.decode()  # what was typed stays
