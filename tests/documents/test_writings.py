"""Written documents (企画書, 実施状況報告, 取り組み報告): the engine's editor, rules and PDF."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from documents import writings
from documents.models import (
    DocumentBlock,
    DocumentPart,
    WrittenDocument,
    WrittenKind,
    WrittenStatus,
)
from documents.published import current_pdf
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def make_plan(cast: Cast, **fields: Any) -> WrittenDocument:
    fields.setdefault("title", "＜先進地視察研修＞企画書")
    document = WrittenDocument.objects.create(
        council=cast.council,
        fiscal_year=cast.year,
        body=cast.body_a,
        kind=WrittenKind.PLAN,
        **fields,
    )
    for order, (level, numbering, heading) in enumerate(
        [(1, "１、", "目的"), (2, "", "視察先"), (1, "１、", "日程")], start=1
    ):
        DocumentPart.objects.create(
            document=document, order=order, level=level, numbering=numbering, heading=heading
        )
    return document


def head(cast: Cast, **extra: Any) -> dict[str, Any]:
    data = {
        "kind": WrittenKind.PLAN,
        "fiscal_year": cast.year.pk,
        "body": cast.body_a.pk,
        "date": "令和2年7月1日",
        "title": "〔研修〕＜先進地視察＞企画書",
        "subtitle": "― 相談支援体制の強化に向けて ―",
        "signer_title": "部会長",
        "signer_name": "山田太郎",
        "closing": "以上",
        "revision": 0,
        "parts-TOTAL_FORMS": 1,
        "parts-INITIAL_FORMS": 0,
        "parts-MIN_NUM_FORMS": 0,
        "parts-MAX_NUM_FORMS": 1000,
        "parts-0-level": 1,
        "parts-0-numbering": "１、",
        "parts-0-heading": "目的",
        "parts-0-text": "",
        "parts-0-ORDER": "",
    }
    return data | extra


def test_a_member_writes_a_plan_with_its_first_part_from_the_browser(cast: Cast) -> None:
    client = cast.client("member_a")
    response = client.post(reverse("writings:writing-create"), head(cast))
    document = WrittenDocument.objects.get()
    assert response.status_code == 302
    assert document.title == "〔研修〕＜先進地視察＞企画書"
    assert str(document.date) == "2020-07-01"
    assert [p.heading for p in document.parts.all()] == ["目的"]


def test_save_and_add_a_part_appends_one_part_after_the_others(cast: Cast) -> None:
    document = make_plan(cast)
    client = cast.client("member_a")
    data = head(cast, revision=document.revision, **{"parts-0-heading": "費用"})
    response = client.post(
        reverse("writings:writing-edit", args=[document.pk]), data | {"add_part": "1"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#new-part")
    assert [p.heading for p in document.parts.all()] == ["目的", "視察先", "日程", "費用"]
    page = client.get(response["Location"])
    assert page.content.decode().count('class="section-row') == 1


def test_a_bad_date_keeps_what_was_typed(cast: Cast) -> None:
    response = cast.client("member_a").post(
        reverse("writings:writing-create"), head(cast, date="令和2年13月40日")
    )
    assert response.status_code == 400
    assert "〔研修〕＜先進地視察＞企画書" in response.content.decode()
    assert not WrittenDocument.objects.exists()


def test_a_member_of_another_body_cannot_see_or_edit_a_draft(cast: Cast) -> None:
    document = make_plan(cast)
    client = cast.client("member_b")
    assert client.get(reverse("writings:writing-detail", args=[document.pk])).status_code == 404
    assert client.get(reverse("writings:writing-edit", args=[document.pk])).status_code == 404
    listed = client.get(reverse("writings:writing-list")).content.decode()
    assert document.title not in listed


def test_a_past_member_cannot_edit_this_years_plan(cast: Cast) -> None:
    document = make_plan(cast)
    response = cast.client("past_member").get(reverse("writings:writing-edit", args=[document.pk]))
    assert response.status_code == 404


def test_the_parts_number_as_chosen_and_a_part_moves_in_place(cast: Cast) -> None:
    document = make_plan(cast)
    labels = [n.label for n in writings.context(document)["parts"]]
    assert labels == ["１、", "（１）", "２、"]
    last = document.parts.get(heading="日程")
    client = cast.client("member_a")
    client.post(
        reverse("writings:part-action", args=[document.pk, last.pk, "up"]),
        {"revision": document.revision},
    )
    assert [p.heading for p in document.parts.all()] == ["目的", "日程", "視察先"]


def test_outdenting_cannot_leave_a_second_level_part_first(cast: Cast) -> None:
    document = make_plan(cast)
    first = document.parts.get(heading="目的")
    client = cast.client("member_a")
    client.post(
        reverse("writings:part-action", args=[document.pk, first.pk, "indent"]),
        {"revision": document.revision},
    )
    assert document.parts.get(pk=first.pk).level == 1


def test_a_stale_part_page_does_not_overwrite_a_newer_save(cast: Cast) -> None:
    document = make_plan(cast)
    part = document.parts.get(heading="目的")
    WrittenDocument.objects.filter(pk=document.pk).update(revision=5)
    response = cast.client("member_a").post(
        reverse("writings:part-edit", args=[document.pk, part.pk]),
        {
            "revision": 4,
            "level": 1,
            "numbering": "１、",
            "heading": "目的（改）",
            "text": "",
            "blocks-TOTAL_FORMS": 0,
            "blocks-INITIAL_FORMS": 0,
            "blocks-MIN_NUM_FORMS": 0,
            "blocks-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code in (400, 409)
    assert document.parts.get(pk=part.pk).heading == "目的"


def test_a_block_keeps_its_own_hub_function_tags(cast: Cast) -> None:
    document = make_plan(cast)
    part = document.parts.get(heading="目的")
    response = cast.client("member_a").post(
        reverse("writings:part-edit", args=[document.pk, part.pk]),
        {
            "revision": document.revision,
            "level": 1,
            "numbering": "１、",
            "heading": "目的",
            "text": "",
            "functions": ["consultation"],
            "blocks-TOTAL_FORMS": 1,
            "blocks-INITIAL_FORMS": 0,
            "blocks-MIN_NUM_FORMS": 0,
            "blocks-MAX_NUM_FORMS": 1000,
            "blocks-0-kind": "bullet",
            "blocks-0-marker": "◆",
            "blocks-0-text": "緊急時の受け入れ体制を学ぶ",
            "blocks-0-inferred_functions": ["emergency"],
            "blocks-0-ORDER": "",
        },
    )
    assert response.status_code == 302
    block = DocumentBlock.objects.get()
    assert block.inferred_functions == ["emergency"] and block.functions == []
    assert block.function_tags() == [("②緊急時の受け入れ・対応", True)]
    assert document.parts.get(pk=part.pk).functions == ["consultation"]


def test_issuing_freezes_the_pdf_and_the_document_changes_no_more(cast: Cast) -> None:
    document = make_plan(cast)
    secretariat = cast.users["secretariat"]
    writings.writing_transition(document=document, action="issue", by=secretariat)
    document.refresh_from_db()
    assert document.status == WrittenStatus.ISSUED
    assert current_pdf(document) is not None
    client = cast.client("member_a")
    assert client.get(reverse("writings:writing-edit", args=[document.pk])).status_code == 403
    # Issued: every reader of the council sees it, in the list too.
    listed = cast.client("member_b").get(reverse("writings:writing-list")).content.decode()
    assert document.title in listed


def test_reopening_needs_a_reason_and_withdraws_the_frozen_pdf(cast: Cast) -> None:
    document = make_plan(cast)
    secretariat = cast.users["secretariat"]
    writings.writing_transition(document=document, action="issue", by=secretariat)
    client = cast.client("secretariat")
    url = reverse("writings:writing-transition", args=[document.pk, "reopen"])
    assert client.post(url, {"reason": ""}).status_code == 400
    client.post(url, {"reason": "日程の変更"})
    document.refresh_from_db()
    assert document.status == WrittenStatus.DRAFT
    assert current_pdf(document) is None


@pytest.mark.skipif(not Path("/usr/bin/pdftotext").exists(), reason="needs poppler-utils")
def test_the_pdf_prints_the_head_and_the_parts_as_typed(cast: Cast, tmp_path: Path) -> None:
    document = make_plan(
        cast,
        subtitle="〔令和2年度〕",
        signer_title="部会長",
        signer_name="山田太郎",
        author_body=cast.body_b,
    )
    path = tmp_path / "plan.pdf"
    path.write_bytes(writings.render(document))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    for expected in [
        "＜先進地視察研修＞企画書",
        "〔令和2年度〕",
        cast.council.name,
        cast.body_a.name,
        "部会長山田太郎",
        "作成：" + cast.body_b.name,
        "１、目的",
        "（１）視察先",
        "２、日程",
        "案",
    ]:
        assert expected in flat, expected


def test_the_list_filters_by_kind(cast: Cast) -> None:
    make_plan(cast, title="企画書A")
    WrittenDocument.objects.create(
        council=cast.council,
        fiscal_year=cast.year,
        body=cast.body_a,
        kind=WrittenKind.PROGRAMME,
        title="新たな取り組みについて",
    )
    page = cast.client("secretariat").get(reverse("writings:writing-list"), {"kind": "programme"})
    content = page.content.decode()
    assert "新たな取り組みについて" in content and "企画書A" not in content
    assert gettext("Report on a programme (取り組みについて)") in content


def test_consecutive_label_value_rows_form_one_table(cast: Cast) -> None:
    document = make_plan(cast)
    part = document.parts.get(heading="目的")
    for order, (kind, label) in enumerate(
        [("field", "対象分野"), ("field", "事業名"), ("bullet", ""), ("field", "所管課")], start=1
    ):
        part.blocks.create(order=order, kind=kind, label=label, text=f"{label}の内容")
    runs = [[block.label for block in run] for run in part.block_runs]
    assert runs == [["対象分野", "事業名"], [""], ["所管課"]]
