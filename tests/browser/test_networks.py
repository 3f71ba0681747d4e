"""A liaison network's year typed in the browser by the secretariat: five meetings with their
attendance counts and notes, the weekday as the source prints it and ⇒/※ follow-up lines,
two study visits with their findings, and the plan (企画書) they came from, typed in the
structured-document editor; the network's 実施状況報告 PDF then holds exactly what was typed
(pdftotext), the plan attached with its numbering as chosen."""

from __future__ import annotations

import subprocess
import tempfile
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from council.models import Body, Meeting
from documents.models import WrittenDocument
from networks.models import StudyVisit
from tests.browser.test_case_pipeline import log_in, submit

pytestmark = [pytest.mark.browser]

NETWORK = "委託相談支援事業所との連絡会議"
# (number, date typed, weekday as printed, organisations, persons, note, item, follow-up)
MEETINGS = [
    (1, "令和元年5月15日", "（水）", 17, 22, "各区役所の担当者も参加", "年間計画の確認", "⇒"),
    (2, "令和元年7月17日", "（水）", 16, 20, "基幹相談支援センター同席", "事例検討", "※"),
    (3, "令和元年9月18日", "(水)", 18, 23, "", "研修報告", "⇒"),
    (4, "令和元年11月20日", "（木）", 15, 19, "市障害福祉課も参加", "視察の報告", "※"),
    (5, "令和2年2月19日", "（水）", 17, 21, "", "次年度に向けて", "⇒"),
]
# The 企画書 the visits came from: (level, numbering, heading), then one part's blocks.
PLAN_TITLE = "＜先進地視察研修＞企画書（令和元年度）"
PLAN_SUBTITLE = "〔令和元年度　委託相談支援事業所との連絡会議〕"
PLAN_PARTS = [
    (1, "１、", "目的"),
    (1, "１、", "視察先"),
    (2, "(1)", "新潟市"),
    (2, "(1)", "上越市"),
]
PLAN_BLOCKS = [("bullet", "◆", "基幹相談支援センターの運営を学ぶ"), ("closing", "", "")]
VISITS = [
    ("令和元年10月", "新潟市", "基幹相談支援センターの運営", ["24時間の連絡体制", "区ごとの拠点"]),
    ("令和2年1月", "上越市", "地域移行の取組", ["ピアサポーターの活用"]),
]


@pytest.fixture(scope="module", autouse=True)
def async_unsafe_orm() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
        yield


@pytest.fixture
def demo(transactional_db: Any, live_server: Any) -> Any:
    call_command("seed_demo", verbosity=0)
    return live_server


def test_a_networks_year_typed_in_the_browser_prints_as_typed(browser: Any, demo: Any) -> None:
    base = demo.url
    body = Body.objects.get(name=NETWORK)
    page = log_in(browser, base, "jimukyoku")
    for number, date, weekday, orgs, persons, note, item, marker in MEETINGS:
        page.goto(base + reverse("council:meeting-create"))
        page.locator("#id_body").select_option(str(body.pk))
        page.fill("#id_number", str(number))
        page.fill("#id_date", date)
        page.fill("#id_weekday_text", weekday)
        page.fill("#id_organization_count", str(orgs))
        page.fill("#id_person_count", str(persons))
        page.fill("#id_attendance_note", note)
        page.fill("#id_items-0-text", item)
        page.fill("#id_items-1-text", f"{item}の今後")
        page.locator("#id_items-1-marker").select_option(marker)
        page.check("#id_items-1-follows")
        submit(page)
    meetings = Meeting.objects.filter(body=body, fiscal_year__year=2019)
    assert meetings.count() == 5
    assert sorted(meetings.values_list("weekday_text", flat=True)) == sorted(m[2] for m in MEETINGS)
    plan = write_plan(page, base, body)
    for month, destination, title, findings in VISITS:
        page.goto(base + reverse("networks:visit-create"))
        page.locator("#id_plan").select_option(str(plan.pk))
        page.locator("#id_body").select_option(str(body.pk))
        page.fill("#id_month", month)
        page.fill("#id_destination", destination)
        page.fill("#id_title", title)
        page.fill("#id_purpose", f"{destination}の{title}を学ぶ")
        page.fill("#id_participants", "委員6名、事務局1名")
        page.fill("#id_keywords", "、".join([*findings[:1], "連携"]))
        page.fill("#id_findings-0-text", findings[0])
        submit(page)
        for finding in findings[1:]:  # one empty row per page: save, then the next
            visit = StudyVisit.objects.get(body=body, title=title)
            page.goto(base + reverse("networks:visit-edit", args=[visit.pk]))
            page.locator("textarea[name^='findings-']").last.fill(finding)
            submit(page)
    assert StudyVisit.objects.filter(body=body, fiscal_year__year=2019).count() == 2

    response = page.context.request.get(base + reverse("networks:report-pdf", args=[body.pk, 2019]))
    assert response.status == 200
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(response.body())
        pdf.flush()
        text = subprocess.run(
            ["pdftotext", "-raw", pdf.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    flat = text.replace(" ", "").replace("\u3000", "").replace("\n", "")
    for _number, date, weekday, orgs, persons, note, item, marker in MEETINGS:
        for printed in (date + weekday, f"{orgs}機関", f"{persons}名", note, item,
                        f"{marker}{item}の今後"):  # fmt: skip
            assert printed in flat, printed
    for _month, destination, title, findings in VISITS:
        for printed in (destination, title, *findings):
            assert printed in flat, printed
    assert "連携" in flat
    plan_text = flat[flat.index("添付資料") :]
    for printed in (
        PLAN_TITLE,
        PLAN_SUBTITLE.replace("\u3000", ""),
        "令和元年9月2日",
        "１、目的",
        "２、視察先",
        "(1)新潟市",
        "(2)上越市",
        "◆基幹相談支援センターの運営を学ぶ",
        "以上",
    ):
        assert printed in plan_text, printed


def write_plan(page: Any, base: str, body: Body) -> WrittenDocument:
    """The plan typed in the engine's editor: the head and a part, "save and add a part" for
    each next one, then a part's own page for its blocks."""
    page.goto(base + reverse("writings:writing-create"))
    page.locator("#id_kind").select_option("plan")
    page.locator("#id_body").select_option(str(body.pk))
    page.fill("#id_date", "令和元年9月2日")
    page.fill("#id_title", PLAN_TITLE)
    page.fill("#id_subtitle", PLAN_SUBTITLE)
    for level, style, heading in PLAN_PARTS:
        page.locator("#id_parts-0-level").select_option(str(level))
        page.locator("#id_parts-0-numbering").select_option(style)
        page.fill("#id_parts-0-heading", heading)
        with page.expect_navigation():
            page.locator("button[name=add_part]").click()
    plan = WrittenDocument.objects.get(title=PLAN_TITLE)
    assert [p.heading for p in plan.parts.all()] == [h for _l, _s, h in PLAN_PARTS]
    part = plan.parts.get(heading="目的")
    for kind, marker, text in PLAN_BLOCKS:
        page.goto(base + reverse("writings:part-edit", args=[plan.pk, part.pk]))
        row = page.locator("fieldset#new-block")
        row.locator("select[name$='-kind']").select_option(kind)
        if marker:
            row.locator("select[name$='-marker']").select_option(marker)
        if text:
            row.locator("textarea[name$='-text']").fill(text)
        with page.expect_navigation():
            page.locator("button[name=add_block]").click()
    assert part.blocks.count() == len(PLAN_BLOCKS)
    return plan
