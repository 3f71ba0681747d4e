"""Frozen documents: the PDF rendered once when a document is published (or sent to the city),
stored with its SHA-256 and served byte for byte. At most one is current per document;
reopening withdraws it but keeps it, so history shows what was published."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from council import workflow
from council.models import PublishedPDF


def store(
    document: Model, *, council_id: int, title: str, stem: str, content: bytes, by: Any
) -> PublishedPDF:
    """Keep `content` as the document's current PDF, stored as `<stem>-<pk>-<hash>.pdf`."""
    digest = hashlib.sha256(content).hexdigest()
    pdf = PublishedPDF(
        council_id=council_id,
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        title=title,
        sha256=digest,
        size=len(content),
        published_by=by,
    )
    pdf.file.save(f"{stem}-{document.pk}-{digest[:12]}.pdf", ContentFile(content), save=False)
    pdf.save()
    return pdf


def current_pdf(document: Model) -> PublishedPDF | None:
    # One current PDF per document (a unique constraint).
    return PublishedPDF.objects.filter(
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        withdrawn_at__isnull=True,
    ).one_or_none()


def withdraw_pdf(*, document: Model, reason: str) -> None:
    current = current_pdf(document)
    if current is not None:
        current.withdrawn_at = timezone.now()
        current.withdrawn_reason = reason
        current.save(update_fields=["withdrawn_at", "withdrawn_reason"])


def frozen_pdf(document: Model, publish: Callable[[], PublishedPDF]) -> PublishedPDF:
    """The stored PDF; a document published before PDFs were kept (imported or seeded data) is
    frozen by `publish` on first request, once."""
    current = current_pdf(document)
    if current is not None:
        return current
    try:
        with transaction.atomic():
            return publish()
    except IntegrityError:  # a concurrent request froze it first
        return current_pdf(document)  # type: ignore[return-value]


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
