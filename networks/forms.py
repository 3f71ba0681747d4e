"""Input cleaning for a network's profile and its study visits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from council import permissions, wareki
from council.fields import WarekiMonthField
from council.forms import RevisionedForm
from council.models import Body, Council, FiscalYear
from documents.models import WrittenDocument, WrittenKind
from networks.models import (
    COMPOSITION_MAX,
    FINDINGS_MAX,
    PURPOSES_MAX,
    NetworkComposition,
    NetworkProfile,
    NetworkPurpose,
    StudyVisit,
    StudyVisitFinding,
)


class NetworkProfileForm(RevisionedForm):
    started_on = WarekiMonthField(label=_("started (month)"), required=False)

    class Meta:
        model = NetworkProfile
        fields = ["started_on", "purpose_citation", "members_role"]
        widgets = {"members_role": forms.Textarea(attrs={"rows": 3})}


class PurposeForm(forms.ModelForm):
    class Meta:
        model = NetworkPurpose
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class CompositionForm(forms.ModelForm):
    class Meta:
        model = NetworkComposition
        fields = ["organization_type", "count", "unit"]


def _rows(model: Any, parent: Any, form: Any, most: int) -> Any:
    """Ordered rows under a record: one empty row per page load, no script needed."""
    return forms.inlineformset_factory(
        parent, model, form=form, extra=1, can_delete=True, max_num=most, validate_max=True
    )


PurposeFormSet = _rows(NetworkPurpose, NetworkProfile, PurposeForm, PURPOSES_MAX)
CompositionFormSet = _rows(NetworkComposition, NetworkProfile, CompositionForm, COMPOSITION_MAX)


class StudyVisitForm(RevisionedForm):
    month = WarekiMonthField(label=_("month"))

    class Meta:
        model = StudyVisit
        fields = [
            "body",
            "group",
            "month",
            "destination",
            "title",
            "purpose",
            "participants",
            "reported_separately",
            "keywords",
            "plan",
        ]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self, *args: Any, user: Any, council: Council, bodies: QuerySet[Body], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["body"].queryset = bodies
        # The council's plans the user may read (drafts of other bodies stay unseen).
        self.fields["plan"].queryset = WrittenDocument.objects.visible_to(user).filter(
            council=council, kind=WrittenKind.PLAN
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        body, month = data.get("body"), data.get("month")
        if not body or not month:
            return data
        year = wareki.fiscal_year_of(month)
        fiscal_year = FiscalYear.objects.filter(council_id=body.council_id, year=year).first()
        if fiscal_year is None:
            self.add_error(
                "month",
                _("%(year)s has not been opened yet; ask the secretariat.")
                % {"year": wareki.format_fiscal_year(year)},
            )
            return data
        self.instance.body, self.instance.fiscal_year = body, fiscal_year
        if not permissions.can(self.user, "visit.edit", self.instance):
            self.add_error("body", _("You may not record this body's visits in that year."))
        return data


class FindingForm(forms.ModelForm):
    class Meta:
        model = StudyVisitFinding
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


FindingFormSet = _rows(StudyVisitFinding, StudyVisit, FindingForm, FINDINGS_MAX)
