"""Passwords: a user changes their own, forgets it (the reset e-mail), or has the secretariat
send the reset (by e-mail, or as a one-time link handed over when the account has none)."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from council.models import CouncilRole
from tests.conftest import PASSWORD, Cast

NEW_PASSWORD = "sakura-tsubaki-2020"


def logs_in(username: str, password: str) -> bool:
    return User.objects.get(username=username).check_password(password)


def reset_link(text: str) -> str:
    match = re.search(r'https?://[^/\s]+(/accounts/reset/[^\s"<]+/)', text)
    assert match, text
    return match.group(1)


def set_password_through(link: str, password: str) -> Client:
    """Follow a reset link as its recipient does and choose a new password."""
    client = Client()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "新しいパスワード" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    return client


def test_the_users_menu_links_to_changing_ones_password(cast: Cast) -> None:
    page = cast.client("member_a").get(reverse("council:dashboard")).content.decode()
    assert f'href="{reverse("password_change")}"' in page


def test_a_user_changes_their_own_password_and_the_old_one_stops_working(cast: Cast) -> None:
    client = cast.client("member_a")
    form = client.get(reverse("password_change"))
    page = form.content.decode()
    assert form.status_code == 200 and "パスワードの変更" in page
    assert 'for="id_old_password"' in page and 'for="id_new_password1"' in page
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    assert "パスワードを変更しました" in client.get(response["Location"]).content.decode()
    assert not logs_in("member_a", PASSWORD)
    assert logs_in("member_a", NEW_PASSWORD)


def test_a_wrong_old_password_is_refused_in_japanese(cast: Cast) -> None:
    response = cast.client("member_a").post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "元のパスワードが間違っています" in page
    assert 'aria-describedby="' in page  # the error is tied to its field for screen readers
    assert logs_in("member_a", PASSWORD)


def test_an_auditor_may_change_their_own_password(cast: Cast) -> None:
    response = cast.client("auditor").post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert logs_in("auditor", NEW_PASSWORD)


def test_a_forgotten_password_is_reset_through_a_japanese_email(cast: Cast) -> None:
    User.objects.filter(username="member_a").update(email="sasaki@example.jp")
    client = Client()
    assert "パスワードの再設定" in client.get(reverse("password_reset")).content.decode()
    response = client.post(reverse("password_reset"), {"email": "sasaki@example.jp"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["sasaki@example.jp"]
    assert "パスワード" in message.subject and "member_a" in message.body
    set_password_through(reset_link(message.body), NEW_PASSWORD)
    assert logs_in("member_a", NEW_PASSWORD) and not logs_in("member_a", PASSWORD)


def test_the_secretariat_sends_a_member_the_reset_email(cast: Cast) -> None:
    User.objects.filter(username="member_a").update(email="sasaki@example.jp")
    url = reverse("council:person-password-reset", args=[cast.person_a.pk])
    response = cast.client("secretariat").post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("council:person-detail", args=[cast.person_a.pk])
    (message,) = mail.outbox
    assert message.to == ["sasaki@example.jp"]
    assert "パスワードの再設定" in message.body
    set_password_through(reset_link(message.body), NEW_PASSWORD)
    assert logs_in("member_a", NEW_PASSWORD)
    entry = LogEntry.objects.get(object_id=str(cast.users["member_a"].pk))
    assert entry.user == cast.users["secretariat"]


def test_without_an_email_address_the_secretariat_gets_a_one_time_link(cast: Cast) -> None:
    url = reverse("council:person-password-reset", args=[cast.person_a.pk])
    response = cast.client("secretariat").post(url)
    assert response.status_code == 200
    assert mail.outbox == []
    link = reset_link(response.content.decode())
    set_password_through(link, NEW_PASSWORD)
    assert logs_in("member_a", NEW_PASSWORD)
    # Used once, the link is dead: the token was bound to the old password.
    assert "無効" in Client().get(link, follow=True).content.decode()


def test_the_person_page_offers_the_secretariat_the_reset_and_nobody_else(cast: Cast) -> None:
    url = reverse("council:person-detail", args=[cast.person_a.pk])
    action = reverse("council:person-password-reset", args=[cast.person_a.pk])
    assert f'action="{action}"' in cast.client("secretariat").get(url).content.decode()
    for role in ("member_a", "member_b", "city", "auditor"):
        assert action not in cast.client(role).get(url).content.decode()


@pytest.mark.parametrize("role", ["member_a", "member_b", "city", "auditor", "member_ab"])
def test_no_one_but_the_secretariat_may_reset_anothers_password(cast: Cast, role: str) -> None:
    User.objects.filter(username="member_b").update(email="suzuki@example.jp")
    url = reverse("council:person-password-reset", args=[cast.person_b.pk])
    assert cast.client(role).post(url).status_code in {403, 404}
    assert mail.outbox == []


def test_the_secretariat_may_not_reset_an_account_that_works_in_another_council(
    cast: Cast,
) -> None:
    CouncilRole.objects.create(
        user=cast.users["member_a"], council=cast.other_council, role=CouncilRole.Role.SECRETARIAT
    )
    url = reverse("council:person-password-reset", args=[cast.person_a.pk])
    assert cast.client("secretariat").post(url).status_code == 403


def test_a_reset_asks_for_post(cast: Cast) -> None:
    url = reverse("council:person-password-reset", args=[cast.person_a.pk])
    assert cast.client("secretariat").get(url).status_code == 405


def test_when_the_mail_cannot_be_sent_the_secretariat_is_told_and_gets_the_link(
    cast: Cast,
) -> None:
    User.objects.filter(username="member_a").update(email="sasaki@example.jp")
    url = reverse("council:person-password-reset", args=[cast.person_a.pk])
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError,
    ):
        response = cast.client("secretariat").post(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "送信できませんでした" in page
    set_password_through(reset_link(page), NEW_PASSWORD)
    assert logs_in("member_a", NEW_PASSWORD)
