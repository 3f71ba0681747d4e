"""PDF downloads: a fresh rendering, or a frozen PDF served byte for byte with its SHA-256."""

from __future__ import annotations

import io
import logging
from urllib.parse import quote

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from council.models import PublishedPDF
from documents.published import StoredCopyDamaged, stored_content

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
        content = stored_content(pdf)
    except StoredCopyDamaged as damaged:
        logger.error("%s", damaged)
        if damaged.missing:
            message = _("The stored file of this document is missing.")
            return _unavailable(request, pdf, message, 404)
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
