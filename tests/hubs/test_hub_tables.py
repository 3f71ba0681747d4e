"""The hub page's function tables printed in Python give the markup the template loops gave."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from hubs.documents import function_rows
from hubs.models import HubFunction, HubPlan, HubType
from hubs.templatetags.hub_tables import hub_column_ths, hub_matrix_trs, hub_plan_trs

# The loops hub_detail.html had before hubs/templatetags/hub_tables.py, kept as the reference.
REFERENCE = Path(__file__).parent / "reference"
MATRIX_LOOP = (REFERENCE / "hub_matrix_loop.html").read_text()
PLAN_LOOP = (REFERENCE / "hub_plan_loop.html").read_text()


TODAY = datetime.date(2024, 10, 15)
SCRIPT = '<script>alert("x")</script> & 相談'


def plan(function: str, hub_type: str, **fields: object) -> HubPlan:
    return HubPlan(function=function, hub_type=hub_type, **fields)


def plans() -> list[HubPlan]:
    """Every kind of cell: done, no target, months left, this month, overdue, not planned
    (②面的 and ⑤ have no plan), shared and separate texts and priorities, text to escape."""
    S = HubPlan.Status
    return [
        plan(
            HubFunction.CONSULTATION,
            HubType.MULTI,
            status=S.DONE,
            council_work=SCRIPT,
            city_plan="共通\n多機能の計画",
            priority="high",
        ),
        plan(
            HubFunction.CONSULTATION,
            HubType.AREA,
            status=S.STUDYING,
            council_work=SCRIPT,
            city_plan="共通\n面的の計画",
            target=datetime.date(2025, 4, 1),
            target_note="以降",
            priority="high",
        ),
        plan(
            HubFunction.EMERGENCY,
            HubType.MULTI,
            status=S.DEVELOPING,
            target=datetime.date(2024, 10, 1),
            council_work="一行目\r\n二行目",  # as a browser sends it
        ),
        plan(
            HubFunction.EXPERIENCE,
            HubType.MULTI,
            status=S.NOT_STARTED,
            target=datetime.date(2024, 9, 1),
            priority="low",
            city_plan="体験の場",
        ),
        plan(
            HubFunction.EXPERIENCE,
            HubType.AREA,
            status=S.DEVELOPING,
            target=datetime.date(2023, 1, 1),
            priority="medium",
            council_work="面的だけ\r<b>",
        ),
        plan(
            HubFunction.PERSONNEL,
            HubType.AREA,
            status=S.STUDYING,
            target=datetime.date(2024, 11, 1),
        ),
    ]


def squeeze(html: str) -> str:
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", str(html)).strip()


@pytest.mark.parametrize("can_edit", [True, False])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_matrix_rows_as_the_template_loop(can_edit: bool, language: str) -> None:
    rows = function_rows(plans(), TODAY)
    with translation.override(language):
        expected = Template(MATRIX_LOOP).render(
            Context({"rows": rows, "year": 2024, "can_edit_plans": can_edit})
        )
        ours = hub_matrix_trs(rows, 2024, can_edit)
    assert squeeze(ours) == squeeze(expected)
    # ② has no 面的整備型 plan: its cell still links to the form that starts one.
    assert (reverse("hubs:plan-edit", args=[2024, "emergency", "area"]) in ours) is can_edit


def test_matrix_rows_show_every_kind_of_progress() -> None:
    with translation.override("ja"):
        html = hub_matrix_trs(function_rows(plans(), TODAY), 2024, False)
    for text in (
        "整備目標を達成",
        "残り6か月",
        "今月が整備目標",
        "目標超過",
        "21か月超過",
        "計画なし",
        "整備目標: 令和7年4月以降",
        "残り1か月",
    ):
        assert text in html, text
    assert html.count("<tr>") == 5


def test_plan_rows_as_the_template_loop() -> None:
    rows = function_rows(plans(), TODAY)
    expected = Template(PLAN_LOOP).render(Context({"rows": rows}))
    ours = hub_plan_trs(rows)
    assert squeeze(ours) == squeeze(expected)
    assert "<script>" not in ours
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 相談" in ours
    assert "一行目<br>二行目" in ours
    assert "面的だけ<br>&lt;b&gt;" in ours
    assert "優先順位：高" in ours  # shared by both types of ①
    assert '面的整備型】</p><p class="mb-1">令和5年1月<br>優先順位：中' in ours


def test_history_rows_as_the_template_loop() -> None:
    from hubs.documents import HistoryRow
    from hubs.templatetags.hub_tables import hub_history_trs

    history = [
        HistoryRow("①相談", "多機能拠点型", ["検討中", "", "整備済"]),
        HistoryRow('<b>"②"</b>', "面的整備型", ["", "未着手", "<script>"]),
    ]
    loop = Template((REFERENCE / "hub_history_loop.html").read_text())
    expected = loop.render(Context({"history": history}))
    ours = hub_history_trs(history)
    assert squeeze(ours) == squeeze(expected)
    assert "<td>—</td><td>未着手</td><td>&lt;script&gt;</td>" in ours
    assert ours.count("<tr>") == 2


def test_column_headings_as_the_template_loop() -> None:
    labels = ["令和2年度", '<b>"③"</b> & 面的']
    loop = Template('{% for label in labels %}<th scope="col">{{ label }}</th>{% endfor %}')
    assert hub_column_ths(labels) == loop.render(Context({"labels": labels}))
    assert hub_column_ths([]) == ""
