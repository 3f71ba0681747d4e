"""Delete the identity of every case closed more than N years ago (run it from cron)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from referrals.services import case_identities_purge


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class Command(BaseCommand):
    help = (
        "Delete the identity (name, birth date, address, phone) of every case closed more than "
        "--years ago (default CASE_IDENTITY_RETENTION_YEARS); the pseudonymised case, its "
        "consents and its read log stay."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--years",
            type=int,
            default=settings.CASE_IDENTITY_RETENTION_YEARS,
            help=f"retention in years (default {settings.CASE_IDENTITY_RETENTION_YEARS})",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="count the identities, delete nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years = options["years"]
        if years < 0:
            raise CommandError("--years must not be negative")
        before = years_before(timezone.localdate(), years)
        count = case_identities_purge(before=before, dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write(
                f"purge_case_identities: {count} identities of cases closed before {before} "
                "would be deleted (dry run)."
            )
        else:
            self.stdout.write(
                f"purge_case_identities: {count} identities of cases closed before {before} "
                "deleted."
            )
