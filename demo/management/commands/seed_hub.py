"""Load the 地域生活支援拠点 demo data (fixtures/nagaoka_hub_r2.toml) into a council."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from council.models import Council
from demo.hub import SeedError, seed_hub


class Command(BaseCommand):
    help = "Load (or refresh) the 地域生活支援拠点 demo data, 令和2年度; safe to re-run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--council", default="nagaoka", help="the council's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        council = Council.objects.filter(slug=options["council"]).first()
        if council is None:
            raise CommandError(f"no council {options['council']!r} (run seed_demo first)")
        try:
            stats = seed_hub(council)
        except SeedError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"seed_hub: {council.name}: {stats['created']} created, {stats['updated']} updated."
            )
