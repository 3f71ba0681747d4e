"""Every write to a subcommittee's documents: saves, comments, the workflow and publication."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from council import workflow
from council.models import Person, PublishedPDF
from council.permissions import require
from council.services import StaleEdit
from documents import published
from documents.pdf import render_pdf
from subcommittees import documents
from subcommittees.models import ReviewComment, ReviewSheet


def document_transition(*, document: Any, action: str, by: Any, reason: str = "") -> Any:
    """Lock, check, move, record; publishing freezes the PDF in the same transaction."""
    return published.transition(
        document,
        publish=lambda locked: publish_pdf(document=locked, by=by),
        action=action,
        by=by,
        perm=f"sheet.{action}",
        table=workflow.SHEET,
        reason=reason,
        needs_reason=workflow.NEEDS_REASON,
        clears_reason={"approve"},
        related=["body_year__body__council", "body_year__fiscal_year"],
    )


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


def own_comment(*, sheet: ReviewSheet, person: Person) -> ReviewComment | None:
    """The member's comment, locked; None before their first."""
    return ReviewComment.objects.select_for_update().filter(sheet=sheet, person=person).first()


def comment_save(
    *, sheet: ReviewSheet, person: Person, text: str, revision: int | None, by: Any
) -> ReviewComment:
    """A member's own comment; a concurrent save by someone else is refused, not overwritten."""
    with transaction.atomic():
        comment = own_comment(sheet=sheet, person=person)
        if comment is None:
            comment = ReviewComment(sheet=sheet, person=person)
            if revision not in (None, 0):
                raise StaleEdit(0)
        elif revision != comment.revision:
            raise StaleEdit(comment.revision)
        # A first comment is saved as revision 1, so a page opened before it (revision 0)
        # cannot write over it.
        comment.revision += 1
        require(by, "comment.write", comment)
        comment.text = text
        try:
            with transaction.atomic():
                comment.save()
        except IntegrityError:  # a first comment of the same member saved at this moment
            raise StaleEdit from None
    return comment
