"""The engine's rules for a document's parts: their printed numbers, which structures can be
numbered, moving a part in place, and saving a part with its blocks. Every structured
document (提言, WrittenDocument) goes through these; each app checks its own permission and
revision first."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model
from django.forms import BaseInlineFormSet, ModelForm
from django.utils.translation import gettext_lazy as _

from council.services import ordered_save
from documents import numbering
from documents.models import LEVELS, Block, Part

Style = numbering.Style
# Each level's usual number: １ →（１）→ 〇 → (ア).
LEVEL_STYLES = {1: Style.FW, 2: Style.FW_PAREN, 3: Style.MARU, 4: Style.KANA_PAREN}

PART_ACTIONS = {
    "up": _("Move up"),
    "down": _("Move down"),
    "indent": _("Indent"),
    "outdent": _("Outdent"),
    "delete": _("Delete"),
}


@dataclass(frozen=True)
class Numbered:
    part: Part
    label: str

    @property
    def heading_label(self) -> str:
        """The number as it stands before a heading (１　相談, （１）登録, １、相談)."""
        return numbering.with_gap(self.label)


def style_of(part: Part) -> str:
    return part.numbering or LEVEL_STYLES[part.level]


def numbered(parts: Iterable[Part], style: Callable[[Part], str] = style_of) -> list[Numbered]:
    """The parts with their printed numbers, each counted within its parent."""
    parts = list(parts)
    labels = numbering.labels((part.level, style(part)) for part in parts)
    return [Numbered(part, label) for part, label in zip(parts, labels, strict=True)]


def structure_errors(levels: Iterable[int | None]) -> list[str]:
    """Why parts at these levels cannot be numbered: a （１） or a 〇 needs a １ above it.
    Deeper levels may skip one (a 〇 straight under a １ is common). None: a part outside
    the tree (a proposal's principle), counted in the positions only."""
    errors = []
    seen_first_level = False
    for position, level in enumerate(levels, start=1):
        if level is None:
            continue
        if level > 1 and not seen_first_level:
            errors.append(
                _("Section %(n)d needs a first-level section (１) above it.") % {"n": position}
            )
        seen_first_level = seen_first_level or level == 1
    return errors


class PartRefused(ValueError):
    """A move that would leave the parts unnumberable, or delete a part that must be kept."""


def rearrange(
    parts: list[Part],
    part: Part,
    action: str,
    levels: Callable[[list[Part]], Iterable[int | None]] = lambda parts: [p.level for p in parts],
) -> None:
    """Move `part` up or down, indent, outdent or delete it among `parts` (locked, in their
    order), then number them 1… again; refused (PartRefused) when `levels` of the result
    could not be numbered. The caller holds the transaction, so a refused delete is undone."""
    parts = list(parts)
    index = next(i for i, each in enumerate(parts) if each.pk == part.pk)
    part = parts[index]
    if action == "up" and index > 0:
        parts[index - 1], parts[index] = part, parts[index - 1]
    elif action == "down" and index < len(parts) - 1:
        parts[index + 1], parts[index] = part, parts[index + 1]
    elif action == "indent":
        part.level = min(part.level + 1, LEVELS)
    elif action == "outdent":
        part.level = max(part.level - 1, 1)
    elif action == "delete":
        parts.pop(index).delete()
    errors = structure_errors(levels(parts))
    if errors:
        raise PartRefused(errors[0])
    for position, each in enumerate(parts, start=1):
        each.order = position
        each.save(update_fields=["order", "level"])


def block_filled(block_form: ModelForm) -> bool:
    """A block row kept: one with something typed (a closing mark needs none: it prints 以上)."""
    data = block_form.cleaned_data
    return bool(
        data.get("text")
        or data.get("label")
        or data.get("title")
        or (data.get("kind") == Block.Kind.CLOSING and block_form.has_changed())
    )


def save_part(*, form: ModelForm, blocks: BaseInlineFormSet) -> Model:
    """A part (its heading, text, number, tags) and its blocks in the order typed; empty block
    rows are ignored. The caller holds the transaction and has checked the revision."""
    part = form.save()
    ordered_save(blocks, part, filled=block_filled)
    return part
