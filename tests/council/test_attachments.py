"""A meeting's papers: stored under a generated name, typed by their content, never by their
name, and Office files only when they are real OOXML packages."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from council.models import MeetingAttachment
from tests.conftest import Cast

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="{target}" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)


def content_types(part: str, content_type: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'
    )


def ooxml(
    part: str = "word/document.xml",
    content_type: str = WORD_MAIN,
    declared: str = "",
    **extra: str,
) -> bytes:
    """A minimal Office package: what Word, Excel or PowerPoint write, at its smallest."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types(declared or part, content_type))
        archive.writestr("_rels/.rels", RELS.format(target=part))
        archive.writestr(part, "<document/>")
        for name, text in extra.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def post(cast: Cast, name: str, content: bytes, **fields: str) -> tuple[int, str]:
    url = reverse("council:attachment-add", args=[cast.meeting_a.pk])
    data = {"label": "資料第2号", "title": "就労パスポート記入例", **fields}
    response = cast.client("member_a").post(url, data | {"file": SimpleUploadedFile(name, content)})
    return response.status_code, response.content.decode()


def stored() -> MeetingAttachment:
    return MeetingAttachment.objects.get(label="資料第2号")


def download(cast: Cast, paper: MeetingAttachment) -> tuple[str, bytes]:
    response = cast.client("city").get(reverse("council:attachment-download", args=[paper.pk]))
    assert response.status_code == 200
    return response["Content-Disposition"], b"".join(response.streaming_content)


def test_a_paper_is_stored_under_a_generated_name_and_keeps_its_own_for_display(
    cast: Cast,
) -> None:
    status, _page = post(cast, "就労パスポート記入例.pdf", b"%PDF-1.7\n...")
    assert status == 302
    paper = stored()
    path = PurePosixPath(paper.file.name)
    assert "就労パスポート" not in paper.file.name
    assert path.suffix == ".pdf"
    assert len(path.stem) == 32  # a random hex name
    assert paper.original_name == "就労パスポート記入例.pdf"
    disposition, content = download(cast, paper)
    assert content == b"%PDF-1.7\n..."
    assert disposition == "attachment; filename*=UTF-8''" + quote("就労パスポート記入例.pdf")


def test_two_papers_of_the_same_name_get_different_stored_names(cast: Cast) -> None:
    assert post(cast, "a.pdf", b"%PDF-1.7 one")[0] == 302
    assert post(cast, "a.pdf", b"%PDF-1.7 two", label="資料第3号")[0] == 302
    names = set(MeetingAttachment.objects.values_list("file", flat=True))
    assert len(names) == 3  # the cast's paper and the two new ones
    assert not any(name.endswith("/a.pdf") for name in names)


def test_a_pdf_renamed_docx_is_stored_and_downloaded_as_pdf(cast: Cast) -> None:
    assert post(cast, "議事次第.docx", b"%PDF-1.7\n...")[0] == 302
    paper = stored()
    assert paper.content_type == "application/pdf"
    assert paper.file.name.endswith(".pdf")
    disposition, _content = download(cast, paper)
    assert disposition.endswith(quote("議事次第.pdf"))


def test_a_zip_with_only_a_word_entry_is_refused_and_the_fields_are_kept(cast: Cast) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    status, page = post(cast, "議事次第.docx", buffer.getvalue())
    assert status == 400
    assert "docx・xlsx・pptx" in page  # the Japanese error, not the help text
    assert 'value="就労パスポート記入例"' in page
    assert not MeetingAttachment.objects.filter(label="資料第2号").exists()


def test_a_zip_whose_content_types_do_not_declare_the_main_part_is_refused(cast: Cast) -> None:
    # [Content_Types].xml names a workbook, but the package holds no xl/workbook.xml.
    fake = ooxml(part="word/document.xml", content_type=XLSX_MAIN, declared="xl/workbook.xml")
    assert post(cast, "表.xlsx", fake)[0] == 400
    macro = ooxml(content_type="application/vnd.ms-word.document.macroEnabled.main+xml")
    assert post(cast, "マクロ.docm", macro)[0] == 400


def test_a_content_types_file_with_an_entity_declaration_is_refused(cast: Cast) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<!DOCTYPE t [<!ENTITY a "aaaa">]>' + content_types("word/document.xml", WORD_MAIN),
        )
        archive.writestr("word/document.xml", "<document/>")
    assert post(cast, "議事次第.docx", buffer.getvalue())[0] == 400


def test_a_zip_bomb_is_refused_without_inflating_it(cast: Cast) -> None:
    # 64 MiB of zeros in [Content_Types].xml compress to about 64 KiB.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"\0" * (64 * 1024 * 1024))
        archive.writestr("word/document.xml", "<document/>")
    assert post(cast, "爆弾.docx", buffer.getvalue())[0] == 400


def test_a_zip_of_too_many_entries_is_refused(cast: Cast) -> None:
    extra = {f"word/media/{n}.xml": "" for n in range(5001)}
    assert post(cast, "多すぎる.docx", ooxml(**extra))[0] == 400


def test_a_real_minimal_docx_is_accepted_and_named_docx(cast: Cast) -> None:
    assert post(cast, "議事次第", ooxml())[0] == 302
    paper = stored()
    assert paper.content_type.endswith("wordprocessingml.document")
    assert paper.file.name.endswith(".docx")
    disposition, _content = download(cast, paper)
    assert disposition.endswith(quote("議事次第.docx"))


def test_a_real_xlsx_is_accepted(cast: Cast) -> None:
    assert post(cast, "名簿.xlsx", ooxml("xl/workbook.xml", XLSX_MAIN))[0] == 302
    assert stored().file.name.endswith(".xlsx")


def test_png_and_jpeg_are_named_by_their_content(cast: Cast) -> None:
    assert post(cast, "地図.jpg", b"\x89PNG\r\n\x1a\n....")[0] == 302
    assert stored().file.name.endswith(".png")
    disposition, _content = download(cast, stored())
    assert disposition.endswith(quote("地図.png"))
