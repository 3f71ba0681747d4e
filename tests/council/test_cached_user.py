"""Production reads the session and the logged-in user from Redis (REDIS_URL): the cached user
must never outlive a change to it, and a real Redis must serve the whole login path."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.auth_backends import CachedUserBackend, cache_key, field_names
from tests.conftest import Cast, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def cached() -> Iterator[None]:
    with override_settings(AUTH_USER_CACHE=True, CACHES=LOCAL):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture
def user(cast: Cast) -> User:
    user = make_user("yamada", cast.council, "secretariat")
    user.last_name = "山田"
    user.save()
    return user


def logged_in(user: User) -> Client:
    """Through the login form, as a person does (axes needs the request)."""
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_second_read_of_a_user_makes_no_query(cached: None, user: User) -> None:
    backend = CachedUserBackend()
    first = backend.get_user(user.pk)
    with CaptureQueriesContext(connection) as queries:
        again = backend.get_user(str(user.pk))  # the session holds the id as text
    assert len(queries) == 0
    assert again is not None and again.pk == user.pk and again.last_name == "山田"
    assert again.password == first.password and not again._state.adding


def test_without_a_shared_cache_every_read_is_a_query(user: User) -> None:
    backend = CachedUserBackend()
    backend.get_user(user.pk)
    with CaptureQueriesContext(connection) as queries:
        assert backend.get_user(user.pk).pk == user.pk
    assert len(queries) == 1
    assert cache.get(cache_key(user.pk)) is None


def test_a_saved_user_is_read_again(cached: None, user: User) -> None:
    backend = CachedUserBackend()
    backend.get_user(user.pk)
    user.last_name = "佐藤"
    user.save()
    assert backend.get_user(user.pk).last_name == "佐藤"


def test_a_deactivated_user_is_out_at_once(cached: None, user: User) -> None:
    client = logged_in(user)
    assert client.get(reverse("council:dashboard")).status_code == 200
    user.is_active = False
    user.save()
    response = client.get(reverse("council:dashboard"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_new_password_ends_the_other_sessions(cached: None, user: User) -> None:
    client = logged_in(user)
    assert client.get(reverse("council:dashboard")).status_code == 200
    user.set_password("another-long-passphrase")
    user.save()
    response = client.get(reverse("council:dashboard"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_an_old_row_stored_before_the_commit_is_dropped_after_it(
    cached: None, user: User, django_capture_on_commit_callbacks: Any
) -> None:
    backend = CachedUserBackend()
    names = field_names()
    active = [getattr(user, name) for name in names]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        user.is_active = False
        user.save()
        # Another worker, still seeing the committed row, stores the active user again.
        cache.set(cache_key(user.pk), (names, active))
    assert backend.get_user(user.pk) is None


def test_a_deleted_user_is_gone(cached: None, user: User) -> None:
    backend = CachedUserBackend()
    backend.get_user(user.pk)
    pk = user.pk
    user.delete()
    assert backend.get_user(pk) is None


def test_an_entry_from_another_schema_is_a_miss(cached: None, user: User) -> None:
    cache.set(cache_key(user.pk), (["id", "username"], [user.pk, "someone-else"]))
    assert CachedUserBackend().get_user(user.pk).username == "yamada"


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture
def redis_cache() -> Iterator[None]:
    if not redis_up():
        pytest.skip("no Redis at 127.0.0.1:6379")
    prefix = f"test-{uuid.uuid4().hex}"
    redis = {
        "default": {
            "BACKEND": "council.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    engine = "django.contrib.sessions.backends.cached_db"
    with override_settings(CACHES=redis, SESSION_ENGINE=engine, AUTH_USER_CACHE=True):
        yield
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)


def test_redis_serves_the_session_and_the_user(redis_cache: None, user: User) -> None:
    client = logged_in(user)
    client.get(reverse("council:dashboard"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("council:dashboard"))
    assert response.status_code == 200 and "山田" in response.content.decode()
    tables = " ".join(query["sql"] for query in queries)
    assert "django_session" not in tables and "auth_user" not in tables
    client.post(reverse("logout"))
    assert client.get(reverse("council:dashboard")).status_code == 302


def test_the_redis_client_is_made_once(redis_cache: None) -> None:
    redis = cache._cache
    assert redis.get_client() is redis.get_client(write=True)
    cache.set("probe", {"値": 1})
    assert cache.get("probe") == {"値": 1}
