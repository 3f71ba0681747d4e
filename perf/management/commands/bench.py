"""`make bench`: page and PDF figures as JSON, to read and compare, not pass/fail.

Pages: median and p95 server time (in-process, through the whole middleware stack) and the
query count of every page kind, plus a no-op view as the floor and the site's frame around no
content as the layout floor. PDFs: median of warm renders of each sheet type, and the
council-wide documents. Peak memory of this process at the end.
Run it on the demo data (`make bench`) or on `seed_scale` data on PostgreSQL (`make bench-scale`,
which times the 1-council and the 100-council databases in turns with --compare-with, so that
the machine's drift cannot pass for growth). Run it with production settings (DEBUG off).
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
from perf.urls import FLOOR, LAYOUT

BENCH_USER = "bench-secretariat"
FLOORS = ("floor", "layout_floor")


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


def heaviest(report: dict[str, Any]) -> dict[str, Any]:
    """The page with the largest p95, against the floors' own runs and against every floor
    request of the whole run (times_floor_all_runs: a p95 of thousands of requests spread over
    the run, where the floor's own hundred took a fraction of a second), and the page furthest
    above the floor timed in its runs (times_floor_same_runs)."""
    floor = report["floor"]["p95_ms"] or 0.1
    layout = report["layout_floor"]["p95_ms"] or 0.1
    pages = report["pages"]
    name, figures = max(pages.items(), key=lambda item: item[1]["p95_ms"])
    furthest = max(pages, key=lambda page: pages[page]["times_floor"])
    return {
        "name": name,
        "p95_ms": figures["p95_ms"],
        "times_floor": round(figures["p95_ms"] / floor, 1),
        "times_floor_all_runs": round(
            figures["p95_ms"] / (report["floor_all_runs"]["p95_ms"] or 0.1), 1
        ),
        "times_layout_floor": round(figures["p95_ms"] / layout, 1),
        "times_floor_same_runs": {"name": furthest, "times": pages[furthest]["times_floor"]},
    }


def ratios(sides: list[Side]) -> dict[str, dict[str, float]]:
    """Second side over first, per page kind: the growth with the data."""
    first, second = sides[0].report["pages"], sides[1].report["pages"]
    return {
        name: {
            "median": round(second[name]["median_ms"] / first[name]["median_ms"], 2),
            "p95": round(second[name]["p95_ms"] / first[name]["p95_ms"], 2),
            "same_queries": second[name]["queries"] == first[name]["queries"],
        }
        for name in first
    }


class Command(BaseCommand):
    help = "Measure page times and query counts and PDF render times on the loaded data (JSON)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--runs", type=int, default=5, help="warm runs per PDF")
        # 100: the p95 of 40 runs was their third-slowest, one stray pause away from moving.
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
        self.floor_samples: list[list[float]] = [[] for _ in sides]
        with override_settings(ROOT_URLCONF="perf.urls"):
            figures = {name: self.measure(sides, name, runs) for name in names}
        for i, side in enumerate(sides):
            side.report["floor"] = figures["floor"][i]
            side.report["floor_all_runs"] = {
                **summary(self.floor_samples[i]),
                "runs": len(self.floor_samples[i]),
            }
            side.report["layout_floor"] = figures["layout_floor"][i]
            side.report["pages"] = {name: f[i] for name, f in figures.items() if name not in FLOORS}
            side.report["heaviest_page"] = heaviest(side.report)
        if len(sides) == 1:
            report = sides[0].report
            if not options["skip_pdfs"]:
                side = sides[0]
                report["documents"] = self.documents(side.year, options["runs"])
                report["council_pdfs"] = self.council_pdfs(side, options["runs"])
        else:
            growth = ratios(sides)
            worst = max(growth, key=lambda name: growth[name]["p95"])
            report = {side.report["database_name"]: side.report for side in sides} | {
                "ratios": growth,
                "largest_p95_ratio": {"name": worst, **growth[worst]},
                "same_queries_everywhere": all(r["same_queries"] for r in growth.values()),
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
            urls = {"floor": FLOOR, "layout_floor": LAYOUT, **self.page_urls(council, year)}
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
        from hubs.models import Proposal
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
            "proposal_list": reverse("hubs:proposal-list"),
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
            urls["proposal"] = reverse("hubs:proposal-detail", args=[proposal.pk])
        return urls

    def measure(self, sides: list[Side], name: str, runs: int) -> list[dict[str, Any]]:
        """Median/p95 and query count of one page kind on each side, timed in turns."""
        statuses = []
        for side in sides:
            with using(side.database):
                statuses.append(get(side.client, side.urls[name]).status_code)  # warm caches
        freeze_startup_objects()  # with what the first request loaded, as in a worker
        counts = []
        for side, status in zip(sides, statuses, strict=True):
            with using(side.database):
                # Each request empties the query log (request_started → reset_queries): start
                # from 0 so the captured slice is this request's queries.
                reset_queries()
                with CaptureQueriesContext(connection) as queries:
                    get(side.client, side.urls[name])
            counts.append((status, len(queries.captured_queries)))
        times: list[list[float]] = [[] for _ in sides]
        # The floor again, just before each request of the page: on a shared machine the speed
        # drifts over a run, and a floor timed a minute earlier can make a page look 5× or 9×
        # it. times_floor compares the page with the floor of its own runs.
        paired = name not in FLOORS
        floors: list[list[float]] = [[] for _ in sides]
        for _ in range(runs):
            for side, bucket, floor in zip(sides, times, floors, strict=True):
                with using(side.database):
                    if paired:
                        start = time.perf_counter()
                        get(side.client, side.urls["floor"])
                        floor.append(ms_since(start))
                    start = time.perf_counter()
                    get(side.client, side.urls[name])
                    bucket.append(ms_since(start))
        results = []
        for i, floor in enumerate(floors):
            self.floor_samples[i] += floor
        for bucket, floor, (status, n) in zip(times, floors, counts, strict=True):
            figures: dict[str, Any] = {**summary(bucket), "queries": n, "status": status}
            if paired:
                own_floor = summary(floor)
                figures["floor_p95_ms"] = own_floor["p95_ms"]
                figures["times_floor"] = round(figures["p95_ms"] / (own_floor["p95_ms"] or 0.1), 1)
            results.append(figures)
        return results

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
        from hubs.models import HubReview, Proposal

        client, council, year = side.client, side.council, side.year

        urls = {
            "issue_list": (reverse("subcommittees:issue-list-pdf"), runs),
            "hub_status_table": (reverse("hubs:hub-pdf", args=[year.year]), runs),
            "provider_list": (reverse("hubs:provider-list-pdf"), runs),
            "annual_report": (reverse("subcommittees:annual-report", args=[year.year]), 1),
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
            urls["proposal"] = (reverse("hubs:proposal-pdf", args=[proposal.pk]), runs)
        result = {}
        for name, (url, n) in urls.items():
            response = get(client, url)
            if response.status_code != 200:
                result[name] = {"status": response.status_code}
                continue
            ms, body_bytes = timed(lambda u=url: b"".join(get(client, u)), n)
            result[name] = {"ms": ms, "pages": pages(body_bytes), "runs": n}
        return result
