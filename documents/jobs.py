"""Background jobs on RQ (Redis): what can take more than a second (the annual report, 公開)
runs on the worker (`manage.py rqworker default`) and its page shows the progress. A job
belongs to the user who started it (documents/permissions.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import django_rq
from django.conf import settings
from django.urls import reverse
from rq import get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job

from council import workflow


def start(func: Callable[..., Any], *args: Any, user: Any, title: str, back: str) -> Job:
    """Queue `func(*args)` for `user`; its page (documents:job) follows it."""
    meta = {"user_id": user.pk, "title": title, "back": back, "done": 0, "total": 0, "step": ""}
    # ASYNC False (the tests) runs the job as it is enqueued; a test of the queue sets it True.
    is_async = settings.RQ_QUEUES["default"].get("ASYNC", True)
    return django_rq.get_queue("default", is_async=is_async).enqueue(
        func, *args, meta=meta, result_ttl=settings.JOB_RESULT_TTL, failure_ttl=86400
    )


def report(done: int, total: int, step: str) -> None:
    """Progress, from inside a job; a call outside a worker (a command, a test) is ignored."""
    job = get_current_job()
    if job is not None:
        job.meta.update(done=done, total=total, step=step)
        job.save_meta()


def fetch(job_id: uuid.UUID) -> Job | None:
    try:
        return Job.fetch(str(job_id), connection=django_rq.get_connection("default"))
    except NoSuchJobError:
        return None


def page(job: Job) -> str:
    """The job's page, where its progress shows (transition_page's `then`)."""
    return reverse("documents:job", kwargs={"job_id": job.id})


def start_step(
    func: Callable[..., Any],
    *args: Any,
    table: Any,
    action: str,
    status: str,
    user: Any,
    title: str,
    back: str,
) -> Job:
    """A workflow step run as a job (公開 renders and stores the PDF): a step the state
    refuses is refused now, by workflow.apply, not in the worker. `func(*args, back)` runs it
    and returns the page to go on to."""
    workflow.apply(table, action, status)
    return start(func, *args, back, user=user, title=title, back=back)
