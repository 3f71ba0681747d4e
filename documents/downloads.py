"""PDF downloads: a fresh rendering, or a frozen PDF served byte for byte with its SHA-256."""

from __future__ import annotations

import hashlib
import io
import logging
from urllib.parse import quote

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from council.models import PublishedPDF

logger = logging.getLogger(__name__)


def _named(response: HttpResponse, filename: str) -> HttpResponse:
    # RFC 5987: Japanese file names survive every browser.
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    return _named(HttpResponse(content, content_type="application/pdf"), filename)


def stored_pdf_response(
    request: HttpRequest, pdf: PublishedPDF, filename: str = ""
) -> HttpResponse:
    """The frozen PDF, only while its bytes still hash to what was recorded at publication: a
    missing file is a 404 and a changed one a 503, each with a page saying so and a log entry
    for the secretariat (restore it from the backup; `verify_documents` lists them all)."""
    try:
        with pdf.file.open("rb") as stored:
            content = stored.read()
    except FileNotFoundError:
        logger.error("published PDF %s (%s): the stored file is missing", pdf.pk, pdf.file.name)
        return _unavailable(request, pdf, _("The stored file of this document is missing."), 404)
    if hashlib.sha256(content).hexdigest() != pdf.sha256:
        logger.error(
            "published PDF %s (%s): SHA-256 differs from the record", pdf.pk, pdf.file.name
        )
        message = _("The stored file no longer matches the document as it was published.")
        return _unavailable(request, pdf, message, 503)
    response = FileResponse(io.BytesIO(content), content_type="application/pdf")
    response["X-Content-SHA256"] = pdf.sha256
    return _named(response, filename or f"{pdf.title}.pdf")


def _unavailable(
    request: HttpRequest, pdf: PublishedPDF, message: str, status: int
) -> HttpResponse:
    context = {"pdf": pdf, "message": message}
    return render(request, "documents/pdf_unavailable.html", context, status=status)
