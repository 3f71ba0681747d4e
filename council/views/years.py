"""The council's own settings and fiscal years: open one (past or future), mark the current
one, and the year's page with its year-end tasks."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from council import forms, services
from council.current import council_for
from council.models import FiscalYear
from council.permissions import require
from council.views.helpers import form_data, form_status, save_or_show


@require_http_methods(["GET", "POST"])
def year_list(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "year.open", council)
    form = forms.FiscalYearOpenForm(form_data(request))
    if form.is_bound and form.is_valid():
        try:
            opened = services.fiscal_year_open(
                council=council, year=form.cleaned_data["year"], by=request.user
            )
        except services.YearRefused as refused:
            form.add_error("year", str(refused))
        else:
            messages.success(request, _("%(year)s was opened.") % {"year": opened.label})
            return redirect("council:year-list")
    years = FiscalYear.objects.filter(council=council).order_by("-year")
    return render(
        request,
        "council/year_list.html",
        {"council": council, "years": years, "form": form},
        status=form_status(request),
    )


def _year(request: HttpRequest, year: int, perm: str) -> FiscalYear:
    council = council_for(request)
    years = FiscalYear.objects.select_related("council")
    fiscal_year = get_object_or_404(years, council=council, year=year)
    require(request.user, perm, fiscal_year)
    return fiscal_year


def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    fiscal_year = _year(request, year, "year.manage")
    return render(
        request,
        "council/year_detail.html",
        {"council": fiscal_year.council, "fiscal_year": fiscal_year},
    )


@require_POST
def year_make_current(request: HttpRequest, year: int) -> HttpResponse:
    fiscal_year = _year(request, year, "year.manage")
    services.fiscal_year_make_current(fiscal_year=fiscal_year, by=request.user)
    messages.success(request, _("%(year)s is now the current year.") % {"year": fiscal_year.label})
    return redirect("council:year-list")


@require_http_methods(["GET", "POST"])
def council_settings(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "council.edit", council)
    files = request.FILES if request.method == "POST" else None
    return save_or_show(
        request,
        form=forms.CouncilSettingsForm(form_data(request), files, instance=council),
        template="council/council_settings.html",
        success=reverse("council:council-settings"),
        context={"council": council, "logo_uri": council.logo_data_uri()},
    )
