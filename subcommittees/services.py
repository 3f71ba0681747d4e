"""Every write to a subcommittee's documents: saves, comments, the workflow and publication."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from council import published, workflow
from council.models import Person, PublishedPDF
from council.pdf import render_pdf
from council.permissions import require
from council.published import withdraw_pdf
from council.services import StaleEdit
from subcommittees import documents
from subcommittees.models import DocumentStatus, ReviewComment, ReviewSheet

D, S, A, P = (
    DocumentStatus.DRAFT,
    DocumentStatus.SUBMITTED,
    DocumentStatus.APPROVED,
    DocumentStatus.PUBLISHED,
)

# 下書き → 提出 → 差戻し (back to 下書き, with a reason) or 承認 → 公開; reopening needs a reason.
SHEET: workflow.Table = {
    "submit": (frozenset({D}), S),
    "return": (frozenset({S}), D),
    "approve": (frozenset({S}), A),
    "publish": (frozenset({A}), P),
    "reopen": (frozenset({A, P}), D),
}
NEEDS_REASON = {"return", "reopen"}
ACTION_LABELS = {
    "submit": _("Submit"),
    "return": _("Return with a reason"),
    "approve": _("Approve"),
    "publish": _("Publish"),
    "reopen": _("Reopen"),
}


def document_transition(*, document: Any, action: str, by: Any, reason: str = "") -> Any:
    """Lock, check, move, record; publishing freezes the PDF in the same transaction."""
    with transaction.atomic():
        locked = workflow.transition(
            document,
            action=action,
            by=by,
            perm=f"sheet.{action}",
            table=SHEET,
            reason=reason,
            needs_reason=NEEDS_REASON,
            clears_reason={"approve"},
            related=["body_year__body__council", "body_year__fiscal_year"],
        )
        if action == "publish":
            publish_pdf(document=locked, by=by)
        elif action == "reopen":
            withdraw_pdf(document=locked, reason=reason.strip())
    return locked


def render_document(document: Any) -> bytes:
    data = documents.context(document)
    return render_pdf("pdf/document.html", data | {"part": data["kind"].part})


def publish_pdf(*, document: Any, by: Any) -> PublishedPDF:
    return published.store(
        document,
        council_id=document.body_year.body.council_id,
        title=documents.document_title(document),
        stem=documents.kind_of(document).slug,
        content=render_document(document),
        by=by,
    )


def frozen_pdf(document: Any) -> PublishedPDF:
    return published.frozen_pdf(document, lambda: publish_pdf(document=document, by=None))


def comment_save(
    *, sheet: ReviewSheet, person: Person, text: str, revision: int | None, by: Any
) -> ReviewComment:
    """A member's own comment; a concurrent save by someone else is refused, not overwritten."""
    with transaction.atomic():
        comment = (
            ReviewComment.objects.select_for_update().filter(sheet=sheet, person=person).first()
        )
        if comment is None:
            comment = ReviewComment(sheet=sheet, person=person)
            if revision not in (None, 0):
                raise StaleEdit
        elif revision != comment.revision:
            raise StaleEdit
        else:
            comment.revision += 1
        require(by, "comment.write", comment)
        comment.text = text
        comment.save()
    return comment
