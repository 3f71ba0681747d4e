"""`manage.py backup FILE`: the database and every stored file in one checked archive."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from documents.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the stored files (MEDIA_ROOT) into one .tar.gz archive."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, archive: Path, **options: Any) -> None:
        start = time.perf_counter()
        try:
            manifest = backup(archive)
        except (BackupError, subprocess.CalledProcessError) as error:
            raise CommandError(_why(error)) from error
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"backup: {archive} ({archive.stat().st_size:,} bytes): "
                f"{sum(manifest['tables'].values()):,} rows in {len(manifest['tables'])} tables, "
                f"{len(manifest['files'])} files, {time.perf_counter() - start:.1f} s."
            )
        if manifest["sensitive"]:
            # Said whatever the verbosity: whoever keeps the archive must know what it holds.
            sensitive = manifest["sensitive"].values()
            held = ", ".join(f"{row['rows']} {row['holds']}" for row in sensitive)
            self.stdout.write(
                f"backup: the archive contains 要配慮個人情報 (special-care personal information): "
                f"{held}. Keep it encrypted and restricted."
            )


def _why(error: Exception) -> str:
    if isinstance(error, subprocess.CalledProcessError):
        return f"{error.cmd[0]} failed: {error.stderr.decode(errors='replace').strip()}"
    return str(error)
