"""States and transitions: one table per document, one function to apply it."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models import DocumentStatus
from council.permissions import require


class InvalidTransition(Exception):
    """The action is not allowed from the document's current state."""


class ReasonRequired(ValueError):
    message = _("Please give a reason.")


Table = dict[str, tuple[frozenset[str], str]]


def apply(table: Table, action: str, current: str) -> str:
    try:
        sources, target = table[action]
    except KeyError:
        raise InvalidTransition(_("Unknown action.")) from None
    if current not in sources:
        raise InvalidTransition(_("This action is not possible in the current state."))
    return target


def move(
    locked: Any,
    *,
    table: Table,
    action: str,
    by: Any,
    reason: str,
    needs_reason: Collection[str],
    clears_reason: Collection[str] = (),
) -> None:
    """Apply `action` to a document locked for update and record who, when and why; the
    caller saves it. A returned or reopened document keeps its reason until `clears_reason`."""
    target = apply(table, action, locked.status)
    reason = reason.strip()
    if action in needs_reason and not reason:
        raise ReasonRequired(ReasonRequired.message)
    locked.status = target
    if action in needs_reason:
        locked.status_reason = reason
    elif action in clears_reason:
        locked.status_reason = ""
    locked.status_changed_at = timezone.now()
    locked.status_changed_by = by
    # The action alone: the reason is in status_reason (history shows it) and the column
    # holds 100 characters, a typed reason up to 2000.
    locked._change_reason = action
    locked._history_user = by  # who, also when no request is running (a command, a test)


STATUS_FIELDS = ["status", "status_reason", "status_changed_at", "status_changed_by"]


def transition(
    document: Any,
    *,
    action: str,
    by: Any,
    perm: str,
    table: Table,
    reason: str = "",
    needs_reason: Collection[str] = (),
    clears_reason: Collection[str] = (),
    related: Sequence[str] = (),
) -> Any:
    """Lock the document's row, check `perm` on it, apply `action` (move) and save the status
    fields; returns the locked copy, its `related` read with it. Call it inside the caller's
    transaction.atomic() when more work must commit with the move (publishing freezes a PDF)."""
    with transaction.atomic():
        locked = (
            type(document)
            .objects.select_for_update(of=("self",))
            .select_related(*related)
            .get(pk=document.pk)
        )
        require(by, perm, locked)
        move(
            locked,
            table=table,
            action=action,
            by=by,
            reason=reason,
            needs_reason=needs_reason,
            clears_reason=clears_reason,
        )
        locked.save(update_fields=STATUS_FIELDS)
    return locked


def allowed_actions(table: Table, current: str) -> list[str]:
    return [action for action, (sources, _target) in table.items() if current in sources]


# The yearly documents (the subcommittees' sheets, the hub's review) share one table.
D, S, A, P = (
    DocumentStatus.DRAFT,
    DocumentStatus.SUBMITTED,
    DocumentStatus.APPROVED,
    DocumentStatus.PUBLISHED,
)

# 下書き → 提出 → 差戻し (back to 下書き, with a reason) or 承認 → 公開; reopening needs a reason.
SHEET: Table = {
    "submit": (frozenset({D}), S),
    "return": (frozenset({S}), D),
    "approve": (frozenset({S}), A),
    "publish": (frozenset({A}), P),
    "reopen": (frozenset({A, P}), D),
}
NEEDS_REASON = {"return", "reopen"}
ACTION_LABELS = {
    "submit": _("Submit"),
    "return": _("Return with a reason"),
    "approve": _("Approve"),
    "publish": _("Publish"),
    "reopen": _("Reopen"),
}


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
