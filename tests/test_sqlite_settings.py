"""SQLite under `make run`: a save waits for another one's write lock instead of failing with
"database is locked". The options apply to SQLite only (PostgreSQL has neither)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

ON_SQLITE = connection.vendor == "sqlite"
RACE = "race"  # the alias of the racing connections
sqlite_only = pytest.mark.skipif(not ON_SQLITE, reason="the SQLite options apply to SQLite only")


@sqlite_only
@pytest.mark.django_db
def test_the_sqlite_connection_waits_20_seconds_for_a_lock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20_000


@sqlite_only
def test_sqlite_transactions_take_the_write_lock_when_they_begin() -> None:
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert connection.transaction_mode == "IMMEDIATE"


@pytest.mark.skipif(ON_SQLITE, reason="PostgreSQL's options")
def test_postgresql_gets_no_sqlite_options() -> None:
    options = settings.DATABASES["default"].get("OPTIONS", {})
    assert "timeout" not in options and "transaction_mode" not in options


def _connect(path: Path) -> DatabaseWrapper:
    """A second and third connection to a database file, with the project's SQLite options."""
    return DatabaseWrapper({**connection.settings_dict, "NAME": str(path)}, alias=RACE)


@sqlite_only
def test_two_saves_that_read_first_both_land(tmp_path: Path, django_db_blocker: Any) -> None:
    """The shape of every service: read (lock) the row, then write. Under SQLite's default
    DEFERRED transactions the second writer's lock upgrade is refused at once, whatever the
    timeout; with IMMEDIATE it waits for the first to commit."""
    with django_db_blocker.unblock():
        assert _race(tmp_path / "db.sqlite3") == ([], 2)  # no error, neither save lost


def _race(path: Path) -> tuple[list[BaseException], int]:
    setup = _connect(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE row (id INTEGER PRIMARY KEY, n INTEGER)")
        cursor.execute("INSERT INTO row VALUES (1, 0)")
    setup.close()
    errors: list[BaseException] = []
    started = threading.Barrier(2)

    def save(pause: float) -> None:
        db = connections[RACE] = _connect(path)  # this thread's connection
        try:
            started.wait()
            with transaction.atomic(using=RACE), db.cursor() as cursor:
                cursor.execute("SELECT n FROM row WHERE id = 1")
                (n,) = cursor.fetchone()
                time.sleep(pause)
                cursor.execute("UPDATE row SET n = %s WHERE id = 1", [n + 1])
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            db.close()

    threads = [threading.Thread(target=save, args=(pause,)) for pause in (0.3, 0.0)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    check = _connect(path)
    with check.cursor() as cursor:
        cursor.execute("SELECT n FROM row WHERE id = 1")
        (n,) = cursor.fetchone()
    check.close()
    return errors, n
