"""Delete roster-import uploads that were previewed but never confirmed (run it from cron)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from council.roster_import import roster_uploads_purge


class Command(BaseCommand):
    help = "Delete roster-import uploads under MEDIA_ROOT/imports/ older than --hours (default 24)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--hours", type=float, default=24.0, help="age in hours (default 24)")

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["hours"]
        if hours < 0:
            raise CommandError("--hours must not be negative")
        deleted = roster_uploads_purge(older_than=timedelta(hours=hours))
        self.stdout.write(f"purge_roster_uploads: {len(deleted)} stale uploads deleted.")
