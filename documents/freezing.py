"""Freezing what is already published but has no frozen copy: seeded or imported data."""

from __future__ import annotations

from typing import Any

from hubs import services as hubs
from proposals import services as proposals
from subcommittees import services as subcommittees


def freeze_published(council_id: int, by: Any = None) -> int:
    """Freeze every published document of the council that has none yet; returns how many."""
    return sum(app.freeze_published(council_id, by=by) for app in (subcommittees, hubs, proposals))
