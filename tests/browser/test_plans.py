"""A year plan typed in the browser by the secretariat: month rows in two fiscal years whose
cells hold several entries, ↓ continuation arrows, arrow-only cells, a day with its weekday, a
blank day 日（ ） and a final row without a month; two planned meetings over a range of months
with ○ items and ・ sub-items, one of them then held. The plan's PDF holds exactly what was
typed (pdftotext, whitespace aside), and every page on the way passes axe-core."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from council.accounts import DEMO_PASSWORD
from council.models import Body, FiscalYear, Meeting
from plans.models import PlannedMeeting, YearPlan
from tests.browser.test_case_pipeline import submit

pytestmark = [pytest.mark.browser]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BODY = "就労部会"
TITLE = "令和2年度 就労部会 年間計画"
HEADINGS = ["部会", "ワーキング", "研修・行事"]
# (month typed, label, cells: each the lines typed into the box)
ROWS = [
    ("令和2年4月", "", [["20日（月）", "年間計画の確認"], ["日（ ）"], []]),
    ("R2.5", "", [["↓"], ["就労定着WG", "↓"], ["企業見学会"]]),
    ("2020-06", "", [["↓"], ["↓"], ["↓"]]),
    ("令和2年7月", "", [["15日（水）", "中間報告"], ["まとめ"], ["日（　）", "研修会"]]),
    ("令和3年3月", "", [["振り返り"], [], ["報告会"]]),
    ("令和3年4月", "", [["次年度の体制確認"], [], []]),
    ("", "随時", [["事例検討"], ["必要に応じて開催"], []]),
]
# The printed month of each row, under its 年度.
PRINTED = ["令和2年度", "4月", "5月", "6月", "7月", "3月", "令和3年度", "4月", "随時"]
# (number, from, until, theme, [(topic, is a sub-item)]), the period as printed
PLANNED = [
    (5, "令和2年7月", "令和2年8月", "就労定着支援の現状", "令和2年7月～8月",
     [("定着支援の現状確認", False), ("事業所アンケートの実施", True),
      ("企業との連携", False), ("見学先の選定", True), ("日程調整", True)]),
    (6, "R2.12", "R3.1", "一年の振り返り", "令和2年12月～令和3年1月",
     [("取り組みの評価", False), ("次年度に向けて", False)]),
]  # fmt: skip
HELD_ON = "令和2年7月22日"


@pytest.fixture(scope="module", autouse=True)
def async_unsafe_orm() -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
        yield


@pytest.fixture
def demo(transactional_db: Any, live_server: Any) -> Any:
    call_command("seed_demo", verbosity=0)
    return live_server


def no_axe_violation(page: Any) -> None:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    problems = [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]]
    assert problems == [], page.url


def log_in(browser: Any, base: str, username: str) -> Any:
    # bypass_csp: axe-core is injected as a script tag, which the site's CSP refuses.
    page = browser.new_context(locale="ja-JP", bypass_csp=True).new_page()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    return page


def save_and_add_a_row(page: Any) -> None:
    with page.expect_navigation():
        page.locator("main form.form-page button[name=add_row]").click()


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(
            ["pdftotext", "-raw", pdf.name, "-"], capture_output=True, text=True, check=True
        ).stdout


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_a_year_plan_with_month_range_rows_typed_in_the_browser_prints_as_typed(
    browser: Any, demo: Any
) -> None:
    base = demo.url
    body = Body.objects.get(name=BODY)
    year = FiscalYear.objects.get(council=body.council, year=2020)
    page = log_in(browser, base, "jimukyoku")

    page.goto(base + reverse("plans:plan-create"))
    no_axe_violation(page)
    page.locator("#id_body").select_option(str(body.pk))
    page.locator("#id_fiscal_year").select_option(str(year.pk))
    page.fill("#id_title", TITLE)
    page.fill("#id_headings", "\n".join(HEADINGS))
    submit(page)
    plan = YearPlan.objects.get(title=TITLE)
    assert page.url.endswith(reverse("plans:plan-edit", args=[plan.pk]))
    no_axe_violation(page)

    for n, (month, label, cells) in enumerate(ROWS):  # one empty row per page
        assert page.locator("input[name$='-month']").count() == n + 1
        page.fill(f"#id_rows-{n}-month", month)
        page.fill(f"#id_rows-{n}-label", label)
        for column, lines in enumerate(cells):
            page.fill(f"#id_rows-{n}-cell_{column}", "\n".join(lines))
        if n < len(ROWS) - 1:
            save_and_add_a_row(page)
        else:
            submit(page)
    assert page.url.endswith(reverse("plans:plan-detail", args=[plan.pk]))
    assert plan.rows.count() == len(ROWS)
    no_axe_violation(page)

    for number, starts, ends, theme, _period, topics in PLANNED:
        page.goto(base + reverse("plans:planned-create", args=[plan.pk]))
        page.fill("#id_number", str(number))
        page.fill("#id_starts", starts)
        page.fill("#id_ends", ends)
        page.fill("#id_title", theme)
        for n, (text, sub_item) in enumerate(topics):
            page.fill(f"#id_topics-{n}-text", text)
            if sub_item:
                page.check(f"#id_topics-{n}-sub_item")
            if n < len(topics) - 1:
                save_and_add_a_row(page)
            else:
                no_axe_violation(page)
                submit(page)
        no_axe_violation(page)  # the planned meeting's page
    first = PlannedMeeting.objects.get(plan=plan, number=5)
    assert [t.mark for t in first.topics.all()] == ["○", "・", "○", "・", "・"]

    # Held: the planned meeting becomes 就労部会's 第5回, its topics the meeting's bullets.
    page.goto(base + reverse("plans:planned-hold", args=[first.pk]))
    no_axe_violation(page)
    assert not Meeting.objects.filter(body=body, fiscal_year=year, number=5).exists()  # a GET
    page.fill("#id_date", HELD_ON)
    submit(page)
    meeting = Meeting.objects.get(body=body, fiscal_year=year, number=5)
    assert list(meeting.items.order_by("order").values_list("text", flat=True)) == [
        text for text, _sub in PLANNED[0][5]
    ]
    assert page.locator(f"a[href='{reverse('council:meeting-detail', args=[meeting.pk])}']").count()

    response = page.context.request.get(base + reverse("plans:plan-pdf", args=[plan.pk]))
    assert response.status == 200
    flat = squeeze(pdf_text(response.body()))
    table = ["年度", "月", *HEADINGS]
    printed = iter(PRINTED)
    for _month, _label, cells in ROWS:
        label = next(printed)
        if label.endswith("年度"):
            table += [label, next(printed)]
        else:
            table.append(label)
        table += [line for lines in cells for line in lines]
    assert squeeze("".join(table)) in flat
    meetings = []
    for number, _starts, _ends, theme, period, topics in PLANNED:
        meetings += [f"<第{number}回>", period, theme]
        if number == 5:
            meetings.append("令和2年7月22日(水)開催")
        meetings += [("・" if sub else "○") + text for text, sub in topics]
    assert squeeze("".join(["会議予定", *meetings])) in flat
    assert squeeze(TITLE) in flat
