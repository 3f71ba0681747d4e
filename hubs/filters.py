"""django-filter FilterSets for the hub's list pages."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from council.filters import FilterSet, RowChoiceFilter, body_choices, contains, year_choices
from hubs.models import Proposal, ProposalStatus


class ProposalFilter(FilterSet):
    fiscal_year = RowChoiceFilter(label=_("Fiscal year"))
    body = RowChoiceFilter(label=_("Body"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProposalStatus.choices)
    title = django_filters.CharFilter(label=_("Title contains"), method="filter_title")

    class Meta:
        model = Proposal
        fields = ["fiscal_year", "body", "status", "title"]

    choice_rows = {"fiscal_year": year_choices, "body": body_choices}

    def __init__(self, *args: Any, council: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The list shows one council, one the user may see (council_for): it offers the
        # council's years and bodies (choice_rows), every one of which the user may see.
        self.council_id = getattr(council, "pk", council)

    def filter_title(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # As icontains, by position rather than LIKE, so a prepared query binds the term.
        return queryset.filter(contains("title", value, True))
