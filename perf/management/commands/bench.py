"""`make bench`: page and PDF figures as JSON, set against the budgets of issue 17.

Pages: median and p95 server time (in-process, through the whole middleware stack) and the
query count of every page kind, and of a no-op view (the floor) for reference. `budget` says
whether every page's p95 is within 30 ms, or, with --compare-with (the 100-council database of
`make bench-scale`), within 50 ms there, and whether both databases ran the same queries.
PDFs: median of warm renders of each sheet type and of the council-wide documents. Peak memory
of this process at the end. Run it with production settings (DEBUG off).
"""

from __future__ import annotations

import copy
import json
import re
import resource
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import dj_database_url
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connection, connections, reset_queries
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count
from django.db.utils import load_backend
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.startup import freeze_startup_objects
from council.models import Body, Council, CouncilRole, FiscalYear, Meeting, Membership, Person
from perf.urls import FLOOR

BENCH_USER = "bench-secretariat"
BUDGET_MS = 30  # every page's p95, 1 council × 10 years
SCALE_BUDGET_MS = 50  # on the --compare-with database, 100 councils × 10 years


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1)}


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """Median wall time in ms over `runs` warm runs (one warm-up first)."""
    result = fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(ms_since(start))
    return round(statistics.median(times), 1), result


def pages(pdf: bytes) -> int | None:
    """Page count by poppler's pdfinfo (WeasyPrint compresses its page objects)."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        return None
    info = subprocess.run(  # noqa: S603 - our own PDF on stdin, fixed arguments
        [tool, "-"], input=pdf, capture_output=True, check=False
    ).stdout
    found = re.search(rb"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(found.group(1)) if found else None


@dataclass
class Side:
    """One database measured: its council and year, a logged-in client, the page URLs."""

    database: BaseDatabaseWrapper
    client: Client
    council: Council
    year: FiscalYear
    urls: dict[str, str]
    report: dict[str, Any]


def second_database(url: str) -> BaseDatabaseWrapper:
    """A connection to another database with the default one's settings otherwise."""
    config = copy.deepcopy(connections.settings[DEFAULT_DB_ALIAS])
    parsed = dj_database_url.parse(url)
    for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT"):
        config[key] = parsed[key]
    return load_backend(config["ENGINE"]).DatabaseWrapper(config, DEFAULT_DB_ALIAS)


@contextmanager
def using(database: BaseDatabaseWrapper) -> Iterator[None]:
    """Make `database` the default connection for the requests inside."""
    saved = connections[DEFAULT_DB_ALIAS]
    connections[DEFAULT_DB_ALIAS] = database
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS] = saved


def get(client: Client, url: str) -> Any:
    # As behind the TLS proxy: production settings redirect plain HTTP.
    return client.get(url, secure=True)


