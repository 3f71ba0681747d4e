"""The job worker: RQ's, which forks a work horse per job, with WeasyPrint and our fonts loaded
once before the forks, so a job does not pay ~0.5 s to load them each time."""

from __future__ import annotations

from typing import Any

from rq import Worker

from documents.pdf import render_pdf


class PrintingWorker(Worker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        render_pdf("pdf/smoke.html", {"text": "準備"})
