"""提言: nested sections written in the browser, the way to the city's answer, and the PDF."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.translation import gettext

from council import workflow
from documents.published import current_pdf
from proposals import services as proposals
from proposals.models import Proposal, ProposalSection, ProposalStatus
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

P, S = ProposalSection.Kind.PRINCIPLE, ProposalSection.Kind.SECTION


def make_proposal(cast: Cast, **fields: Any) -> Proposal:
    fields.setdefault("title", "地域生活支援拠点等の整備に関する提言")
    proposal = Proposal.objects.create(
        council=cast.council, fiscal_year=cast.year, body=cast.body_a, **fields
    )
    rows = [
        (P, 1, "本人中心", "本人の意思を尊重する。"),
        (S, 1, "相談機能の強化", "二十四時間の連絡体制を整える。"),
        (S, 2, "事前登録", "緊急時に備えた事前登録を進める。"),
        (S, 3, "", "登録の様式を統一する。"),
        (S, 2, "情報共有", "関係機関で情報を共有する。"),
        (S, 1, "体験の機会", "グループホームの体験利用を広げる。"),
    ]
    for order, (kind, level, heading, text) in enumerate(rows, start=1):
        ProposalSection.objects.create(
            proposal=proposal, order=order, kind=kind, level=level, heading=heading, text=text
        )
    return proposal


def test_numbers_follow_the_levels_and_restart_under_each_heading(cast: Cast) -> None:
    proposal = make_proposal(cast)
    principles, body = proposals.numbered(list(proposal.sections.all()))
    assert [p.label for p in principles] == ["①"]
    assert [n.label for n in body] == ["１", "（１）", "〇", "（２）", "２"]


@pytest.mark.parametrize(
    ("rows", "ok"),
    [
        ([(S, 1), (S, 2), (S, 3), (S, 1)], True),
        ([(P, 1), (S, 1), (S, 3)], True),
        ([(S, 2)], False),
        ([(P, 1), (S, 3), (S, 1)], False),
    ],
)
def test_a_section_needs_a_first_level_heading_above_it(rows: list, ok: bool) -> None:
    assert (proposals.structure_errors(rows) == []) is ok


def formset_post(head: dict[str, Any], rows: list[dict[str, Any]], initial: int = 0) -> dict:
    data = {
        **head,
        "sections-TOTAL_FORMS": str(len(rows)),
        "sections-INITIAL_FORMS": str(initial),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "200",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"sections-{index}-{key}"] = value
    return data


def head(cast: Cast, **extra: Any) -> dict[str, Any]:
    return {
        "fiscal_year": cast.year.pk,
        "body": cast.body_a.pk,
        "date": "令和3年3月1日",
        "title": "拠点整備に向けた提言",
        "addressee": "長岡市長 様",
        "signer_name": "部会長 山田太郎",
        "preamble": "本部会は一年間の検討を踏まえ、次のとおり提言する。",
        "closing": "以上",
        "functions": ["consultation", "emergency"],
        "revision": "0",
        **extra,
    }


def test_the_secretariat_writes_nested_sections_in_the_browser(cast: Cast) -> None:
    client = cast.client("secretariat")
    rows = [
        {"kind": S, "level": "1", "heading": "相談", "text": "体制を整える。", "ORDER": "1"},
        {"kind": S, "level": "2", "heading": "登録", "text": "事前登録を進める。", "ORDER": "2"},
        {"kind": S, "level": "3", "heading": "", "text": "様式を統一する。", "ORDER": "3"},
        {"kind": S, "level": "1", "heading": "", "text": "", "ORDER": ""},  # empty: ignored
    ]
    response = client.post(reverse("proposals:proposal-create"), formset_post(head(cast), rows))
    assert response.status_code == 302
    proposal = Proposal.objects.get(title="拠点整備に向けた提言")
    assert [(s.order, s.level, s.heading) for s in proposal.sections.all()] == [
        (1, 1, "相談"),
        (2, 2, "登録"),
        (3, 3, ""),
    ]
    assert proposal.date.isoformat() == "2021-03-01"
    page = client.get(reverse("proposals:proposal-detail", args=[proposal.pk])).content.decode()
    assert "１　相談" in page and "（１）登録" in page and "〇" in page


def test_a_wrongly_nested_form_is_refused_in_japanese_and_keeps_the_text(cast: Cast) -> None:
    client = cast.client("secretariat")
    rows = [{"kind": S, "level": "2", "heading": "いきなり第二階層", "text": "本文です。"}]
    response = client.post(reverse("proposals:proposal-create"), formset_post(head(cast), rows))
    assert response.status_code == 400
    page = response.content.decode()
    assert "いきなり第二階層" in page and "本文です。" in page and "拠点整備に向けた提言" in page
    assert "上に第1階層" in page  # the Japanese message
    assert not Proposal.objects.exists()


def test_a_second_save_from_a_stale_form_is_refused(cast: Cast) -> None:
    proposal = make_proposal(cast)
    client = cast.client("secretariat")
    url = reverse("proposals:proposal-edit", args=[proposal.pk])
    first = client.post(url, formset_post(head(cast, title="一人目の題"), []))
    assert first.status_code == 302
    second = client.post(url, formset_post(head(cast, title="二人目の題"), []))
    assert second.status_code == 400
    assert "二人目の題" in second.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == "一人目の題"


def test_saving_again_after_a_refusal_saves_what_was_typed_over_the_other_save(
    cast: Cast,
) -> None:
    """The refusal says: compare, then save again. The page it shows carries the revision it
    was refused at, so that second press saves (and a third save elsewhere would be refused)."""
    proposal = make_proposal(cast)
    client = cast.client("secretariat")
    url = reverse("proposals:proposal-edit", args=[proposal.pk])
    assert client.post(url, formset_post(head(cast, title="一人目の題"), [])).status_code == 302
    refused = client.post(url, formset_post(head(cast, title="二人目の題"), []))
    assert refused.status_code == 400
    revision = refused.context["form"]["revision"].value()
    again = client.post(url, formset_post(head(cast, title="二人目の題", revision=revision), []))
    assert again.status_code == 302
    proposal.refresh_from_db()
    assert proposal.title == "二人目の題"


def test_the_second_of_two_answer_saves_from_one_page_is_refused_and_kept(cast: Cast) -> None:
    proposal = make_proposal(cast, status=ProposalStatus.SUBMITTED)
    section = proposal.sections.get(order=2)
    url = reverse("proposals:proposal-answers", args=[proposal.pk])
    start = cast.client("secretariat").get(url).context["form"]["revision"].value()

    def answer(text: str) -> Any:
        return cast.client("secretariat").post(
            url, {f"answer_{section.pk}": text, "revision": start}
        )

    assert answer("一人目の回答").status_code == 302
    second = answer("二人目の回答")
    assert second.status_code == 400
    page = second.content.decode()
    assert "ほかの方がこの記録を先に保存しました" in page and "二人目の回答" in page
    section.refresh_from_db()
    assert section.answer == "一人目の回答"


def test_members_of_the_issuing_body_edit_others_only_read(cast: Cast) -> None:
    proposal = make_proposal(cast, status=ProposalStatus.REPORTED)
    draft = make_proposal(cast, title="下書きの提言")
    edit = reverse("proposals:proposal-edit", args=[draft.pk])
    assert cast.client("member_a").get(edit).status_code == 200
    assert cast.client("member_b").get(edit).status_code in (403, 404)
    assert cast.client("auditor").get(edit).status_code == 403
    detail = reverse("proposals:proposal-detail", args=[proposal.pk])
    for role in ("member_b", "city", "auditor"):
        assert cast.client(role).get(detail).status_code == 200
    # a draft is not shown outside its body and the overseers
    assert (
        cast.client("member_b")
        .get(reverse("proposals:proposal-detail", args=[draft.pk]))
        .status_code
        == 404
    )


@pytest.mark.parametrize("state", ProposalStatus.values)
@pytest.mark.parametrize("action", list(proposals.FLOW))
def test_every_state_and_action(cast: Cast, state: str, action: str) -> None:
    proposal = make_proposal(cast, status=state)
    ProposalSection.objects.filter(proposal=proposal, order=2).update(answer="検討します。")
    user = cast.users["secretariat"]
    sources, target = proposals.FLOW[action]
    if state in sources:
        moved = proposals.transition(proposal=proposal, action=action, by=user, reason="理由")
        assert moved.status == target
    else:
        with pytest.raises(workflow.InvalidTransition):
            proposals.transition(proposal=proposal, action=action, by=user, reason="理由")


@pytest.mark.usefixtures("poppler")
def test_to_the_city_and_back_the_pdf_keeps_the_numbering(cast: Cast, tmp_path: Path) -> None:
    proposal = make_proposal(
        cast, date=None, signer_name="部会長 山田太郎", addressee="長岡市長 様"
    )
    client = cast.client("secretariat")
    for action in ("approve_body", "report", "submit"):
        url = reverse("proposals:proposal-transition", args=[proposal.pk, action])
        assert client.post(url, {"reason": ""}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.submitted_on
    frozen = current_pdf(proposal)
    pdf = client.get(reverse("proposals:proposal-pdf", args=[proposal.pk]))
    body = b"".join(pdf.streaming_content)
    assert pdf["X-Content-SHA256"] == frozen.sha256 and body == frozen.file.open("rb").read()
    path = tmp_path / "p.pdf"
    path.write_bytes(body)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for line in [
        "地域生活支援拠点等の整備に関する提言",
        "部会長 山田太郎",
        "はじめに" if proposal.preamble else "基本的な考え方",
        "① 本人中心",
        "１　相談機能の強化",
        "（１）事前登録",
        "〇登録の様式を統一する。",
        "（２）情報共有",
        "２　体験の機会",
        "以上",
    ]:
        # pdftotext turns the ideographic space after a number into spaces or nothing
        flat = text.replace(" ", "").replace("\u3000", "")
        assert line.replace(" ", "").replace("\u3000", "") in flat, line
    # answering needs at least one recorded answer, then closes the loop
    answer_url = reverse("proposals:proposal-transition", args=[proposal.pk, "answer"])
    client.post(answer_url, {"reason": ""})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    section = proposal.sections.get(order=2)
    answers_url = reverse("proposals:proposal-answers", args=[proposal.pk])
    form = {f"answer_{s.pk}": "" for s in proposal.sections.all()}
    form[f"answer_{section.pk}"] = "令和4年度から実施します。"
    form["revision"] = client.get(answers_url).context["form"]["revision"].value()
    answers = client.post(answers_url, form)
    assert answers.status_code == 302
    assert client.post(answer_url, {"reason": ""}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ANSWERED and proposal.answered_on
    page = client.get(reverse("proposals:proposal-detail", args=[proposal.pk])).content.decode()
    assert "令和4年度から実施します。" in page


# --- numbering styles (issue #20): each part chooses its style, or none ---------------------

STYLED = [
    (1, "１、", "相談"),
    (2, "none", "前文的な段落"),
    (2, "（１）", "登録"),
    (2, "(1)", "共有"),
    (3, "ア", "様式"),
    (4, "1)", "書式"),
    (4, "1)", "記入例"),
    (3, "(ア)", "研修"),
    (1, "Ⅰ．", "体験"),
    (2, "①", "宿泊"),
    (2, "1.", "日中"),
    (1, "Ⅰ.", "人材"),
    (1, "１", "地域"),
    (2, "〇", "見守り"),
]


def styled_rows() -> list[dict[str, str]]:
    return [
        {"kind": S, "level": str(level), "numbering": style, "heading": heading, "text": "",
         "ORDER": str(order)}
        for order, (level, style, heading) in enumerate(STYLED, start=1)
    ]  # fmt: skip


@pytest.mark.usefixtures("poppler")
def test_every_numbering_style_is_printed_as_chosen(cast: Cast, tmp_path: Path) -> None:
    client = cast.client("secretariat")
    response = client.post(
        reverse("proposals:proposal-create"), formset_post(head(cast), styled_rows())
    )
    assert response.status_code == 302, response.content.decode()[:500]
    proposal = Proposal.objects.get()
    _principles, body = proposals.numbered(list(proposal.sections.all()))
    assert [n.label for n in body] == [
        "１、", "", "（１）", "(2)", "ア", "1)", "2)", "(イ)", "Ⅱ．", "①", "2.", "Ⅲ.", "４", "〇"
    ]  # fmt: skip
    pdf = client.get(reverse("proposals:proposal-pdf", args=[proposal.pk]))
    path = tmp_path / "styled.pdf"
    path.write_bytes(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = text.replace(" ", "").replace("\u3000", "")
    for item in body:
        printed = item.label + item.part.heading
        assert printed in flat, printed
    assert "1.前文的な段落" not in flat and "前文的な段落" in flat


def test_the_editor_adds_one_empty_part_per_page_and_save_and_add_returns_to_it(
    cast: Cast,
) -> None:
    """The editor holds the head and one new part, whatever the proposal's length: its own
    parts are listed, each edited on its page."""
    proposal = make_proposal(cast)
    client = cast.client("secretariat")
    url = reverse("proposals:proposal-edit", args=[proposal.pk])
    page = client.get(url)
    assert page.context["sections"].total_form_count() == 1
    part_page = reverse("proposals:part-blocks", args=[proposal.pk, proposal.sections.first().pk])
    assert part_page in page.content.decode()
    rows = [{"kind": S, "level": "2", "numbering": "", "heading": "追加", "text": "", "ORDER": ""}]
    data = formset_post(head(cast), rows)
    data["add_part"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url + "#new-part"
    assert outline(proposal)[-1] == (2, "追加")  # after the proposal's own parts
    assert [s.order for s in proposal.sections.all()] == [1, 2, 3, 4, 5, 6, 7]
    assert client.get(url).context["sections"].total_form_count() == 1


def test_a_new_part_is_checked_with_the_parts_before_it(cast: Cast) -> None:
    proposal = Proposal.objects.create(
        council=cast.council, fiscal_year=cast.year, body=cast.body_a, title="題"
    )
    ProposalSection.objects.create(proposal=proposal, order=1, kind=P, heading="原則")
    url = reverse("proposals:proposal-edit", args=[proposal.pk])
    rows = [{"kind": S, "level": "2", "heading": "上がない", "text": "", "ORDER": ""}]
    response = cast.client("secretariat").post(url, formset_post(head(cast), rows))
    assert response.status_code == 400
    assert "上がない" in response.content.decode()


def part_fields(part: ProposalSection, **changes: Any) -> dict[str, Any]:
    """The part page's own fields as they stand, with `changes`."""
    return {
        "kind": part.kind,
        "level": str(part.level),
        "numbering": part.numbering,
        "heading": part.heading,
        "text": part.text,
        **changes,
    }


