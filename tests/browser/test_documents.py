"""A proposal typed in the browser as the secretariat would: the header, 35 parts added one
"save and add a part" at a time, each choosing its numbering style, and a part's content
blocks; the PDF then holds exactly what was typed, numbered as chosen (pdftotext)."""

from __future__ import annotations

import subprocess
import tempfile
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from documents.models import WrittenDocument
from proposals.models import Proposal
from tests.browser.test_case_pipeline import log_in, submit
from tests.proposals.test_proposals import BLOCKS, STYLED

pytestmark = [pytest.mark.browser]

# The styled parts, then plain second-level parts under the last heading, 35 in all.
PARTS = [*STYLED, *[(2, "（１）", f"検討事項{n}") for n in range(1, 35 - len(STYLED) + 1)]]


@pytest.fixture(scope="module", autouse=True)
def async_unsafe_orm() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
        yield


@pytest.fixture
def demo(transactional_db: Any, live_server: Any) -> Any:
    call_command("seed_demo", verbosity=0)
    return live_server


def fill_part(page: Any, level: int, style: str, heading: str) -> None:
    part = page.locator("#new-part")
    part.locator("select[name$='-level']").select_option(str(level))
    part.locator("select[name$='-numbering']").select_option(style)
    part.locator("input[name$='-heading']").fill(heading)


def add(page: Any, button: str) -> None:
    with page.expect_navigation():
        page.locator(f"button[name={button}]").click()


