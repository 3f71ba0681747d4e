"""Forms of a proposal: its head, its ordered sections (structure kept), the city's answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from council.fields import WarekiDateField
from council.forms import RevisionedForm, kept_forms, revision_field
from council.models import FiscalYear, HubFunction
from proposals import services as proposals
from proposals.models import BLOCKS_MAX, SECTIONS_MAX, Proposal, ProposalSection, SectionBlock

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
            "chair",
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
        self.fields["fiscal_year"].queryset = FiscalYear.objects.filter(council=council)
        # The regional issues of this council only (the field lists every council's).
        self.fields["issues"].queryset = self.fields["issues"].queryset.filter(council=council)
        self.fields["issues"].required = False


class SectionForm(forms.ModelForm):
    class Meta:
        model = ProposalSection
        fields = [
            "kind",
            "level",
            "numbering",
            "heading",
            "text",
        ]
        widgets = {
            "level": forms.Select(
                choices=[
                    (1, _("１ (first level)")),
                    (2, _("（１） (second level)")),
                    (3, _("〇 (bullet)")),
                    (4, _("(ア) (fourth level)")),
                ]
            ),
            "text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["numbering"].choices = [
            ("", _("The level's usual number")),
            *ProposalSection._meta.get_field("numbering").choices,
        ]


class BaseSectionFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = kept_forms(
            self, lambda f: f.cleaned_data.get("heading") or f.cleaned_data.get("text")
        )
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
    max_num=SECTIONS_MAX,
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
            section = item.section
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


class PartActionForm(forms.Form):
    """A part's move, indent, outdent or delete button: the revision the page showed."""

    revision = revision_field()


class PartForm(SectionForm):
    """One part: its kind, level, number, heading and text, and the hub functions it
    answers (named in its text, or inferred by the secretariat); with the proposal's
    revision, so two people editing the proposal do not overwrite each other."""

    revision = revision_field()

    functions = forms.MultipleChoiceField(
        label=_("Hub functions it names"),
        choices=HubFunction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    inferred_functions = forms.MultipleChoiceField(
        label=_("Hub functions inferred"),
        choices=HubFunction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta(SectionForm.Meta):
        fields = [*SectionForm.Meta.fields, "functions", "inferred_functions"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        part = self.instance
        if data.get("kind") and data.get("level"):
            rows = [
                (data["kind"], data["level"]) if other.pk == part.pk else (other.kind, other.level)
                for other in part.proposal.sections.all()
            ]
            for error in proposals.structure_errors(rows):
                self.add_error("level", error)
        both = set(data.get("functions") or []) & set(data.get("inferred_functions") or [])
        if both:
            self.add_error(
                "inferred_functions",
                _("A function is either named in the text or inferred, not both."),
            )
        return data


class BlockForm(forms.ModelForm):
    class Meta:
        model = SectionBlock
        fields = ["kind", "marker", "label", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["marker"].choices = [
            ("", _("〇 (the usual mark)")),
            *SectionBlock._meta.get_field("marker").choices[1:],
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind == SectionBlock.Kind.LAYER and not (data.get("label") or data.get("title")):
            self.add_error("label", _("A layer needs its label (Ⅰ) or its title."))
        if kind in (SectionBlock.Kind.FIELD, SectionBlock.Kind.FOOTNOTE) and not data.get("label"):
            self.add_error("label", _("Give the label printed before the text."))
        return data


BlockFormSet = forms.inlineformset_factory(
    ProposalSection,
    SectionBlock,
    form=BlockForm,
    extra=1,  # one empty block per page: "save and add a block" brings the next
    can_delete=True,
    can_order=True,
    max_num=BLOCKS_MAX,
    validate_max=True,
)
