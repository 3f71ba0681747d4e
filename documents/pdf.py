"""One way to make every PDF: a Django template + print CSS, rendered by WeasyPrint.

WeasyPrint may read only our own static files (the fonts and the print stylesheet): user text is
autoescaped by the template, and any URL it might still smuggle in (an <img src>, a CSS url())
is refused by the fetcher, so a PDF can never pull a remote resource or a local file. The only
other thing it reads is a PNG or JPEG given inline as a data: URI (the council's logo).
"""

from __future__ import annotations

import base64
import binascii
import functools
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()
PDF_CSS = STATIC_DIR / "css" / "pdf.css"
FONTS_CONF = STATIC_DIR / "fonts" / "fonts.conf"


class ForbiddenFetch(ValueError):
    """WeasyPrint asked for something outside our static files."""


# The one data: URI a document carries: the council's logo (Council.logo_data_uri).
DATA_IMAGE = re.compile(r"data:(image/png|image/jpeg);base64,([A-Za-z0-9+/]*={0,2})", re.ASCII)


def data_image(url: str) -> tuple[str, bytes]:
    """(content type, bytes) of a base64 PNG or JPEG data: URI, or ForbiddenFetch."""
    match = DATA_IMAGE.fullmatch(url)
    if match is None:
        raise ForbiddenFetch(url[:40])
    try:
        return match[1], base64.b64decode(match[2], validate=True)
    except binascii.Error:
        raise ForbiddenFetch(url[:40]) from None


def static_path(url: str) -> Path:
    """The file under static/ that `url` names, or ForbiddenFetch."""
    parsed = urlparse(url)
    if parsed.scheme != "file":
        raise ForbiddenFetch(url)
    path = Path(unquote(parsed.path)).resolve()
    if not path.is_relative_to(STATIC_DIR) or not path.is_file():
        raise ForbiddenFetch(url)
    return path


@functools.cache
def static_only_fetcher() -> Any:
    """WeasyPrint's fetcher (a URLFetcher in v70) narrowed to `static_path`; built on first
    use so that importing this module does not import WeasyPrint."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                content_type, data = data_image(url)
                return URLFetcherResponse(url, data, {"Content-Type": content_type})
            path = static_path(url)
            return URLFetcherResponse(path.as_uri(), path.open("rb"))

    return StaticOnlyFetcher(allowed_protocols=["file", "data"], fail_on_errors=True)


@functools.cache
def stylesheet() -> Any:
    """The print stylesheet, parsed once per process (0.1–0.2 s a rendering otherwise)."""
    import weasyprint

    return weasyprint.CSS(filename=str(PDF_CSS), url_fetcher=static_only_fetcher())


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """A4 PDF/UA (tagged) bytes with our shipped IPAex fonts embedded (subset).

    A resource we cannot fetch stops the rendering (fail_on_errors) instead of printing a PDF
    with missing fonts: a document that silently lost its glyphs must never be published.
    """
    # Fontconfig sees only the fonts we ship (IPAex + checkboxes), read once when WeasyPrint
    # loads it: no system font can sneak into a PDF, and @font-face (which some Pango/
    # Fontconfig builds ignore) is not needed.
    os.environ["FONTCONFIG_FILE"] = str(FONTS_CONF)
    import weasyprint  # costs ~0.4 s to import: only processes that print pay for it

    html = render_to_string(template_name, context)
    fetcher = static_only_fetcher()
    document = weasyprint.HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet()], pdf_variant="pdf/ua-1")
