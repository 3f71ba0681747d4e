"""What each domain app lends the documents layer, registered from its AppConfig.ready(), so
that documents/ (and the apps themselves) import no other domain app:

- `FREEZERS`: freeze the council's published documents that have no frozen copy yet (seeded or
  imported data), returning how many: `freeze_published` and seed_demo call them all;
- `ANNUAL_PARTS`: the PDFs an app adds to the annual report after the bodies' documents (the
  hub's review), as (title, bytes) for a fiscal year and the reader;
- `ATTACHMENTS`: what an app prints after a written document's parts (a year plan's table), as
  rendered template fragments, for the document and its reader (None: every reader, as the
  issued copy is frozen for all);
- `SENSITIVE`: the models holding special-care personal information (要配慮個人情報), by label
  ("app.Model") with what they hold: a backup that contains any of their rows says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

FREEZERS: list[Callable[[int], int]] = []
ANNUAL_PARTS: list[Callable[[Any, Any], list[tuple[str, bytes]]]] = []
ATTACHMENTS: list[Callable[[Any, Any], list[str]]] = []
SENSITIVE: dict[str, str] = {}


def sensitive_rows() -> dict[str, dict[str, Any]]:
    """label → {"rows", "holds"} of every registered sensitive model that has rows."""
    from django.apps import apps

    found = {}
    for label, holds in SENSITIVE.items():
        rows = apps.get_model(label)._default_manager.count()
        if rows:
            found[label] = {"rows": rows, "holds": holds}
    return found


def freeze_published(council_id: int) -> int:
    """Freeze every published document of the council that has none yet; returns how many."""
    return sum(freeze(council_id) for freeze in FREEZERS)
