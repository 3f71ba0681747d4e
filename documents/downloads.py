"""PDF downloads: a fresh rendering, or a frozen PDF served byte for byte with its SHA-256."""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, HttpResponse

from council.models import PublishedPDF


def _named(response: HttpResponse, filename: str) -> HttpResponse:
    # RFC 5987: Japanese file names survive every browser.
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename)}"
    return response


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    return _named(HttpResponse(content, content_type="application/pdf"), filename)


def stored_pdf_response(pdf: PublishedPDF, filename: str = "") -> HttpResponse:
    response = FileResponse(pdf.file.open("rb"), content_type="application/pdf")
    response["X-Content-SHA256"] = pdf.sha256
    return _named(response, filename or f"{pdf.title}.pdf")
