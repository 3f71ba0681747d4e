"""The catalogue list's FilterSet: the choices are the values the council's catalogue uses."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from council.filters import CouncilFilterSet
from referrals.models import Case, OperatingForm, SocialResource, Stage


def _used(queryset: QuerySet, field: str) -> list[tuple[str, str]]:
    values = queryset.exclude(**{field: ""}).order_by(field).values_list(field, flat=True)
    return [(value, value) for value in dict.fromkeys(values)]


class ResourceFilter(CouncilFilterSet):
    group = django_filters.ChoiceFilter(label=_("Group"), choices=[])
    target_field = django_filters.ChoiceFilter(label=_("Target field"), choices=[])
    operating_form = django_filters.ChoiceFilter(
        label=_("Operating form"),
        choices=OperatingForm.Kind.choices,
        field_name="operating_forms__kind",
        distinct=True,
    )
    department = django_filters.ChoiceFilter(label=_("Responsible department"), choices=[])
    text = django_filters.CharFilter(label=_("Text contains"), method="filter_text")

    class Meta(CouncilFilterSet.Meta):
        model = SocialResource
        fields = ["group", "target_field", "operating_form", "department", "text"]

    def __init__(self, *args: Any, council: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = SocialResource.objects.filter(council=council)
        for name in ("group", "target_field", "department"):
            self.filters[name].extra["choices"] = _used(own, name)

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        words = Q()
        for field in ("name", "description", "accepts", "department", "operator__name"):
            words |= Q(**{f"{field}__icontains": value})
        return queryset.filter(words)


class CaseFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices)

    class Meta:
        model = Case
        fields = ["stage"]
