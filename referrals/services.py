"""Every write to the catalogue: a programme with its operating forms, and its removal."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.forms import BaseInlineFormSet, ModelForm

from council.permissions import require
from council.services import record_save
from referrals.models import SocialResource


def resource_save(*, form: ModelForm, forms: BaseInlineFormSet, by: Any) -> SocialResource:
    """The programme and its operating forms, saved together or not at all (a clash on a
    unique key is named on the form by council.views.helpers.saved)."""
    require(by, "resource.edit", form.instance)
    with transaction.atomic():
        resource = record_save(form=form, by=by)
        forms.instance = resource
        forms.save()
    return resource


def resource_delete(*, resource: SocialResource, by: Any) -> None:
    """Remove the programme; its operating forms go with it, each leaving a history record."""
    require(by, "resource.edit", resource)
    resource._history_user = by
    resource.delete()
