"""Writes of a network's profile and its study visits: the record and its rows together."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.forms import BaseInlineFormSet, ModelForm

from council.services import ordered_save, record_save
from networks.models import NetworkProfile, StudyVisit


def profile_save(
    *, form: ModelForm, purposes: BaseInlineFormSet, composition: BaseInlineFormSet, by: Any
) -> NetworkProfile:
    with transaction.atomic():
        profile = record_save(form=form, by=by)
        ordered_save(purposes, profile)
        ordered_save(composition, profile)
    return profile


def visit_save(*, form: ModelForm, findings: BaseInlineFormSet, by: Any) -> StudyVisit:
    with transaction.atomic():
        visit = record_save(form=form, by=by)
        ordered_save(findings, visit)
    return visit
