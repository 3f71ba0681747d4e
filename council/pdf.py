"""One way to make every PDF: a Django template + print CSS, rendered by WeasyPrint.

WeasyPrint may read only our own static files (the fonts and the print stylesheet): user text is
autoescaped by the template, and any URL it might still smuggle in (an <img src>, a CSS url())
is refused by the fetcher, so a PDF can never pull a remote resource or a local file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()
PDF_CSS = STATIC_DIR / "css" / "pdf.css"


class ForbiddenFetch(ValueError):
    """WeasyPrint asked for something outside our static files."""


def static_only_fetcher(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    parsed = urlparse(url)
    if parsed.scheme != "file":
        raise ForbiddenFetch(url)
    path = Path(unquote(parsed.path)).resolve()
    if not path.is_relative_to(STATIC_DIR) or not path.is_file():
        raise ForbiddenFetch(url)
    return {"file_obj": path.open("rb"), "redirected_url": path.as_uri()}


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """A4 PDF/UA (tagged) bytes with our shipped IPAex fonts embedded (subset)."""
    import weasyprint  # costs ~0.4 s to import: only processes that print pay for it

    html = render_to_string(template_name, context)
    document = weasyprint.HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=static_only_fetcher
    )
    stylesheet = weasyprint.CSS(filename=str(PDF_CSS), url_fetcher=static_only_fetcher)
    return document.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")
