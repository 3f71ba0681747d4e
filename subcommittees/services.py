"""Every write to a subcommittee's documents: saves, comments, the workflow and publication."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from council import workflow
from council.models import DocumentStatus, Person, PublishedPDF
from council.permissions import require
from council.services import StaleEdit
from documents import jobs, published
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


def publish_job(kind: str, pk: int, user_id: int, page: str) -> str:
    """公開 on the job queue (it renders and freezes the PDF); returns the document's page."""
    document = (
        documents.KINDS[kind]
        .model.objects.select_related("body_year__body__council", "body_year__fiscal_year")
        .get(pk=pk)
    )
    jobs.report(0, 1, documents.document_title(document))
    document_transition(
        document=document, action="publish", by=get_user_model().objects.get(pk=user_id)
    )
    jobs.report(1, 1, documents.document_title(document))
    return page


def render_document(
    document: Any, records: dict[str, Any] | None = None, publication: PublishedPDF | None = None
) -> bytes:
    """The document's PDF: a draft's marked 「案」 on every page, a publication's footer with
    its 公開日, number and short hash."""
    data = documents.context(document, records)
    return render_pdf(
        "pdf/document.html", data | {"part": data["kind"].part, "publication": publication}
    )


def publish_pdf(*, document: Any, by: Any) -> PublishedPDF:
    """Freeze the document as it reads now: the records it prints and their PDF."""
    records = documents.printed(document)
    return published.store(
        document,
        council_id=document.body_year.body.council_id,
        title=documents.document_title(document),
        stem=documents.kind_of(document).slug,
        printed=documents.frozen(records),
        render=lambda publication: render_document(document, records, publication),
        by=by,
    )


def freeze_published(council_id: int) -> int:
    """Freeze every published document of the council that has no frozen copy yet (seeded or
    imported data), as 公開 would have; returns how many."""
    return sum(
        published.freeze_all(
            kind.model.objects.filter(
                body_year__body__council_id=council_id, status=DocumentStatus.PUBLISHED
            ).select_related("body_year__body__council", "body_year__fiscal_year"),
            lambda document: publish_pdf(document=document, by=None),
        )
        for kind in documents.KINDS.values()
    )


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
