"""The WSGI entry point leaves start-up objects out of garbage collection (config/startup.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import gc
import config.wsgi
from django.urls import get_resolver
print(gc.get_freeze_count(), len(gc.get_objects()), "url_patterns" in vars(get_resolver()))
"""


def test_a_worker_freezes_what_start_up_loaded() -> None:
    env = {**os.environ, "SECRET_KEY": "x" * 50, "DEBUG": ""}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    frozen, tracked, urlconf_loaded = result.stdout.split()
    # Django and the URLconf are tens of thousands of objects; almost nothing is left tracked.
    assert int(frozen) > 20_000 and int(tracked) < int(frozen) / 10
    assert urlconf_loaded == "True"
