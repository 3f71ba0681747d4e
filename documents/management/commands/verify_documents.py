"""Re-hash every stored PDF and attachment; report (and exit 1 on) any that changed or vanished."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from documents.integrity import verify


class Command(BaseCommand):
    help = "Re-hash stored PDFs and attachments against their recorded SHA-256."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        checked, problems = verify()
        seconds = round(time.perf_counter() - start, 2)
        if options["json"]:
            result = {
                "checked": checked,
                "seconds": seconds,
                "problems": [problem.__dict__ for problem in problems],
            }
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            for problem in problems:
                self.stderr.write(str(problem))
            self.stdout.write(
                f"verify_documents: {checked} files checked in {seconds} s, "
                f"{len(problems)} changed or missing."
            )
        if problems:
            raise CommandError(f"{len(problems)} stored files do not match their SHA-256")
