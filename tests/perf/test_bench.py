"""`manage.py bench` keeps measuring real pages: every kind it times answers 200 to the
secretariat, with its queries counted, the floor makes fewer queries than any page, and the
budget section agrees with the figures."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

from django.core.management import call_command

from perf.management.commands import bench
from tests.conftest import Cast


def run_bench(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("bench", "--skip-pdfs", "--page-runs", "3", *args, stdout=out)
    return json.loads(out.getvalue())


def test_bench_times_every_page_kind_as_served(cast: Cast, settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["localhost"]
    report = run_bench()
    assert report["council"] == "nagaoka"
    floor = report["floor"]
    assert floor["status"] == 200
    assert floor["p95_ms"] >= floor["median_ms"] > 0
    pages = report["pages"]
    assert {"dashboard", "meeting_list_first", "meeting_detail", "sheet_review"} <= set(pages)
    assert "floor" not in pages
    for name, figures in pages.items():
        assert set(figures) == {"median_ms", "p95_ms", "queries", "status"}, name
        assert figures["status"] == 200, name
        assert figures["queries"] > floor["queries"], name
        assert figures["p95_ms"] >= figures["median_ms"] > 0, name
    budget = report["budget"]
    assert budget["p95_ms_limit"] == 30
    assert budget["not_200"] == {}
    slow = {name: f["p95_ms"] for name, f in pages.items() if f["p95_ms"] > 30}
    assert budget["over"] == slow
    assert budget["met"] == (not slow)
    assert report["peak_memory_mb"] > 0


def test_bench_budget_names_pages_over_it_and_query_counts_that_differ() -> None:
    one = {"database_name": "one", "pages": {"a": {"p95_ms": 29.0, "status": 200, "queries": 5}}}
    hundred = {
        "database_name": "hundred",
        "pages": {"a": {"p95_ms": 51.0, "status": 200, "queries": 6}},
    }
    assert bench.budget([one]) == {"met": True, "p95_ms_limit": 30, "over": {}, "not_200": {}}
    assert bench.budget([one, hundred]) == {
        "met": False,
        "one": {"p95_ms_limit": 30, "over": {}, "not_200": {}},
        "hundred": {"p95_ms_limit": 50, "over": {"a": 51.0}, "not_200": {}},
        "queries_differ": {"a": [5, 6]},
    }
