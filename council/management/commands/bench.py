"""Print render times and query counts as JSON: figures to read, not pass/fail."""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

PAGE = re.compile(rb"/Type\s*/Page[^s]")


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median wall time in ms over `runs` warm runs (one warm-up first)."""
    result = fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1), result


def pages(pdf: bytes) -> int:
    return len(PAGE.findall(pdf))


class Command(BaseCommand):
    help = "Measure document render times and page query counts on the loaded data (JSON)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--user", default="jimukyoku")
        parser.add_argument("--year", type=int, default=2020)

    def handle(self, *args: Any, runs: int, user: str, year: int, **options: Any) -> None:
        from subcommittees import documents, services
        from subcommittees.models import ActionPlan, ReviewSheet, StatusReport

        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"no user {user!r}: run seed_demo first")
        client = Client()
        client.force_login(account)
        report: dict[str, Any] = {"database": connection.vendor, "runs": runs, "documents": {}}

        samples = {
            "status_report": StatusReport.objects.filter(body_year__fiscal_year__year=year),
            "review_sheet": ReviewSheet.objects.filter(body_year__fiscal_year__year=year),
            "action_plan": ActionPlan.objects.filter(body_year__fiscal_year__year=year),
        }
        for name, queryset in samples.items():
            rows = []
            for document in queryset.select_related("body_year__body__council"):
                ms, pdf = timed(lambda d=document: services.render_document(d), runs)
                rows.append({"body": document.body_year.body.name, "ms": ms, "pages": pages(pdf)})
            report["documents"][name] = rows

        report["queries"] = self.page_queries(client, year, documents)
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))

    def page_queries(self, client: Client, year: int, documents: Any) -> dict[str, int]:
        from subcommittees.models import ReviewSheet

        sheet = ReviewSheet.objects.filter(body_year__fiscal_year__year=year).first()
        urls = {"dashboard": reverse("council:dashboard"), "schedule": reverse("council:schedule")}
        if sheet is not None:
            body = sheet.body_year.body_id
            for kind in ("policy", "report", "review"):
                urls[f"{kind}_page"] = reverse(
                    "subcommittees:sheet-detail", args=[body, year, kind]
                )
                urls[f"{kind}_pdf"] = reverse("subcommittees:sheet-pdf", args=[body, year, kind])
        counts = {}
        for name, url in urls.items():
            client.get(url)
            with CaptureQueriesContext(connection) as context:
                status = client.get(url).status_code
            counts[name] = len(context.captured_queries) if status == 200 else -status
        return counts
