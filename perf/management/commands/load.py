"""`make load`: gunicorn (2 workers) on PostgreSQL driven by wrk over loopback, figures as JSON.

Bounded on purpose: the server binds 127.0.0.1 only, wrk targets that address only, and each
phase lasts a fixed time. The mix is what a council's day looks like (lists, sheets, meeting
pages, a few PDF downloads), with the five demo roles' sessions spread over the connections.
Each phase reports requests per second, latency percentiles, errors and each worker's resident
memory; `budget` says whether every phase served at least 150 requests a second without errors
and every worker stayed under 200 MB (issue 17). With --restart-db the local PostgreSQL cluster
is restarted in the middle of the last phase, then a phase shows whether the app recovered
without being restarted (neither counts towards the budget).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse

from council.accounts import DEMO_ACCOUNTS

MIN_REQUESTS_PER_SECOND = 150
MAX_WORKER_RSS_MB = 200

# wrk's Lua: each connection cycles through the weighted paths with its role's cookie; done()
# prints the figures as one JSON line (wrk's own summary has no p95).
LUA = r"""
local paths = {PATHS}
local cookies = {COOKIES}
local counter = 0
local thread_id = 0
function setup(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end
function init(args)
  counter = thread_id * 7
end
function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  local cookie = cookies[(thread_id % #cookies) + 1]
  return wrk.format("GET", path, {["Cookie"] = cookie, ["X-Forwarded-Proto"] = "https"})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, ' ..
    '"max_ms": %.1f, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def lua_list(items: list[str]) -> str:
    return "{" + ", ".join(json.dumps(item) for item in items) + "}"


def worker_rss_mb(master: int) -> list[float]:
    """Resident memory of the master's worker processes, from /proc."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master):
            sizes.append(round(int(fields["VmRSS"].split()[0]) / 1024, 1))
    return sorted(sizes)


def budget(phases: list[dict[str, Any]]) -> dict[str, Any]:
    """The phases that ran undisturbed (no restart in them or before them) against the budget."""
    steady = [p for p in phases if "postgres_restart" not in p and "label" not in p]
    slowest = min((p["requests_per_second"] for p in steady), default=0.0)
    errors = sum(sum(p["errors"].values()) for p in steady)
    largest = max((mb for p in steady for mb in p["worker_rss_mb"]), default=0.0)
    return {
        "met": slowest >= MIN_REQUESTS_PER_SECOND and errors == 0 and largest < MAX_WORKER_RSS_MB,
        "min_requests_per_second": MIN_REQUESTS_PER_SECOND,
        "max_worker_rss_mb": MAX_WORKER_RSS_MB,
        "slowest_phase_requests_per_second": slowest,
        "largest_worker_rss_mb": largest,
        "errors": errors,
    }


class Command(BaseCommand):
    help = "Load-test gunicorn (2 workers) on PostgreSQL with wrk over loopback (JSON figures)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seconds", type=int, default=30)
        parser.add_argument("--warmup", type=int, default=5, help="seconds, not counted")
        parser.add_argument("--connections", default="20,50")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--restart-db", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("set DATABASE_URL to PostgreSQL: the load test measures production")
        wrk = shutil.which("wrk")
        if wrk is None:
            raise CommandError("wrk is missing (Debian: apt-get install wrk)")
        paths = self.mix()
        cookies = self.sessions()
        env = self.server_env()
        # Production settings read the static files' manifest.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "mix.lua"
            script.write_text(
                LUA.replace("{PATHS}", lua_list(paths)).replace("{COOKIES}", lua_list(cookies))
            )
            server = self.start_server(options["port"], env)
            try:
                report = self.run_phases(wrk, script, server, options)
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))

    def mix(self) -> list[str]:
        """Weighted paths: mostly pages, about one request in twenty a PDF."""
        from council.models import Body, DocumentStatus, Meeting
        from subcommittees.models import ReviewSheet, StatusReport

        meetings = list(Meeting.objects.order_by("-date").values_list("pk", flat=True)[:20])
        bodies = list(Body.objects.values_list("pk", flat=True)[:10])
        sheet = StatusReport.objects.select_related("body_year__fiscal_year").first()
        review = ReviewSheet.objects.select_related("body_year__fiscal_year").first()
        if not (meetings and bodies and sheet and review):
            raise CommandError("no data: run seed_demo first")
        pages = [
            reverse("council:dashboard"),
            reverse("council:schedule"),
            reverse("council:meeting-list"),
            reverse("council:body-list"),
            reverse("council:organization-list"),
            reverse("subcommittees:issue-list"),
        ]
        pages += [reverse("council:meeting-detail", args=[pk]) for pk in meetings[:8]]
        pages += [reverse("council:body-detail", args=[pk]) for pk in bodies[:6]]
        for doc, kind in ((sheet, "report"), (review, "review")):
            args = [doc.body_year.body_id, doc.body_year.fiscal_year.year, kind]
            pages.append(reverse("subcommittees:sheet-detail", args=args))
        pdfs = []
        for doc, kind in ((sheet, "report"), (review, "review")):
            args = [doc.body_year.body_id, doc.body_year.fiscal_year.year, kind]
            pdfs.append(reverse("subcommittees:sheet-pdf", args=args))
        published = review.status == DocumentStatus.PUBLISHED
        self.pdf_note = "stored (published)" if published else "rendered (draft)"
        return pages * 2 + pdfs[:1] + pages + pdfs[1:]

    def sessions(self) -> list[str]:
        users = get_user_model().objects.filter(username__in=[u for u, _ in DEMO_ACCOUNTS])
        cookies = []
        for user in users:
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
        if not cookies:
            raise CommandError("no demo users: run seed_demo first")
        return cookies

    def server_env(self) -> dict[str, str]:
        """Production settings for gunicorn (and collectstatic): no DEBUG, no demo mode."""
        return {
            **os.environ,
            "DEBUG": "",
            "DEMO_MODE": "",
            "TESTING": "",
            "PERF_TOOLS": "",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "load-test-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
        }

    def start_server(self, port: int, env: dict[str, str]) -> subprocess.Popen:
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=settings.BASE_DIR,
            env=env,
        )
        login = f"http://127.0.0.1:{port}/accounts/login/"
        for _ in range(100):
            try:
                request = urllib.request.Request(login, headers={"X-Forwarded-Proto": "https"})
                with urllib.request.urlopen(request, timeout=2):  # noqa: S310  # nosec B310
                    break
            except OSError:
                time.sleep(0.2)
        else:
            server.kill()
            raise CommandError("gunicorn did not start")
        return server

    def run_phases(
        self, wrk: str, script: Path, server: subprocess.Popen, options: dict[str, Any]
    ) -> dict[str, Any]:
        url = f"http://127.0.0.1:{options['port']}/"
        seconds = options["seconds"]
        report: dict[str, Any] = {
            "server": "gunicorn, 2 workers",
            "database": connection.vendor,
            "pdf_share": "1 in 20 requests",
            "pdf_kind": self.pdf_note,
            "phases": [],
        }
        connections = [int(c) for c in options["connections"].split(",")]
        if options["warmup"]:
            # Each worker's first requests compile templates and open its connection: steady
            # state is what the phases measure, so this one is reported apart.
            warmup = self.phase(wrk, script, url, connections[0], options["warmup"], server, False)
            report["warmup"] = {key: warmup[key] for key in ("requests", "seconds", "errors")}
        for count in connections:
            restart = options["restart_db"] and count == connections[-1]
            report["phases"].append(self.phase(wrk, script, url, count, seconds, server, restart))
        if options["restart_db"]:
            report["phases"].append(
                self.phase(wrk, script, url, connections[0], 10, server, False, "after restart")
            )
        report["budget"] = budget(report["phases"])
        return report

    def phase(
        self,
        wrk: str,
        script: Path,
        url: str,
        count: int,
        seconds: int,
        server: subprocess.Popen,
        restart: bool,
        label: str = "",
    ) -> dict[str, Any]:
        command = [wrk, "-t", "4", "-c", str(count), "-d", f"{seconds}s", "-s", str(script), url]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603
        restarted = None
        if restart:
            time.sleep(seconds / 3)
            restarted = self.restart_postgres()
        output, _ = process.communicate(timeout=seconds + 60)
        figures = json.loads(output.strip().splitlines()[-1])
        figures["requests_per_second"] = round(figures["requests"] / figures["seconds"], 1)
        figures["connections"] = count
        figures["worker_rss_mb"] = worker_rss_mb(server.pid)
        if label:
            figures["label"] = label
        if restarted is not None:
            figures["postgres_restart"] = restarted
        return figures

    def restart_postgres(self) -> str:
        clusters = sorted(Path("/etc/postgresql").glob("*/main"))
        pg_ctlcluster = shutil.which("pg_ctlcluster")
        if not clusters or pg_ctlcluster is None:
            return "skipped: no local cluster to restart"
        version = clusters[-1].parent.name
        start = time.perf_counter()
        result = subprocess.run(  # noqa: S603 - fixed arguments, no user input
            [pg_ctlcluster, "--skip-systemctl-redirect", version, "main", "restart"],
            capture_output=True,
            text=True,
        )
        took = time.perf_counter() - start
        return f"restarted in {took:.1f} s" if result.returncode == 0 else result.stderr.strip()
