"""A body's meetings as an iCal calendar: downloaded, or subscribed to with the user's key;
and the page where a user issues, reissues or revokes that key."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council import ical, services
from council.models import Body, CalendarToken, Meeting
from council.permissions import get_for


def body_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_for(request.user, "body.view", Body.objects.all(), pk=pk)
    return _calendar_response(request, body, request.user)


@login_not_required
def body_calendar_feed(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    """Calendar apps cannot log in, so the feed URL carries the user's calendar key instead."""
    user = CalendarToken.user_for(token)
    if user is None:
        raise Http404("no such calendar key")
    body = get_for(user, "body.view", Body.objects.all(), pk=pk)
    return _calendar_response(request, body, user)


def calendar_page(request: HttpRequest) -> HttpResponse:
    """Whether the user has a key, and the buttons to issue or revoke it. The key itself is
    shown only on the page that answers its issue: it is stored as a hash."""
    return _page(request, key=None)


@require_POST
def calendar_token_issue(request: HttpRequest) -> HttpResponse:
    key = services.calendar_token_issue(user=request.user)
    return _page(request, key=key)


@require_POST
def calendar_token_revoke(request: HttpRequest) -> HttpResponse:
    services.calendar_token_revoke(user=request.user)
    messages.success(request, _("Your calendar key was revoked: its addresses no longer work."))
    return redirect("council:calendar")


def _page(request: HttpRequest, *, key: str | None) -> HttpResponse:
    token = CalendarToken.objects.filter(user=request.user).select_related("user").first()
    # Every body the user reads, in every council they work in: one key serves them all.
    bodies = Body.objects.visible_to(request.user).only("name") if key is not None else []
    return render(
        request,
        "council/calendar.html",
        {
            "token": token if token is not None and token.is_current() else None,
            "lapsed": token is not None and not token.is_current(),
            "key": key,
            "bodies": bodies,
        },
    )


def _calendar_response(request: HttpRequest, body: Body, user: Any) -> HttpResponse:
    meetings = Meeting.objects.visible_to(user).filter(body=body).order_by("date")
    content = ical.body_calendar(body, meetings, host=request.get_host())
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="body-{body.pk}.ics"'
    return response
