"""The catalogue's edit form (the programme and its operating forms, with their site counts,
and its description's blocks, figures and facilities), and the case side's: opening a case
with its consent, and counting anonymous intakes."""

from __future__ import annotations

import calendar
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.forms import RevisionedForm
from council.models import REASON_TEXT, SHEET_TEXT, Body, Council, Organization
from council.roles import Role
from referrals.models import (
    AgeBand,
    AnonymousIntake,
    Case,
    CaseMatch,
    CasePlan,
    Consent,
    DisabilityType,
    EmergencyRegistration,
    FollowUp,
    IntakeSource,
    KeepInTouch,
    OperatingForm,
    ResourceBlock,
    ResourceFacility,
    ResourceFigure,
    SocialResource,
)
from referrals.workflow import NEEDS_EVALUATION, NEEDS_REASON, UNSUCCESSFUL


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

# The description's parts: without JavaScript each list shows its rows and one empty row; a
# longer description is saved, then edited again for the next row. The order boxes (ORDER)
# and delete boxes come from the formset; services.resource_save numbers the kept rows 1, 2, 3.
DATE = forms.DateInput(attrs={"type": "date"})


class ResourceFigureForm(forms.ModelForm):
    class Meta:
        model = ResourceFigure
        fields = ["label", "value", "unit", "area", "as_of", "as_of_precision"]
        widgets = {"as_of": DATE}
        help_texts = {
            "value": _("As it is to be printed: 74, 1,652."),
            "area": _("Leave empty for the whole city; a ward or district for a per-area count."),
            "as_of": _("For the end of a month, any day of that month."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        as_of = data.get("as_of")
        if as_of and data.get("as_of_precision") == ResourceFigure.Precision.MONTH:
            # 令和4年12月末: the figure counts to the month's last day, whatever day was typed.
            last = calendar.monthrange(as_of.year, as_of.month)[1]
            data["as_of"] = as_of.replace(day=last)
        return data


ResourceBlockFormSet = forms.inlineformset_factory(
    SocialResource,
    ResourceBlock,
    fields=["kind", "text"],
    widgets={"text": forms.Textarea(attrs={"rows": 3})},
    extra=1,
    can_delete=True,
    can_order=True,
)

ResourceFigureFormSet = forms.inlineformset_factory(
    SocialResource,
    ResourceFigure,
    form=ResourceFigureForm,
    extra=1,
    can_delete=True,
    can_order=True,
)

ResourceFacilityFormSet = forms.inlineformset_factory(
    SocialResource,
    ResourceFacility,
    fields=["name", "address", "opened_on", "activity_groups", "activity_count", "note"],
    widgets={"opened_on": DATE, "note": forms.Textarea(attrs={"rows": 2})},
    extra=1,
    can_delete=True,
    can_order=True,
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


class CaseEditForm(RevisionedForm):
    """The case's record (nothing of its identity): its anonymous attributes, who works on it
    and answers for it, and the organisation it is referred to (whose hub providers then see
    it until `referral_until`)."""

    class Meta:
        model = Case
        fields = [
            "age_band",
            "district",
            "disability_type",
            "assigned_workers",
            "case_managers",
            "referred_organization",
            "referral_until",
        ]
        widgets = {
            "assigned_workers": forms.CheckboxSelectMultiple,
            "case_managers": forms.CheckboxSelectMultiple,
            "referral_until": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council = self.instance.council_id
        users = get_user_model().objects.filter(is_active=True).order_by("username")

        def with_role(role: str) -> Any:
            return users.filter(council_roles__council_id=council, council_roles__role=role)

        self.fields["assigned_workers"].queryset = with_role(Role.CASE_WORKER)
        self.fields["case_managers"].queryset = with_role(Role.SECRETARIAT)
        self.fields["assigned_workers"].label_from_instance = _user_label
        self.fields["case_managers"].label_from_instance = _user_label
        self.fields["referred_organization"].queryset = Organization.objects.filter(
            council_id=council
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("referral_until") and not data.get("referred_organization"):
            self.add_error("referral_until", _("Choose the organisation the case is referred to."))
        return data


def _user_label(user: Any) -> str:
    return user.get_full_name() or user.username


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


# --- the referral pipeline: its records (a step's stage is never a form field) -------------

DATE = forms.DateInput(attrs={"type": "date"})


class CasePlanForm(forms.ModelForm):
    class Meta:
        model = CasePlan
        fields = ["written_on", "assessment", "needs", "goals"]
        widgets = {
            "written_on": DATE,
            "assessment": forms.Textarea(attrs={"rows": 5}),
            "needs": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 4}),
        }


class CaseMatchForm(forms.ModelForm):
    """A candidate from the catalogue (what the user may read of it), or a new resource."""

    class Meta:
        model = CaseMatch
        fields = ["resource", "new_resource", "host_assessment"]
        widgets = {"host_assessment": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, resources: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = resources

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("resource") and not data.get("new_resource"):
            self.add_error("resource", _("Choose a resource from the catalogue or name a new one."))
        return data


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = [
            "scheduled_on",
            "done_on",
            "person_note",
            "host_note",
            "host_concerns",
            "host_support",
        ]
        widgets = {
            "scheduled_on": DATE,
            "done_on": DATE,
            "person_note": forms.Textarea(attrs={"rows": 3}),
            "host_note": forms.Textarea(attrs={"rows": 3}),
            "host_concerns": forms.Textarea(attrs={"rows": 3}),
            "host_support": forms.Textarea(attrs={"rows": 3}),
        }


class KeepInTouchForm(forms.ModelForm):
    class Meta:
        model = KeepInTouch
        fields = ["due_on", "done_on", "note"]
        widgets = {"due_on": DATE, "done_on": DATE}


class _DoneForm(forms.ModelForm):
    """Marking a follow-up visit or a reminder done, on the day it happened (today by
    default, never a day to come)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["done_on"].required = True
        self.fields["done_on"].initial = timezone.localdate()

    def clean_done_on(self) -> Any:
        done = self.cleaned_data["done_on"]
        if done > timezone.localdate():
            raise forms.ValidationError(_("The date it was done cannot be in the future."))
        return done


class FollowUpDoneForm(_DoneForm):
    """The visit as it went: the day, and what it found on both sides."""

    class Meta:
        model = FollowUp
        fields = ["done_on", "person_note", "host_note", "host_concerns", "host_support"]
        widgets = {
            "done_on": DATE,
            "person_note": forms.Textarea(attrs={"rows": 3}),
            "host_note": forms.Textarea(attrs={"rows": 3}),
            "host_concerns": forms.Textarea(attrs={"rows": 3}),
            "host_support": forms.Textarea(attrs={"rows": 3}),
        }


class KeepInTouchDoneForm(_DoneForm):
    class Meta:
        model = KeepInTouch
        fields = ["done_on", "note"]
        widgets = {"done_on": DATE}


class CaseTransitionForm(forms.Form):
    """A step's confirm page: the reason, the evaluation or the outcome where the step needs
    them (the service checks them again)."""

    outcome = forms.ChoiceField(label=_("Why it was not successful"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=REASON_TEXT,
    )
    evaluation = forms.CharField(
        label=_("Evaluation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=REASON_TEXT,
    )

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", "---------"), *UNSUCCESSFUL]
        if action == "not_successful":
            self.fields["outcome"].required = True
        else:
            del self.fields["outcome"]
        if action in NEEDS_REASON:
            self.fields["reason"].required = True
        elif action != "not_successful":  # its free text is optional, beside the outcome
            del self.fields["reason"]
        if action in NEEDS_EVALUATION:
            self.fields["evaluation"].required = True
        else:
            del self.fields["evaluation"]


# --- emergency pre-registration (緊急時の事前登録) -------------------------------------------


class EmergencyRegistrationForm(RevisionedForm):
    """What the hub providers need in a crisis; the organisations are the case's council's."""

    class Meta:
        model = EmergencyRegistration
        fields = [
            "organizations",
            "risk_summary",
            "crisis_response",
            "emergency_contacts",
            "medical_notes",
            "preferred_place",
            "registered_on",
            "review_on",
        ]
        widgets = {
            "organizations": forms.CheckboxSelectMultiple,
            "risk_summary": forms.Textarea(attrs={"rows": 3}),
            "crisis_response": forms.Textarea(attrs={"rows": 4}),
            "emergency_contacts": forms.Textarea(attrs={"rows": 3}),
            "medical_notes": forms.Textarea(attrs={"rows": 3}),
            "preferred_place": forms.Textarea(attrs={"rows": 2}),
            "registered_on": DATE,
            "review_on": DATE,
        }

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = Organization.objects.filter(
            council=council
        ).order_by("name")
        if not self.instance.pk:
            self.fields["registered_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        registered, review = data.get("registered_on"), data.get("review_on")
        if registered and review and review < registered:
            self.add_error("review_on", _("The review date comes on or after the registration."))
        return data


class EmergencyEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_TEXT
    )

    def __init__(self, *args: Any, registration: EmergencyRegistration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registration = registration
        self.fields["ended_on"].initial = timezone.localdate()

    def clean_ended_on(self) -> Any:
        ended = self.cleaned_data["ended_on"]
        if ended < self.registration.registered_on:
            raise forms.ValidationError(_("A registration ends on or after the day it was made."))
        if ended > timezone.localdate():
            raise forms.ValidationError(_("The end date cannot be in the future."))
        return ended
