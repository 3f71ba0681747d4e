"""Fill the database with synthetic councils (scale-001, scale-002, …) for load and query work.

    manage.py seed_scale --councils 100 --years 10 [--seed 0] [--start-year 2016] [--as-of DATE]

One council at a time, each in its own transaction, so memory stays flat and an interrupted run
keeps the councils it finished. A council whose slug exists is skipped: `--councils 100` after
`--councils 1` adds 99, and as each council has its own random stream they are the same 100 a
single run would build. Existing councils are never changed, even if --years differs.

The builders are in perf/scale.py. No login accounts are created.
"""

from __future__ import annotations

import datetime
import time
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, reset_queries, transaction
from django.utils import timezone

from council.models import Council
from perf.scale import SLUG_FORMAT, CouncilBuilder


def date_argument(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of: not a date (YYYY-MM-DD): {text!r}") from None


class Command(BaseCommand):
    help = "Add N synthetic councils with Y fiscal years of data each (bulk inserts, no history)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--councils", type=int, required=True, help="councils wanted in all")
        parser.add_argument("--years", type=int, required=True, help="fiscal years per council")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--start-year", type=int, default=2016, help="the first fiscal year")
        parser.add_argument(
            "--as-of",
            type=date_argument,
            default=None,
            help="meetings up to this day are held, later ones planned (default: today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Synthetic councils must never land in a real council's database by mistake.
        if not (settings.DEBUG or settings.DEMO_MODE or settings.TESTING):
            raise CommandError("seed_scale runs only with DEBUG=1 or DEMO_MODE=1.")
        councils, years = options["councils"], options["years"]
        start_year, seed = options["start_year"], options["seed"]
        as_of = options["as_of"] or timezone.localdate()
        if councils < 1 or years < 1:
            raise CommandError("--councils and --years must be at least 1.")
        if start_year < 1989 or start_year + years - 1 > 2200:  # FiscalYear's check constraint
            raise CommandError("the fiscal years must lie between 1989 and 2200.")
        verbose = options["verbosity"] >= 1

        started = time.perf_counter()
        existing = set(
            Council.objects.filter(slug__startswith="scale-").values_list("slug", flat=True)
        )
        totals: Counter[str] = Counter()
        built = skipped = 0
        for index in range(1, councils + 1):
            slug = SLUG_FORMAT.format(index)
            if slug in existing:
                skipped += 1
                continue
            council_started = time.perf_counter()
            builder = CouncilBuilder(
                seed=seed, index=index, start_year=start_year, years=years, as_of=as_of
            )
            with transaction.atomic():
                council = builder.build()
            # With DEBUG on, Django keeps the SQL of recent queries; bulk INSERTs make it huge.
            reset_queries()
            totals.update(builder.counts)
            built += 1
            if verbose:
                c = builder.counts
                self.stdout.write(
                    f"{slug} {council.name}: {c['council.Body']} bodies, "
                    f"{c['council.Person']} persons, {c['council.Meeting']} meetings, "
                    f"{sum(c.values())} rows in {time.perf_counter() - council_started:.1f} s"
                )
        if built and connection.vendor == "postgresql":
            # Fresh statistics, as autovacuum would gather later: without them the planner
            # takes the bulk-loaded tables for tiny ones and joins them by sequential scans.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if verbose:
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"seed_scale: {built} councils built, {skipped} already there, "
                f"{sum(totals.values())} rows in {elapsed:.1f} s"
            )
            for label, count in sorted(totals.items()):
                self.stdout.write(f"  {label:<36} {count:>10}")
