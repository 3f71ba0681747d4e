"""A body's meetings as an iCal calendar: downloaded, or subscribed to with a signed URL."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from council import ical
from council.models import Body, Meeting
from council.permissions import get_for

CALENDAR_SALT = "council.calendar"


def calendar_token(user: Any) -> str:
    """The signed user id a body's feed URL carries (shown on the body page)."""
    return signing.dumps(user.pk, salt=CALENDAR_SALT)


def body_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_for(request.user, "body.view", Body.objects.all(), pk=pk)
    return _calendar_response(request, body, request.user)


@login_not_required
def body_calendar_feed(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    """Calendar apps cannot log in, so the feed URL carries a signed user id instead."""
    try:
        user_pk = signing.loads(token, salt=CALENDAR_SALT)
    except signing.BadSignature:
        raise Http404("bad token") from None
    user = get_object_or_404(get_user_model(), pk=user_pk, is_active=True)
    body = get_for(user, "body.view", Body.objects.all(), pk=pk)
    return _calendar_response(request, body, user)


def _calendar_response(request: HttpRequest, body: Body, user: Any) -> HttpResponse:
    meetings = Meeting.objects.visible_to(user).filter(body=body).order_by("date")
    content = ical.body_calendar(body, meetings, host=request.get_host())
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="body-{body.pk}.ics"'
    return response
