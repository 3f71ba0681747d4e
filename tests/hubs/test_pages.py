"""The hub page: the five functions × status, progress to the targets, charts with text
alternatives, status over the years; and the provider and review pages."""

from __future__ import annotations

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from council.models import FiscalYear, HubFunction
from hubs import charts, documents
from hubs.models import HubPlan, HubSetup
from tests.conftest import Cast
from tests.hubs.conftest import Hub, make_plans


def hub_page(cast: Cast, role: str = "city", year: int | None = None) -> str:
    url = reverse("hubs:hub-detail") + (f"?year={year}" if year else "")
    response = cast.client(role).get(url)
    assert response.status_code == 200
    return response.content.decode()


def matrix(page: str) -> str:
    return page[page.index("hub-matrix") :].split("</table>")[0]


def test_the_hub_page_shows_the_five_functions_and_their_status(cast: Cast, hub: Hub) -> None:
    HubPlan.objects.filter(function="emergency", hub_type="multi").update(status="done")
    table = matrix(hub_page(cast))
    rows = re.findall(r'<th scope="row">(.*?)</th>', table)
    assert rows == HubFunction.labels
    assert table.count("検討中") == 9
    assert table.count("整備済") == 1
    assert "多機能拠点型" in table and "面的整備型" in table


def test_the_charts_carry_a_name_and_a_data_table(cast: Cast, hub: Hub) -> None:
    page = hub_page(cast)
    svgs = re.findall(r"<svg [^>]*>.*?</svg>", page, flags=re.S)
    assert len(svgs) == 3  # trial stays: nothing counted, said in words instead of drawn
    assert re.search(r"(Trial stays|体験利用[^:]*): ", page)
    for svg in svgs:
        assert 'role="img"' in svg
        title_id = re.search(r'aria-labelledby="([^"]+)"', svg)[1]
        assert re.search(rf'<title id="{title_id}">[^<]+</title>', svg)
        assert "style=" not in svg  # the Content-Security-Policy forbids inline styles
    # Each chart is followed by its numbers as a (visually hidden) table with a caption.
    figure = page[page.index(svgs[0]) :].split("</figure>")[0]
    assert '<table class="visually-hidden">' in figure
    assert "<caption>事前登録" in figure or "<caption>Advance registrations" in figure
    assert re.search(r'<th scope="row">第1四半期</th><td>12</td>', figure)
    assert "<rect" in svgs[0]


def test_a_quarter_with_nothing_counted_is_said_so_not_drawn_as_zero() -> None:
    chart = charts.bar_chart(chart_id="c", title="<件数>", rows=[("Q1", 3), ("Q2", None)])
    svg = render_to_string("hubs/_chart.svg", {"chart": chart})
    assert svg.count("<rect") == 1
    assert "<件数>" not in svg and "&lt;件数&gt;" in svg
    assert chart.has_data


@pytest.mark.parametrize(
    ("value", "top"), [(0, 1), (1, 1), (3, 5), (5, 5), (12, 20), (30, 50), (101, 200)]
)
def test_the_axis_ends_at_a_round_number(value: int, top: int) -> None:
    assert charts.nice_max(value) == top


@pytest.mark.parametrize(
    ("status", "target", "expected"),
    [
        ("studying", datetime.date(2022, 1, 1), documents.Progress("due", 15)),
        ("studying", datetime.date(2020, 10, 1), documents.Progress("due", 0)),
        ("studying", datetime.date(2020, 4, 1), documents.Progress("overdue", 6)),
        ("done", datetime.date(2020, 4, 1), documents.Progress("done")),
        ("studying", None, documents.Progress("none")),
    ],
)
def test_progress_counts_the_months_to_the_target_month(
    status: str, target: datetime.date | None, expected: documents.Progress
) -> None:
    plan = HubPlan(status=status, target=target)
    assert documents.progress(plan, datetime.date(2020, 10, 31)) == expected


def test_an_overdue_target_is_marked(cast: Cast, hub: Hub) -> None:
    HubPlan.objects.filter(function="personnel", hub_type="area").update(
        target=datetime.date(2019, 4, 1), target_note="以降"
    )
    table = matrix(hub_page(cast))
    assert table.count('<span class="badge text-bg-danger">') == 1
    assert "平成31年4月以降" in table


def test_the_status_history_shows_how_each_row_moved_over_the_years(cast: Cast, hub: Hub) -> None:
    year = FiscalYear.objects.create(council=cast.council, year=2021)
    make_plans(cast, year, status=HubPlan.Status.DEVELOPING)
    page = hub_page(cast, year=2021)
    history = page[page.index('id="history-heading"') :].split("</table>")[0]
    assert "令和2年度" in history and "令和3年度" in history
    assert re.search(r"①相談 多機能拠点型</th><td>検討中</td><td>整備中</td>", history)


