"""States and transitions: one table per document, one function to apply it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class InvalidTransition(Exception):
    """The action is not allowed from the document's current state."""


Table = dict[str, tuple[frozenset[str], str]]


def apply(table: Table, action: str, current: str) -> str:
    try:
        sources, target = table[action]
    except KeyError:
        raise InvalidTransition(_("Unknown action.")) from None
    if current not in sources:
        raise InvalidTransition(_("This action is not possible in the current state."))
    return target


def allowed_actions(table: Table, current: str) -> list[str]:
    return [action for action, (sources, _target) in table.items() if current in sources]


DRAFT, CONFIRMED, PUBLISHED = "draft", "confirmed", "published"

# 議事録: 案 → 確定 → 公開; reopening sends it back to 案.
MINUTES: Table = {
    "confirm": (frozenset({DRAFT}), CONFIRMED),
    "publish": (frozenset({CONFIRMED}), PUBLISHED),
    "reopen": (frozenset({CONFIRMED, PUBLISHED}), DRAFT),
}

MINUTES_ACTION_LABELS = {
    "confirm": _("Confirm the minutes"),
    "publish": _("Publish the minutes"),
    "reopen": _("Reopen the minutes as a draft"),
}
