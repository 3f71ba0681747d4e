"""django-filter FilterSets for the hub's list pages."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from council.models import Body, FiscalYear
from proposals.models import Proposal, ProposalStatus

SELECT = {"class": "form-select"}


class ProposalFilter(django_filters.FilterSet):
    """The list shows one council the user may see (council_for): its years and bodies are
    the choices, and another council's id is refused as an invalid choice."""

    fiscal_year = django_filters.ModelChoiceFilter(
        label=_("Fiscal year"),
        queryset=FiscalYear.objects.none(),
        widget=forms.Select(attrs=SELECT),
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Body"), queryset=Body.objects.none(), widget=forms.Select(attrs=SELECT)
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProposalStatus.choices, widget=forms.Select(attrs=SELECT)
    )
    title = django_filters.CharFilter(
        label=_("Title contains"),
        lookup_expr="icontains",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    class Meta:
        model = Proposal
        fields = ["fiscal_year", "body", "status", "title"]

    def __init__(self, *args: Any, council: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["fiscal_year"].queryset = FiscalYear.objects.filter(council=council)
        self.filters["body"].queryset = Body.objects.filter(council=council)
