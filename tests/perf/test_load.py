"""`manage.py load` sets its phases against the budget: 150 req/s, no errors, workers < 200 MB."""

from __future__ import annotations

from typing import Any

from perf.management.commands.load import budget

NO_ERRORS = {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}


def phase(rps: float, rss: list[float], **extra: Any) -> dict[str, Any]:
    return {"requests_per_second": rps, "worker_rss_mb": rss, "errors": NO_ERRORS, **extra}


def test_load_budget_is_met_when_every_phase_is_fast_enough_and_every_worker_small() -> None:
    report = budget([phase(480.0, [130.0, 131.5]), phase(450.0, [133.0, 199.9])])
    assert report == {
        "met": True,
        "min_requests_per_second": 150,
        "max_worker_rss_mb": 200,
        "slowest_phase_requests_per_second": 450.0,
        "largest_worker_rss_mb": 199.9,
        "errors": 0,
    }


def test_load_budget_fails_on_a_slow_phase_a_large_worker_or_an_error() -> None:
    assert not budget([phase(480.0, [130.0]), phase(149.9, [130.0])])["met"]
    assert not budget([phase(480.0, [130.0, 200.0])])["met"]
    failed = phase(480.0, [130.0], errors={**NO_ERRORS, "status": 3})
    assert budget([failed])["errors"] == 3
    assert not budget([failed])["met"]


def test_load_budget_leaves_out_the_phases_around_a_database_restart() -> None:
    phases = [
        phase(400.0, [130.0]),
        phase(20.0, [130.0], postgres_restart="restarted in 1.2 s"),
        phase(90.0, [130.0], label="after restart"),
    ]
    assert budget(phases)["met"]
    assert budget(phases)["slowest_phase_requests_per_second"] == 400.0


def test_every_path_of_the_load_mix_answers_the_secretariat(
    db: Any, settings: Any, tmp_path: Any
) -> None:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from perf.management.commands.load import Command

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", verbosity=0)
    client = Client()
    client.force_login(User.objects.get(username="jimukyoku"))
    paths = set(Command().mix())
    assert len(paths) > 10
    assert {path: client.get(path).status_code for path in paths} == dict.fromkeys(paths, 200)
