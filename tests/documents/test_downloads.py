"""A frozen PDF is served only while it is the file that was published."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from tests.conftest import Cast, one_page_pdf


def download(cast: Cast, role: str = "city") -> object:
    return cast.client(role).get(reverse("subcommittees:published-pdf", args=[cast.published_a.pk]))


def test_the_published_pdf_is_served_byte_for_byte_with_its_hash(cast: Cast) -> None:
    response = download(cast)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == one_page_pdf()
    assert response["X-Content-SHA256"] == cast.published_a.sha256


def test_a_changed_file_is_not_served_and_is_logged(
    cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    path = cast.published_a.file.path
    with open(path, "wb") as stored:
        stored.write(b"%PDF-1.7 altered after publication")
    with caplog.at_level(logging.ERROR, logger="documents.downloads"):
        response = download(cast)
    assert response.status_code == 503
    page = response.content.decode()
    assert "公開時の文書と一致しません" in page
    assert b"altered" not in response.content
    assert any(f"published PDF {cast.published_a.pk}" in r.getMessage() for r in caplog.records)


def test_a_missing_file_is_a_404_with_a_message_not_a_500(
    cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    cast.published_a.file.storage.delete(cast.published_a.file.name)
    with caplog.at_level(logging.ERROR, logger="documents.downloads"):
        response = download(cast, "secretariat")
    assert response.status_code == 404
    assert "保存されたファイルが見つかりません" in response.content.decode()
    assert caplog.records
