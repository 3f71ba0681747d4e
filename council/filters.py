"""django-filter FilterSets for the list pages."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models import MEETING_STATUS_LABELS, Body, FiscalYear, Meeting, Organization, Person

MONTH_CHOICES = [(m, f"{m}月") for m in (*range(4, 13), 1, 2, 3)]


class FilterForm(forms.Form):
    """Bootstrap's classes on every widget, so includes/filter_form.html prints `{{ field }}`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class CouncilFilterSet(django_filters.FilterSet):
    class Meta:
        form = FilterForm


class BodyFilter(CouncilFilterSet):
    name = django_filters.CharFilter(label=_("Name contains"), lookup_expr="icontains")

    class Meta(CouncilFilterSet.Meta):
        model = Body
        fields = ["name", "kind"]

    def __init__(self, *args: Any, council: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = council.body_kind_choices()


class MeetingFilter(CouncilFilterSet):
    # The list shows one council (council_for): it offers that council's bodies and years only.
    body = django_filters.ModelChoiceFilter(label=_("Body"), queryset=Body.objects.none())
    kind = django_filters.ChoiceFilter(label=_("Kind of body"), field_name="body__kind")
    fiscal_year = django_filters.ModelChoiceFilter(
        label=_("Fiscal year"), queryset=FiscalYear.objects.none()
    )
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
    # Title, place and open bullets, kept in one column (Meeting.search_text).
    q = django_filters.CharFilter(
        label=_("Keyword"), field_name="search_text", lookup_expr="icontains"
    )

    class Meta(CouncilFilterSet.Meta):
        model = Meeting
        fields = ["body", "kind", "fiscal_year", "month", "status", "q"]

    def __init__(
        self, *args: Any, council: Any, today: datetime.date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.filters["body"].queryset = Body.objects.filter(council=council)
        self.filters["fiscal_year"].queryset = FiscalYear.objects.filter(council=council)
        self.filters["kind"].extra["choices"] = council.body_kind_choices()

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Status is derived from the date and the mode, so filter on those.
        held = Q(cancelled=False, date__lte=self.today)
        return queryset.filter(
            {
                "planned": Q(cancelled=False, date__gt=self.today),
                "held": held & ~Q(mode=Meeting.Mode.WRITTEN),
                "written": held & Q(mode=Meeting.Mode.WRITTEN),
                "cancelled": Q(cancelled=True),
            }[value]
        )


class OrganizationFilter(CouncilFilterSet):
    name = django_filters.CharFilter(label=_("Name contains"), lookup_expr="icontains")

    class Meta(CouncilFilterSet.Meta):
        model = Organization
        fields = ["name", "category", "consultation_layer"]


class PersonFilter(CouncilFilterSet):
    name = django_filters.CharFilter(label=_("Name contains"), method="filter_name")
    # Typed, not chosen: a council has hundreds of organisations, too many to scroll through in
    # a select (and its 300 options were half the page's server time).
    organization = django_filters.CharFilter(
        label=_("Organisation contains"), field_name="organization__name", lookup_expr="icontains"
    )

    class Meta(CouncilFilterSet.Meta):
        model = Person
        fields = ["name", "organization", "is_council_member"]

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__icontains=value) | Q(name_kana__icontains=value))
