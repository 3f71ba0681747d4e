"""Input cleaning for the council's records; forms never set workflow status."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from council import filetypes, permissions, wareki
from council.fields import WarekiDateField
from council.models import (
    ATTACHMENT_EXTENSIONS,
    BULLETS_PER_MEETING,
    FUNCTION_LABEL_MAX,
    FUNCTIONS_MAX,
    LOGO_MAX_BYTES,
    NOTE_TEXT,
    Body,
    BodyYear,
    Council,
    FiscalYear,
    Meeting,
    MeetingAttachment,
    MeetingItem,
    Membership,
    Organization,
    Person,
    body_kinds_in_order,
    function_labels,
)
from council.roles import Role


def revision_field() -> forms.IntegerField:
    """The hidden revision the user started from, so a concurrent save is detected."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class RevisionedForm(forms.ModelForm):
    """Carries the revision the user started from, so a concurrent save is detected."""

    revision = revision_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["revision"].initial = self.instance.revision


class BodyForm(RevisionedForm):
    class Meta:
        model = Body
        fields = ["name", "short_name", "kind", "parent", "theme", "description", "order"]

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.council = council
        parents = Body.objects.filter(council=council)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["kind"].choices = [
            ("", "---------"),
            *council.body_kind_choices(keep=self.instance.kind if self.instance.pk else ""),
        ]

    def clean_parent(self) -> Body | None:
        """The parent is of the same council and not the body itself or one beneath it (a
        body cannot be its own ancestor): the council's tree read in one query."""
        parent = self.cleaned_data["parent"]
        if parent is None:
            return parent
        if parent.council_id != self.instance.council.pk:
            raise forms.ValidationError(_("The parent body must belong to the same council."))
        if self.instance.pk:
            tree = Body.objects.filter(council_id=parent.council_id).order_by()
            parents = dict(tree.values_list("pk", "parent"))
            beneath = permissions.subtree({self.instance.pk}, parents)
            if parent.pk in beneath:
                # Under a body beneath it is under itself: the catalogue's message says so.
                raise forms.ValidationError(_("A body cannot be placed under itself."))
        return parent


class BodyYearForm(RevisionedForm):
    class Meta:
        model = BodyYear
        fields = ["status", "note"]


