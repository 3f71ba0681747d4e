"""The secretariat sets its council's name, municipality, prefecture and issuer line; PDFs print
the council's own."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.urls import reverse

from council.models import Council
from documents.pdf import render_pdf
from tests.conftest import Cast
from tests.subcommittees.test_document_pdfs import pdf_text, squash


def settings_post(**overrides: str) -> dict[str, str]:
    data = {
        "name": "上越市障害者自立支援協議会",
        "municipality": "上越市",
        "prefecture": "新潟県",
        "issuer_line": "上越市障害者自立支援協議会 会長 山田太郎",
        "disability_term": "障がい",
        "revision": "0",
    }
    data.update(overrides)
    return data


def test_secretariat_edits_the_councils_settings(cast: Cast) -> None:
    client = cast.client("secretariat")
    url = reverse("council:council-settings")
    assert "長岡市障害者自立支援協議会" in client.get(url).content.decode()
    response = client.post(url, settings_post())
    assert response.status_code == 302
    council = Council.objects.get(pk=cast.council.pk)
    assert council.name == "上越市障害者自立支援協議会"
    assert (council.municipality, council.prefecture) == ("上越市", "新潟県")
    assert council.issuer_line == "上越市障害者自立支援協議会 会長 山田太郎"
    assert council.slug == "nagaoka"  # the URL's short name is no setting
    assert Council.objects.get(pk=cast.other_council.pk).name == "別市協議会"


def test_a_blank_name_is_refused_and_what_was_typed_is_kept(cast: Cast) -> None:
    url = reverse("council:council-settings")
    response = cast.client("secretariat").post(url, settings_post(name=""))
    assert response.status_code == 400
    assert "上越市" in response.content.decode()
    assert Council.objects.get(pk=cast.council.pk).name == "長岡市障害者自立支援協議会"


def test_members_and_auditors_may_not_edit_the_settings(cast: Cast) -> None:
    url = reverse("council:council-settings")
    for role in ("member_a", "city", "auditor"):
        assert cast.client(role).post(url, settings_post()).status_code == 403
    assert Council.objects.get(pk=cast.council.pk).name == "長岡市障害者自立支援協議会"


def test_the_annual_reports_cover_prints_the_councils_name_and_issuer_line(
    cast: Cast, poppler: None, tmp_path: Path
) -> None:
    council = cast.council
    council.name = "上越市障害者自立支援協議会"
    council.issuer_line = "上越市障害者自立支援協議会 会長 山田太郎"
    context = {
        "council": council,
        "fiscal_year": cast.year,
        "issued_on": datetime.date(2021, 3, 31),
        "chapters": [],
    }
    flat = squash(pdf_text(tmp_path, render_pdf("pdf/annual_front.html", context)))
    assert squash("上越市障害者自立支援協議会 会長 山田太郎") in flat
    assert "長岡" not in flat


def test_the_secretariats_dashboard_links_the_settings_and_years(cast: Cast) -> None:
    page = cast.client("secretariat").get(reverse("council:dashboard")).content.decode()
    assert reverse("council:council-settings") in page and reverse("council:year-list") in page
    page = cast.client("member_a").get(reverse("council:dashboard")).content.decode()
    assert reverse("council:council-settings") not in page
