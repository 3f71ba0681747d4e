"""What waits for a reader, listed on their dashboard. The core knows no domain app: each app
registers a source (at start-up, in its AppConfig) that returns the reader's to-dos."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from council.permissions import Access


@dataclass(frozen=True)
class Todo:
    label: str
    url: str
    detail: str = ""  # e.g. the reason a document was returned


# source(access, council id, fiscal year id) → the reader's to-dos in that year
Source = Callable[[Access, int, int], list[Todo]]
SOURCES: list[Source] = []


def register(source: Source) -> None:
    SOURCES.append(source)


def todos_for(access: Access, council_id: int, fiscal_year_id: int) -> list[Todo]:
    return [todo for source in SOURCES for todo in source(access, council_id, fiscal_year_id)]
