"""A background job's page: its progress while it runs, then its result or what went wrong."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from rq.job import Job, JobStatus

from council.permissions import can
from documents import jobs
from documents.downloads import pdf_response

RUNNING = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}


def _job(request: HttpRequest, job_id: uuid.UUID) -> Job:
    job = jobs.fetch(job_id)
    if job is None or not can(request.user, "job.view", job):
        raise Http404("no such job")
    return job


def job_detail(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """Reloads itself every second while the job runs (no JavaScript needed)."""
    job = _job(request, job_id)
    status = job.get_status()
    meta = job.meta
    result = job.return_value() if status == JobStatus.FINISHED else None
    return render(
        request,
        "documents/job.html",
        {
            "job": job,
            "meta": meta,
            "title": meta.get("title", ""),
            "running": status in RUNNING,
            "finished": status == JobStatus.FINISHED,
            "failed": status in {JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED},
            "is_file": isinstance(result, bytes),
            "link": result if isinstance(result, str) else "",
        },
    )


def job_download(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = _job(request, job_id)
    if job.get_status() != JobStatus.FINISHED or not isinstance(job.return_value(), bytes):
        raise Http404("no file")
    return pdf_response(job.return_value(), f"{job.meta.get('title', 'document')}.pdf")
