"""A meeting's minutes (議事録): written while a draft, then moved along their workflow."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council import forms, services, workflow
from council.models import Meeting
from council.views.helpers import form_data, save_or_show
from council.views.meetings import meeting_for


@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, "minutes.edit", pk)
    if meeting.minutes_status != Meeting.MinutesStatus.DRAFT:
        messages.error(request, _("Only draft minutes can be edited. Reopen them first."))
        return redirect("council:meeting-detail", pk=meeting.pk)
    return save_or_show(
        request,
        form=forms.MinutesForm(form_data(request), instance=meeting),
        template="council/meeting_minutes.html",
        success=reverse("council:meeting-detail", args=[meeting.pk]),
        context={"meeting": meeting},
    )


@require_http_methods(["GET", "POST"])
def meeting_minutes_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in workflow.MINUTES:
        raise Http404("unknown action")
    meeting = meeting_for(request, f"minutes.{action}", pk)
    if request.method == "POST":
        try:
            services.meeting_minutes_transition(meeting=meeting, action=action, by=request.user)
        except workflow.InvalidTransition as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The minutes status was changed."))
        return redirect("council:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "council/meeting_minutes_transition.html",
        {"meeting": meeting, "action": action, "label": workflow.MINUTES_ACTION_LABELS[action]},
    )
