"""Login throttling (django-axes): repeated wrong passwords pause that user name, in Japanese."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def user() -> User:
    return User.objects.create_user("yamada", password="correct-horse-battery")


def attempt(client: Client, password: str) -> int:
    response = client.post(reverse("login"), {"username": "yamada", "password": password})
    return response


def test_a_wrong_password_gets_the_form_back_with_a_japanese_message(user: User) -> None:
    response = attempt(Client(), "wrong")
    assert response.status_code == 200
    assert "正しいユーザー名とパスワードを入力してください" in response.content.decode()


def test_five_failures_lock_the_user_name_even_with_the_right_password(user: User) -> None:
    client = Client()
    for _ in range(5):
        attempt(client, "wrong")
    locked = attempt(client, "correct-horse-battery")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "ログインを一時停止" in page and 'lang="ja"' in page
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(user: User) -> None:
    client = Client()
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, "correct-horse-battery").status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, "correct-horse-battery").status_code == 302


# Behind the documented reverse proxy every request comes from the proxy's own address (here
# 10.0.0.2); the client's is the last one the proxy appended to X-Forwarded-For.
PROXY = "10.0.0.2"


def through_proxy(client_ip: str, password: str, forwarded: str = "") -> int:
    header = f"{forwarded}, {client_ip}" if forwarded else client_ip
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    return attempt(client, password).status_code


def test_behind_one_trusted_proxy_a_lockout_holds_one_client_not_everyone(
    user: User, settings: object
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        through_proxy("203.0.113.10", "wrong")
    assert through_proxy("203.0.113.10", "correct-horse-battery") == 429
    assert through_proxy("198.51.100.20", "correct-horse-battery") == 302


def test_a_client_cannot_dodge_its_lockout_by_forging_x_forwarded_for(
    user: User, settings: object
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        through_proxy("203.0.113.10", "wrong", forwarded=f"192.0.2.{n}")
    assert through_proxy("203.0.113.10", "correct-horse-battery", forwarded="192.0.2.99") == 429


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(user: User) -> None:
    for n in range(5):
        attempt(Client(HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"), "wrong")
    locked = Client(HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert attempt(locked, "correct-horse-battery").status_code == 429


def test_a_junk_forwarded_address_falls_back_to_the_proxys_and_never_errs(
    user: User, settings: object
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    assert through_proxy("not-an-address", "wrong") == 200
    assert through_proxy("not-an-address", "correct-horse-battery") == 302
