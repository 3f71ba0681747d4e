"""Writes of a network's profile and its study visits: the record and its rows together."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.forms import BaseInlineFormSet, ModelForm

from council.services import record_save
from networks.models import NetworkProfile, StudyVisit


def _save_rows(rows: BaseInlineFormSet, parent: Any) -> None:
    """The rows that stay, numbered in page order; an empty row (the spare one) is skipped."""
    rows.instance = parent
    rows.save(commit=False)
    for obj in rows.deleted_objects:
        obj.delete()
    kept = [f for f in rows.forms if f.has_changed() or f.instance.pk]
    kept = [f for f in kept if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    for position, row_form in enumerate(kept, start=1):
        row = row_form.instance
        if row_form.has_changed() or row.order != position:
            setattr(row, rows.fk.name, parent)
            row.order = position
            row.save()


def profile_save(
    *, form: ModelForm, purposes: BaseInlineFormSet, composition: BaseInlineFormSet, by: Any
) -> NetworkProfile:
    with transaction.atomic():
        profile = record_save(form=form, by=by)
        _save_rows(purposes, profile)
        _save_rows(composition, profile)
    return profile


def visit_save(*, form: ModelForm, findings: BaseInlineFormSet, by: Any) -> StudyVisit:
    with transaction.atomic():
        visit = record_save(form=form, by=by)
        _save_rows(findings, visit)
    return visit
