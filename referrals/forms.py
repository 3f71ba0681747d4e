"""The catalogue's edit form: the programme and its operating forms (with their site counts)."""

from __future__ import annotations

from typing import Any

from django import forms

from council.forms import RevisionedForm
from council.models import Council, Organization
from referrals.models import OperatingForm, SocialResource


class SocialResourceForm(RevisionedForm):
    class Meta:
        model = SocialResource
        fields = [
            "group",
            "target_field",
            "name",
            "description",
            "department",
            "operator",
            "count_label",
            "count_value",
            "accepts",
            "capacity",
            "free_places",
            "contact",
            "order",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "accepts": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["operator"].queryset = Organization.objects.filter(council=council)


OperatingFormFormSet = forms.inlineformset_factory(
    SocialResource,
    OperatingForm,
    fields=["kind", "sites"],
    extra=2,
    can_delete=True,
)
