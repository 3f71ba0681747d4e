"""The year plans' list FilterSet."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from council.filters import CouncilFilterSet
from council.models import Body, FiscalYear
from plans.models import YearPlan


class YearPlanFilter(CouncilFilterSet):
    """One council's plans: its years and bodies are the choices."""

    fiscal_year = django_filters.ModelChoiceFilter(
        label=_("Fiscal year"), queryset=FiscalYear.objects.none()
    )
    body = django_filters.ModelChoiceFilter(label=_("Body"), queryset=Body.objects.none())
    title = django_filters.CharFilter(label=_("Title contains"), lookup_expr="icontains")

    class Meta(CouncilFilterSet.Meta):
        model = YearPlan
        fields = ["fiscal_year", "body", "title"]

    def __init__(self, *args: Any, council: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["fiscal_year"].queryset = FiscalYear.objects.filter(council=council)
        self.filters["body"].queryset = Body.objects.filter(council=council)
