"""Every write to the catalogue: a programme with its operating forms, and its removal."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.forms import BaseInlineFormSet, ModelForm

from council.permissions import require
from council.services import StaleEdit, record_save
from referrals.models import SocialResource


def resource_save(*, form: ModelForm, forms: BaseInlineFormSet, by: Any) -> SocialResource:
    """The programme and its operating forms, saved together or not at all."""
    require(by, "resource.edit", form.instance)
    try:
        with transaction.atomic():
            resource = record_save(form=form, by=by)
            forms.instance = resource
            for row in forms.forms:
                row.instance._history_user = by
            forms.save()
    except IntegrityError:
        raise StaleEdit from None
    return resource


def resource_delete(*, resource: SocialResource, by: Any) -> None:
    require(by, "resource.edit", resource)
    resource._history_user = by
    with transaction.atomic():
        for operating_form in resource.operating_forms.all():
            operating_form._history_user = by
            operating_form.delete()
        resource.delete()
