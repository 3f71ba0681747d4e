"""Forms of a proposal: its head, its ordered sections (structure kept), the city's answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from council.fields import WarekiDateField
from council.forms import RevisionedForm, kept_forms, revision_field
from council.models import Body, FiscalYear, HubFunction
from documents import forms as engine
from documents.forms import NewPartForm, part_filled
from documents.models import PARTS_MAX
from proposals import services as proposals
from proposals.models import Proposal, ProposalSection, SectionBlock

ANSWER = ProposalSection._meta.get_field("answer")


class ProposalForm(RevisionedForm):
    date = WarekiDateField(label=_("date of the proposal"), required=False)
    functions = forms.MultipleChoiceField(
        label=_("hub functions it answers"),
        choices=HubFunction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Proposal
        fields = [
            "fiscal_year",
            "body",
            "date",
            "title",
            "subtitle",
            "addressee",
            "signer_title",
            "signer_name",
            "author_body",
            "author",
            "preamble",
            "closing",
            "functions",
            "issues",
        ]
        widgets = {
            "preamble": forms.Textarea(attrs={"rows": 5}),
            "issues": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, council: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["body"].queryset = bodies
        self.fields["author_body"].queryset = Body.objects.filter(council=council)
        self.fields["fiscal_year"].queryset = FiscalYear.objects.filter(council=council)
        # The regional issues of this council only (the field lists every council's).
        self.fields["issues"].queryset = self.fields["issues"].queryset.filter(council=council)
        self.fields["issues"].required = False


class SectionForm(NewPartForm):
    class Meta(NewPartForm.Meta):
        model = ProposalSection
        fields = ["kind", *NewPartForm.Meta.fields]


class BaseSectionFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = kept_forms(self, part_filled)
        # New parts go after the proposal's own: the numbering is checked on all of them.
        existing = (
            list(self.instance.sections.values_list("kind", "level")) if self.instance.pk else []
        )
        errors = proposals.structure_errors(
            existing + [(f.cleaned_data["kind"], f.cleaned_data["level"]) for f in kept]
        )
        if errors:
            raise forms.ValidationError(errors)


SectionFormSet = forms.inlineformset_factory(
    Proposal,
    ProposalSection,
    form=SectionForm,
    formset=BaseSectionFormSet,
    # New parts only, one empty row per page ("save and add a part" for the next): the
    # proposal's parts are edited one at a time on their own page (PartForm), so the editor
    # stays small however long the proposal grows.
    extra=1,
    can_delete=False,
    can_order=True,
    max_num=PARTS_MAX,
    validate_max=True,
)


class AnswersForm(forms.Form):
    """One answer box per section, labelled with its number and heading."""

    revision = revision_field()  # the proposal's

    def __init__(
        self, *args: Any, numbered: list[proposals.Numbered], revision: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = revision
        for item in numbered:
            section = item.part
            self.fields[f"answer_{section.pk}"] = forms.CharField(
                label=f"{item.label} {section.heading or section.text[:40]}",
                required=False,
                initial=section.answer,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=ANSWER.max_length,
                help_text=ANSWER.help_text,
            )

    def answers(self) -> dict[int, str]:
        return {
            int(name.removeprefix("answer_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("answer_")
        }


class PartForm(engine.PartForm):
    """One part: its kind, level, number, heading, text and tags (documents.forms.PartForm)."""

    class Meta(engine.PartForm.Meta):
        model = ProposalSection
        fields = ["kind", *engine.PartForm.Meta.fields]

    def levels(self, data: dict[str, Any]) -> list[int | None]:
        kinds = [
            (data.get("kind"), data["level"])
            if other.pk == self.instance.pk
            else (other.kind, other.level)
            for other in self.siblings
        ]
        return [None if kind == ProposalSection.Kind.PRINCIPLE else level for kind, level in kinds]


class BlockForm(engine.BlockForm):
    class Meta(engine.BlockForm.Meta):
        model = SectionBlock


BlockFormSet = engine.block_formset(ProposalSection, SectionBlock, BlockForm)