def test_the_plan_table_prints_a_shared_text_once_and_each_types_own(cast: Cast, hub: Hub) -> None:
    HubPlan.objects.filter(function="emergency").update(council_work="共通の取り組み")
    HubPlan.objects.filter(function="emergency", hub_type="multi").update(
        city_plan="・緊急時の定義を決定する。\n・既存のながおかホームで機能させていく。"
    )
    HubPlan.objects.filter(function="emergency", hub_type="area").update(
        city_plan="・緊急時の定義を決定する。\n・関係者へ説明と協力を依頼する。"
    )
    rows = documents.function_rows(
        list(HubPlan.objects.filter(fiscal_year=cast.year)), datetime.date(2020, 10, 1)
    )
    emergency = rows[1]
    assert emergency.council_work == [("", "共通の取り組み")]
    assert emergency.city_common == "・緊急時の定義を決定する。"
    assert emergency.city_plans == [
        ("多機能拠点型", "・既存のながおかホームで機能させていく。"),
        ("面的整備型", "・関係者へ説明と協力を依頼する。"),
    ]


def test_a_hub_not_yet_set_up_invites_the_secretariat_only(cast: Cast) -> None:
    page = hub_page(cast, "secretariat")
    assert reverse("hubs:setup-edit") in page
    assert reverse("hubs:setup-edit") not in hub_page(cast, "member_a")
    response = cast.client("secretariat").post(
        reverse("hubs:setup-edit"),
        {"development_type": "combined", "owner_body": cast.body_a.pk, "philosophy": "理念"},
    )
    assert response.status_code == 302
    assert HubSetup.objects.get(council=cast.council).owner_body == cast.body_a


def test_a_new_years_row_starts_from_the_previous_years(cast: Cast, hub: Hub) -> None:
    FiscalYear.objects.create(council=cast.council, year=2021)
    url = reverse("hubs:plan-edit", args=[2021, "consultation", "multi"])
    page = cast.client("secretariat").get(url).content.decode()
    assert "consultationの協議会での取り組み" in page
    assert 'value="令和4年1月"' in page


@pytest.mark.parametrize(
    ("typed", "month"),
    [
        ("令和4年1月", datetime.date(2022, 1, 1)),
        ("R4.4", datetime.date(2022, 4, 1)),
        ("2022-04", datetime.date(2022, 4, 1)),
        ("２０２２年４月", datetime.date(2022, 4, 1)),
        ("令和4年1月15日", datetime.date(2022, 1, 1)),
    ],
)
def test_a_target_month_is_read_as_typed(typed: str, month: datetime.date) -> None:
    from council.fields import parse_month

    assert parse_month(typed) == month


def test_the_provider_pages_show_the_register(cast: Cast, hub: Hub) -> None:
    client = cast.client("city")
    listing = client.get(reverse("hubs:provider-list")).content.decode()
    assert cast.org.name in listing and "III 登録事業所" in listing
    assert "別市の事業所" not in listing  # another council's register
    detail = client.get(reverse("hubs:provider-detail", args=[hub.provider.pk])).content.decode()
    assert "①相談、②緊急時の受け入れ・対応" in detail
    assert "山田" in detail


def test_the_secretariat_registers_a_provider_with_a_coordinator(cast: Cast, hub: Hub) -> None:
    from council.models import Organization

    org = Organization.objects.create(
        council=cast.council, name="ながおかホーム", category=Organization.Category.SERVICE
    )
    response = cast.client("secretariat").post(
        reverse("hubs:provider-create"),
        {
            "organization": org.pk,
            "layer": "3",
            "functions": ["community", "consultation"],
            "registered_on": "令和4年1月4日",
            "note": "",
            "coordinators-TOTAL_FORMS": "1",
            "coordinators-INITIAL_FORMS": "0",
            "coordinators-0-name": "佐藤",
            "coordinators-0-service": "地域の体制づくり",
        },
    )
    assert response.status_code == 302
    provider = org.hub_providers.get()
    assert provider.functions == ["consultation", "community"]  # in ①…⑤ order
    assert provider.registered_on == datetime.date(2022, 1, 4)
    assert provider.coordinators.get().name == "佐藤"


