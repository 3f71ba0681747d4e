"""Written documents (企画書, 実施状況報告, 取り組み報告…): saving the head and new parts, a part
with its blocks, moves in place, issuing (the PDF frozen) and reopening, and the PDF.

下書き → 発行 (the PDF frozen; the document changes no more) → reopened by the secretariat with
a reason (the frozen PDF is withdrawn but kept).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.forms import BaseInlineFormSet, ModelForm
from django.utils.translation import gettext_lazy as _

from council import workflow
from council.forms import kept_forms
from council.models import PublishedPDF
from council.permissions import require
from council.services import record_save, revision_check
from documents import published, registry, structure
from documents.forms import part_filled
from documents.models import DocumentPart, WrittenDocument
from documents.models import WrittenStatus as S
from documents.pdf import render_pdf

FLOW: workflow.Table = {
    "issue": (frozenset({S.DRAFT}), S.ISSUED),
    "reopen": (frozenset({S.ISSUED}), S.DRAFT),
}
NEEDS_REASON = {"reopen"}
ACTION_LABELS = {"issue": _("Issue (発行)"), "reopen": _("Reopen")}


def writing_save(*, form: ModelForm, parts: BaseInlineFormSet, by: Any) -> WrittenDocument:
    """The head and the new parts, after the document's own, together or not at all (and
    never over a newer save: record_save checks the revision)."""
    with transaction.atomic():
        if form.instance.pk:
            require(by, "writing.edit", form.instance)
        document = record_save(form=form, by=by)
        last = document.parts.aggregate(last=Max("order"))["last"] or 0
        for position, part_form in enumerate(kept_forms(parts, part_filled), start=last + 1):
            part = part_form.save(commit=False)
            part.document = document
            part.order = position
            part.save()
    return document


def writing_part_save(
    *, form: ModelForm, blocks: BaseInlineFormSet, revision: int | None, by: Any
) -> DocumentPart:
    """A part and its blocks, on the page opened at the document's `revision`."""
    part = form.instance
    require(by, "writing.edit", part.document)
    with transaction.atomic():
        revision_check(WrittenDocument, part.document_id, revision)
        structure.save_part(form=form, blocks=blocks)
    return part


def writing_part_action(*, part: DocumentPart, action: str, revision: int | None, by: Any) -> None:
    """Move, indent, outdent or delete one part in place (refused if the document was saved
    since the page showed `revision`, or if the parts could no longer be numbered)."""
    document = part.document
    require(by, "writing.edit", document)
    with transaction.atomic():
        revision_check(WrittenDocument, document.pk, revision)
        structure.rearrange(list(document.parts.select_for_update()), part, action)


def writing_transition(
    *, document: WrittenDocument, action: str, by: Any, reason: str = ""
) -> WrittenDocument:
    with transaction.atomic():
        locked = WrittenDocument.objects.select_for_update(of=("self",)).get(pk=document.pk)
        require(by, f"writing.{action}", locked)
        workflow.move(
            locked,
            table=FLOW,
            action=action,
            by=by,
            reason=reason,
            needs_reason=NEEDS_REASON,
            clears_reason=FLOW.keys(),
        )
        locked.save()
        if action == "issue":
            publish_pdf(document=locked, by=by)
        else:
            published.withdraw_pdf(document=locked, reason=reason.strip())
    return locked


# --- the PDF ---------------------------------------------------------------------------------


def context(document: WrittenDocument, user: Any = None) -> dict[str, Any]:
    """The document and what apps attach to it (registry.ATTACHMENTS), as `user` may read
    them; None: as every reader of the issued copy does."""
    return {
        "document": document,
        "council": document.council,
        "title": document.title,
        "parts": structure.numbered(document.parts.prefetch_related("blocks")),
        "attachments": [html for attach in registry.ATTACHMENTS for html in attach(document, user)],
        "is_draft": document.status == S.DRAFT,
    }


def render(
    document: WrittenDocument, publication: PublishedPDF | None = None, user: Any = None
) -> bytes:
    """Until it is issued, the PDF is marked 「案」; the issued copy prints its footer."""
    data = context(document, user) | {"publication": publication}
    return render_pdf("pdf/writing.html", data)


def publish_pdf(*, document: WrittenDocument, by: Any) -> PublishedPDF:
    return published.store(
        document,
        council_id=document.council_id,
        title=document.title,
        stem="writing",
        printed={},
        render=lambda publication: render(document, publication),
        by=by,
    )


def freeze_published(council_id: int) -> int:
    """Freeze the council's issued documents that have no frozen copy yet; returns how many."""
    issued = WrittenDocument.objects.filter(council_id=council_id, status=S.ISSUED)
    return published.freeze_all(
        issued.select_related("council", "body", "author_body", "fiscal_year"),
        lambda document: publish_pdf(document=document, by=None),
    )
