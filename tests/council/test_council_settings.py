"""The secretariat sets its council's name, municipality, prefecture, issuer line and logo, its
functions (協議会の機能) and the kinds of bodies it uses; PDFs print the council's own."""

from __future__ import annotations

import datetime
import importlib
import io
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.urls import reverse
from PIL import Image

from council.filetypes import NotAnImage
from council.filters import MeetingFilter
from council.forms import BodyForm
from council.models import DEFAULT_FUNCTIONS, Body, Council, Meeting
from documents.pdf import ForbiddenFetch, data_image, render_pdf
from subcommittees import services
from subcommittees.forms import ReviewSheetForm
from subcommittees.models import ReviewSheet
from tests.conftest import Cast, one_page_pdf
from tests.subcommittees.test_document_pdfs import pdf_text, squash


def settings_post(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "上越市障害者自立支援協議会",
        "municipality": "上越市",
        "prefecture": "新潟県",
        "issuer_line": "上越市障害者自立支援協議会 会長 山田太郎",
        "disability_term": "障がい",
        "functions": "\n".join(DEFAULT_FUNCTIONS),
        "body_kinds": list(Body.Kind.values),
        "revision": "0",
    }
    data.update(overrides)
    return data


def image(kind: str = "PNG", size: tuple[int, int] = (40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


def upload(content: bytes, name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def post_settings(cast: Cast, **overrides: Any) -> Any:
    url = reverse("council:council-settings")
    return cast.client("secretariat").post(url, settings_post(**overrides))


def image_xobjects(content: bytes) -> int:
    """How many image XObjects the PDF's pages draw."""
    count = 0
    for page in pypdf.PdfReader(io.BytesIO(content)).pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        count += sum(1 for ref in xobjects.values() if ref.get_object()["/Subtype"] == "/Image")
    return count


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


def test_a_png_logo_is_stored_under_the_councils_short_name(cast: Cast) -> None:
    assert post_settings(cast, logo=upload(image())).status_code == 302
    council = Council.objects.get(pk=cast.council.pk)
    assert council.logo.name.startswith("councils/nagaoka/logo-")
    assert council.logo.name.endswith(".png")
    assert council.logo_data_uri().startswith("data:image/png;base64,")
    page = cast.client("secretariat").get(reverse("council:council-settings")).content.decode()
    assert 'src="data:image/png;base64,' in page  # media is not served: the page shows it inline


def test_a_jpeg_logo_is_named_by_its_bytes_not_by_the_name_it_came_with(cast: Cast) -> None:
    assert post_settings(cast, logo=upload(image("JPEG"), "logo.png")).status_code == 302
    council = Council.objects.get(pk=cast.council.pk)
    assert council.logo.name.endswith(".jpg")
    assert council.logo_data_uri().startswith("data:image/jpeg;base64,")


@pytest.mark.parametrize(
    "content",
    [
        one_page_pdf(),  # a real file of a kind attachments take, but no image
        image("GIF"),
        b"\x89PNG\r\n\x1a\n" + b"not really a png" * 10,  # the signature and nothing else
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    ],
    ids=["pdf", "gif", "damaged-png", "svg"],
)
def test_a_logo_that_is_not_a_png_or_jpeg_is_refused_whatever_its_name(
    cast: Cast, content: bytes
) -> None:
    response = post_settings(cast, logo=upload(content, "logo.png"))
    assert response.status_code == 400
    assert str(NotAnImage.message) in response.content.decode()
    assert "上越市障害者自立支援協議会" in response.content.decode()  # what was typed is kept
    assert not Council.objects.get(pk=cast.council.pk).logo


def test_a_logo_over_one_megabyte_is_refused(cast: Cast) -> None:
    big = image() + b"\0" * (1024 * 1024)
    response = post_settings(cast, logo=upload(big))
    assert response.status_code == 400
    assert not Council.objects.get(pk=cast.council.pk).logo


def test_the_logo_stays_when_none_is_sent_and_goes_when_remove_is_ticked(cast: Cast) -> None:
    post_settings(cast, logo=upload(image()))
    assert post_settings(cast, revision="1").status_code == 302
    assert Council.objects.get(pk=cast.council.pk).logo
    assert post_settings(cast, revision="2", remove_logo="on").status_code == 302
    council = Council.objects.get(pk=cast.council.pk)
    assert not council.logo and council.logo_data_uri() == ""


def test_a_logo_whose_file_is_gone_prints_no_image_rather_than_failing(cast: Cast) -> None:
    post_settings(cast, logo=upload(image()))
    council = Council.objects.get(pk=cast.council.pk)
    Path(council.logo.path).unlink()
    assert council.logo_data_uri() == ""


def test_a_pdf_of_a_council_with_a_logo_draws_it_and_one_without_draws_none(cast: Cast) -> None:
    sheet = cast.review_a
    assert image_xobjects(services.render_document(sheet)) == 0
    post_settings(cast, logo=upload(image()))
    sheet.body_year.body.council = Council.objects.get(pk=cast.council.pk)
    content = services.render_document(sheet)
    assert image_xobjects(content) == len(pypdf.PdfReader(io.BytesIO(content)).pages) >= 1


def test_the_pdf_reads_only_a_png_or_jpeg_given_inline() -> None:
    assert data_image("data:image/png;base64,iVBORw0KGgo=") == ("image/png", b"\x89PNG\r\n\x1a\n")
    for url in [
        "data:image/svg+xml;base64,PHN2Zy8+",
        "data:text/html;base64,PGI+",
        "data:image/png,rawbytes",
        "data:image/png;base64,not base64!",
    ]:
        with pytest.raises(ForbiddenFetch):
            data_image(url)


def test_a_new_council_has_the_six_usual_functions_and_every_kind_of_body(cast: Cast) -> None:
    council = Council.objects.create(name="新協議会", municipality="新市", slug="new")
    assert council.functions == [
        "情報機能",
        "調整機能",
        "開発機能",
        "教育機能",
        "権利擁護機能",
        "評価機能",
    ]
    assert council.body_kinds == list(Body.Kind.values)
    council.functions.append("相談機能")  # each council its own list, not a shared default
    assert Council.objects.create(name="次", municipality="次市", slug="next").functions == list(
        DEFAULT_FUNCTIONS
    )


def test_the_functions_are_edited_one_a_line_and_blank_lines_are_ignored(cast: Cast) -> None:
    typed = "  情報機能\n\n調整機能\r\n地域づくり機能  \n\n"
    assert post_settings(cast, functions=typed).status_code == 302
    council = Council.objects.get(pk=cast.council.pk)
    assert council.functions == ["情報機能", "調整機能", "地域づくり機能"]
    page = cast.client("secretariat").get(reverse("council:council-settings")).content.decode()
    assert "情報機能\n調整機能\n地域づくり機能" in page


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("\n  \n", ""),
        ("\n".join(f"機能{n}" for n in range(13)), "機能12"),
        ("情報機能\n" + "長" * 31, "長" * 31),
        ("情報機能\n調整機能\n情報機能", "調整機能"),
    ],
    ids=["none", "thirteen", "too-long", "twice"],
)
def test_a_function_list_that_is_empty_too_long_or_repeats_is_refused_and_kept(
    cast: Cast, typed: str, kept: str
) -> None:
    response = post_settings(cast, functions=typed)
    assert response.status_code == 400
    assert kept in response.content.decode()
    assert Council.objects.get(pk=cast.council.pk).functions == list(DEFAULT_FUNCTIONS)


def test_the_review_sheet_offers_the_councils_functions(cast: Cast) -> None:
    council = cast.council
    council.functions = ["情報機能", "地域づくり機能"]
    council.save()
    sheet = ReviewSheet.objects.get(pk=cast.review_a.pk)
    form = ReviewSheetForm(instance=sheet)
    assert [label for label, _ in form.fields["functions"].choices] == [
        "情報機能",
        "地域づくり機能",
    ]
    form = ReviewSheetForm(
        {"functions": ["地域づくり機能", "情報機能"], "revision": 0}, instance=sheet
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["functions"] == [
        "情報機能",
        "地域づくり機能",
    ]  # in the council's order
    refused = ReviewSheetForm({"functions": ["評価機能"], "revision": 0}, instance=sheet)
    assert not refused.is_valid()


def test_a_sheet_keeps_the_label_it_chose_when_the_council_renames_it(
    cast: Cast, poppler: None, tmp_path: Path
) -> None:
    sheet = ReviewSheet.objects.get(pk=cast.review_a.pk)
    sheet.functions = ["情報機能", "評価機能"]
    sheet.save()
    council = cast.council
    council.functions = ["情報機能", "評価・改善機能"]
    council.save()
    sheet = ReviewSheet.objects.select_related("body_year__body__council").get(pk=sheet.pk)
    offered = [label for label, _ in ReviewSheetForm(instance=sheet).fields["functions"].choices]
    assert offered == ["情報機能", "評価・改善機能", "評価機能"]
    text = squash(pdf_text(tmp_path, services.render_document(sheet)))
    assert "☑情報機能" in text and "☐評価・改善機能" in text and "☑評価機能" in text


def test_a_published_sheets_page_prints_the_functions_it_was_published_with(cast: Cast) -> None:
    from subcommittees import documents

    sheet = ReviewSheet.objects.get(pk=cast.review_a.pk)
    sheet.functions = ["調整機能"]
    records = documents.thawed(documents.frozen(documents.printed(sheet)))
    cast.council.functions = ["連携機能"]
    ticks = documents.context(sheet, records)["functions"]
    assert ticks == [(label, label == "調整機能") for label in DEFAULT_FUNCTIONS]


def test_the_migration_turns_stored_keys_into_labels_and_back(cast: Cast) -> None:
    migration = importlib.import_module("subcommittees.migrations.0005_review_functions_as_labels")
    sheet = ReviewSheet.objects.get(pk=cast.review_a.pk)
    ReviewSheet.objects.filter(pk=sheet.pk).update(functions=["information", "evaluation"])
    sheet.history.all().update(functions=["coordination"])
    migration.keys_to_labels(apps, None)
    sheet.refresh_from_db()
    assert sheet.functions == ["情報機能", "評価機能"]
    assert all(row == ["調整機能"] for row in sheet.history.values_list("functions", flat=True))
    ReviewSheet.objects.filter(pk=sheet.pk).update(functions=["情報機能", "地域づくり機能"])
    migration.labels_to_keys(apps, None)
    sheet.refresh_from_db()
    assert sheet.functions == ["information", "地域づくり機能"]


def test_the_kinds_of_bodies_in_use_need_at_least_one(cast: Cast) -> None:
    response = post_settings(cast, body_kinds=[])
    assert response.status_code == 400
    assert Council.objects.get(pk=cast.council.pk).body_kinds == list(Body.Kind.values)
    response = post_settings(cast, body_kinds=["working", "plenary", "nonsense"])
    assert response.status_code == 400
    assert post_settings(cast, body_kinds=["working", "plenary"]).status_code == 302
    assert Council.objects.get(pk=cast.council.pk).body_kinds == ["plenary", "working"]


def kinds_offered(field: Any) -> list[str]:
    return [value for value, _ in field.choices if value]


def test_the_body_form_offers_the_kinds_in_use_and_a_bodys_own(cast: Cast) -> None:
    council = cast.council
    council.body_kinds = ["plenary", "working"]
    council.save()
    assert kinds_offered(BodyForm(council=council).fields["kind"]) == ["plenary", "working"]
    editing = BodyForm(instance=cast.body_a, council=council)  # a 部会, a kind no longer used
    assert kinds_offered(editing.fields["kind"]) == ["plenary", "subcommittee", "working"]
    new = BodyForm({"name": "新部会", "kind": "subcommittee", "order": 1}, council=council)
    assert not new.is_valid() and "kind" in new.errors


def test_the_body_and_meeting_lists_filter_by_the_kinds_in_use(cast: Cast) -> None:
    council = cast.council
    council.body_kinds = ["plenary", "subcommittee"]
    council.save()
    client = cast.client("secretariat")
    for name in ("council:body-list", "council:meeting-list"):
        page = client.get(reverse(name)).content.decode()
        assert 'value="subcommittee"' in page and 'value="working"' not in page
    meetings = Meeting.objects.filter(body__council=council)
    chosen = MeetingFilter(QueryDict("kind=subcommittee"), queryset=meetings, council=council)
    assert chosen.qs.exists()
    assert {meeting.body.kind for meeting in chosen.qs} == {"subcommittee"}