def test_a_part_is_edited_on_its_own_page(cast: Cast) -> None:
    proposal = make_proposal(cast)
    part = proposal.sections.get(order=3)
    url = reverse("proposals:part-blocks", args=[proposal.pk, part.pk])
    data = blocks_post(proposal.revision, [], part=part)
    data.update(heading="事前登録の推進", numbering="(1)", text="書き直した本文")
    assert cast.client("secretariat").post(url, data).status_code == 302
    part.refresh_from_db()
    assert (part.heading, part.numbering, part.text) == ("事前登録の推進", "(1)", "書き直した本文")


def test_a_part_cannot_be_moved_above_its_first_level(cast: Cast) -> None:
    proposal = make_proposal(cast)
    part = proposal.sections.get(order=2)  # the first section: level 1
    url = reverse("proposals:part-blocks", args=[proposal.pk, part.pk])
    data = blocks_post(proposal.revision, [], part=part)
    data["level"] = "2"
    response = cast.client("secretariat").post(url, data)
    assert response.status_code == 400
    part.refresh_from_db()
    assert part.level == 1


def tag_part(cast: Cast, proposal: Proposal, order: int, **tags: list[str]) -> Any:
    proposal.refresh_from_db()
    part = proposal.sections.get(order=order)
    url = reverse("proposals:part-blocks", args=[proposal.pk, part.pk])
    data = blocks_post(proposal.revision, [], part=part)
    data.update(tags)
    return cast.client("secretariat").post(url, data)


