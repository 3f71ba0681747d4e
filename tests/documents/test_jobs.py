"""The annual report runs on the real queue (RQ on Redis): the click answers at once with a
page that shows the progress, a worker assembles the PDF, and only its owner gets it."""

from __future__ import annotations

import copy
import io
import signal
import time
from typing import Any

import django_rq
from django.urls import reverse
from pypdf import PdfReader
from rq import SimpleWorker

from tests.conftest import Cast


def test_the_annual_report_is_assembled_by_a_worker_with_visible_progress(
    cast: Cast, settings: Any
) -> None:
    queues = copy.deepcopy(settings.RQ_QUEUES)
    queues["default"]["ASYNC"] = True  # the real queue: nothing runs until a worker takes it
    settings.RQ_QUEUES = queues
    client = cast.client("secretariat")
    started = time.perf_counter()
    response = client.post(reverse("subcommittees:annual-report", kwargs={"year": 2020}))
    assert time.perf_counter() - started < 1.0  # feedback within a second of the click
    assert response.status_code == 302
    job_page = response["Location"]

    waiting = client.get(job_page)
    assert waiting.status_code == 200 and waiting.context["running"]
    assert "<progress" in waiting.content.decode()
    assert "download" not in waiting.content.decode()

    worker = django_rq.get_worker("default", worker_class=SimpleWorker)
    # A worker installs its SIGINT/SIGTERM handlers in this process: put pytest's back after.
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        assert worker.work(burst=True)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

    done = client.get(job_page)
    assert done.context["finished"] and not done.context["running"]
    download = reverse("documents:job-download", kwargs={"job_id": done.context["job"].id})
    assert download in done.content.decode()
    content = client.get(download).content
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 5
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "全体スケジュール・協議会の概要" in titles
    # The job is its owner's: another user, even one who may read the report, gets 404.
    assert cast.client("city").get(job_page).status_code == 404
    assert cast.client("city").get(download).status_code == 404
    done.context["job"].delete()


def test_publishing_goes_through_the_queue_and_its_page_leads_to_the_document(
    cast: Cast,
) -> None:
    from subcommittees.models import StatusReport

    StatusReport.objects.filter(pk=cast.report_a.pk).update(status="approved")
    client = cast.client("secretariat")
    url = reverse(
        "subcommittees:sheet-transition", args=[cast.body_a.pk, 2020, "report", "publish"]
    )
    response = client.post(url)
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    page = client.get(response["Location"])  # the tests run a job as it is enqueued
    document = reverse("subcommittees:sheet-detail", args=[cast.body_a.pk, 2020, "report"])
    assert page.context["finished"] and page.context["link"] == document
    cast.report_a.refresh_from_db()
    assert cast.report_a.status == "published"


def test_a_publication_the_state_refuses_is_said_at_once_not_queued(cast: Cast) -> None:
    client = cast.client("secretariat")  # 部会A's report is a draft: it cannot be published
    url = reverse(
        "subcommittees:sheet-transition", args=[cast.body_a.pk, 2020, "report", "publish"]
    )
    response = client.post(url, follow=True)
    assert "/jobs/" not in response.redirect_chain[-1][0]
    assert "alert-danger" in response.content.decode()
