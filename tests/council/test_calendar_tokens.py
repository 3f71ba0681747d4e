"""Calendar subscription keys: random, stored only as a hash, issued and reissued on POST,
revocable, and ended by a password change whatever path changed it."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.core import signing
from django.test import Client
from django.urls import reverse

from council.models import CalendarToken
from tests.conftest import PASSWORD, Cast

FEED_PATH = re.compile(r"/calendar/([A-Za-z0-9_-]+)/bodies/(\d+)\.ics")


def issue(cast: Cast, role: str) -> str:
    """Press 発行 (or 再発行) on the calendar page; the key read from the page it answers."""
    response = cast.client(role).post(reverse("council:calendar-token-issue"))
    assert response.status_code == 200
    keys = {key for key, _body in FEED_PATH.findall(response.content.decode())}
    (key,) = keys
    return key


def feed(cast: Cast, key: str) -> Client:
    url = reverse("council:body-calendar-feed", args=[key, cast.body_a.pk])
    return Client().get(url)


def test_an_issued_key_serves_the_meetings_its_user_may_see(cast: Cast) -> None:
    def events(role: str) -> str:
        response = feed(cast, issue(cast, role))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        return response.content.decode()

    assert events("member_a").count("BEGIN:VEVENT") == 2  # the public and the closed meeting
    assert events("member_b").count("BEGIN:VEVENT") == 1
    assert "DTSTART;VALUE=DATE:20200801" in events("city")


def test_the_calendar_page_lists_a_feed_address_for_each_body_it_may_read(cast: Cast) -> None:
    response = cast.client("member_a").post(reverse("council:calendar-token-issue"))
    bodies = {int(pk) for _key, pk in FEED_PATH.findall(response.content.decode())}
    assert bodies == {cast.plenary.pk, cast.body_a.pk, cast.body_b.pk}


def test_a_signed_token_of_the_old_kind_no_longer_opens_a_feed(cast: Cast) -> None:
    old = signing.dumps(cast.users["member_a"].pk, salt="council.calendar")
    assert feed(cast, old).status_code == 404


def test_a_made_up_key_is_not_found(cast: Cast) -> None:
    issue(cast, "member_a")
    assert feed(cast, "x" * 43).status_code == 404


def test_only_a_hash_of_the_key_is_stored(cast: Cast) -> None:
    key = issue(cast, "member_a")
    token = CalendarToken.objects.get(user=cast.users["member_a"])
    assert key not in {token.key_hash, token.password_fingerprint}
    assert len(token.key_hash) == 64


def test_a_revoked_key_is_not_found(cast: Cast) -> None:
    key = issue(cast, "member_a")
    response = cast.client("member_a").post(reverse("council:calendar-token-revoke"))
    assert response.status_code == 302
    assert feed(cast, key).status_code == 404
    assert not CalendarToken.objects.filter(user=cast.users["member_a"]).exists()


def test_reissuing_gives_a_working_address_and_ends_the_old_one(cast: Cast) -> None:
    old = issue(cast, "member_a")
    new = issue(cast, "member_a")
    assert new != old
    assert feed(cast, old).status_code == 404
    assert feed(cast, new).status_code == 200


def test_changing_the_password_ends_the_key(cast: Cast) -> None:
    key = issue(cast, "member_a")
    cast.client("member_a").post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "ume-sakura-2021",
            "new_password2": "ume-sakura-2021",
        },
    )
    assert feed(cast, key).status_code == 404


def test_a_password_set_any_other_way_ends_the_key_too(cast: Cast) -> None:
    """A reset, the admin, `manage.py changepassword`: all of them go through set_password."""
    key = issue(cast, "member_a")
    user = User.objects.get(username="member_a")
    user.set_password("ume-sakura-2021")
    user.save()
    assert feed(cast, key).status_code == 404


def test_a_deactivated_users_key_is_not_found(cast: Cast) -> None:
    key = issue(cast, "member_a")
    User.objects.filter(username="member_a").update(is_active=False)
    assert feed(cast, key).status_code == 404


def test_looking_at_the_calendar_page_issues_nothing(cast: Cast) -> None:
    client = cast.client("member_a")
    page = client.get(reverse("council:calendar")).content.decode()
    assert "まだ発行していません" in page
    assert not FEED_PATH.search(page)
    client.get(reverse("council:body-detail", args=[cast.body_a.pk]))
    assert not CalendarToken.objects.exists()


def test_the_page_says_when_the_key_was_issued_and_never_shows_it_again(cast: Cast) -> None:
    key = issue(cast, "member_a")
    page = cast.client("member_a").get(reverse("council:calendar")).content.decode()
    assert key not in page
    assert "発行済み" in page


def test_the_body_page_and_the_menu_lead_to_the_calendar_page(cast: Cast) -> None:
    page = cast.client("city").get(reverse("council:body-detail", args=[cast.body_a.pk]))
    assert f'href="{reverse("council:calendar")}"' in page.content.decode()


def test_an_auditor_may_issue_and_revoke_their_own_key(cast: Cast) -> None:
    key = issue(cast, "auditor")
    assert feed(cast, key).status_code == 200
    assert cast.client("auditor").post(reverse("council:calendar-token-revoke")).status_code == 302
    assert feed(cast, key).status_code == 404


def test_issuing_and_revoking_ask_for_post(cast: Cast) -> None:
    client = cast.client("member_a")
    assert client.get(reverse("council:calendar-token-issue")).status_code == 405
    assert client.get(reverse("council:calendar-token-revoke")).status_code == 405
    assert not CalendarToken.objects.exists()
