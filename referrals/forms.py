"""The catalogue's edit form (the programme and its operating forms, with their site counts),
and the case side's: opening a case with its consent, and counting anonymous intakes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from council.forms import RevisionedForm
from council.models import SHEET_TEXT, Body, Council, Organization
from referrals.models import (
    AgeBand,
    AnonymousIntake,
    Consent,
    DisabilityType,
    IntakeSource,
    OperatingForm,
    SocialResource,
)


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


class CaseOpenForm(forms.Form):
    """相談受付: the person's consent first (a case is opened only with it), then the
    non-identifying record, then who the person is."""

    consent_scope = forms.ChoiceField(label=_("Consent covers"), choices=Consent.Scope.choices)
    consent_given_on = forms.DateField(
        label=_("Consent given on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    consent_form = forms.ChoiceField(label=_("Consent given"), choices=Consent.Form.choices)
    source = forms.ChoiceField(label=_("Source"), choices=IntakeSource.choices)
    opened_on = forms.DateField(
        label=_("Opened on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices)
    disability_type = forms.ChoiceField(label=_("Disability type"), choices=DisabilityType.choices)
    district = forms.CharField(label=_("District"), max_length=50, required=False)
    name = forms.CharField(label=_("Name"), max_length=100)
    name_kana = forms.CharField(label=_("Name (kana)"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_("Birth date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given, opened = data.get("consent_given_on"), data.get("opened_on")
        if given and opened and given > opened:
            self.add_error(
                "consent_given_on", _("A case is opened only after the consent is given.")
            )
        return data


class AnonymousIntakeForm(forms.ModelForm):
    class Meta:
        model = AnonymousIntake
        fields = ["received_on", "count", "source", "note"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"})}

    def clean_count(self) -> int:
        count = self.cleaned_data["count"]
        if count < 1:
            raise forms.ValidationError(_("Count at least one consultation."))
        return count


class CaseIssueForm(forms.Form):
    """A regional issue raised from a case: what it is about, in words that name nobody (the
    service checks), and the body that takes it up."""

    title = forms.CharField(label=_("Title"), max_length=200)
    background = forms.CharField(
        label=_("Background"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=SHEET_TEXT,
    )
    owner = forms.ModelChoiceField(label=_("Owner body"), queryset=Body.objects.none())
    confirm_small_group = forms.BooleanField(
        label=_(
            "I have checked that the issue cannot identify the person although fewer than three "
            "cases share their age band, district and disability type."
        ),
        required=False,
    )

    def __init__(self, *args: Any, council: Council, small_group: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Body.objects.filter(council=council)
        if not small_group:
            del self.fields["confirm_small_group"]
