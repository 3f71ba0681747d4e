"""The database goes away under a running server (as in a PostgreSQL restart): requests fail
only while it is away, the same gunicorn worker recovers by itself (CONN_HEALTH_CHECKS), and a
save that failed left nothing behind.

A restart is simulated on the test database alone, so the machine's other databases are not
touched: new connections are refused (ALLOW_CONNECTIONS false) and the server's open ones are
terminated, then connections are allowed again. `make load LOAD_ARGS=--restart-db` restarts
the real server under load.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from council.models import Organization
from tests.conftest import Cast, postgres_admin, postgres_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="a PostgreSQL outage needs PostgreSQL (CI runs it)",
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server() -> Iterator[str]:
    """gunicorn (one worker, so "recovers" means the same process) on the test database."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": postgres_url(connection.settings_dict["NAME"]),
        "DEBUG": "1",  # plain http on loopback; the connection handling is the same
        "TESTING": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": "600",  # persistent connections: the case health checks exist for
    }
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1"),
            *("--bind", f"127.0.0.1:{port}", "--log-level", "critical"),
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"{base}/accounts/login/", timeout=2):  # noqa: S310  # nosec B310
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("gunicorn did not start")
    yield base
    process.terminate()
    process.wait(timeout=10)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any) -> None:
        return None  # a 302 after a save is the answer we check, not the page it leads to


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, cookie: str, data: dict[str, str] | None = None) -> int:
    """Status of one request to our loopback server."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Cookie": cookie})  # noqa: S310
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_requests_fail_only_while_the_database_is_away(cast: Cast, server: str) -> None:
    client = cast.client("secretariat")  # a session row, committed: the server can read it
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    csrf_token = "x" * 32
    cookie += f"; {settings.CSRF_COOKIE_NAME}={csrf_token}"
    page = f"{server}/meetings/"
    assert fetch(page, cookie) == 200
    name = connection.settings_dict["NAME"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        ours = cursor.fetchone()[0]  # the test's own connection stays up

    admin = postgres_admin()

    def drop_server_connections() -> None:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> %s",
                [name, ours],
            )

    # a quick restart between two requests: the worker's pooled connection is dead, the health
    # check notices before the view runs, and the user sees nothing
    drop_server_connections()
    assert fetch(page, cookie) == 200

    try:
        with admin.cursor() as cursor:
            cursor.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        drop_server_connections()
        # down: pages fail, and a save is refused whole
        assert fetch(page, cookie) >= 500
        before = Organization.objects.count()
        create = {
            "name": "停止中に登録した団体",
            "category": "other",
            "csrfmiddlewaretoken": csrf_token,
        }
        assert fetch(f"{server}/organizations/new/", cookie, create) >= 500
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        admin.close()

    # back: the same worker answers again, without a restart
    assert fetch(page, cookie) == 200
    assert Organization.objects.count() == before
    assert not Organization.objects.filter(name="停止中の団体").exists()
    create["name"] = "復旧後に登録した団体"
    assert fetch(f"{server}/organizations/new/", cookie, create) == 302
    assert Organization.objects.filter(name="復旧後に登録した団体").count() == 1