def test_each_part_is_tagged_with_hub_functions_named_or_inferred(cast: Cast) -> None:
    proposal = make_proposal(cast)
    response = tag_part(
        cast,
        proposal,
        2,
        functions=["consultation"],
        inferred_functions=["emergency", "community"],
    )
    assert response.status_code == 302
    first, second = proposal.sections.filter(order__in=[2, 3])
    assert first.functions == ["consultation"]
    assert first.inferred_functions == ["emergency", "community"]
    assert second.functions == [] and second.inferred_functions == []
    assert first.function_tags() == [
        ("①相談", False),
        ("②緊急時の受け入れ・対応", True),
        ("⑤地域の体制づくり", True),
    ]
    page = cast.client("secretariat").get(reverse("proposals:proposal-detail", args=[proposal.pk]))
    text = page.content.decode()
    assert "①相談（" + gettext("named") + "）" in text
    assert "②緊急時の受け入れ・対応（" + gettext("inferred") + "）" in text


def test_a_function_both_named_and_inferred_is_refused(cast: Cast) -> None:
    proposal = make_proposal(cast)
    response = tag_part(
        cast, proposal, 2, functions=["consultation"], inferred_functions=["consultation"]
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert gettext("A function is either named in the text or inferred, not both.") in page
    assert proposal.sections.get(order=2).functions == []


# --- parts moved in place from the proposal's page (no script, no empty rows) ---------------


def act(cast: Cast, proposal: Proposal, order: int, action: str, **data: Any) -> Any:
    proposal.refresh_from_db()
    part = proposal.sections.get(order=order)
    url = reverse("proposals:part-action", args=[proposal.pk, part.pk, action])
    data.setdefault("revision", proposal.revision)
    return cast.client("secretariat").post(url, data)


def outline(proposal: Proposal) -> list[tuple[int, str]]:
    return [(s.level, s.heading or s.text) for s in proposal.sections.all()]


def test_a_part_moves_up_and_down_and_is_renumbered(cast: Cast) -> None:
    proposal = make_proposal(cast)
    response = act(cast, proposal, 6, "up")
    assert response.status_code == 302
    assert outline(proposal)[4:] == [(1, "体験の機会"), (2, "情報共有")]
    act(cast, proposal, 5, "down")
    assert outline(proposal)[4:] == [(2, "情報共有"), (1, "体験の機会")]
    assert [s.order for s in proposal.sections.all()] == [1, 2, 3, 4, 5, 6]


def test_indent_and_outdent_change_the_number(cast: Cast) -> None:
    proposal = make_proposal(cast)
    act(cast, proposal, 6, "indent")  # 体験の機会: ２ → （３）
    _p, body = proposals.numbered(list(proposal.sections.all()))
    assert body[-1].label == "（３）"
    act(cast, proposal, 6, "outdent")
    _p, body = proposals.numbered(list(proposal.sections.all()))
    assert body[-1].label == "２"


def test_a_move_that_leaves_a_part_without_its_first_level_is_refused(cast: Cast) -> None:
    proposal = make_proposal(cast)
    before = outline(proposal)
    response = act(cast, proposal, 2, "indent")  # the first section would have no １ above it
    assert outline(proposal) == before
    assert gettext("Section %(n)d needs a first-level section (１) above it.") % {"n": 2} in [
        str(m) for m in get_messages(response.wsgi_request)
    ]


def test_a_part_is_deleted_but_not_one_the_city_answered(cast: Cast) -> None:
    proposal = make_proposal(cast)
    act(cast, proposal, 6, "delete")
    assert proposal.sections.count() == 5
    ProposalSection.objects.filter(proposal=proposal, order=5).update(answer="検討します。")
    act(cast, proposal, 5, "delete")
    assert proposal.sections.count() == 5


def test_a_button_from_a_stale_page_changes_nothing(cast: Cast) -> None:
    proposal = make_proposal(cast)
    before = outline(proposal)
    response = act(cast, proposal, 6, "up", revision=proposal.revision + 5)
    assert outline(proposal) == before and response.status_code == 302
    assert not [m for m in get_messages(response.wsgi_request) if "success" in m.tags]


def test_the_buttons_show_only_to_those_who_may_edit(cast: Cast) -> None:
    proposal = make_proposal(cast)
    url = reverse("proposals:proposal-detail", args=[proposal.pk])
    part = proposal.sections.get(order=2)
    button = reverse("proposals:part-action", args=[proposal.pk, part.pk, "up"])
    assert button in cast.client("secretariat").get(url).content.decode()
    assert button not in cast.client("auditor").get(url).content.decode()


# --- content blocks inside a part ------------------------------------------------------------

BLOCKS = [
    {"kind": "intro", "text": "次の取組を進める。"},
    {"kind": "bullet", "marker": "", "text": "相談体制を整える。\n\n夜間も受ける。"},
    {"kind": "bullet", "marker": "○", "text": "小さい丸の項目"},
    {"kind": "bullet", "marker": "⇒", "text": "矢印の補足"},
    {"kind": "bullet", "marker": "none", "text": "印のない項目"},
    {
        "kind": "layer",
        "label": "Ⅰ",
        "title": "第1層",
        "text": "相談支援事業所\n基幹相談支援センター",
    },
    {"kind": "field", "label": "対象分野", "text": "障害"},
    {"kind": "field", "label": "所管課", "text": "福祉課"},
    {"kind": "table", "text": "事業名\t設置数\n地域活動支援センター\t3か所"},
    {"kind": "paragraph", "text": "全市で共有する※1。"},
    {"kind": "footnote", "label": "※1", "text": "連絡会で共有する。"},
    {"kind": "citation", "text": "（出典：障害者総合支援法第89条の3）"},
    {"kind": "closing", "text": ""},
    {"kind": "paragraph", "text": ""},  # the empty row: ignored
]


def blocks_post(
    revision: int, rows: list[dict[str, str]], initial: int = 0, *, part: Any = None
) -> dict:
    data = {
        **(part_fields(part) if part is not None else {}),
        "revision": str(revision),
        "blocks-TOTAL_FORMS": str(len(rows)),
        "blocks-INITIAL_FORMS": str(initial),
        "blocks-MIN_NUM_FORMS": "0",
        "blocks-MAX_NUM_FORMS": "200",
    }
    for index, row in enumerate(rows):
        for key, value in {"marker": "", "label": "", "title": "", "ORDER": str(index + 1),
                           **row}.items():  # fmt: skip
            data[f"blocks-{index}-{key}"] = value
    return data


@pytest.mark.usefixtures("poppler")
def test_every_block_kind_is_saved_and_printed_as_typed(cast: Cast, tmp_path: Path) -> None:
    proposal = make_proposal(cast)
    part = proposal.sections.get(order=2)
    client = cast.client("secretariat")
    url = reverse("proposals:part-blocks", args=[proposal.pk, part.pk])
    assert client.get(url).context["blocks"].total_form_count() == 1
    response = client.post(url, blocks_post(proposal.revision, BLOCKS, part=part))
    assert response.status_code == 302, response.content.decode()[:800]
    assert part.blocks.count() == len(BLOCKS) - 1
    page = client.get(reverse("proposals:proposal-detail", args=[proposal.pk])).content.decode()
    assert "夜間も受ける。" in page and "基幹相談支援センター" in page and "<th" in page
    pdf = client.get(reverse("proposals:proposal-pdf", args=[proposal.pk]))
    path = tmp_path / "blocks.pdf"
    path.write_bytes(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = text.replace(" ", "").replace("\u3000", "").replace("\n", "")
    for printed in (
        "次の取組を進める。", "〇相談体制を整える。", "夜間も受ける。", "○小さい丸の項目",
        "⇒矢印の補足", "印のない項目", "Ⅰ第1層", "相談支援事業所", "基幹相談支援センター",
        "対象分野障害", "所管課福祉課", "事業名設置数", "地域活動支援センター3か所",
        "全市で共有する※1。", "※1連絡会で共有する。", "（出典：障害者総合支援法第89条の3）",
    ):  # fmt: skip
        assert printed in flat, printed
    assert flat.count("以上") >= 2  # the block's, and the proposal's own closing


def test_a_block_missing_its_label_is_refused_and_kept(cast: Cast) -> None:
    proposal = make_proposal(cast)
    part = proposal.sections.get(order=2)
    url = reverse("proposals:part-blocks", args=[proposal.pk, part.pk])
    rows = [{"kind": "field", "text": "福祉課の所管"}]
    response = cast.client("secretariat").post(url, blocks_post(proposal.revision, rows, part=part))
    assert response.status_code == 400
    page = response.content.decode()
    assert "福祉課の所管" in page
    assert gettext("Give the label printed before the text.") in page
    assert not part.blocks.exists()


def test_blocks_from_a_stale_page_are_refused(cast: Cast) -> None:
    proposal = make_proposal(cast)
    part = proposal.sections.get(order=2)
    url = reverse("proposals:part-blocks", args=[proposal.pk, part.pk])
    rows = [{"kind": "paragraph", "text": "古い画面からの保存"}]
    response = cast.client("secretariat").post(
        url, blocks_post(proposal.revision + 1, rows, part=part)
    )
    assert response.status_code == 400
    assert not part.blocks.exists()


def test_save_and_add_a_block_returns_with_one_empty_row(cast: Cast) -> None:
    proposal = make_proposal(cast)
    part = proposal.sections.get(order=2)
    client = cast.client("secretariat")
    url = reverse("proposals:part-blocks", args=[proposal.pk, part.pk])
    data = blocks_post(proposal.revision, [{"kind": "paragraph", "text": "一つ目"}], part=part)
    data["add_block"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == url + "#new-block"
    assert client.get(url).context["blocks"].total_form_count() == 2


def test_the_proposals_history_lists_its_blocks(cast: Cast) -> None:
    proposal = make_proposal(cast)
    part = proposal.sections.get(order=2)
    url = reverse("proposals:part-blocks", args=[proposal.pk, part.pk])
    rows = [{"kind": "paragraph", "text": "履歴に残る段落"}]
    assert (
        cast.client("secretariat")
        .post(url, blocks_post(proposal.revision, rows, part=part))
        .status_code
        == 302
    )
    history = reverse("council:history", kwargs={"model": "proposal", "pk": proposal.pk})
    page = cast.client("auditor").get(history)
    assert page.status_code == 200 and "履歴に残る段落" in page.content.decode()


@pytest.mark.usefixtures("poppler")
def test_the_pdf_head_names_the_council_the_issuing_body_and_the_writing_body(
    cast: Cast, tmp_path: Path
) -> None:
    proposal = make_proposal(
        cast, subtitle="〔中間報告〕", signer_title="部会長", author_body=cast.body_b
    )
    path = tmp_path / "proposal.pdf"
    path.write_bytes(proposals.render(proposal))
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.replace(" ", "").replace("\u3000", "") for line in text.splitlines()]
    for expected in [
        cast.council.name,
        cast.body_a.name,
        "〔中間報告〕",
        "作成：" + cast.body_b.name,
    ]:
        assert expected in lines, expected
