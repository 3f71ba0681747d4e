"""django-filter FilterSets for the list pages."""

from __future__ import annotations

import copy
import datetime
import html
from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import StrIndex, Upper
from django.db.models.lookups import GreaterThan
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from council.models import (
    MEETING_STATUS_LABELS,
    Body,
    FiscalYear,
    Meeting,
    Organization,
    Person,
)
from council.prepared import Prepared
from council.wareki import format_fiscal_year

MONTH_CHOICES = [(m, f"{m}月") for m in (*range(4, 13), 1, 2, 3)]


class FastOptionsMixin:
    """A select rendered in Python: Django renders every <option> through a template, and
    builds a dict of attributes per option first, which made a filter of 300 organisations
    the costliest part of a list page. Same markup (tests/council/test_fast_select.py)."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        widget: Any = self
        final_attrs = widget.build_attrs(widget.attrs, attrs)
        if widget.allow_multiple_selected:
            final_attrs["multiple"] = True
        wanted = set(widget.format_value(value))
        # As ChoiceWidget.optgroups: a single select marks only its first match.
        still_open = True

        def option(option_value: Any, label: Any) -> str:
            nonlocal still_open
            text = str(option_value if option_value is not None else "")
            selected = still_open and text in wanted
            if selected and not widget.allow_multiple_selected:
                still_open = False
            return (
                f'<option value="{html.escape(text)}"{" selected" if selected else ""}>'
                f"{_escape(label)}</option>"
            )

        parts = []
        for option_value, label in getattr(widget, "listed", None) or widget.choices:
            if isinstance(label, (list, tuple)):
                inner = "".join(option(v, sub) for v, sub in label)
                parts.append(f'<optgroup label="{escape(option_value)}">{inner}</optgroup>')
            else:
                parts.append(option(option_value, label))
        # Every value and label is escaped above (the test renders a <script> label).
        return mark_safe(  # noqa: S308  # nosec B308 B703
            f'<select name="{escape(name)}"{_attributes(final_attrs)}>{"".join(parts)}</select>'
        )


def _attributes(attrs: dict[str, Any]) -> str:
    """As Django's widgets/attrs.html, in the same order (flatatt puts the boolean ones last)."""
    return "".join(
        f" {html.escape(name)}" if value is True else f' {html.escape(name)}="{_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _escape(value: Any) -> str:
    """conditional_escape() without Django's wrapper for lazy strings, which cost more than the
    escaping itself on a select of 300 options."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class FastInputMixin:
    """A text box rendered in Python, as the selects above: Django renders it through two
    templates. Same markup (tests/council/test_fast_select.py)."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        widget: Any = self
        value = widget.format_value(value)
        shown = "" if value is None else f' value="{html.escape(str(value))}"'
        attributes = _attributes(widget.build_attrs(widget.attrs, attrs))
        # The name, the value and every attribute are escaped.
        return mark_safe(  # noqa: S308  # nosec B308 B703
            f'<input type="{widget.input_type}" name="{html.escape(name)}"{shown}{attributes}>'
        )


_FAST: dict[type, type] = {}


def _make_fast(widget: forms.Widget, mixin: type) -> None:
    cls = type(widget)
    if cls not in _FAST:
        _FAST[cls] = type(f"Fast{cls.__name__}", (mixin, cls), {})
    widget.__class__ = _FAST[cls]


def fast_options(widget: forms.Select) -> None:
    _make_fast(widget, FastOptionsMixin)


def fast_input(widget: forms.TextInput) -> None:
    _make_fast(widget, FastInputMixin)


class RowChoiceField(forms.Field):
    """A choice among a council's rows (bodies, years, organisations) by id, listed when the
    form is built (FilterSet.choice_rows): a ModelChoiceField copied and cloned its queryset
    with every form, and looked the chosen row up again to validate it."""

    widget = forms.Select
    default_error_messages = {
        "invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]
    }

    def __init__(self, *, empty_label: str = "---------", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.empty_label = empty_label
        self.ids: frozenset[int] = frozenset()

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        text = str(value)
        if not (text.isascii() and text.isdigit() and int(text) in self.ids):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return int(text)


class RowChoiceFilter(django_filters.Filter):
    field_class = RowChoiceField


BODY_CHOICES = Prepared(
    lambda council_id: (
        Body.objects.filter(council_id=council_id)
        .order_by("order", "name")
        .values_list("pk", "name")
    )
)
ORGANIZATION_CHOICES = Prepared(
    lambda council_id: (
        Organization.objects.filter(council_id=council_id)
        .order_by("name")
        .values_list("pk", "name")
    )
)
YEARS = Prepared(
    lambda council_id: (
        FiscalYear.objects.filter(council_id=council_id).order_by("-year").values_list("pk", "year")
    )
)


def body_choices(council_id: int) -> list[tuple[int, str]]:
    return BODY_CHOICES(council_id=council_id)


def organization_choices(council_id: int) -> list[tuple[int, str]]:
    return ORGANIZATION_CHOICES(council_id=council_id)


def year_choices(council_id: int) -> list[tuple[int, str]]:
    """Labelled as FiscalYear's __str__ (令和2年度)."""
    return [(pk, format_fiscal_year(year)) for pk, year in YEARS(council_id=council_id)]


class FilterSet(django_filters.FilterSet):
    """Bootstrap classes set on the widgets, so includes/filter_form.html renders the fields
    directly: crispy's per-field templates were half the time of a list page."""

    # The rows of each RowChoiceFilter, field name → (id, label) pairs of a council, listed by
    # prepared queries (council/prepared.py) once per form, for both its select and its check.
    choice_rows: dict[str, Callable[[int], list[tuple[int, str]]]] = {}
    council_id: int

    def __init__(
        self, data: Any = None, queryset: Any = None, *, request: Any = None, prefix: Any = None
    ) -> None:
        """As django-filter's, with shallow copies of the declared filters where it deep-copied
        them (a fifth of a list filter's cost, 0.7 M instructions): a filter keeps no state of
        its own but its parent and model, set here, and the field it builds on first use."""
        model = queryset.model if queryset is not None else self._meta.model
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset if queryset is not None else model._default_manager.all()
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, declared in self.base_filters.items():
            filter_ = copy.copy(declared)
            if filter_.method is not None:
                filter_.method = (
                    filter_.method
                )  # a method of this FilterSet, not the declared one's
            filter_.model = model
            filter_.parent = self
            self.filters[name] = filter_

    @classmethod
    def _form_class(cls, build: Callable[[], type]) -> type:
        if "_built_form_class" not in cls.__dict__:
            cls._built_form_class = build()
        return cls._built_form_class

    def get_form_class(self) -> type:
        # Built once per FilterSet: django-filter made a new form class on every request (a
        # class statement's worth of work), and every field here is the same for every
        # council (the rows of a RowChoiceFilter are set on each form, below).
        return self._form_class(super().get_form_class)

    @property
    def form(self) -> Any:
        form = super().form
        if getattr(form, "_choices_listed", False):
            return form
        form._choices_listed = True
        for name, rows in self.choice_rows.items():
            field, listed = form.fields[name], rows(self.council_id)
            field.ids = frozenset(pk for pk, _label in listed)
            # For FastOptionsMixin to render: not through widget.choices, whose setter checks
            # every pair of the 300 organisations.
            field.widget.listed = [("", field.empty_label), *listed]
        for field in form.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)
            if isinstance(widget, forms.Select) and not isinstance(widget, FastOptionsMixin):
                fast_options(widget)
            elif type(widget) in (forms.TextInput, forms.NumberInput, forms.DateInput):
                fast_input(widget)
        return form

    # A list page runs its rows as a prepared query (council/prepared.py): the form validates
    # what was typed, and the builder applies these filters to the cleaned values.
    def arguments(self) -> dict[str, Any]:
        """The valid choices as a prepared query's arguments: ids for rows, None for blanks."""
        self.errors  # noqa: B018  # validates the form: cleaned_data holds the valid fields
        return {
            name: None if value in EMPTY_VALUES else getattr(value, "pk", value)
            for name, value in self.form.cleaned_data.items()
        }

    def filter_arguments(self, queryset: QuerySet, arguments: dict[str, Any]) -> QuerySet:
        """filter_queryset() for arguments() read from another instance's form."""
        for name, value in arguments.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset


def contains(field: str, term: Any, cased: bool) -> Q:
    """`field` holds `term`, matched by position rather than LIKE '%…%': the same match, with
    the term bound as it was typed, which a prepared query needs."""
    text, term = F(field), Value(term)
    if cased:
        text, term = Upper(text), Upper(term)
    return Q(GreaterThan(StrIndex(text, term), 0))


class BodyFilter(FilterSet):
    name = django_filters.CharFilter(label=_("Name contains"), lookup_expr="icontains")

    class Meta:
        model = Body
        fields = ["name", "kind"]


def has_case(text: str) -> bool:
    """Kanji and kana have no case: only a term with cased letters (NPO) needs the
    case-insensitive match, whose UPPER() over every row's text made a search of ten years'
    meetings three times slower on PostgreSQL (8–11 ms against 3)."""
    return text.lower() != text.upper()


class MeetingFilter(FilterSet):
    body = RowChoiceFilter(label=_("Body"))
    fiscal_year = RowChoiceFilter(label=_("Fiscal year"))
    month = django_filters.TypedChoiceFilter(
        label=_("Month"),
        # TypedChoiceFilter adds no empty choice: without one, 4月 looked chosen when none was.
        choices=[("", "---------"), *MONTH_CHOICES],
        coerce=int,
        field_name="date__month",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=list(MEETING_STATUS_LABELS.items()), method="filter_status"
    )
    q = django_filters.CharFilter(label=_("Keyword"), method="filter_keyword")

    class Meta:
        model = Meeting
        fields = ["body", "fiscal_year", "month", "status", "q"]

    choice_rows = {"body": body_choices, "fiscal_year": year_choices}

    def __init__(
        self, *args: Any, council: Any, today: datetime.date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.cased: bool | None = None
        # The list shows one council, one the user may see (council_for): it offers the
        # council's bodies and years (choice_rows), every one of which the user may see.
        self.council_id = getattr(council, "pk", council)

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Status is derived from the date and the mode, so filter on those.
        today = self.today
        held = Q(cancelled=False, date__lte=today)
        return queryset.filter(
            {
                "planned": Q(cancelled=False, date__gt=today),
                "held": held & ~Q(mode=Meeting.Mode.WRITTEN),
                "written": held & Q(mode=Meeting.Mode.WRITTEN),
                "cancelled": Q(cancelled=True),
            }[value]
        )

    def filter_keyword(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Title, place and open bullets, kept in one column (Meeting.search_text).
        cased = self.cased if self.cased is not None else has_case(value)
        return queryset.filter(contains("search_text", value, cased))

    def arguments(self) -> dict[str, Any]:
        # Whether the keyword has cased letters shapes the query: decided here, on the term.
        arguments = super().arguments()
        return {**arguments, "cased": has_case(arguments.get("q") or "")}

    def filter_arguments(self, queryset: QuerySet, arguments: dict[str, Any]) -> QuerySet:
        self.cased = arguments.pop("cased", None)
        return super().filter_arguments(queryset, arguments)


class OrganizationFilter(FilterSet):
    name = django_filters.CharFilter(label=_("Name contains"), lookup_expr="icontains")

    class Meta:
        model = Organization
        fields = ["name", "category", "consultation_layer"]


class PersonFilter(FilterSet):
    name = django_filters.CharFilter(label=_("Name contains"), method="filter_name")
    organization = RowChoiceFilter(label=_("Organisation"))

    class Meta:
        model = Person
        fields = ["name", "organization", "is_council_member"]

    choice_rows = {"organization": organization_choices}

    def __init__(self, *args: Any, council: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The list shows one council's persons (one the user may see, council_for): it offers
        # the council's organisations (choice_rows), every one of which the user may see.
        self.council_id = getattr(council, "pk", council)

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Case-insensitive, as Latin letters may be typed in either case (a prepared query
        # cannot ask the term whether it has any).
        return queryset.filter(contains("name", value, True) | contains("name_kana", value, True))
