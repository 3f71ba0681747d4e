"""The council and fiscal year a request works in: every page of every app asks these first."""

from __future__ import annotations

from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from council.models import Council, FiscalYear

SESSION_KEY = "council_id"


def council_for(request: HttpRequest) -> Council:
    """The council the user works in now: ?council=slug for this request (a link to another
    council's page), else the one chosen with council_choose, else their first. A GET never
    writes: only council_choose (a POST) changes the session's choice."""
    councils = Council.objects.visible_to(request.user)
    slug = request.GET.get("council")
    if slug:
        try:
            validate_slug(slug)  # a NUL or other junk never reaches the database
        except ValidationError:
            raise BadRequest("not a council's short name") from None
        return get_object_or_404(councils, slug=slug)
    chosen = request.session.get(SESSION_KEY)
    council = (councils.filter(pk=chosen).first() if chosen else None) or councils.first()
    if council is None:
        raise PermissionDenied("no council")
    return council


def years_for(
    request: HttpRequest, council_id: int, year: int | None = None
) -> tuple[FiscalYear, list[FiscalYear]]:
    """The year asked for (`year`, else ?year=, else the current one, else the newest) and all
    the council's years for the year switch, newest first: one query for both."""
    years = list(FiscalYear.objects.filter(council_id=council_id).order_by("-year"))
    asked = str(year) if year is not None else request.GET.get("year")
    if asked and asked.isdigit():
        chosen = next((y for y in years if y.year == int(asked)), None)
    else:
        chosen = next((y for y in years if y.is_current), None) or next(iter(years), None)
    if chosen is None:
        raise Http404("no such fiscal year")
    return chosen, years