def test_a_35_part_proposal_typed_in_the_browser_prints_as_typed(browser: Any, demo: Any) -> None:
    base = demo.url
    page = log_in(browser, base, "jimukyoku")
    page.goto(base + reverse("proposals:proposal-create"))
    page.locator("#id_body").select_option(index=1)
    page.fill("#id_title", "地域生活支援拠点等の整備に関する提言（試験入力）")
    page.fill("#id_subtitle", "＜令和5年度の検討を踏まえて＞〔案〕")
    page.fill("#id_date", "令和5年3月1日")
    page.fill("#id_signer_title", "相談支援部会 部会長")
    page.fill("#id_signer_name", "山田太郎")
    started = time.monotonic()
    for level, style, heading in PARTS:
        fill_part(page, level, style, heading)
        add(page, "add_part")
    typed = time.monotonic() - started
    proposal = Proposal.objects.get(title="地域生活支援拠点等の整備に関する提言（試験入力）")
    assert proposal.sections.count() == len(PARTS) == 35
    # The editor still shows one empty part only, and lists the 35 (each edited on its page).
    assert page.locator("fieldset.section-row").count() == 1
    assert page.locator("a[href*='/parts/']").count() == 35
    print(f"35 parts in {typed:.1f} s of browser time, one save each")

    # A part's blocks, one "save and add a block" at a time.
    part = proposal.sections.get(order=1)
    page.goto(base + reverse("proposals:part-blocks", args=[proposal.pk, part.pk]))
    for block in BLOCKS[:-1]:
        row = page.locator("#new-block")
        row.locator("select[name$='-kind']").select_option(block["kind"])
        if block.get("marker"):
            row.locator("select[name$='-marker']").select_option(block["marker"])
        for field in ("label", "title"):
            if block.get(field):
                row.locator(f"input[name$='-{field}']").fill(block[field])
        row.locator("textarea[name$='-text']").fill(block["text"])
        add(page, "add_block")
    assert part.blocks.count() == len(BLOCKS) - 1
    submit(page)  # the empty row: ignored

    response = page.context.request.get(
        base + reverse("proposals:proposal-pdf", args=[proposal.pk])
    )
    assert response.status == 200
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(response.body())
        pdf.flush()
        text = subprocess.run(
            ["pdftotext", "-raw", pdf.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    flat = text.replace(" ", "").replace("\u3000", "").replace("\n", "")
    for printed in (
        "令和5年3月1日",
        "＜令和5年度の検討を踏まえて＞〔案〕",
        "相談支援部会部会長山田太郎",
    ):
        assert printed in flat, printed
    labels = ["１、", "", "（１）", "(2)", "ア", "1)", "2)", "(イ)", "Ⅱ．", "①", "2.", "Ⅲ.", "４"]
    labels += ["〇", *[f"（{n}）".translate(str.maketrans("0123456789", "０１２３４５６７８９"))
                       for n in range(1, 35 - len(STYLED) + 1)]]  # fmt: skip
    for label, (_level, _style, heading) in zip(labels, PARTS, strict=True):
        assert label + heading in flat, label + heading
    for printed in (
        "〇相談体制を整える。",
        "⇒矢印の補足",
        "Ⅰ第1層",
        "対象分野障害",
        "※1連絡会で共有する。",
    ):
        assert printed in flat, printed


# A report to a committee on a programme (取り組みについて): text kept verbatim, and the
# programme table as label | value rows, one optional row left out.
PROGRAMME_TITLE = "＜新たな取り組みについて＞"
LONG = "地域の相談支援体制を強化するため、" * 10  # 170 characters: never cut
PROGRAMME_PARTS = [(1, "Ⅰ．", "事業の概要"), (2, "（１）", "〇と○を区別する"), (1, "Ⅰ．", "今後")]
FLOW_STEPS = ["相談受付", "サービス等利用計画の作成", "利用開始", "モニタリング"]
PROGRAMME_ROWS = [
    ("対象分野", "障害（身体・知的・精神）"),
    ("事業名", "“相談支援”強化事業 <仮称>"),
    ("業務内容", LONG),
    ("運営形態", "委託"),
    ("所管課", "障がい福祉課"),
]


def test_a_programme_report_typed_in_the_browser_prints_verbatim(browser: Any, demo: Any) -> None:
    base = demo.url
    page = log_in(browser, base, "jimukyoku")
    page.goto(base + reverse("writings:writing-create"))
    page.locator("#id_kind").select_option("programme")
    page.locator("#id_body").select_option(index=1)
    page.locator("#id_author_body").select_option(index=2)
    page.fill("#id_date", "2023-06-01")
    page.fill("#id_title", PROGRAMME_TITLE)
    for level, style, heading in PROGRAMME_PARTS:
        fill_part(page, level, style, heading)
        add(page, "add_part")
    document = WrittenDocument.objects.get(title=PROGRAMME_TITLE)
    part = document.parts.get(order=1)
    for label, text in PROGRAMME_ROWS:
        page.goto(base + reverse("writings:part-edit", args=[document.pk, part.pk]))
        row = page.locator("#new-block")
        row.locator("select[name$='-kind']").select_option("field")
        row.locator("input[name$='-label']").fill(label)
        row.locator("textarea[name$='-text']").fill(text)
        if label == "業務内容":  # an item's own tag, inferred by the secretariat
            row.locator("input[name$='-inferred_functions'][value='consultation']").check()
        add(page, "add_block")
    assert [b.label for b in part.blocks.all()] == [label for label, _text in PROGRAMME_ROWS]
    # The support flow (支援の流れ), under the second part.
    flow = document.parts.get(order=2)
    page.goto(base + reverse("writings:part-edit", args=[document.pk, flow.pk]))
    page.locator("#new-block select[name$='-kind']").select_option("flow")
    page.locator("#new-block textarea[name$='-text']").fill("\n".join(FLOW_STEPS))
    submit(page)
    assert part.blocks.get(label="業務内容").text == LONG
    page.goto(base + reverse("writings:writing-detail", args=[document.pk]))
    assert page.locator(".block-field dt").count() == len(PROGRAMME_ROWS)  # one list
    assert "①相談" in page.locator(".block-field").inner_text()

    response = page.context.request.get(base + reverse("writings:writing-pdf", args=[document.pk]))
    assert response.status == 200
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(response.body())
        pdf.flush()
        text = subprocess.run(
            ["pdftotext", "-raw", pdf.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    flat = text.replace(" ", "").replace("\u3000", "").replace("\n", "")
    for printed in (
        PROGRAMME_TITLE,
        "令和5年6月1日",
        "作成：",
        "Ⅰ．事業の概要",
        "（１）〇と○を区別する",
        "Ⅱ．今後",
        *(label + value.replace(" ", "") for label, value in PROGRAMME_ROWS),
        "↓".join(FLOW_STEPS),
    ):
        assert printed in flat, printed
