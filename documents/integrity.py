"""Stored files and their recorded SHA-256: what `verify_documents` checks and backups carry.

A published PDF is the document as approved; an attachment is what a member uploaded. Both
record the hash taken when they were stored, so a changed, truncated or lost file shows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Model

from council.models import Council, MeetingAttachment, PublishedPDF

# Every model that stores a file with its hash (a test checks no FileField is left out).
HASHED: tuple[type[Model], ...] = (PublishedPDF, MeetingAttachment)
# Files that are settings, not records: the council's logo is replaced at will (a new name each
# time), and every PDF that printed it embeds its own copy. Backups still carry it.
UNHASHED: tuple[type[Model], ...] = (Council,)
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Problem:
    model: str
    pk: int
    name: str  # the file's storage name
    kind: str  # "missing" or "changed"
    expected: str
    found: str = ""

    def __str__(self) -> str:
        detail = f"expected {self.expected}" + (f", found {self.found}" if self.found else "")
        return f"{self.kind}: {self.model} #{self.pk} {self.name} ({detail})"


def sha256_of(file: object) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(CHUNK), b""):  # type: ignore[attr-defined]
        digest.update(chunk)
    return digest.hexdigest()


def stored(model: type[Model]) -> Iterator[Model]:
    # iterator(): a prefecture's installation holds many thousands; never load them all at once.
    return model.objects.only("pk", "file", "sha256").order_by("pk").iterator(chunk_size=500)


def verify() -> tuple[int, list[Problem]]:
    """(files checked, problems): re-hash every stored file against its recorded SHA-256."""
    checked, problems = 0, []
    for model in HASHED:
        for obj in stored(model):
            checked += 1
            label = model._meta.label
            try:
                with obj.file.open("rb") as handle:
                    found = sha256_of(handle)
            except (FileNotFoundError, OSError):
                problems.append(Problem(label, obj.pk, obj.file.name, "missing", obj.sha256))
                continue
            if found != obj.sha256:
                problems.append(Problem(label, obj.pk, obj.file.name, "changed", obj.sha256, found))
    return checked, problems
