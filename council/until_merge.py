"""The old list machinery that hubs (hubs/filters.py, hubs/proposal_views.py) still imports:
used by hubs until merge, when the hubs branch drops it. The lead deletes this file then."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import F, Q, Value
from django.db.models.functions import StrIndex, Upper
from django.db.models.lookups import GreaterThan
from django.http import HttpRequest
from django_filters.constants import EMPTY_VALUES

from council.models import Body, Council, FiscalYear
from council.permissions import access_for
from council.prepared import Prepared, PreparedList
from council.wareki import format_fiscal_year


class RowChoiceField(forms.Field):
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


def body_choices(council_id: int) -> list[tuple[int, str]]:
    return list(Body.objects.filter(council_id=council_id).values_list("pk", "name"))


def year_choices(council_id: int) -> list[tuple[int, str]]:
    years = FiscalYear.objects.filter(council_id=council_id).values_list("pk", "year")
    return [(pk, format_fiscal_year(year)) for pk, year in years]


class FilterSet(django_filters.FilterSet):
    choice_rows: dict[str, Callable[[int], list[tuple[int, str]]]] = {}
    council_id: int

    @property
    def form(self) -> Any:
        form = super().form
        if getattr(form, "_choices_listed", False):
            return form
        form._choices_listed = True
        for name, rows in self.choice_rows.items():
            field, listed = form.fields[name], rows(self.council_id)
            field.ids = frozenset(pk for pk, _label in listed)
            field.widget.choices = [("", field.empty_label), *listed]
        for field in form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        return form

    def arguments(self) -> dict[str, Any]:
        self.errors  # noqa: B018  # validates the form
        return {
            name: None if value in EMPTY_VALUES else getattr(value, "pk", value)
            for name, value in self.form.cleaned_data.items()
        }

    def filter_arguments(self, queryset: Any, arguments: dict[str, Any]) -> Any:
        for name, value in arguments.items():
            queryset = self.filters[name].filter(queryset, value)
        return queryset


def contains(field: str, term: Any, cased: bool) -> Q:
    text, term = F(field), Value(term)
    if cased:
        text, term = Upper(text), Upper(term)
    return Q(GreaterThan(StrIndex(text, term), 0))


def list_page(
    request: HttpRequest, search: Prepared, found: Any, council: Council, per_page: int, **kw: Any
) -> Page:
    rows = PreparedList(
        search, access=access_for(request.user), council_id=council.pk, **kw, **found.arguments()
    )
    return Paginator(rows, per_page).get_page(request.GET.get("page"))
