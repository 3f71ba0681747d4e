"""The engine's forms: a part (its number, heading, text, tags), its blocks, the in-place
buttons; and a written document's head. 提言 subclass the part and block forms for their own
models (proposals/forms.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from council.fields import WarekiDateField
from council.forms import RevisionedForm, kept_forms, revision_field
from council.models import Body, FiscalYear, HubFunction
from documents import structure
from documents.models import (
    BLOCKS_MAX,
    PARTS_MAX,
    Block,
    DocumentBlock,
    DocumentPart,
    WrittenDocument,
)

LEVEL_CHOICES = [
    (1, _("１ (first level)")),
    (2, _("（１） (second level)")),
    (3, _("〇 (bullet)")),
    (4, _("(ア) (fourth level)")),
]


def _tags_field(label: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=HubFunction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class TagsForm(forms.ModelForm):
    """The hub functions a part or block answers: named in its text, or inferred."""

    functions = _tags_field(_("Hub functions it names"))
    inferred_functions = _tags_field(_("Hub functions inferred"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        both = set(data.get("functions") or []) & set(data.get("inferred_functions") or [])
        if both:
            self.add_error(
                "inferred_functions",
                _("A function is either named in the text or inferred, not both."),
            )
        return data


class NewPartForm(forms.ModelForm):
    """A part added at the end, from the document's editor."""

    class Meta:
        model = DocumentPart
        fields = ["level", "numbering", "heading", "text"]
        widgets = {
            "level": forms.Select(choices=LEVEL_CHOICES),
            "text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["numbering"].choices = [
            ("", _("The level's usual number")),
            *self._meta.model._meta.get_field("numbering").choices,
        ]


class PartForm(TagsForm, NewPartForm):
    """One part on its own page, with its tags and the document's revision, so two people
    editing the document do not overwrite each other."""

    revision = revision_field()

    class Meta(NewPartForm.Meta):
        fields = [*NewPartForm.Meta.fields, "functions", "inferred_functions"]

    def __init__(self, *args: Any, siblings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.siblings = siblings

    def levels(self, data: dict[str, Any]) -> list[int | None]:
        """The levels of all the document's parts, this one as typed."""
        return [
            data["level"] if other.pk == self.instance.pk else other.level
            for other in self.siblings
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("level"):
            for error in structure.structure_errors(self.levels(data)):
                self.add_error("level", error)
        return data


class BlockForm(TagsForm):
    class Meta:
        model = DocumentBlock
        fields = ["kind", "marker", "label", "title", "text", "functions", "inferred_functions"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["marker"].choices = [
            ("", _("〇 (the usual mark)")),
            *Block._meta.get_field("marker").choices[1:],
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind == Block.Kind.LAYER and not (data.get("label") or data.get("title")):
            self.add_error("label", _("A layer needs its label (Ⅰ) or its title."))
        if kind in (Block.Kind.FIELD, Block.Kind.FOOTNOTE) and not data.get("label"):
            self.add_error("label", _("Give the label printed before the text."))
        return data


def block_formset(part_model: type, block_model: type, form: type = BlockForm) -> type:
    """The blocks of one part: one empty row per page ("save and add a block" brings the
    next)."""
    return forms.inlineformset_factory(
        part_model,
        block_model,
        form=form,
        extra=1,
        can_delete=True,
        can_order=True,
        max_num=BLOCKS_MAX,
        validate_max=True,
    )


class PartActionForm(forms.Form):
    """A part's move, indent, outdent or delete button: the revision the page showed."""

    revision = revision_field()


def part_filled(form: forms.Form) -> bool:
    return bool(form.cleaned_data.get("heading") or form.cleaned_data.get("text"))


# --- a written document ------------------------------------------------------------------------


class WrittenForm(RevisionedForm):
    date = WarekiDateField(label=_("date"), required=False)

    class Meta:
        model = WrittenDocument
        fields = [
            "kind",
            "fiscal_year",
            "body",
            "author_body",
            "author",
            "date",
            "title",
            "subtitle",
            "addressee",
            "signer_title",
            "signer_name",
            "preamble",
            "closing",
        ]
        widgets = {"preamble": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, council: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["body"].queryset = bodies
        self.fields["author_body"].queryset = Body.objects.filter(council=council)
        self.fields["fiscal_year"].queryset = FiscalYear.objects.filter(council=council)


class BaseNewPartFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = kept_forms(self, part_filled)
        # New parts go after the document's own: the numbering is checked on all of them.
        existing = (
            list(self.instance.parts.values_list("level", flat=True)) if self.instance.pk else []
        )
        errors = structure.structure_errors(existing + [f.cleaned_data["level"] for f in kept])
        if errors:
            raise forms.ValidationError(errors)


NewPartFormSet = forms.inlineformset_factory(
    WrittenDocument,
    DocumentPart,
    form=NewPartForm,
    formset=BaseNewPartFormSet,
    extra=1,  # one new part per page: "save and add a part" brings the next
    can_delete=False,
    can_order=True,
    max_num=PARTS_MAX,
    validate_max=True,
)
DocumentBlockFormSet = block_formset(DocumentPart, DocumentBlock)
