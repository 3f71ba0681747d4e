"""Backup → restore into an empty database finds every row and every stored file, byte for byte;
verify_documents notices a stored file that changed or vanished."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import FileField

from council.models import MeetingAttachment, PublishedPDF
from documents.backup import _cursor, row_counts
from documents.integrity import HASHED, UNHASHED
from tests.conftest import Cast, postgres_admin, postgres_url


def real_hashes() -> dict[str, str]:
    """Give the cast's stored files real content and their true SHA-256; name → hash."""
    hashes = {}
    for number, obj in enumerate([*PublishedPDF.objects.all(), *MeetingAttachment.objects.all()]):
        content = f"%PDF-1.7 本文 {number}".encode() * 50
        obj.file.save(f"doc{number}.pdf", ContentFile(content), save=False)
        obj.sha256 = hashlib.sha256(content).hexdigest()
        obj.save()
        hashes[obj.file.name] = obj.sha256
    return hashes


@pytest.fixture
def target(tmp_path: Path) -> Any:
    """An empty database of the same vendor as the test database, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restore"
    admin = postgres_admin()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield postgres_url(name)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_row_and_file_byte_for_byte(
    cast: Cast, proposals: Any, tmp_path: Path, target: str, settings: Any
) -> None:
    hashes = real_hashes()
    assert len(hashes) >= 2
    archive = tmp_path / "backup" / "kyogikai.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    source_counts = row_counts(dict(connection.settings_dict))
    assert source_counts["council_meeting"] > 0 and source_counts["proposals_proposalsection"] > 0

    restored_media = tmp_path / "restored-media"
    call_command(
        "restore", str(archive), database_url=target, media_root=restored_media, verbosity=0
    )

    restored = dj_database_url.parse(target)
    assert row_counts(restored) == source_counts  # every table, history tables included
    for name, expected in hashes.items():
        assert hashlib.sha256((restored_media / name).read_bytes()).hexdigest() == expected

    # the restored rows point at those files with the same recorded hashes
    with _cursor(restored) as cursor:
        cursor.execute("SELECT file, sha256 FROM council_publishedpdf")
        for name, sha256 in cursor.fetchall():
            assert hashes[name] == sha256

    # a second restore into the now full database is refused, and changes nothing
    with pytest.raises(CommandError, match="not empty"):
        call_command(
            "restore", str(archive), database_url=target, media_root=restored_media, verbosity=0
        )
    assert row_counts(restored) == source_counts


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_is_reported_not_restored_quietly(
    cast: Cast, tmp_path: Path, target: str
) -> None:
    hashes = real_hashes()
    archive = tmp_path / "good.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    # rewrite the archive with one stored PDF altered
    damaged = tmp_path / "damaged.tar.gz"
    victim = f"media/{next(iter(hashes))}"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member)
            if member.name == victim:
                body = b"%PDF-1.7 tampered"
                member.size = len(body)
                data = io.BytesIO(body)
            out.addfile(member, data)
    with pytest.raises(CommandError, match="SHA-256 differs"):
        call_command(
            "restore", str(damaged), database_url=target, media_root=tmp_path / "m", verbosity=0
        )


def test_every_model_storing_a_file_records_its_hash() -> None:
    stored = {
        model
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, FileField) and not model.__name__.startswith("Historical")
    }
    assert stored == set(HASHED) | set(UNHASHED)


@pytest.mark.django_db
def test_verify_documents_reports_changed_and_missing_files(cast: Cast, capsys: Any) -> None:
    real_hashes()
    call_command("verify_documents")
    assert "0 changed or missing" in capsys.readouterr().out

    pdf = PublishedPDF.objects.get()
    Path(pdf.file.path).write_bytes(b"%PDF-1.7 altered after publication")
    attachment = MeetingAttachment.objects.get()
    Path(attachment.file.path).unlink()
    with pytest.raises(CommandError, match="2 stored files"):
        call_command("verify_documents")
    errors = capsys.readouterr().err
    assert f"changed: council.PublishedPDF #{pdf.pk}" in errors
    assert f"missing: council.MeetingAttachment #{attachment.pk}" in errors


@pytest.mark.django_db(transaction=True)
def test_a_backup_archive_is_readable_by_its_owner_only(cast: Cast, tmp_path: Path) -> None:
    # It holds every password hash and the members' personal data.
    archive = tmp_path / "kyogikai.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    assert archive.stat().st_mode & 0o777 == 0o600


@pytest.mark.django_db(transaction=True)
def test_a_backup_with_case_identities_says_it_holds_special_care_data(
    cases: Any, tmp_path: Path
) -> None:
    archive = tmp_path / "kyogikai.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "要配慮個人情報" in out.getvalue() and "3 case identities" in out.getvalue()
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        readme = tar.extractfile("README.txt").read().decode()  # type: ignore[union-attr]
    assert manifest["sensitive"]["referrals.CaseIdentity"]["rows"] == 3
    assert "要配慮個人情報" in readme and "referrals.CaseIdentity: 3 rows" in readme
    assert "山本花子" not in readme


@pytest.mark.django_db(transaction=True)
def test_a_backup_without_case_identities_has_no_such_notice(cast: Cast, tmp_path: Path) -> None:
    archive = tmp_path / "kyogikai.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "要配慮個人情報" not in out.getvalue()
    with tarfile.open(archive, "r:gz") as tar:
        assert "README.txt" not in tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["sensitive"] == {}