class MembershipForm(RevisionedForm):
    appointed_on = WarekiDateField(label=_("appointed on"), required=False)
    term_ends_on = WarekiDateField(label=_("term ends on"), required=False)

    class Meta:
        model = Membership
        fields = ["person", "role", "appointed_on", "term_ends_on", "is_substitute", "order"]

    def __init__(self, *args: Any, body: Body, fiscal_year: FiscalYear, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.body = body
        self.instance.fiscal_year = fiscal_year
        self.fields["person"].queryset = Person.objects.filter(
            council_id=body.council_id
        ).select_related("organization")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("appointed_on"), data.get("term_ends_on")
        if start and end and end < start:
            self.add_error("term_ends_on", _("The term must end after the appointment."))
        person = data.get("person")
        if person and (
            Membership.objects.filter(
                person=person, body=self.instance.body, fiscal_year=self.instance.fiscal_year
            )
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("person", _("This person is already a member in this fiscal year."))
        return data


class MeetingForm(RevisionedForm):
    date = WarekiDateField(label=_("date"))

    class Meta:
        model = Meeting
        fields = [
            "body",
            "number",
            "title",
            "date",
            "start_time",
            "end_time",
            "mode",
            "place",
            "cancelled",
            "is_public",
            "observers",
            "organization_count",
            "person_count",
            "attendance_note",
            "weekday_text",
            "joint_with",
            "part",
            "note",
        ]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "organization_count": _("Enter only when the attendees are not recorded by name."),
            "person_count": _("Enter only when the attendees are not recorded by name."),
        }

    def __init__(self, *args: Any, user: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.council = council
        self.missing_year: int | None = None  # the date's fiscal year, when it is not opened
        self.fields["body"].queryset = editable_bodies(user, council)
        self.fields["joint_with"] = JointMeetingField(
            queryset=joint_candidates(user, council, self.instance),
            required=False,
            label=_("held together with"),
            help_text=_("Two bodies meeting the same day as one session in two parts (二部構成)."),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._clean_joint(data)
        body, day, number = data.get("body"), data.get("date"), data.get("number")
        if not body or not day:
            return data
        year = wareki.fiscal_year_of(day)
        fiscal_year = FiscalYear.objects.filter(council_id=body.council_id, year=year).first()
        if fiscal_year is None:
            self.missing_year = year
            self.add_error(
                "date",
                _("%(year)s has not been opened yet; ask the secretariat.")
                % {"year": wareki.format_fiscal_year(year)},
            )
            return data
        self.instance.fiscal_year = fiscal_year
        self.instance.body = body
        if not permissions.can(self.user, "meeting.edit", self.instance):
            self.add_error("body", _("You may not record meetings of this body in that year."))
        clash = Meeting.objects.filter(body=body, fiscal_year=fiscal_year, number=number)
        if number and clash.exclude(pk=self.instance.pk).exists():
            self.add_error(
                "number",
                _("Meeting no. %(number)s of %(year)s already exists for this body.")
                % {"number": number, "year": fiscal_year.label},
            )
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be after the start time."))
        return data

    def _clean_joint(self, data: dict[str, Any]) -> None:
        other, part, day = data.get("joint_with"), data.get("part"), data.get("date")
        if other is None:
            if part:
                self.add_error("joint_with", _("Choose the meeting this one is a part of."))
            return
        body = data.get("body")
        if body and other.body_id == body.pk:
            self.add_error("joint_with", _("Choose a meeting of another body."))
        if not part:
            self.add_error("part", _("Say which part this meeting is."))
        elif other.part == part:
            self.add_error("part", _("The other meeting is that part already."))
        if day and other.date != day:
            self.add_error(
                "joint_with",
                _("A joint session is held on one day: that meeting was on %(date)s.")
                % {"date": wareki.format_date(other.date)},
            )

    def validate_unique(self) -> None:
        # Uniqueness of the number is checked in clean() with a clearer message.
        pass


class JointMeetingField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{wareki.format_date(obj.date)} {obj.body.name} {obj.number_label}"


def joint_candidates(user: Any, council: Council, meeting: Meeting) -> QuerySet[Meeting]:
    """The meetings a meeting may be held together with: of this council's current year and of
    its own (a list of every year's would run to a thousand), never itself."""
    years = Q(fiscal_year__is_current=True) | Q(pk=meeting.joint_with_id)
    if meeting.fiscal_year_id:
        years |= Q(fiscal_year_id=meeting.fiscal_year_id)
    return (
        Meeting.objects.visible_to(user)
        .filter(years, body__council=council)
        .exclude(pk=meeting.pk)
        .select_related("body")
        .only("date", "number", "part", "body__name")
        .order_by("-date", "body__order")
    )


def editable_bodies(user: Any, council: Council) -> QuerySet[Body]:
    bodies = Body.objects.filter(council=council)
    access = permissions.access_for(user)
    if access.runs(council.pk):
        return bodies
    if access.runs_some(council.pk):
        return bodies.filter(pk__in=access.limits[council.pk])
    return bodies.filter(pk__in=access.body_ids)


class MeetingItemForm(forms.ModelForm):
    # A follow-up (⇒, ※) sits under the nearest item above it that is no follow-up itself.
    follows = forms.BooleanField(label=_("follow-up of the item above"), required=False)

    class Meta:
        model = MeetingItem
        fields = ["text", "marker", "is_closed"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"marker": _("Printed before the text; do not type it in the text too.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follows"].initial = self.instance.parent_id is not None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        marker, text = data.get("marker"), data.get("text") or ""
        if marker and text.lstrip().startswith(marker):
            self.add_error("text", _("The text starts with the marker already: choose it once."))
        return data


def kept_forms(
    rows: forms.BaseFormSet, filled: Callable[[forms.Form], bool] | None = None
) -> list[forms.Form]:
    """The rows of an ordered formset that stay: valid, not ticked for deletion and `filled`
    (by default: typed into, or already saved), in the order typed into the order boxes,
    then their page order."""
    filled = filled or (lambda f: f.has_changed() or getattr(f.instance, "pk", None))
    kept = [f for f in rows.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
    kept = [f for f in kept if filled(f)]
    kept.sort(key=lambda f: (f.cleaned_data.get("ORDER") or 10_000, rows.forms.index(f)))
    return kept


def kept_item_forms(items: forms.BaseInlineFormSet) -> list[forms.ModelForm]:
    """A meeting's bullets that stay: those with a text."""
    return kept_forms(items, lambda f: f.cleaned_data.get("text"))


class BaseMeetingItemFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kept = kept_item_forms(self)
        if kept and kept[0].cleaned_data.get("follows"):
            raise forms.ValidationError(_("The first item cannot be a follow-up of another."))


MeetingItemFormSet = forms.inlineformset_factory(
    Meeting,
    MeetingItem,
    form=MeetingItemForm,
    formset=BaseMeetingItemFormSet,
    extra=2,
    can_delete=True,
    can_order=True,
    max_num=BULLETS_PER_MEETING,
    validate_max=True,
)


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Attended"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    revision = revision_field()  # the meeting's

    def __init__(self, *args: Any, people: QuerySet[Person], revision: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = people
        self.fields["revision"].initial = revision

    def clean_present(self) -> Any:
        # The "all present" button: everyone listed, whatever boxes were ticked.
        if self.data.get("all_present"):
            return list(self.fields["present"].queryset)
        return self.cleaned_data["present"]


class MinutesForm(RevisionedForm):
    class Meta:
        model = Meeting
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 16})}


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = MeetingAttachment
        fields = ["label", "title", "file"]
        help_texts = {"file": _("PDF, Word, Excel, PowerPoint, PNG or JPEG, up to 20 MB.")}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (20 MB at most)."))
        try:
            content_type = filetypes.sniff(upload)
        except (filetypes.UnknownType, filetypes.NotOffice) as refused:
            raise forms.ValidationError(refused.message) from None
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        self.instance.content_type = content_type
        self.instance.original_name = upload.name
        self.instance.size = upload.size
        self.instance.sha256 = digest.hexdigest()
        return upload


class OrganizationForm(RevisionedForm):
    class Meta:
        model = Organization
        fields = ["name", "category", "consultation_layer", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.council = council

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        same = Organization.objects.filter(council=self.instance.council, name=name)
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("An organisation with this name already exists."))
        return name

    def validate_unique(self) -> None:
        pass


class PersonForm(RevisionedForm):
    class Meta:
        model = Person
        fields = [
            "name",
            "name_kana",
            "organization",
            "post",
            "email",
            "phone",
            "is_council_member",
        ]

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.council = council
        self.fields["organization"].queryset = Organization.objects.filter(council=council)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class CouncilSettingsForm(RevisionedForm):
    # A plain file input and a box of its own: the clearable input links the stored file,
    # and media is not served (the page shows the logo itself).
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    functions = forms.CharField(
        label=_("Functions of the council (協議会の機能)"),
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=NOTE_TEXT,
        help_text=_(
            "One a line, at most %(max)s, each up to %(length)s characters. Review sheets offer "
            "these; a sheet already written keeps the names it chose."
        )
        % {"max": FUNCTIONS_MAX, "length": FUNCTION_LABEL_MAX},
    )
    body_kinds = forms.MultipleChoiceField(
        label=_("Kinds of bodies in use"),
        choices=Body.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of body.")},
        help_text=_("The body form and the lists offer only these."),
    )

    class Meta:
        model = Council
        fields = [
            "name",
            "municipality",
            "prefecture",
            "issuer_line",
            "disability_term",
            "logo",
            "functions",
            "body_kinds",
        ]
        widgets = {"logo": forms.FileInput(attrs={"accept": "image/png,image/jpeg"})}
        help_texts = {"logo": _("PNG or JPEG, up to 1 MB; printed in the header of the PDFs.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["functions"] = "\n".join(self.instance.functions)
        fields = self.Meta.fields
        self.order_fields([*fields[:6], "remove_logo", *fields[6:]])

    def clean_logo(self) -> Any:
        upload = self.cleaned_data["logo"]
        if not isinstance(upload, UploadedFile):
            return upload  # none sent: the stored one (or none) stays
        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo is too large (1 MB at most)."))
        try:
            kind = filetypes.image_type(upload)
        except filetypes.NotAnImage as refused:
            raise forms.ValidationError(refused.message) from None
        # The stored name's extension says what the bytes are (Council.logo_data_uri reads it).
        upload.name = f"logo.{ATTACHMENT_EXTENSIONS[kind]}"
        return upload

    def clean_functions(self) -> list[str]:
        return function_labels(self.cleaned_data["functions"].splitlines())

    def clean_body_kinds(self) -> list[str]:
        return body_kinds_in_order(self.cleaned_data["body_kinds"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("remove_logo") and not isinstance(data.get("logo"), UploadedFile):
            data["logo"] = False  # FileField.save_form_data: False empties the field
        return data


class FiscalYearOpenForm(forms.Form):
    year = forms.CharField(
        label=_("Fiscal year to open"),
        max_length=20,
        help_text=_("In 和暦 or Western years: 平成21年度, R5, 2023."),
    )

    def clean_year(self) -> int:
        try:
            return wareki.parse_fiscal_year(self.cleaned_data["year"])
        except wareki.WarekiError as error:
            raise forms.ValidationError(str(error)) from None


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (.xlsx or .csv)"),
        help_text=_("At most 5 MB. The first row holds the column headers."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
        if upload.size > settings.FILE_UPLOAD_MAX_MEMORY_SIZE:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class NewLoginForm(forms.Form):
    """The user name of a login about to be created, and the address its invitation goes to."""

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @/./+/-/_ only."),
    )
    email = forms.EmailField(
        label=_("Account e-mail"),
        required=False,
        help_text=_("The invitation goes here. Without one, you get a link to hand over."),
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return username


class AccountInviteForm(NewLoginForm):
    """A login for a person: its name, the address the invitation goes to, its role in the
    council and the bodies it sits in this year (seats are added, never removed here)."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    bodies = forms.ModelMultipleChoiceField(
        label=_("Bodies this year"),
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # A ward's 事務局 (CouncilRole.bodies): only the whole council's secretariat invites, so
    # only it sets this.
    covered_bodies = forms.ModelMultipleChoiceField(
        label=_("Bodies the secretariat runs"),
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "For a secretariat only: it runs these bodies and those beneath them, and reads "
            "the rest of the council's published material. None: the whole council."
        ),
    )
    # A hub provider sees the cases referred to its organisation, so it must have one.
    organization = forms.ModelChoiceField(
        label=_("Hub provider's organisation"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("For a hub provider only: the cases referred to it are what the account sees."),
    )
    is_privacy_officer = forms.BooleanField(
        label=_("Privacy officer"),
        required=False,
        help_text=_("For a secretariat only: reads the log of who read which case."),
    )

    def __init__(self, *args: Any, person: Person, fiscal_year: FiscalYear | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["email"].initial = person.email
        bodies = self.fields["bodies"]
        bodies.queryset = Body.objects.filter(council_id=person.council_id).order_by(
            "order", "name"
        )
        self.fields["covered_bodies"].queryset = bodies.queryset
        self.fields["organization"].queryset = Organization.objects.filter(
            council_id=person.council_id
        ).order_by("name")
        if fiscal_year is None:
            bodies.disabled = True
            bodies.help_text = _("No fiscal year is current: add seats later.")
        else:
            bodies.initial = list(
                person.memberships.filter(fiscal_year=fiscal_year).values_list("body", flat=True)
            )
            bodies.help_text = _("Seats in %(year)s; the ones already held stay.") % {
                "year": fiscal_year.label
            }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("covered_bodies") and data.get("role") != Role.SECRETARIAT:
            self.add_error(
                "covered_bodies", _("Only a secretariat runs bodies: leave these unticked.")
            )
        role = data.get("role")
        if role == Role.HUB_PROVIDER and not data.get("organization"):
            self.add_error("organization", _("Choose the hub provider's organisation."))
        if data.get("organization") and role != Role.HUB_PROVIDER:
            self.add_error("organization", _("Only a hub provider has an organisation here."))
        if data.get("is_privacy_officer") and role != Role.SECRETARIAT:
            self.add_error("is_privacy_officer", _("Only a secretariat account can be one."))
        return data


def _council_field(name: str, **overrides: Any) -> forms.Field:
    """A form field as the Council model declares it (its max_length), with our label."""
    return Council._meta.get_field(name).formfield(**overrides)


class CouncilCreateForm(NewLoginForm):
    """A new council of the install and the login of its first secretariat (the operator's)."""

    name = _council_field("name", label=_("Official name"))
    municipality = _council_field("municipality", label=_("Municipality"))
    prefecture = _council_field("prefecture", label=_("Prefecture"))
    slug = _council_field(
        "slug",
        label=_("URL short name"),
        help_text=_("Lower-case letters, digits and hyphens, e.g. nagaoka. It cannot change."),
    )
    secretariat_name = forms.CharField(
        label=_("Name of the secretariat's person"),
        max_length=Person._meta.get_field("name").max_length,
        help_text=_("The person who runs the council and invites the others."),
    )

    field_order = [
        "name",
        "municipality",
        "prefecture",
        "slug",
        "secretariat_name",
        "username",
        "email",
    ]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        if Council.objects.filter(slug__iexact=slug).exists():
            raise forms.ValidationError(_("Another council already has this short name."))
        return slug


class CouncilChooseForm(forms.Form):
    """The council to work in, for someone who works in several (one login, one list each)."""

    council = forms.ModelChoiceField(
        label=_("Council"),
        queryset=Council.objects.none(),
        to_field_name="slug",
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args: Any, councils: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
