"""The shared PDF renderer: our font embedded, Japanese text extractable, no outside fetches."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from documents.pdf import ForbiddenFetch, render_pdf, static_path

pytestmark = pytest.mark.usefixtures("poppler")


def write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return path


def test_the_pdf_embeds_our_ipaex_font_and_returns_the_japanese_text(tmp_path: Path) -> None:
    pdf = render_pdf("pdf/smoke.html", {"text": "令和2年度 就労部会 振り返り・評価シート"})
    path = write(tmp_path, pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    embedded = [line for line in fonts.stdout.splitlines() if "IPAex" in line]
    assert embedded and all(" yes " in line for line in embedded)
    assert all("IPAex" in line for line in fonts.stdout.splitlines()[2:])  # only our fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    assert "令和2年度 就労部会 振り返り・評価シート" in text
    assert "1/1頁" in text.replace(" ", "")


def test_user_text_cannot_make_the_renderer_fetch_anything(tmp_path: Path) -> None:
    hostile = '<img src="http://127.0.0.1:9/x.png"><img src="file:///etc/passwd">'
    pdf = render_pdf("pdf/smoke.html", {"text": hostile})
    text = subprocess.run(
        ["pdftotext", str(write(tmp_path, pdf)), "-"], capture_output=True, text=True
    ).stdout
    assert "<img" in text  # escaped and printed as text, never fetched


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/a.css",
        "file:///etc/passwd",
        "data:text/plain,hi",
        "file:///tmp/../etc/x",
    ],
)
def test_the_fetcher_refuses_anything_but_our_static_files(url: str) -> None:
    with pytest.raises(ForbiddenFetch):
        static_path(url)


def test_the_fetcher_reads_our_static_files() -> None:
    css = Path("static/css/pdf.css").resolve()
    assert static_path(css.as_uri()) == css
