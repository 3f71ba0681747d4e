"""`manage.py restore FILE`: load a backup into an empty database, then check every row and file."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from documents.backup import BackupError, restore
from documents.management.commands.backup import _why


class Command(BaseCommand):
    help = (
        "Restore a backup into an EMPTY database (default: DATABASE_URL) and MEDIA_ROOT, then "
        "compare every table's row count and every file's SHA-256 with the backup."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--database-url", help="the target database (default: the app's)")
        parser.add_argument("--media-root", type=Path, help="default: MEDIA_ROOT")

    def handle(self, *args: Any, archive: Path, **options: Any) -> None:
        start = time.perf_counter()
        try:
            manifest = restore(
                archive,
                database_url=options["database_url"],
                media_root=options["media_root"] or Path(settings.MEDIA_ROOT),
            )
        except (BackupError, subprocess.CalledProcessError) as error:
            raise CommandError(_why(error)) from error
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"restore: {sum(manifest['tables'].values()):,} rows in "
                f"{len(manifest['tables'])} tables and {len(manifest['files'])} files restored "
                f"and checked in {time.perf_counter() - start:.1f} s."
            )
