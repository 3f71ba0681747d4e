"""Frozen documents: the PDF rendered once when a document is published (or sent to the city),
stored with its SHA-256 and served byte for byte, and the records it printed, which its page
shows from then on. At most one is current per document;
reopening withdraws it but keeps it, so history shows what was published."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from council import workflow
from council.models import PublishedPDF


def fingerprint(document: Model, printed: dict[str, Any]) -> str:
    """SHA-256 of what the document says: its own fields and the records it printed."""
    fields = json.loads(serializers.serialize("json", [document]))[0]["fields"]
    text = json.dumps(
        {"document": fields, "printed": printed}, sort_keys=True, cls=DjangoJSONEncoder
    )
    return hashlib.sha256(text.encode()).hexdigest()


def store(
    document: Model,
    *,
    council_id: int,
    title: str,
    stem: str,
    printed: dict[str, Any],
    render: Callable[[PublishedPDF], bytes],
    by: Any,
) -> PublishedPDF:
    """Freeze the document: its `printed` records and the PDF `render` makes of them, stored
    as `<stem>-<pk>-<hash>.pdf`. The row is saved first: its number prints in the footer."""
    pdf = PublishedPDF.objects.create(
        council_id=council_id,
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        title=title,
        sha256="",
        size=0,
        printed=printed,
        fingerprint=fingerprint(document, printed),
        published_by=by,
    )
    content = render(pdf)
    pdf.sha256 = hashlib.sha256(content).hexdigest()
    pdf.size = len(content)
    name = f"{stem}-{document.pk}-{pdf.sha256[:12]}.pdf"
    pdf.file.save(name, ContentFile(content), save=False)
    pdf.save(update_fields=["file", "sha256", "size"])
    return pdf


class StoredCopyDamaged(Exception):
    """A frozen PDF's file is missing, or no longer hashes to what was recorded."""

    def __init__(self, pdf: PublishedPDF, *, missing: bool) -> None:
        problem = "the stored file is missing" if missing else "SHA-256 differs from the record"
        super().__init__(f"published PDF {pdf.pk} ({pdf.file.name}): {problem}")
        self.missing = missing


def stored_content(pdf: PublishedPDF) -> bytes:
    """The frozen PDF's bytes, only while they hash to what was recorded at publication."""
    try:
        with pdf.file.open("rb") as stored:
            content = stored.read()
    except FileNotFoundError as error:
        raise StoredCopyDamaged(pdf, missing=True) from error
    if hashlib.sha256(content).hexdigest() != pdf.sha256:
        raise StoredCopyDamaged(pdf, missing=False)
    return content


def current_pdf(document: Model) -> PublishedPDF | None:
    # One current PDF per document (a unique constraint).
    return PublishedPDF.objects.filter(
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        withdrawn_at__isnull=True,
    ).one_or_none()


def earlier_publications(document: Model) -> QuerySet:
    """The document's withdrawn publications, newest first: what it said before each reopening."""
    return PublishedPDF.objects.filter(
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        withdrawn_at__isnull=False,
    ).order_by("-published_at")


def unfrozen(queryset: QuerySet) -> QuerySet:
    """The documents of `queryset` without a current frozen PDF (imported or seeded data)."""
    kind = ContentType.objects.get_for_model(queryset.model)
    current = PublishedPDF.objects.filter(content_type=kind, withdrawn_at__isnull=True)
    return queryset.exclude(pk__in=current.values("object_id"))


def freeze_all(queryset: QuerySet, freeze: Callable[[Any], Any]) -> int:
    """`freeze` each document of `queryset` that has no frozen copy yet; returns how many."""
    documents = list(unfrozen(queryset))
    for document in documents:
        freeze(document)
    return len(documents)


def withdraw_pdf(*, document: Model, reason: str) -> None:
    current = current_pdf(document)
    if current is not None:
        current.withdrawn_at = timezone.now()
        current.withdrawn_reason = reason
        current.save(update_fields=["withdrawn_at", "withdrawn_reason"])


def transition(document: Model, *, publish: Callable[[Any], Any], **step: Any) -> Any:
    """A workflow step (workflow.transition's arguments) that freezes the PDF on 公開 and
    withdraws it on reopening, committed together with the move."""
    with transaction.atomic():
        locked = workflow.transition(document, **step)
        if step["action"] == "publish":
            publish(locked)
        elif step["action"] == "reopen":
            withdraw_pdf(document=locked, reason=step.get("reason", "").strip())
    return locked
