"""Backup and restore: the database and every stored file in one archive, checked on restore.

The archive (tar) holds
- `manifest.json`: format, database vendor, time, the row count of every table and the SHA-256
  of every stored file;
- `database.dump` (PostgreSQL: pg_dump's custom format) or `database.sqlite3` (SQLite: the
  sqlite3 backup API, a consistent copy even while the app runs);
- `media/…`: every file under MEDIA_ROOT (published PDFs, attachments);
- `README.txt`, when the database holds special-care personal information (要配慮個人情報: the
  models apps register in `documents.registry.SENSITIVE`, e.g. case identities), saying so; the
  manifest lists them under "sensitive".

Restoring goes only into an empty database, then compares every table's row count and every
file's hash with the manifest, so a restore that lost anything says so instead of looking fine.
We use the database's own tools rather than dumpdata: they are exact (sequences, history tables)
and fast enough for a prefecture's ten years.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.db import connection
from django.utils import timezone

from documents.registry import sensitive_rows

FORMAT = "kyogikai-backup/1"
PG_DUMP = "database.dump"
SQLITE_DUMP = "database.sqlite3"
README = "README.txt"


def sensitive_notice(sensitive: dict[str, dict[str, Any]]) -> str:
    """What README.txt says of the special-care personal information in the archive."""
    lines = [
        "このバックアップには要配慮個人情報（個人情報保護法 2条3項）が含まれます。",
        "This backup contains special-care personal information (要配慮個人情報):",
    ]
    lines += [f"- {label}: {row['rows']} rows ({row['holds']})" for label, row in sensitive.items()]
    lines.append("Store and move it encrypted, readable by its custodian alone.")
    return "\n".join(lines) + "\n"


class BackupError(RuntimeError):
    pass


# --- the database, whatever its vendor ------------------------------------------------------


def _vendor(config: dict[str, Any]) -> str:
    engine = config["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite" in engine:
        return "sqlite"
    raise BackupError(f"unsupported database engine {engine}")


def _pg_env(config: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if config.get(key):
            env[name] = str(config[key])
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])  # never on the command line (ps shows it)
    env["PGDATABASE"] = str(config["NAME"])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client)")
    return path


@contextmanager
def _cursor(config: dict[str, Any]) -> Iterator[Any]:
    """A cursor on any database given by its settings (the restore target is not `default`)."""
    if _vendor(config) == "sqlite":
        db = sqlite3.connect(config["NAME"])
        try:
            yield db.cursor()
        finally:
            db.close()
        return
    import psycopg2

    db = psycopg2.connect(
        dbname=config["NAME"],
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    try:
        with db.cursor() as cursor:
            yield cursor
    finally:
        db.close()


def _tables(cursor: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return sorted(row[0] for row in cursor.fetchall())


def row_counts(config: dict[str, Any]) -> dict[str, int]:
    vendor = _vendor(config)
    with _cursor(config) as cursor:
        counts = {}
        for table in _tables(cursor, vendor):
            # The names come from the catalogue, not from a user.
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608  # nosec B608
            counts[table] = cursor.fetchone()[0]
    return counts


def _source_config() -> dict[str, Any]:
    # The live connection's settings: under pytest-django they name the test database.
    return dict(connection.settings_dict)


# --- files ------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# --- backup -----------------------------------------------------------------------------------


def backup(archive: Path) -> dict[str, Any]:
    """Write the archive; returns its manifest."""
    config = _source_config()
    vendor = _vendor(config)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / (PG_DUMP if vendor == "postgresql" else SQLITE_DUMP)
        if vendor == "postgresql":
            subprocess.run(  # noqa: S603 - fixed arguments, the tool by its full path
                [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump)],
                env=_pg_env(config),
                check=True,
                capture_output=True,
            )
        else:
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            connection.connection.backup(target)
            target.close()
        manifest = {
            "format": FORMAT,
            "vendor": vendor,
            "created": timezone.now().isoformat(),
            "tables": row_counts(config),
            "files": _media_files(media_root),
            "sensitive": sensitive_rows(),
        }
        archive.parent.mkdir(parents=True, exist_ok=True)
        partial = archive.with_name(archive.name + ".partial")
        # The archive holds password hashes and personal data: its owner alone may read it.
        partial.touch(mode=0o600)
        partial.chmod(0o600)
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            if manifest["sensitive"]:
                notice = sensitive_notice(manifest["sensitive"]).encode()
                info = tarfile.TarInfo(README)
                info.size = len(notice)
                tar.addfile(info, io.BytesIO(notice))
            tar.add(dump, arcname=dump.name)
            for name in manifest["files"]:
                tar.add(media_root / name, arcname=f"media/{name}")
        partial.replace(archive)  # a backup interrupted halfway never looks complete
    return manifest


# --- restore ----------------------------------------------------------------------------------


def restore(archive: Path, *, database_url: str | None, media_root: Path) -> dict[str, Any]:
    """Load the archive into an empty database and media root; check it against the manifest."""
    config = dj_database_url.parse(database_url) if database_url else _source_config()
    vendor = _vendor(config)
    with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as scratch:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        if manifest.get("format") != FORMAT:
            raise BackupError(f"not a backup of this application: {manifest.get('format')!r}")
        if manifest["vendor"] != vendor:
            raise BackupError(f"a {manifest['vendor']} backup cannot go into {vendor}")
        if any(row_counts(config).values()):
            raise BackupError("the target database is not empty: restore only into a new one")
        tar.extractall(scratch, filter="data")  # "data": no absolute paths, links or devices
        scratch_path = Path(scratch)
        if vendor == "postgresql":
            subprocess.run(  # noqa: S603 - fixed arguments, the tool by its full path
                [
                    _tool("pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--dbname",
                    config["NAME"],
                    str(scratch_path / PG_DUMP),
                ],
                env=_pg_env(config),
                check=True,
                capture_output=True,
            )
        else:
            Path(config["NAME"]).unlink(missing_ok=True)  # empty (checked above)
            shutil.copyfile(scratch_path / SQLITE_DUMP, config["NAME"])
        for name in manifest["files"]:
            target = media_root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(scratch_path / "media" / name, target)
    problems = check(manifest, config, media_root)
    if problems:
        raise BackupError("restored, but it does not match the backup:\n" + "\n".join(problems))
    return manifest


def check(manifest: dict[str, Any], config: dict[str, Any], media_root: Path) -> list[str]:
    problems = []
    counts = row_counts(config)
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"table {table}: {counts.get(table)} rows, backup had {expected}")
    for name, expected in manifest["files"].items():
        path = media_root / name
        if not path.exists():
            problems.append(f"file {name}: missing")
        elif _sha256(path) != expected:
            problems.append(f"file {name}: SHA-256 differs from the backup")
    return problems
