"""Input cleaning for the hub's records; the review's status moves only through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from council.fields import WarekiDateField, WarekiMonthField
from council.forms import RevisionedForm
from council.models import Body, Council, FiscalYear, HubFunction, Meeting, Organization
from hubs.models import (
    QUARTER_LABELS,
    HubCoordinator,
    HubFigure,
    HubFunctionReview,
    HubPlan,
    HubProvider,
    HubReview,
    HubSetup,
)

TEXT = forms.Textarea(attrs={"rows": 4})
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


class HubSetupForm(RevisionedForm):
    class Meta:
        model = HubSetup
        fields = ["development_type", "owner_body", "philosophy", "reason", "roles"]
        widgets = {"philosophy": TEXT, "reason": TEXT, "roles": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["owner_body"].queryset = Body.objects.filter(council=council)


class HubPlanForm(RevisionedForm):
    target = WarekiMonthField(label=_("target month"), required=False)

    class Meta:
        model = HubPlan
        fields = [
            "council_work",
            "city_plan",
            "target",
            "target_note",
            "priority",
            "status",
            "evidence",
        ]
        widgets = {
            "council_work": forms.Textarea(attrs={"rows": 8}),
            "city_plan": forms.Textarea(attrs={"rows": 6}),
            "evidence": SHORT_TEXT,
        }
        help_texts = {"target_note": _("Printed after the month, e.g. 以降.")}


class HubProviderForm(RevisionedForm):
    functions = forms.MultipleChoiceField(
        label=_("functions carried"),
        choices=HubFunction.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    registered_on = WarekiDateField(label=_("registered on"), required=False)
    changed_on = WarekiDateField(label=_("registration changed on"), required=False)

    class Meta:
        model = HubProvider
        fields = ["organization", "layer", "functions", "registered_on", "changed_on", "note"]
        widgets = {"note": SHORT_TEXT}

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = HubProvider.objects.filter(organization__council=council)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        self.fields["organization"].queryset = Organization.objects.filter(council=council).exclude(
            pk__in=taken.values("organization")
        )

    def clean_functions(self) -> list[str]:
        chosen = set(self.cleaned_data["functions"])
        return [value for value in HubFunction.values if value in chosen]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        registered, changed = data.get("registered_on"), data.get("changed_on")
        if registered and changed and changed < registered:
            self.add_error("changed_on", _("A change cannot come before the registration."))
        return data


HubCoordinatorFormSet = forms.inlineformset_factory(
    HubProvider,
    HubCoordinator,
    fields=["name", "service"],
    extra=1,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


class HubReviewForm(RevisionedForm):
    class Meta:
        model = HubReview
        fields = ["meeting", "summary"]
        widgets = {"summary": TEXT}

    def __init__(
        self, *args: Any, council: Council, fiscal_year: FiscalYear, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.instance.fiscal_year = fiscal_year
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(body__council=council, fiscal_year=fiscal_year)
            .listed()
            .select_related("body")
            .order_by("date", "body__order")
        )


class FigureForm(forms.Form):
    """One function in one quarter; the function and quarter come from the page, not the user."""

    function = forms.ChoiceField(choices=HubFunction.choices, widget=forms.HiddenInput)
    quarter = forms.IntegerField(min_value=1, max_value=4, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        function = HubFunction(self.initial["function"]).label if self.initial else ""
        quarter = QUARTER_LABELS.get(self.initial.get("quarter"), "") if self.initial else ""
        self.row_label = f"{function} {quarter}"
        for metric in HubFigure.METRICS:
            model_field = HubFigure._meta.get_field(metric)
            label = str(model_field.verbose_name)
            self.fields[metric] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                widget=forms.NumberInput(
                    attrs={
                        "min": 0,
                        "class": "form-control",
                        "aria-label": f"{function} {quarter} {label}",
                    }
                ),
            )


class _UniqueRowsFormSet(forms.BaseFormSet):
    key: tuple[str, ...] = ()

    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            key = tuple(form.cleaned_data.get(k) for k in self.key)
            if key in seen:
                raise forms.ValidationError(_("The same row was sent twice."))
            seen.add(key)


class FigureFormSetBase(_UniqueRowsFormSet):
    key = ("function", "quarter")


class FunctionReviewFormSetBase(_UniqueRowsFormSet):
    key = ("function",)


FigureFormSet = forms.formset_factory(
    FigureForm, formset=FigureFormSetBase, extra=0, max_num=20, validate_max=True
)


def function_review_text(name: str) -> forms.Field:
    """A text box of HubFunctionReview: its label, limit and help text from the model."""
    return HubFunctionReview._meta.get_field(name).formfield(widget=SHORT_TEXT)


class FunctionReviewForm(forms.Form):
    function = forms.ChoiceField(choices=HubFunction.choices, widget=forms.HiddenInput)
    worked = function_review_text("worked")
    problems = function_review_text("problems")
    decisions = function_review_text("decisions")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.function_label = HubFunction(self.initial["function"]).label if self.initial else ""


FunctionReviewFormSet = forms.formset_factory(
    FunctionReviewForm, formset=FunctionReviewFormSetBase, extra=0, max_num=5, validate_max=True
)


def figure_initial(review: HubReview) -> list[dict[str, Any]]:
    """All 5 × 4 rows, with what is recorded."""
    found = {(f.function, f.quarter): f for f in review.figures.all()} if review.pk else {}
    rows = []
    for function in HubFunction.values:
        for quarter in QUARTER_LABELS:
            figure = found.get((function, quarter))
            rows.append(
                {
                    "function": function,
                    "quarter": quarter,
                    **{m: getattr(figure, m) if figure else None for m in HubFigure.METRICS},
                }
            )
    return rows


def text_initial(review: HubReview) -> list[dict[str, Any]]:
    found = {r.function: r for r in review.function_reviews.all()} if review.pk else {}
    return [
        {
            "function": function,
            "worked": found[function].worked if function in found else "",
            "problems": found[function].problems if function in found else "",
            "decisions": found[function].decisions if function in found else "",
        }
        for function in HubFunction.values
    ]
