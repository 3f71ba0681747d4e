"""What each domain app lends the documents layer, registered from its AppConfig.ready(), so
that documents/ (and the apps themselves) import no other domain app:

- `FREEZERS`: freeze the council's published documents that have no frozen copy yet (seeded or
  imported data), returning how many: `freeze_published` and seed_demo call them all;
- `ANNUAL_PARTS`: the PDFs an app adds to the annual report after the bodies' documents (the
  hub's review), as (title, bytes) for a fiscal year and the reader.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

FREEZERS: list[Callable[[int], int]] = []
ANNUAL_PARTS: list[Callable[[Any, Any], list[tuple[str, bytes]]]] = []


def freeze_published(council_id: int) -> int:
    """Freeze every published document of the council that has none yet; returns how many."""
    return sum(freeze(council_id) for freeze in FREEZERS)
