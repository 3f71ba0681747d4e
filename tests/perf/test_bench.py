"""`manage.py bench` keeps measuring real pages: every kind it times answers 200 to the
secretariat, with its queries counted, and the floors make fewer queries than any page."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

from django.core.management import call_command

from tests.conftest import Cast


def test_bench_times_every_page_kind_as_served(cast: Cast, settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["localhost"]
    out = StringIO()
    call_command("bench", "--skip-pdfs", "--page-runs", "3", stdout=out)
    report = json.loads(out.getvalue())
    assert report["council"] == "nagaoka"
    assert report["floor"]["status"] == 200
    assert report["layout_floor"]["status"] == 200
    assert report["layout_floor"]["queries"] == report["floor"]["queries"]
    pages = report["pages"]
    assert {"dashboard", "meeting_list_first", "meeting_detail", "sheet_review"} <= set(pages)
    for name, figures in pages.items():
        assert figures["status"] == 200, name
        assert figures["queries"] > report["floor"]["queries"], name
        assert figures["p95_ms"] >= figures["median_ms"] > 0, name
        # Against the floor timed in the page's own runs.
        assert figures["floor_p95_ms"] > 0, name
        assert figures["times_floor"] == round(figures["p95_ms"] / figures["floor_p95_ms"], 1)
    assert report["heaviest_page"]["name"] in pages
    furthest = report["heaviest_page"]["times_floor_same_runs"]
    assert furthest["times"] == max(figures["times_floor"] for figures in pages.values())
    # Every floor request timed beside a page, over the whole run.
    every_floor = report["floor_all_runs"]
    assert every_floor["runs"] == 3 * len(pages)
    assert every_floor["p95_ms"] >= every_floor["median_ms"] > 0
    heaviest = report["heaviest_page"]
    assert heaviest["times_floor_all_runs"] == round(heaviest["p95_ms"] / every_floor["p95_ms"], 1)
