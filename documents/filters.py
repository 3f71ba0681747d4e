"""The written documents' list FilterSet."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from council.filters import CouncilFilterSet
from council.models import Body, FiscalYear
from documents.models import WrittenDocument, WrittenKind, WrittenStatus


class WritingFilter(CouncilFilterSet):
    """One council's documents: its years and bodies are the choices."""

    kind = django_filters.ChoiceFilter(label=_("Kind of document"), choices=WrittenKind.choices)
    fiscal_year = django_filters.ModelChoiceFilter(
        label=_("Fiscal year"), queryset=FiscalYear.objects.none()
    )
    body = django_filters.ModelChoiceFilter(label=_("Body"), queryset=Body.objects.none())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=WrittenStatus.choices)
    title = django_filters.CharFilter(label=_("Title contains"), lookup_expr="icontains")

    class Meta(CouncilFilterSet.Meta):
        model = WrittenDocument
        fields = ["kind", "fiscal_year", "body", "status", "title"]

    def __init__(self, *args: Any, council: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["fiscal_year"].queryset = FiscalYear.objects.filter(council=council)
        self.filters["body"].queryset = Body.objects.filter(council=council)
