"""Stale roster-import uploads (previewed, never confirmed) are deleted; fresh ones stay."""

from __future__ import annotations

import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _upload(name: str, age_hours: float) -> str:
    path = default_storage.save(f"imports/{name}", ContentFile(b"x"))
    stamp = time.time() - age_hours * 3600
    os.utime(default_storage.path(path), (stamp, stamp))
    return path


def test_purge_deletes_only_stale_uploads(media):
    old = _upload("1-old.xlsx", 30)
    fresh = _upload("1-fresh.csv", 1)
    out = StringIO()
    call_command("purge_roster_uploads", stdout=out)
    assert not default_storage.exists(old)
    assert default_storage.exists(fresh)
    assert "1 stale uploads deleted" in out.getvalue()


def test_purge_hours_option_and_missing_directory(media):
    out = StringIO()
    call_command("purge_roster_uploads", stdout=out)  # no imports/ yet: nothing to do
    assert "0 stale uploads deleted" in out.getvalue()
    fresh = _upload("2-fresh.xlsx", 2)
    call_command("purge_roster_uploads", "--hours", "1", stdout=StringIO())
    assert not default_storage.exists(fresh)
    with pytest.raises(CommandError):
        call_command("purge_roster_uploads", "--hours", "-1")
