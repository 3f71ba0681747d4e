"""The study visits' list FilterSet."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from council.filters import CouncilFilterSet
from council.models import Body, FiscalYear
from networks.models import StudyVisit


class StudyVisitFilter(CouncilFilterSet):
    """The shown council's years and bodies only: another council's id is an invalid choice."""

    fiscal_year = django_filters.ModelChoiceFilter(
        label=_("Fiscal year"), queryset=FiscalYear.objects.none()
    )
    body = django_filters.ModelChoiceFilter(label=_("Body"), queryset=Body.objects.none())

    class Meta(CouncilFilterSet.Meta):
        model = StudyVisit
        fields = ["fiscal_year", "body"]

    def __init__(self, *args: Any, council: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["fiscal_year"].queryset = FiscalYear.objects.filter(council=council)
        self.filters["body"].queryset = Body.objects.filter(council=council)
