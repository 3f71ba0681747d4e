"""Input cleaning for the subcommittee documents; status moves only through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from council.fields import WarekiDateField
from council.forms import RevisionedForm
from council.models import FiscalYear, Meeting, functions_with
from subcommittees.models import (
    ActionPlan,
    ActionPlanRow,
    ActivityPolicy,
    IssueEvent,
    RegionalIssue,
    ReviewComment,
    ReviewSheet,
    StatusReport,
)

TEXT = forms.Textarea(attrs={"rows": 4})
COMMENT = ReviewComment._meta.get_field("text")


class ActivityPolicyForm(RevisionedForm):
    class Meta:
        model = ActivityPolicy
        fields = ["history_text", "policy", "activities"]
        widgets = {"history_text": TEXT, "policy": TEXT, "activities": TEXT}


class StatusReportForm(RevisionedForm):
    updated_on = WarekiDateField(label=_("updated on"), required=False)

    class Meta:
        model = StatusReport
        fields = ["updated_on", "approach", "concrete_actions", "direction", "notes_to_steering"]
        widgets = {
            "approach": TEXT,
            "concrete_actions": TEXT,
            "direction": TEXT,
            "notes_to_steering": TEXT,
        }


class ReviewSheetForm(RevisionedForm):
    created_on = WarekiDateField(label=_("created on"), required=False)
    functions = forms.MultipleChoiceField(
        label=_("council functions touched"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ReviewSheet
        fields = [
            "created_on",
            "policy",
            "results",
            "functions",
            "next_year",
            "next_policy",
            "next_activities",
            "handover",
            "end_reason",
        ]
        widgets = {
            "policy": TEXT,
            "results": forms.Textarea(attrs={"rows": 6}),
            "next_year": forms.RadioSelect,
            "next_policy": TEXT,
            "next_activities": TEXT,
            "handover": TEXT,
            "end_reason": TEXT,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council = self.instance.body_year.body.council
        offered = functions_with(council.functions, self.instance.functions)
        self.fields["functions"].choices = [(label, label) for label in offered]

    def clean_functions(self) -> list[str]:
        chosen = set(self.cleaned_data["functions"])
        return [label for label, _label in self.fields["functions"].choices if label in chosen]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("next_year") == ReviewSheet.NextYear.CONTINUE and not data.get("next_policy"):
            self.add_error("next_policy", _("To continue, write next year's proposed policy."))
        if data.get("next_year") == ReviewSheet.NextYear.END and not data.get("end_reason"):
            self.add_error("end_reason", _("To end the body, give the reason."))
        return data


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=COMMENT.max_length,
        help_text=COMMENT.help_text,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Please write your comment."))
        return text


class ActionPlanForm(RevisionedForm):
    class Meta:
        model = ActionPlan
        fields = ["issue", "goal"]
        widgets = {"goal": TEXT}


ActionPlanRowFormSet = forms.inlineformset_factory(
    ActionPlan,
    ActionPlanRow,
    fields=["problem", "target", "action", "due", "progress", "progress_note"],
    widgets={
        "problem": forms.Textarea(attrs={"rows": 2}),
        "target": forms.Textarea(attrs={"rows": 2}),
        "action": forms.Textarea(attrs={"rows": 3}),
        "progress_note": forms.Textarea(attrs={"rows": 2}),
    },
    extra=1,
    can_delete=True,
    max_num=50,
    validate_max=True,
)

DOCUMENT_FORMS = {
    "policy": ActivityPolicyForm,
    "report": StatusReportForm,
    "review": ReviewSheetForm,
}


class RegionalIssueForm(RevisionedForm):
    tags = forms.MultipleChoiceField(
        label=_("domain tags"),
        choices=RegionalIssue.Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RegionalIssue
        fields = [
            "label",
            "title",
            "background",
            "origin",
            "origin_detail",
            "owner",
            "tags",
            "outcome",
            "meetings",
        ]
        widgets = {
            "background": TEXT,
            "outcome": TEXT,
            "meetings": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, council: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["owner"].queryset = owners
        self.fields["meetings"].queryset = (
            Meeting.objects.filter(body__council=council)
            .listed()
            .select_related("body", "fiscal_year")
            .order_by("-date")
        )


class IssueEventForm(forms.ModelForm):
    date = WarekiDateField(label=_("date"), required=False)

    class Meta:
        model = IssueEvent
        fields = ["fiscal_year", "date", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, issue: RegionalIssue, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.issue = issue
        self.fields["fiscal_year"].queryset = FiscalYear.objects.filter(council_id=issue.council_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year, day = data.get("fiscal_year"), data.get("date")
        if year and day and not (year.start <= day <= year.end):
            self.add_error("date", _("The date must fall within the chosen fiscal year."))
        return data
