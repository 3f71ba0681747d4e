"""A meeting's papers (資料): attach, download, remove."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council import forms, services
from council.models import MeetingAttachment
from council.permissions import get_for
from council.views.helpers import form_data, form_page
from council.views.meetings import meeting_for


def _attachment(request: HttpRequest, perm: str, pk: int) -> MeetingAttachment:
    attachments = MeetingAttachment.objects.select_related("meeting__body")
    return get_for(request.user, perm, attachments, pk=pk)


@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, "attachment.add", pk)
    form = forms.AttachmentForm(form_data(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.attachment_add(meeting=meeting, form=form, by=request.user)
        messages.success(request, _("The paper was attached."))
        return redirect("council:meeting-detail", pk=meeting.pk)
    return form_page(request, "council/attachment_form.html", {"meeting": meeting, "form": form})


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = _attachment(request, "attachment.view", pk)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    # RFC 5987, as documents/downloads.py: Japanese names survive every browser.
    disposition = f"attachment; filename*=UTF-8''{quote(attachment.download_name)}"
    response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _attachment(request, "attachment.delete", pk)
    if request.method == "POST":
        services.attachment_delete(attachment=attachment, by=request.user)
        messages.success(request, _("The paper was removed."))
        return redirect("council:meeting-detail", pk=attachment.meeting_id)
    return render(request, "council/attachment_confirm_delete.html", {"attachment": attachment})