def test_the_review_page_shows_figures_and_texts(cast: Cast, hub: Hub) -> None:
    page = cast.client("member_b").get(reverse("hubs:review-detail", args=[2020]))
    text = page.content.decode()
    assert "受け入れ先が不足" in text
    assert re.search(r"①相談 第1四半期（4〜6月）</th><td>12</td>", text)
    assert text.count('role="img"') == 3


SCRIPT = '<script>alert("x")</script> & 相談'


def every_kind_of_row(cast: Cast) -> None:
    """令和2年度's page counts progress as of 31 March 2021: done, months left, this month,
    overdue, no target and not planned (②面的, ④多機能 and ⑤ have no plan), shared and separate
    texts and priorities, and text to escape."""
    HubPlan.objects.filter(fiscal_year=cast.year).delete()
    S = HubPlan.Status
    rows = [
        ("consultation", "multi", S.DONE, None, "high", SCRIPT, "共通\n多機能の計画"),
        ("consultation", "area", S.STUDYING, datetime.date(2021, 9, 1), "high", SCRIPT,
         "共通\n面的の計画"),
        ("emergency", "multi", S.DEVELOPING, datetime.date(2021, 3, 1), "", "一行目\r\n二行目", ""),
        ("experience", "multi", S.NOT_STARTED, datetime.date(2019, 6, 1), "low", "", "体験の場"),
        ("experience", "area", S.DEVELOPING, datetime.date(2021, 4, 1), "medium", "面的だけ\r<b>",
         ""),
        ("personnel", "area", S.STUDYING, None, "", "", ""),
    ]  # fmt: skip
    for function, hub_type, status, target, priority, work, city in rows:
        HubPlan.objects.create(
            council=cast.council,
            fiscal_year=cast.year,
            function=function,
            hub_type=hub_type,
            status=status,
            target=target,
            target_note="以降" if hub_type == "area" and function == "consultation" else "",
            priority=priority,
            council_work=work,
            city_plan=city,
        )


def plans_table(page: str) -> str:
    return page[page.index("hub-plans") :].split("</table>")[0]


def test_the_matrix_shows_every_kind_of_progress(cast: Cast, hub: Hub) -> None:
    every_kind_of_row(cast)
    table = matrix(hub_page(cast))
    assert table.count("<tr>") == 5 + 1  # a row per function, and the heading
    for text in (
        "整備目標を達成",
        "残り6か月",
        "今月が整備目標",
        "目標超過",
        "21か月超過",
        "計画なし",
        "整備目標: 令和3年9月以降",
        "残り1か月",
    ):
        assert text in table, text
    assert table.count("計画なし") == 4  # ②面的, ④多機能, ⑤ both
    assert table.count('<span class="badge text-bg-danger">') == 1


@pytest.mark.parametrize(
    ("role", "may_edit"),
    [("secretariat", True), ("member_a", True), ("member_ab", True), ("member_b", False),
     ("city", False), ("auditor", False)],
)  # fmt: skip
def test_the_matrix_links_each_cell_to_its_form_for_who_may_edit(
    cast: Cast, hub: Hub, role: str, may_edit: bool
) -> None:
    every_kind_of_row(cast)
    table = matrix(hub_page(cast, role))
    # ②面的 has no plan: its cell still links to the form that starts one.
    assert (reverse("hubs:plan-edit", args=[2020, "emergency", "area"]) in table) is may_edit
    assert table.count(">編集<span") == (10 if may_edit else 0)


def test_the_plan_table_escapes_the_texts_and_keeps_their_lines(cast: Cast, hub: Hub) -> None:
    every_kind_of_row(cast)
    page = hub_page(cast)
    table = plans_table(page)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 相談" in table
    assert table.count("&lt;script&gt;") == 1  # shared by both types of ①: printed once
    assert "一行目<br>二行目" in table
    assert "面的だけ<br>&lt;b&gt;" in table
    assert "<p>共通</p>" in table  # the city's plans' shared first line, once
    assert "優先順位：高" in table  # shared by both types of ①
    assert '面的整備型】</p><p class="mb-1">令和3年4月<br>優先順位：中' in table


def test_a_year_a_row_had_no_plan_shows_a_dash_in_the_history(cast: Cast, hub: Hub) -> None:
    HubPlan.objects.filter(fiscal_year=cast.year, function="emergency", hub_type="area").delete()
    make_plans(cast, FiscalYear.objects.create(council=cast.council, year=2021), status="done")
    page = hub_page(cast, year=2021)
    history = page[page.index('id="history-heading"') :].split("</table>")[0]
    assert re.search(r"②緊急時の受け入れ・対応 面的整備型</th><td>—</td><td>整備済</td>", history)
    assert history.count('<th scope="row">') == 10
