"""The dashboard: what needs the reader's action, the next meetings, the year's bodies."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import current
from council.current import council_for, years_for
from council.forms import CouncilChooseForm
from council.models import BodyYear, Council, Meeting, Membership
from council.permissions import Access, access_for, can
from council.todos import todos_for


def needs_action(
    access: Access, council_id: int, fiscal_year_id: int, today: datetime.date
) -> QuerySet[Meeting]:
    """The dashboard's "Needs my action": past meetings whose minutes are still a draft in
    bodies the reader can edit (all of them for the secretariat)."""
    actions = (
        Meeting.objects.visible_to(access)
        .filter(
            fiscal_year_id=fiscal_year_id,
            cancelled=False,
            date__lte=today,
            minutes_status__in=[Meeting.MinutesStatus.DRAFT, Meeting.MinutesStatus.CONFIRMED],
        )
        .order_by("date")
    )
    if access.runs_some(council_id) and not access.runs(council_id):
        actions = actions.filter(body__in=access.limits[council_id])  # a ward's 事務局
    elif not access.runs(council_id):
        actions = actions.filter(
            body__in=[b for b, y in access.memberships if y == fiscal_year_id],
            minutes_status=Meeting.MinutesStatus.DRAFT,
        )
        if access.is_read_only or access.role(council_id) != "member":
            actions = actions.none()
    return actions


def dashboard(request: HttpRequest) -> HttpResponse:
    if can(request.user, "council.create", None) and not Council.objects.exists():
        return redirect("council:council-list")  # a new install: the operator's first step
    council = council_for(request)
    fiscal_year, years = years_for(request, council.pk)
    access = access_for(request.user)
    today = timezone.localdate()
    actions = needs_action(access, council.pk, fiscal_year.pk, today)
    upcoming = Meeting.objects.visible_to(access).filter(body__council=council).upcoming(today)
    body_years = (
        BodyYear.objects.filter(fiscal_year=fiscal_year)
        .select_related("body")
        .only("status", "body__name")
        .order_by("body__order", "body__name")
    )
    # The reader's own seats in every year, with their terms ("my memberships").
    my_seats = (
        Membership.objects.filter(person__user=request.user, body__council=council)
        .select_related("body", "fiscal_year")
        .order_by("-fiscal_year__year", "body__order", "body__name")
        if request.user.is_authenticated
        else Membership.objects.none()
    )
    councils = Council.objects.visible_to(request.user)
    return render(
        request,
        "council/dashboard.html",
        {
            "council": council,
            "fiscal_year": fiscal_year,
            "body_years": body_years,
            "upcoming": upcoming.for_tables()[:8],
            "actions": actions.for_tables()[:10],
            "action_count": actions.count(),
            "years": years,
            "can_run": can(request.user, "council.edit", council),
            "my_seats": my_seats,
            "todos": todos_for(access, council.pk, fiscal_year.pk),
            # The switch shows only to someone who works in more than one council.
            "choose_form": CouncilChooseForm(initial={"council": council}, councils=councils)
            if councils.count() > 1
            else None,
        },
    )


@require_POST
def council_choose(request: HttpRequest) -> HttpResponse:
    """Work in another of one's councils: remembered in the session (a POST, never a GET)."""
    form = CouncilChooseForm(request.POST, councils=Council.objects.visible_to(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose one of your councils."))
        return redirect("council:dashboard")
    request.session[current.SESSION_KEY] = form.cleaned_data["council"].pk
    messages.success(
        request, _("You now work in %(council)s.") % {"council": form.cleaned_data["council"]}
    )
    return redirect("council:dashboard")
