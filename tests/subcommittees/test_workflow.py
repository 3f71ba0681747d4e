"""Every (state, action) pair of the document workflow, publication freezing, and comments."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from council import workflow
from council.models import PublishedPDF
from council.services import StaleEdit
from documents.published import current_pdf
from subcommittees import services
from subcommittees.models import ReviewComment, StatusReport
from tests.conftest import Cast

STATES = ["draft", "submitted", "approved", "published"]
ALLOWED = {
    (state, action): target
    for action, (sources, target) in workflow.SHEET.items()
    for state in sources
}


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    # The workflow is under test here, not WeasyPrint (tests/subcommittees/test_document_pdfs).
    monkeypatch.setattr(
        services,
        "render_document",
        lambda document, *_: b"%PDF-1.7 " + str(document.status).encode(),
    )


def move(cast: Cast, state: str, action: str, reason: str = "理由") -> StatusReport:
    StatusReport.objects.filter(pk=cast.report_a.pk).update(status=state)
    cast.report_a.refresh_from_db()
    return services.document_transition(
        document=cast.report_a, action=action, by=cast.users["secretariat"], reason=reason
    )


@pytest.mark.parametrize(("state", "action"), list(ALLOWED))
def test_allowed_transitions_move_the_document(cast: Cast, state: str, action: str) -> None:
    assert move(cast, state, action).status == ALLOWED[(state, action)]
    cast.report_a.refresh_from_db()
    assert cast.report_a.status == ALLOWED[(state, action)]


DISALLOWED = [(s, a) for s in STATES for a in workflow.SHEET if (s, a) not in ALLOWED]


@pytest.mark.parametrize(("state", "action"), DISALLOWED)
def test_disallowed_transitions_raise_and_leave_the_row(
    cast: Cast, state: str, action: str
) -> None:
    with pytest.raises(workflow.InvalidTransition):
        move(cast, state, action)
    cast.report_a.refresh_from_db()
    assert cast.report_a.status == state


@pytest.mark.parametrize("action", sorted(workflow.NEEDS_REASON))
def test_return_and_reopen_need_a_reason(cast: Cast, action: str) -> None:
    state = "submitted" if action == "return" else "published"
    with pytest.raises(workflow.ReasonRequired):
        move(cast, state, action, reason="  ")
    cast.report_a.refresh_from_db()
    assert cast.report_a.status == state


def test_publishing_freezes_the_pdf_and_reopening_keeps_it_in_history(cast: Cast) -> None:
    move(cast, "approved", "publish")
    pdf = current_pdf(cast.report_a)
    assert pdf is not None
    content = pdf.file.open("rb").read()
    assert hashlib.sha256(content).hexdigest() == pdf.sha256
    url = reverse("subcommittees:sheet-pdf", args=[cast.body_a.pk, 2020, "report"])
    response = cast.client("city").get(url)
    assert b"".join(response.streaming_content) == content
    assert response["X-Content-SHA256"] == pdf.sha256

    move(cast, "published", "reopen", reason="誤字の訂正")
    pdf.refresh_from_db()
    assert pdf.withdrawn_at is not None and pdf.withdrawn_reason == "誤字の訂正"
    assert cast.client("city").get(url).status_code == 404  # a draft again: hidden from the city
    assert (
        cast.client("auditor")
        .get(reverse("subcommittees:published-pdf", args=[pdf.pk]))
        .status_code
        == 200
    )


def test_a_member_cannot_approve(cast: Cast) -> None:
    StatusReport.objects.filter(pk=cast.report_a.pk).update(status="submitted")
    with pytest.raises(PermissionDenied):
        services.document_transition(
            document=cast.report_a, action="approve", by=cast.users["member_a"]
        )


def test_a_returned_report_shows_the_reason_to_its_authors(cast: Cast) -> None:
    move(cast, "submitted", "return", reason="開催月を確認してください")
    page = cast.client("member_a").get(
        reverse("subcommittees:sheet-detail", args=[cast.body_a.pk, 2020, "report"])
    )
    assert "開催月を確認してください" in page.content.decode()


def comment_url(cast: Cast, person: Any) -> str:
    return reverse("subcommittees:comment-edit", args=[cast.body_a.pk, 2020, person.pk])


def test_member_edits_their_own_comment(cast: Cast) -> None:
    response = cast.client("member_a").post(
        comment_url(cast, cast.person_a), {"text": "就労パスポートを活用したい。", "revision": 0}
    )
    assert response.status_code == 302
    assert ReviewComment.objects.get(person=cast.person_a).text == "就労パスポートを活用したい。"


def test_member_cannot_write_someone_elses_comment(cast: Cast) -> None:
    response = cast.client("member_a").post(
        comment_url(cast, cast.person_b), {"text": "なりすまし"}
    )
    assert response.status_code == 403
    assert not ReviewComment.objects.filter(person=cast.person_b).exists()


def test_the_second_of_two_concurrent_comment_saves_is_refused_and_kept(cast: Cast) -> None:
    url = comment_url(cast, cast.person_a)
    assert (
        cast.client("secretariat")
        .post(url, {"text": "事務局が先に直した", "revision": 0})
        .status_code
        == 302
    )
    late = cast.client("member_a").post(url, {"text": "本人の後からの修正", "revision": 0})
    assert late.status_code == 400
    assert "本人の後からの修正" in late.content.decode()
    assert ReviewComment.objects.get(person=cast.person_a).text == "事務局が先に直した"


def test_comment_service_refuses_a_stale_revision(cast: Cast) -> None:
    comment = ReviewComment.objects.get(person=cast.person_a)
    with pytest.raises(StaleEdit):
        services.comment_save(
            sheet=cast.review_a,
            person=cast.person_a,
            text="x",
            revision=comment.revision + 5,
            by=cast.users["member_a"],
        )


def test_comments_freeze_once_the_sheet_is_submitted(cast: Cast) -> None:
    cast.review_a.status = "submitted"
    cast.review_a.save()
    response = cast.client("member_a").post(
        comment_url(cast, cast.person_a), {"text": "遅れて", "revision": 0}
    )
    assert response.status_code == 403


def test_the_sheet_lists_members_who_have_not_written_yet(cast: Cast) -> None:
    from council.models import Membership, Person

    late = Person.objects.create(council=cast.council, name="山本")
    Membership.objects.create(person=late, body=cast.body_a, fiscal_year=cast.year)
    page = cast.client("secretariat").get(
        reverse("subcommittees:sheet-detail", args=[cast.body_a.pk, 2020, "review"])
    )
    # 渡辺 (member_ab) sits in 部会A and 部会B and is named once; 佐々木 has written.
    assert [p.name for p in page.context["not_written"]] == ["渡辺", "山本"]


def test_reading_a_published_document_without_a_stored_pdf_writes_nothing(cast: Cast) -> None:
    # Imported data: 公開 but never frozen. The auditor's GET used to freeze it (a read wrote).
    StatusReport.objects.filter(pk=cast.report_a.pk).update(status="published")
    url = reverse("subcommittees:sheet-pdf", args=[cast.body_a.pk, 2020, "report"])
    before = PublishedPDF.objects.count()
    response = cast.client("auditor").get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert PublishedPDF.objects.count() == before
    # `freeze_published` (and seed_demo) freeze it, once.
    assert services.freeze_published(cast.council.pk) == 1
    assert services.freeze_published(cast.council.pk) == 0
    assert current_pdf(cast.report_a) is not None
