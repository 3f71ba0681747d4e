"""The council's yearly schedule grid."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from council.current import council_for, years_for
from council.permissions import require
from council.schedule import schedule_grid


def schedule(request: HttpRequest, year: int | None = None) -> HttpResponse:
    council = council_for(request)
    fiscal_year, years = years_for(request, council.pk, year)
    require(request.user, "council.view", council)
    return render(
        request,
        "council/schedule.html",
        {
            "council": council,
            "fiscal_year": fiscal_year,
            "months": fiscal_year.months(),
            "rows": schedule_grid(fiscal_year=fiscal_year, user=request.user),
            "years": years,
        },
    )
