"""A member's dashboard lists what waits for them: their comment on the body's review sheet
while it is a draft, and a document of their body returned with a reason."""

from __future__ import annotations

from django.urls import reverse

from council.models import DocumentStatus
from subcommittees.models import ReviewComment, StatusReport
from tests.conftest import Cast


def dashboard(cast: Cast, role: str) -> str:
    return cast.client(role).get(reverse("council:dashboard")).content.decode()


def comment_url(cast: Cast, person: object) -> str:
    return reverse("subcommittees:comment-edit", args=[cast.body_a.pk, 2020, person.pk])


def test_a_member_without_a_comment_on_the_draft_review_sheet_sees_the_todo(cast: Cast) -> None:
    ReviewComment.objects.filter(person=cast.person_a).delete()
    page = dashboard(cast, "member_a")
    assert "振り返り・評価シート" in page and comment_url(cast, cast.person_a) in page
    assert comment_url(cast, cast.person_a) not in dashboard(cast, "member_b")  # not their body


def test_the_todo_goes_once_the_comment_is_written_or_the_sheet_submitted(cast: Cast) -> None:
    assert comment_url(cast, cast.person_a) not in dashboard(cast, "member_a")  # cast wrote it
    ReviewComment.objects.filter(person=cast.person_a).delete()
    cast.review_a.status = DocumentStatus.SUBMITTED
    cast.review_a.save()
    assert comment_url(cast, cast.person_a) not in dashboard(cast, "member_a")


def test_a_document_returned_with_a_reason_is_listed_for_its_bodys_members(cast: Cast) -> None:
    StatusReport.objects.filter(pk=cast.report_a.pk).update(status_reason="数値の出典を追記")
    page = dashboard(cast, "member_a")
    assert "検討状況報告書" in page and "数値の出典を追記" in page
    assert "数値の出典を追記" not in dashboard(cast, "member_b")
    assert "数値の出典を追記" not in dashboard(cast, "past_member")
