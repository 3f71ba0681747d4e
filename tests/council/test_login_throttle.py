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
