"""Input cleaning for a year plan, its rows and its planned meetings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from council import permissions
from council.fields import WarekiDateField, WarekiMonthField
from council.forms import RevisionedForm, kept_forms
from council.models import NOTE_TEXT, Body, Council, FiscalYear
from documents.models import WrittenDocument
from plans.models import (
    COLUMNS_MAX,
    ENTRIES_PER_CELL,
    HEADING_MAX,
    ROWS_MAX,
    TOPICS_MAX,
    PlannedMeeting,
    PlannedTopic,
    PlanRow,
    YearPlan,
    heading_list,
)


class YearPlanForm(RevisionedForm):
    class Meta:
        model = YearPlan
        fields = ["body", "fiscal_year", "title", "headings", "note", "document"]
        widgets = {
            "headings": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self, *args: Any, user: Any, council: Council, bodies: QuerySet[Body], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["body"].queryset = bodies
        self.fields["fiscal_year"].queryset = FiscalYear.objects.filter(council=council)
        # The council's documents the user may read (another body's drafts stay unseen).
        self.fields["document"].queryset = WrittenDocument.objects.visible_to(user).filter(
            council=council
        )

    def clean_headings(self) -> str:
        text = self.cleaned_data["headings"]
        headings = heading_list(text)
        if not headings:
            raise forms.ValidationError(_("Enter at least one column heading."))
        if len(headings) > COLUMNS_MAX:
            raise forms.ValidationError(
                _("At most %(count)s columns fit on the page.") % {"count": COLUMNS_MAX}
            )
        if any(len(h) > HEADING_MAX for h in headings):
            raise forms.ValidationError(
                _("A heading may have at most %(count)s characters.") % {"count": HEADING_MAX}
            )
        if self.instance.pk:
            kept = len(headings)
            for row in self.instance.rows.all():
                if any(text.strip() for text in row.cells[kept:]):
                    raise forms.ValidationError(
                        _("A column you removed still has entries (%(row)s): empty it first.")
                        % {"row": row}
                    )
        return "\n".join(headings)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        body, fiscal_year = data.get("body"), data.get("fiscal_year")
        if body and fiscal_year:
            self.instance.body, self.instance.fiscal_year = body, fiscal_year
            if not permissions.can(self.user, "plan.edit", self.instance):
                self.add_error("body", _("You may not write this body's plans in that year."))
        return data


class PlanRowForm(forms.ModelForm):
    """A month (or a label such as 随時) and one box per column: its entries one a line."""

    month = WarekiMonthField(label=_("month"), required=False)

    class Meta:
        model = PlanRow
        fields = ["month", "label"]

    def __init__(self, *args: Any, headings: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns = [f"cell_{n}" for n in range(len(headings))]
        cells = [*self.instance.cells, *[""] * len(headings)]
        for n, (name, heading) in enumerate(zip(self.columns, headings, strict=True)):
            self.fields[name] = forms.CharField(
                label=heading,
                required=False,
                strip=False,
                max_length=NOTE_TEXT,
                initial=cells[n],
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("One entry per line: text, ↓, 15日（水） or 日（ ）."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # As typed, one entry a line: only the browser's \r\n and trailing blanks are folded.
        cells = [(data.get(name) or "").replace("\r\n", "\n").rstrip() for name in self.columns]
        for name, text in zip(self.columns, cells, strict=True):
            lines = [line for line in text.splitlines() if line.strip()]
            if len(lines) > ENTRIES_PER_CELL:
                self.add_error(
                    name,
                    _("A cell holds at most %(count)s entries.") % {"count": ENTRIES_PER_CELL},
                )
        if data.get("month") and data.get("label"):
            self.add_error("label", _("A row has a month or a label, not both."))
        self.instance.cells = cells
        return data

    def cell_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.columns]

    def is_filled(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("month") or data.get("label") or any(self.instance.cells))


PlanRowFormSet = forms.inlineformset_factory(
    YearPlan,
    PlanRow,
    form=PlanRowForm,
    extra=1,
    can_delete=True,
    max_num=ROWS_MAX,
    validate_max=True,
)


class PlannedMeetingForm(RevisionedForm):
    starts = WarekiMonthField(label=_("from (month)"))
    ends = WarekiMonthField(
        label=_("until (month)"),
        required=False,
        help_text=_("Leave empty for a single month."),
    )

    class Meta:
        model = PlannedMeeting
        fields = ["number", "starts", "ends", "title"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("The period must end after it starts."))
        number = data.get("number")
        if number is not None and number < 1:
            self.add_error("number", _("The first meeting is number 1."))
        clash = PlannedMeeting.objects.filter(plan_id=self.instance.plan_id, number=number)
        if number and clash.exclude(pk=self.instance.pk).exists():
            self.add_error("number", _("This plan has that meeting number already."))
        return data

    def validate_unique(self) -> None:
        # The number's uniqueness is checked in clean() with a clearer message.
        pass


class PlannedTopicForm(forms.ModelForm):
    sub_item = forms.BooleanField(label=_("sub-item (・) of the item above"), required=False)

    class Meta:
        model = PlannedTopic
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sub_item"].initial = self.instance.parent_id is not None


class BasePlannedTopicFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kept = kept_forms(self, lambda f: f.cleaned_data.get("text"))
        if kept and kept[0].cleaned_data.get("sub_item"):
            raise forms.ValidationError(_("The first topic cannot be a sub-item."))


PlannedTopicFormSet = forms.inlineformset_factory(
    PlannedMeeting,
    PlannedTopic,
    form=PlannedTopicForm,
    formset=BasePlannedTopicFormSet,
    fk_name="planned",
    extra=1,
    can_delete=True,
    max_num=TOPICS_MAX,
    validate_max=True,
)


class HoldForm(forms.Form):
    date = WarekiDateField(label=_("held on"))
