"""Which records have a history page, and how a change reads on it.

Every app registers its models here beside its permission rules (`register_history`), with the
records that belong on the same page (a meeting's bullets, attendance and papers; a sheet's
comments), so the core imports no app. An entry reads as a person would say it: Japanese
field labels, the choices' labels (下書き → 確定), the workflow action's name, the related
record's name instead of its id, and people by name, never by their login.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from council.models import Person
from council.permissions import can
from council.templatetags.wareki import clock, wareki

# Bookkeeping, not content: the revision counter, who moved the status last (the entry says
# who), stored paths and hashes (the file's name is kept in original_name), search text.
EXCLUDED = {
    "id",
    "council",  # the page's own council
    "revision",
    "status_changed_at",
    "status_changed_by",
    "search_text",
    "updated_at",
    "file",
    "sha256",
    "uploaded_by",
    "uploaded_at",
}


@dataclass(frozen=True)
class Related:
    """Records shown on another record's history: those whose `parent` is the object's
    `via` (its pk, or e.g. the council of a hub's set-up); `subject` names which one it is."""

    model: type[models.Model]
    parent: str
    subject: tuple[str, ...] = ()
    via: str = "pk"


@dataclass(frozen=True)
class Tracked:
    model: type[models.Model]
    related: tuple[Related, ...] = ()
    select: tuple[str, ...] = ()  # what the permission rule reads, fetched with the record
    actions: Mapping[str, Any] = field(default_factory=dict)  # change reason → its label
    lists: Mapping[str, type[models.TextChoices]] = field(default_factory=dict)  # JSON lists


HISTORY: dict[str, Tracked] = {}
SLUGS: dict[type[models.Model], str] = {}
# Change reasons written by commands (the demo's loaders) rather than by a workflow action.
REASONS: dict[str, Any] = {}


def register_history(
    slug: str,
    model: type[models.Model],
    *,
    related: Iterable[Related] = (),
    select: Iterable[str] = (),
    actions: Mapping[str, Any] | None = None,
    lists: Mapping[str, type[models.TextChoices]] | None = None,
) -> None:
    if slug in HISTORY or model in SLUGS:
        raise ValueError(f"history registered twice: {slug}")
    HISTORY[slug] = Tracked(model, tuple(related), tuple(select), actions or {}, lists or {})
    SLUGS[model] = slug


def register_reasons(labels: Mapping[str, Any]) -> None:
    REASONS.update(labels)


def history_url(user: Any, obj: models.Model | None) -> str:
    """The object's history page if the user may read it, else "" (templates test it)."""
    if obj is None or obj.pk is None or type(obj) not in SLUGS:
        return ""
    if not can(user, "history.view", obj):
        return ""
    return reverse("council:history", args=[SLUGS[type(obj)], obj.pk])


# --- reading the history ----------------------------------------------------------------


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    what: str  # 会議「就労部会 第1回」: 変更 / 出欠（佐々木）: 作成
    kind: str  # "+", "~" or "-"
    reason: str
    changes: list[tuple[str, str, str]]  # (field label, old, new), values as shown


def entries(tracked: Tracked, obj: models.Model) -> list[Entry]:
    """Every change to the object and its related records, newest first."""
    groups: list[tuple[type[models.Model], tuple[str, ...], str, list[Any]]] = [
        (
            tracked.model,
            (),
            "",
            list(tracked.model.history.filter(id=obj.pk).order_by("history_date", "history_id")),
        )
    ]
    for rel in tracked.related:
        rows = rel.model.history.filter(**{f"{rel.parent}_id": getattr(obj, rel.via)})
        groups.append(
            (rel.model, rel.subject, rel.parent, list(rows.order_by("history_date", "history_id")))
        )
    records = [record for *_, rows in groups for record in rows]
    names = _Names(records, [model for model, *_ in groups])
    result = []
    for model, subject, parent, rows in groups:
        lists = tracked.lists if model is tracked.model else {}
        fields = _shown_fields(model, exclude={parent})
        previous: dict[Any, Any] = {}
        for record in rows:
            before = previous.get(record.id)
            previous[record.id] = record
            if record.history_type == "-":
                changes = []
            elif before is None:
                changes = [
                    (str(f.verbose_name), "", names.show(f, getattr(record, f.attname), lists))
                    for f in fields
                    if getattr(record, f.attname) not in (None, "", [], False)
                ]
            else:
                changes = [
                    (
                        str(f.verbose_name),
                        names.show(f, getattr(before, f.attname), lists),
                        names.show(f, getattr(record, f.attname), lists),
                    )
                    for f in fields
                    if getattr(before, f.attname) != getattr(record, f.attname)
                ]
                if not changes and not record.history_change_reason:
                    continue  # a save that changed nothing the page shows
            result.append(
                Entry(
                    when=record.history_date,
                    who=names.user(record.history_user_id),
                    what=_what(model, record, subject, fields, names),
                    kind=record.history_type,
                    reason=_reason(record.history_change_reason or "", tracked.actions),
                    changes=changes,
                )
            )
    result.sort(key=lambda e: e.when, reverse=True)
    return result


def _shown_fields(model: type[models.Model], exclude: set[str]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and f.name not in EXCLUDED and f.name not in exclude
    ]


def _what(
    model: type[models.Model],
    record: Any,
    subject: tuple[str, ...],
    fields: list[models.Field],
    names: _Names,
) -> str:
    label = str(model._meta.verbose_name)
    if not subject:
        return label
    by_name = {f.name: f for f in model._meta.concrete_fields}
    shown = [by_name[name] for name in subject]
    which = " ".join(names.show(f, getattr(record, f.attname), {}) for f in shown)
    return f"{label}（{which}）" if which.strip() else label


def _reason(reason: str, actions: Mapping[str, Any]) -> str:
    """A workflow action's name for its code ("minutes.publish" → 議事録を公開), with the
    reason typed with it where older rows kept one ("return: …")."""
    code, _sep, typed = reason.partition(": ")
    label = actions.get(code) or REASONS.get(code)
    if label is None:
        return reason
    return f"{label}：{typed}" if typed else str(label)


class _Names:
    """The names of everything the entries refer to by id, read in one query per model."""

    def __init__(self, records: list[Any], models_shown: list[type[models.Model]]) -> None:
        wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        user_model = get_user_model()
        for record in records:
            if record.history_user_id:
                wanted[user_model].add(record.history_user_id)
            for f in type(record).instance_type._meta.concrete_fields:
                if f.is_relation and f.name not in EXCLUDED:
                    value = getattr(record, f.attname)
                    if value is not None:
                        wanted[f.related_model].add(value)
        self.names: dict[tuple[type[models.Model], Any], str] = {}
        for model, ids in wanted.items():
            self.names.update({(model, pk): name for pk, name in _names_of(model, ids).items()})

    def user(self, user_id: int | None) -> str:
        if user_id is None:
            return str(_("(system)"))
        return self.names.get((get_user_model(), user_id), str(_("an account without a name")))

    def show(self, f: models.Field, value: Any, lists: Mapping[str, Any]) -> str:
        if value is None or value == "":
            return ""
        if f.is_relation:
            name = self.names.get((f.related_model, value))
            return name if name is not None else str(_("(deleted record)"))
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if isinstance(f, models.BooleanField):
            return str(_("Yes") if value else _("No"))
        if isinstance(f, models.DateTimeField):
            return f"{wareki(value)} {clock(value)}"
        if isinstance(f, models.DateField):
            return wareki(value)
        if isinstance(f, models.TimeField):
            return clock(value)
        if isinstance(value, list):
            labels = dict(lists[f.name].choices) if f.name in lists else {}
            return "、".join(str(labels.get(item, item)) for item in value)
        return str(value)


def _names_of(model: type[models.Model], ids: set[Any]) -> dict[Any, str]:
    """What the history page calls each: a person by name, a login by the person it belongs
    to (else its full name, never the login name), anything else as it prints itself."""
    if model is get_user_model():
        people = _person_names(ids)
        users = model._base_manager.filter(pk__in=ids).only("first_name", "last_name")
        named = {u.pk: u.get_full_name() for u in users if u.get_full_name()}
        return named | people
    if model is Person:
        return dict(Person._base_manager.filter(pk__in=ids).values_list("pk", "name"))
    rows = model._base_manager.filter(pk__in=ids).select_related()
    return {obj.pk: str(obj) for obj in rows}


def _person_names(user_ids: set[Any]) -> dict[Any, str]:
    rows = Person._base_manager.filter(user_id__in=user_ids).values_list("user_id", "name")
    return dict(rows)
