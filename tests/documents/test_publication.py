"""Published means frozen: a document's page and PDF show what it said at 公開, whatever is
added to its year later; reopening starts a new draft and keeps the publication in history."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from council.models import MeetingItem, PublishedPDF
from documents.published import current_pdf
from subcommittees import annual, services
from subcommittees.models import StatusReport
from tests.conftest import Cast, make_meeting
from tests.council.test_meetings import meeting_post


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def publish(cast: Cast, document: Any) -> Any:
    type(document).objects.filter(pk=document.pk).update(status="approved")
    document.refresh_from_db()
    return services.document_transition(
        document=document, action="publish", by=cast.users["secretariat"]
    )


def report_urls(cast: Cast) -> tuple[str, str]:
    args = [cast.body_a.pk, 2020, "report"]
    return (
        reverse("subcommittees:sheet-detail", args=args),
        reverse("subcommittees:sheet-pdf", args=args),
    )


def test_a_meeting_added_after_publication_changes_neither_the_page_nor_the_pdf(
    cast: Cast,
) -> None:
    page_url, pdf_url = report_urls(cast)
    publish(cast, cast.report_a)
    frozen_pdf = body(cast.client("city").get(pdf_url))
    make_meeting(cast.body_a, cast.year, 7, date=datetime.date(2021, 2, 25))
    MeetingItem.objects.create(meeting=cast.meeting_a, order=9, text="公開後に足した検討")

    page = cast.client("city").get(page_url)
    shown = [meeting.number for meeting in page.context["meetings"]]
    assert shown == [1]  # the new 第7回 is only flagged (公開後に追加), not printed
    assert [m.number for m in page.context["added_after_publication"]] == [7]
    assert "公開後に足した検討" not in page.content.decode()
    assert body(cast.client("city").get(pdf_url)) == frozen_pdf
    assert "令和3年2月25日" not in "".join(pdf_pages(frozen_pdf))
    # The annual report binds in the frozen copy itself.
    bound = "".join(pdf_pages(annual.build(cast.council.pk, 2020, cast.users["city"].pk)))
    assert "令和3年2月25日" not in bound and "公開後に足した検討" not in bound
    assert f"文書番号 {current_pdf(cast.report_a).number}" in bound

    # Reopening starts a new draft that reads today's records; the publication stays on record.
    report = services.document_transition(
        document=StatusReport.objects.get(pk=cast.report_a.pk),
        action="reopen",
        by=cast.users["secretariat"],
        reason="会議の追加",
    )
    draft = cast.client("secretariat").get(page_url)
    assert [meeting.number for meeting in draft.context["meetings"]] == [1, 7]
    assert "公開後に足した検討" in draft.content.decode()
    old = PublishedPDF.objects.get(object_id=report.pk, title__contains="検討状況報告書")
    assert old.withdrawn_at is not None and old.printed["meetings"][0]["number"] == 1
    assert cast.client("auditor").get(reverse("subcommittees:published-pdf", args=[old.pk]))
    listed = cast.client("auditor").get(page_url).context["earlier_publications"]
    assert [publication.pk for publication in listed] == [old.pk]
    assert cast.client("member_a").get(page_url).context["earlier_publications"] == []


def test_the_published_review_sheet_keeps_its_meeting_count(cast: Cast) -> None:
    url = reverse("subcommittees:sheet-detail", args=[cast.body_a.pk, 2020, "review"])
    publish(cast, cast.review_a)
    before = cast.client("city").get(url).context["meeting_count"]
    make_meeting(cast.body_a, cast.year, 8, date=datetime.date(2021, 3, 1))
    assert cast.client("city").get(url).context["meeting_count"] == before


@pytest.mark.usefixtures("poppler")
def test_every_page_of_a_draft_pdf_is_marked_and_a_published_one_prints_its_footer(
    cast: Cast,
) -> None:
    for number in range(3, 30):  # enough meetings for several pages
        meeting = make_meeting(cast.body_a, cast.year, number, date=datetime.date(2020, 9, 1))
        MeetingItem.objects.create(meeting=meeting, order=2, text="長い検討内容。" * 40)
    _page_url, pdf_url = report_urls(cast)
    draft = pdf_pages(body(cast.client("secretariat").get(pdf_url)))
    assert len(draft) > 1
    assert all(page.lstrip().startswith("案") or "\n案" in page for page in draft), draft[1][:80]

    publish(cast, cast.report_a)
    frozen = current_pdf(cast.report_a)
    pages = pdf_pages(body(cast.client("city").get(pdf_url)))
    assert not any(page.lstrip().startswith("案") for page in pages)
    for page in pages:
        assert f"文書番号 {frozen.number}" in page
        assert frozen.short_hash in page and len(frozen.short_hash) == 12
        assert "公開日 令和" in page


def test_a_closed_meeting_is_printed_for_no_reader(cast: Cast) -> None:
    # The city may not open 部会A's closed 第2回: no document or printout names it.
    assert cast.client("city").get(
        reverse("council:meeting-detail", args=[cast.closed_meeting_a.pk])
    ).status_code in (403, 404)
    closed_date = "令和2年8月2日"
    page_url, pdf_url = report_urls(cast)
    publish(cast, cast.report_a)
    assert closed_date not in cast.client("city").get(page_url).content.decode()
    assert closed_date not in "".join(pdf_pages(body(cast.client("city").get(pdf_url))))
    summary = cast.client("city").get(
        reverse("subcommittees:body-summary-pdf", args=[cast.body_a.pk, 2020])
    )
    assert summary.status_code == 200
    assert closed_date not in "".join(pdf_pages(body(summary)))


def test_a_meeting_added_after_publication_is_flagged_and_warned_about(cast: Cast) -> None:
    page_url, _pdf_url = report_urls(cast)
    publish(cast, cast.report_a)
    assert cast.client("city").get(page_url).context["added_after_publication"] == []
    client = cast.client("secretariat")
    response = client.post(
        reverse("council:meeting-create"),
        meeting_post(cast, number=9, date="令和3年2月25日"),
        follow=True,
    )
    assert response.status_code == 200
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings and "公開" in warnings[0]
    page = cast.client("city").get(page_url)
    assert [m.number for m in page.context["added_after_publication"]] == [9]
    assert "公開後に追加" in page.content.decode()
