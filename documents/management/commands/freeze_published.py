"""Give every published document without a frozen copy (imported data) its stored PDF and
printed records, as 公開 would have: a read never freezes one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from council.models import Council
from documents.registry import freeze_published


class Command(BaseCommand):
    help = "Freeze published documents that have no stored PDF yet (imported data)."

    def handle(self, *args: Any, **options: Any) -> None:
        for council in Council.objects.order_by("pk"):
            count = freeze_published(council.pk)
            self.stdout.write(f"{council.name}: {count} documents frozen")
