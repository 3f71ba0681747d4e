"""The secretariat imports a roster: upload, preview every row, then confirm (one transaction).

Between preview and confirm the file waits under MEDIA_ROOT/imports/, named by a random key
that only the uploader's session holds: the confirm step re-reads and re-checks that file, never
anything the browser sends back but the key."""

from __future__ import annotations

import io
import re
import secrets
from pathlib import PurePosixPath

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from council import roster_import
from council.current import council_for
from council.forms import RosterUploadForm
from council.models import Council
from council.permissions import require

TEMPLATE = "council/roster_import.html"
SESSION_KEY = "roster_import"
KEY = re.compile(r"[A-Za-z0-9_-]{20,64}")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _stored_path(request: HttpRequest, key: str, suffix: str) -> str:
    return f"imports/{request.user.pk}-{key}{suffix}"


def _pending(request: HttpRequest, council: Council) -> tuple[str, str, str] | None:
    """(key, path, original name) of this user's upload waiting for confirmation, if any."""
    pending = request.session.get(SESSION_KEY) or {}
    key, name = pending.get("key", ""), pending.get("name", "")
    if pending.get("council") != council.pk or not KEY.fullmatch(key):
        return None
    path = _stored_path(request, key, PurePosixPath(name).suffix.lower())
    return (key, path, name) if default_storage.exists(path) else None


def _forget(request: HttpRequest, council: Council) -> None:
    pending = _pending(request, council)
    if pending:
        default_storage.delete(pending[1])
    request.session.pop(SESSION_KEY, None)


def _page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    return render(request, TEMPLATE, {"columns": roster_import.COLUMNS, **context}, status=status)


@require_http_methods(["GET", "POST"])
def roster_upload(request: HttpRequest) -> HttpResponse:
    """GET: the form and the column layout. POST: the preview of the uploaded file."""
    council = council_for(request)
    require(request.user, "roster.import", council)
    if request.method != "POST":
        return _page(request, {"form": RosterUploadForm(), "council": council})
    form = RosterUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, {"form": form, "council": council}, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read()
    preview = roster_import.roster_parse(council=council, name=upload.name, data=data)
    key = ""
    if preview.is_valid:
        _forget(request, council)
        key = secrets.token_urlsafe(24)
        suffix = PurePosixPath(upload.name).suffix.lower()
        default_storage.save(_stored_path(request, key, suffix), ContentFile(data))
        request.session[SESSION_KEY] = {"key": key, "name": upload.name, "council": council.pk}
    context = {"form": RosterUploadForm(), "council": council, "preview": preview, "key": key}
    return _page(request, context, status=200 if preview.is_valid else 400)


@require_POST
def roster_confirm(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "roster.import", council)
    pending = _pending(request, council)
    if pending is None or request.POST.get("key") != pending[0]:
        notice = _("No checked file waits for import: upload it again.")
        context = {"form": RosterUploadForm(), "council": council, "notice": notice}
        return _page(request, context, status=400)
    _key, path, name = pending
    with default_storage.open(path, "rb") as stored:
        data = stored.read()
    try:
        done = roster_import.roster_import(council=council, name=name, data=data, by=request.user)
    except roster_import.RosterInvalid as invalid:  # the council's records moved on meanwhile
        _forget(request, council)
        context = {"form": RosterUploadForm(), "council": council, "preview": invalid.preview}
        return _page(request, context, status=400)
    _forget(request, council)
    messages.success(
        request,
        _(
            "Roster imported: %(persons)s persons added, %(updated_persons)s updated; "
            "%(organizations)s organisations added; %(seats)s seats added, "
            "%(updated_seats)s updated."
        )
        % done,
    )
    return redirect("council:person-list")


def roster_template(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "roster.import", council)
    content = io.BytesIO(roster_import.roster_template())
    return FileResponse(content, as_attachment=True, filename="名簿ひな型.xlsx", content_type=XLSX)