def ratios(reports: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Second side over first, per page kind: the growth with the data."""
    first, second = reports[0]["pages"], reports[1]["pages"]
    return {
        name: {
            "median": round(second[name]["median_ms"] / first[name]["median_ms"], 2),
            "p95": round(second[name]["p95_ms"] / first[name]["p95_ms"], 2),
        }
        for name in first
    }


def within(pages: dict[str, dict[str, Any]], limit: int) -> dict[str, Any]:
    """The pages over a p95 limit, and those not answering 200 (whose times mean nothing)."""
    return {
        "p95_ms_limit": limit,
        "over": {name: f["p95_ms"] for name, f in pages.items() if f["p95_ms"] > limit},
        "not_200": {name: f["status"] for name, f in pages.items() if f["status"] != 200},
    }


def budget(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The budgets met or not: with one side, its pages within BUDGET_MS; with two, the second
    within SCALE_BUDGET_MS, and every page kind making as many queries on both."""
    first = reports[0]["pages"]
    if len(reports) == 1:
        result = within(first, BUDGET_MS)
        return {"met": not (result["over"] or result["not_200"]), **result}
    second = reports[1]["pages"]
    checks = {
        reports[0]["database_name"]: within(first, BUDGET_MS),
        reports[1]["database_name"]: within(second, SCALE_BUDGET_MS),
    }
    differ = {
        name: [first[name]["queries"], second[name]["queries"]]
        for name in first
        if first[name]["queries"] != second[name]["queries"]
    }
    met = not differ and all(not (c["over"] or c["not_200"]) for c in checks.values())
    return {"met": met, **checks, "queries_differ": differ}


class Command(BaseCommand):
    help = "Measure page times and query counts and PDF render times on the loaded data (JSON)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--runs", type=int, default=5, help="warm runs per PDF")
        # Enough runs that one stray pause does not decide the p95.
        parser.add_argument("--page-runs", type=int, default=100, help="runs per page")
        parser.add_argument("--council", help="slug (default: the demo's, else the first)")
        parser.add_argument("--year", type=int, help="fiscal year (default: the current one)")
        parser.add_argument("--skip-pdfs", action="store_true")
        parser.add_argument(
            "--compare-with",
            metavar="DATABASE_URL",
            help="a second database holding the same council (say, among 100 councils): its "
            "pages are timed alternately with this one's, so the machine's noise falls on both",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        runs = options["page_runs"]
        sides = [self.side(connections[DEFAULT_DB_ALIAS], options)]
        if options["compare_with"]:
            sides.append(self.side(second_database(options["compare_with"]), options))
        # Page kinds every side has (a synthetic council may lack one the demo has).
        names = [name for name in sides[0].urls if all(name in side.urls for side in sides)]
        with override_settings(ROOT_URLCONF="perf.urls"):
            figures = {name: self.measure(sides, name, runs) for name in names}
        floors = figures.pop("floor")
        for i, side in enumerate(sides):
            side.report["floor"] = floors[i]
            side.report["pages"] = {name: f[i] for name, f in figures.items()}
        reports = [side.report for side in sides]
        if len(sides) == 1:
            report = sides[0].report
            report["budget"] = budget(reports)
            if not options["skip_pdfs"]:
                side = sides[0]
                report["documents"] = self.documents(side.year, options["runs"])
                report["council_pdfs"] = self.council_pdfs(side, options["runs"])
        else:
            report = {r["database_name"]: r for r in reports} | {
                "ratios": ratios(reports),
                "budget": budget(reports),
            }
        # ru_maxrss is in KiB on Linux
        report["peak_memory_mb"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        )
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))

    def side(self, database: Any, options: dict[str, Any]) -> Side:
        """One database's council, logged-in client and page URLs."""
        with using(database):
            council = self.council(options["council"])
            year = self.year(council, options["year"])
            # A host the settings allow (the test client's "testserver" is not one outside tests).
            host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
            client = Client(HTTP_HOST=host)
            client.force_login(self.secretariat(council))
            get(client, reverse("council:dashboard") + f"?council={council.slug}")
            report: dict[str, Any] = {
                "database": connection.vendor,
                "database_name": str(database.settings_dict["NAME"]),
                "data": self.sizes(),
                "council": council.slug,
                "fiscal_year": year.year,
            }
            urls = {"floor": FLOOR, **self.page_urls(council, year)}
            return Side(database, client, council, year, urls, report)

    # --- what to measure ------------------------------------------------------------------

    def council(self, slug: str | None) -> Council:
        councils = Council.objects.order_by("pk")
        council = (
            councils.filter(slug=slug).first()
            if slug
            else councils.filter(slug="nagaoka").first() or councils.first()
        )
        if council is None:
            raise CommandError("no council: run seed_demo or seed_scale first")
        return council

    def year(self, council: Council, year: int | None) -> FiscalYear:
        years = FiscalYear.objects.filter(council=council)
        found = years.filter(year=year).first() if year else years.filter(is_current=True).first()
        found = found or years.order_by("-year").first()
        if found is None:
            raise CommandError(f"{council.slug} has no fiscal year")
        return found

    def secretariat(self, council: Council) -> Any:
        """A secretariat account of this council without a usable password (bench only)."""
        user, created = get_user_model().objects.get_or_create(username=BENCH_USER)
        if created:
            user.set_unusable_password()
            user.save()
        CouncilRole.objects.get_or_create(
            user=user, council=council, defaults={"role": CouncilRole.Role.SECRETARIAT}
        )
        return user

    def sizes(self) -> dict[str, int]:
        return {
            "councils": Council.objects.count(),
            "fiscal_years": FiscalYear.objects.count(),
            "bodies": Body.objects.count(),
            "meetings": Meeting.objects.count(),
            "persons": Person.objects.count(),
            "memberships": Membership.objects.count(),
        }

    def page_urls(self, council: Council, year: FiscalYear) -> dict[str, str]:
        from documents.models import WrittenDocument
        from plans.models import YearPlan
        from proposals.models import Proposal
        from referrals.models import Case
        from subcommittees.models import ActionPlan, ReviewSheet

        meetings = Meeting.objects.filter(body__council=council)
        # The body with the most meetings this year, and its busiest meeting.
        body = (
            Body.objects.filter(council=council, meetings__fiscal_year=year)
            .annotate(n=Count("meetings"))
            .order_by("-n", "pk")
            .first()
        )
        meeting = (
            meetings.filter(fiscal_year=year)
            .annotate(n=Count("attendances"))
            .order_by("-n", "pk")
            .first()
        )
        last_page = max(1, -(-meetings.count() // 50))
        urls = {
            "dashboard": reverse("council:dashboard"),
            "meeting_list_first": reverse("council:meeting-list"),
            "meeting_list_last": reverse("council:meeting-list") + f"?page={last_page}",
            "search": reverse("council:meeting-list") + "?q=%E5%B0%B1%E5%8A%B4",  # 就労
            "schedule": reverse("council:schedule-year", args=[year.year]),
            "person_list": reverse("council:person-list"),
            "issue_list": reverse("subcommittees:issue-list"),
            "hub": reverse("hubs:hub-detail"),
            "proposal_list": reverse("proposals:proposal-list"),
            "writing_list": reverse("writings:writing-list"),
            "year_plan_list": reverse("plans:plan-list"),
        }
        if body is not None:
            urls["body_detail"] = reverse("council:body-detail", args=[body.pk])
        if meeting is not None:
            urls["meeting_detail"] = reverse("council:meeting-detail", args=[meeting.pk])
            urls["history"] = reverse("council:history", args=["meeting", meeting.pk])
        sheet = (
            ReviewSheet.objects.filter(
                body_year__body__council=council, body_year__fiscal_year=year
            )
            .annotate(n=Count("comments"))
            .order_by("-n")
            .first()
        )
        if sheet is not None:
            body_id = sheet.body_year.body_id
            urls["year_documents"] = reverse("subcommittees:year-detail", args=[body_id, year.year])
            for kind in ("policy", "report", "review"):
                urls[f"sheet_{kind}"] = reverse(
                    "subcommittees:sheet-detail", args=[body_id, year.year, kind]
                )
        plan = ActionPlan.objects.filter(body_year__body__council=council).first()
        if plan is not None:
            urls["action_plan"] = reverse("subcommittees:plan-detail", args=[plan.pk])
        proposal = Proposal.objects.filter(council=council).first()
        if proposal is not None:
            urls["proposal"] = reverse("proposals:proposal-detail", args=[proposal.pk])
        writing = WrittenDocument.objects.filter(council=council).first()
        if writing is not None:
            urls["writing"] = reverse("writings:writing-detail", args=[writing.pk])
        year_plan = YearPlan.objects.filter(body__council=council).first()
        if year_plan is not None:
            urls["year_plan"] = reverse("plans:plan-detail", args=[year_plan.pk])
        urls["resource_list"] = reverse("referrals:resource-list")
        urls["case_list"] = reverse("referrals:case-list")
        urls["case_dashboard"] = reverse("referrals:case-dashboard")
        urls["emergency_list"] = reverse("referrals:emergency-list")
        # A case the secretariat manages, with its pipeline records (demo/pipeline.py).
        case = Case.objects.filter(council=council, case_managers__isnull=False).first()
        if case is not None:
            urls["case_detail"] = reverse("referrals:case-detail", args=[case.pk])
        return urls

    def measure(self, sides: list[Side], name: str, runs: int) -> list[dict[str, Any]]:
        """Median/p95 and query count of one page kind on each side, timed in turns."""
        statuses = []
        for side in sides:
            with using(side.database):
                statuses.append(get(side.client, side.urls[name]).status_code)  # warm caches
        freeze_startup_objects()  # with what the first request loaded, as in a worker
        counts = []
        for side in sides:
            with using(side.database):
                # Each request empties the query log (request_started → reset_queries): start
                # from 0 so the captured slice is this request's queries.
                reset_queries()
                with CaptureQueriesContext(connection) as queries:
                    get(side.client, side.urls[name])
            counts.append(len(queries.captured_queries))
        times: list[list[float]] = [[] for _ in sides]
        for _ in range(runs):
            for side, bucket in zip(sides, times, strict=True):
                with using(side.database):
                    start = time.perf_counter()
                    get(side.client, side.urls[name])
                    bucket.append(ms_since(start))
        return [
            {**summary(bucket), "queries": n, "status": status}
            for bucket, n, status in zip(times, counts, statuses, strict=True)
        ]

    # --- PDFs ------------------------------------------------------------------------------

    def documents(self, year: FiscalYear, runs: int) -> dict[str, list[dict[str, Any]]]:
        from subcommittees import services
        from subcommittees.models import ActionPlan, ActivityPolicy, ReviewSheet, StatusReport

        result = {}
        for name, model in (
            ("activity_policy", ActivityPolicy),
            ("status_report", StatusReport),
            ("review_sheet", ReviewSheet),
            ("action_plan", ActionPlan),
        ):
            rows = []
            queryset = model.objects.filter(body_year__fiscal_year=year).select_related(
                "body_year__body__council"
            )
            for document in queryset[:6]:
                ms, pdf = timed(lambda d=document: services.render_document(d), runs)
                rows.append({"body": document.body_year.body.name, "ms": ms, "pages": pages(pdf)})
            result[name] = rows
        return result

    def council_pdfs(self, side: Side, runs: int) -> dict[str, Any]:
        from hubs.models import HubReview
        from proposals.models import Proposal

        client, council, year = side.client, side.council, side.year

        urls = {
            "issue_list": (reverse("subcommittees:issue-list-pdf"), runs),
            "hub_status_table": (reverse("hubs:hub-pdf", args=[year.year]), runs),
            "provider_list": (reverse("hubs:provider-list-pdf"), runs),
        }
        body = Body.objects.filter(council=council, kind=Body.Kind.SUBCOMMITTEE).first()
        if body is not None:
            urls["body_summary"] = (
                reverse("subcommittees:body-summary-pdf", args=[body.pk, year.year]),
                runs,
            )
        if HubReview.objects.filter(council=council, fiscal_year=year).exists():
            urls["hub_review"] = (reverse("hubs:review-pdf", args=[year.year]), runs)
        proposal = Proposal.objects.filter(council=council).first()
        if proposal is not None:
            urls["proposal"] = (reverse("proposals:proposal-pdf", args=[proposal.pk]), runs)
        result = {}
        for name, (url, n) in urls.items():
            response = get(client, url)
            if response.status_code != 200:
                result[name] = {"status": response.status_code}
                continue
            ms, body_bytes = timed(lambda u=url: b"".join(get(client, u)), n)
            result[name] = {"ms": ms, "pages": pages(body_bytes), "runs": n}
        # The annual report is a job (the worker runs it): timed as the worker calls it.
        from subcommittees import annual

        user_id = int(client.session["_auth_user_id"])
        ms, report = timed(lambda: annual.build(council.pk, year.year, user_id), 1)
        result["annual_report"] = {"ms": ms, "pages": pages(report), "runs": 1, "job": True}
        return result
