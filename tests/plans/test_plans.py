"""A body's year plan: its month rows grouped by fiscal year, its planned meetings and their
topics, holding one (it becomes the real meeting) and the plan's PDF."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from council.models import FiscalYear, Meeting, MeetingItem
from council.permissions import can
from plans import services
from plans.models import (
    ARROW,
    BLANK_DAY,
    DAY,
    TEXT,
    PlannedMeeting,
    PlannedTopic,
    PlanRow,
    YearPlan,
    entry_of,
    format_period,
)
from plans.report import plan_table
from tests.conftest import Cast, Plans, make_meeting
from tests.hubs.test_pdf import assert_only_embedded_ipaex, pdf_text_and_fonts, squeeze


def formset(prefix: str, rows: list[dict[str, object]], initial: int = 0) -> dict[str, object]:
    data: dict[str, object] = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 100,
    }
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
    return data


def raw_text(path: Path) -> str:
    """pdftotext -raw: the text in the order the PDF draws it (a table row by row); its
    layout mode would pull a tall 年度 cell beside the middle of its rows."""
    done = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True)
    return done.stdout


def plan_post(cast: Cast, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "revision": 0,
        "body": cast.body_a.pk,
        "fiscal_year": cast.year.pk,
        "title": "令和2年度 年間計画",
        "headings": "内容\n担当",
        "note": "",
    }
    data.update(overrides)
    return data


def test_a_period_prints_the_end_month_alone_within_the_same_year() -> None:
    july, august = datetime.date(2023, 7, 1), datetime.date(2023, 8, 1)
    assert format_period(july, august) == "令和5年7月～8月"
    assert format_period(july, None) == "令和5年7月"
    assert format_period(july, july) == "令和5年7月"
    assert format_period(datetime.date(2023, 12, 1), datetime.date(2024, 1, 1)) == (
        "令和5年12月～令和6年1月"
    )


def test_a_cells_lines_are_text_arrows_days_or_blank_days_and_stay_as_typed() -> None:
    july = datetime.date(2023, 7, 1)
    assert [entry_of(line, july).kind for line in ["研修会", "↓", "19日（水）", "日（ ）"]] == [
        TEXT,
        ARROW,
        DAY,
        BLANK_DAY,
    ]
    assert entry_of("日（　）").kind == BLANK_DAY  # a full-width space, as an IME types it
    assert entry_of("19日（水）", july).text == "19日（水）"
    assert not entry_of("19日（水）", july).weekday_disagrees  # 2023-07-19 is a Wednesday
    assert entry_of("20日（水）", july).weekday_disagrees
    assert entry_of("19日は研修").kind == TEXT


def test_the_table_groups_month_rows_by_fiscal_year_and_prints_the_final_row_last(
    cast: Cast,
) -> None:
    plan = YearPlan.objects.create(
        body=cast.body_a, fiscal_year=cast.year, title="計画", headings="内容"
    )
    for order, month, label in [(1, None, "随時"), (2, (2021, 3), ""), (3, (2020, 4), "")]:
        day = datetime.date(*month, 1) if month else None
        PlanRow.objects.create(plan=plan, order=order, month=day, label=label, cells=["↓"])
    PlanRow.objects.create(plan=plan, order=4, month=datetime.date(2021, 4, 1), cells=["x"])
    groups = plan_table(plan, list(plan.rows.all()))
    assert [(g.label, [r.month_label for r in g.rows]) for g in groups] == [
        ("令和2年度", ["4月", "3月"]),
        ("令和3年度", ["4月"]),
        ("", ["随時"]),
    ]
    assert groups[0].rows[0].cells[0].arrow_only


def test_the_secretariat_writes_a_plan_then_its_rows_one_empty_row_at_a_time(cast: Cast) -> None:
    client = cast.client("secretariat")
    response = client.post(reverse("plans:plan-create"), plan_post(cast))
    assert response.status_code == 302
    plan = YearPlan.objects.get(title="令和2年度 年間計画")
    assert response["Location"] == reverse("plans:plan-edit", args=[plan.pk])
    page = client.get(response["Location"]).content.decode()
    assert page.count('name="rows-0-cell_0"') == 1 and 'name="rows-1-month"' not in page
    data = plan_post(
        cast,
        revision=0,
        add_row="1",
        **formset("rows", [{"month": "令和2年7月", "cell_0": "研修会\r\n↓", "cell_1": "事務局"}]),
    )
    response = client.post(reverse("plans:plan-edit", args=[plan.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan-edit", args=[plan.pk])
    row = plan.rows.get()
    assert (row.month, row.cells) == (datetime.date(2020, 7, 1), ["研修会\n↓", "事務局"])
    page = client.get(response["Location"]).content.decode()
    assert 'name="rows-1-month"' in page and 'name="rows-2-month"' not in page


def test_a_bad_row_keeps_what_was_typed_and_says_why_in_japanese(cast: Cast, plans: Plans) -> None:
    plan = plans.plan
    rows = [
        {"id": r.pk, "month": "", "label": r.label, "cell_0": r.cells[0]} for r in plan.rows.all()
    ]
    rows[0]["month"] = "令和2年13月"
    rows[1]["cell_0"] = "長" * 1001
    data = plan_post(cast, **formset("rows", rows, initial=len(rows)))
    response = cast.client("member_a").post(reverse("plans:plan-edit", args=[plan.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="令和2年13月"' in page
    assert gettext("Enter a month such as 令和4年1月, R4.1 or 2022-01.") in page
    assert "1000 文字以下" in page or "1000文字以下" in page or "1000 字以下" in page
    assert PlanRow.objects.get(pk=rows[0]["id"]).month == datetime.date(2020, 7, 1)


def test_a_stale_plan_save_is_refused_and_the_text_kept(cast: Cast, plans: Plans) -> None:
    YearPlan.objects.filter(pk=plans.plan.pk).update(revision=4)
    data = plan_post(cast, revision=0, note="新しいメモ", **formset("rows", []))
    response = cast.client("secretariat").post(
        reverse("plans:plan-edit", args=[plans.plan.pk]), data
    )
    assert response.status_code == 400
    assert "新しいメモ" in response.content.decode()
    assert YearPlan.objects.get(pk=plans.plan.pk).note == ""


def test_a_member_cannot_write_a_plan_for_another_bodys_year(cast: Cast) -> None:
    response = cast.client("member_a").post(
        reverse("plans:plan-create"), plan_post(cast, body=cast.body_b.pk)
    )
    assert response.status_code == 400
    assert not YearPlan.objects.exists()


def test_removing_a_column_that_still_has_entries_is_refused(cast: Cast, plans: Plans) -> None:
    data = plan_post(cast, headings="内容", **formset("rows", []))
    response = cast.client("secretariat").post(
        reverse("plans:plan-edit", args=[plans.plan.pk]), data
    )
    assert response.status_code == 400
    assert YearPlan.objects.get(pk=plans.plan.pk).headings == "内容\n担当"


def test_a_planned_meeting_keeps_its_topics_as_items_and_sub_items(
    cast: Cast, plans: Plans
) -> None:
    data = {
        "revision": 0,
        "number": 4,
        "starts": "令和2年10月",
        "ends": "R2.11",
        "title": "就労定着の課題整理",
        **formset(
            "topics",
            [
                {"text": "アンケート結果の共有"},
                {"text": "　全角空白で始まる小項目", "sub_item": "on"},
                {"text": "次回に向けて"},
                {},
            ],
        ),
    }
    url = reverse("plans:planned-create", args=[plans.plan.pk])
    response = cast.client("member_a").post(url, data)
    assert response.status_code == 302
    planned = PlannedMeeting.objects.get(plan=plans.plan, number=4)
    assert planned.period == "令和2年10月～11月"
    topics = list(planned.topics.all())
    assert [(t.mark, t.text) for t in topics] == [
        ("○", "アンケート結果の共有"),
        ("・", "全角空白で始まる小項目"),
        ("○", "次回に向けて"),
    ]
    assert topics[1].parent == topics[0]


def test_the_first_topic_cannot_be_a_sub_item(cast: Cast, plans: Plans) -> None:
    data = {
        "revision": plans.planned.revision,
        "number": 3,
        "starts": "令和2年7月",
        "ends": "令和2年6月",
        **formset("topics", [{"text": "小項目", "sub_item": "on"}]),
    }
    response = cast.client("secretariat").post(
        reverse("plans:planned-edit", args=[plans.planned.pk]), data
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert gettext("The first topic cannot be a sub-item.") in page
    assert gettext("The period must end after it starts.") in page
    assert 'value="令和2年6月"' in page


def test_holding_a_planned_meeting_makes_the_real_meeting_with_its_topics(
    cast: Cast, plans: Plans
) -> None:
    meeting = services.planned_meeting_hold(
        planned=plans.planned, date=datetime.date(2020, 7, 20), by=cast.users["member_a"]
    )
    assert (meeting.body, meeting.fiscal_year, meeting.number) == (cast.body_a, cast.year, 3)
    assert meeting.title == "就労定着支援"
    items = list(MeetingItem.objects.filter(meeting=meeting).order_by("order"))
    assert [(i.text, i.parent_id) for i in items] == [
        ("定着支援の現状確認", None),
        ("事業所アンケート", items[0].pk),
    ]
    planned = PlannedMeeting.objects.get(pk=plans.planned.pk)
    assert planned.meeting == meeting and meeting.planned_as == planned
    page = cast.client("city").get(reverse("plans:planned-detail", args=[planned.pk]))
    assert reverse("council:meeting-detail", args=[meeting.pk]) in page.content.decode()
    assert not can(cast.users["secretariat"], "planned.edit", planned)


def test_a_planned_meeting_is_held_once(cast: Cast, plans: Plans) -> None:
    by = cast.users["secretariat"]
    services.planned_meeting_hold(planned=plans.planned, date=datetime.date(2020, 7, 20), by=by)
    with pytest.raises(services.HoldRefused):
        services.planned_meeting_hold(planned=plans.planned, date=datetime.date(2020, 8, 20), by=by)
    assert Meeting.objects.filter(body=cast.body_a, number=3).count() == 1


def test_holding_is_refused_with_a_japanese_error_when_the_number_is_taken(
    cast: Cast, plans: Plans
) -> None:
    make_meeting(cast.body_a, cast.year, 3)
    url = reverse("plans:planned-hold", args=[plans.planned.pk])
    response = cast.client("secretariat").post(url, {"date": "令和2年7月20日"})
    assert response.status_code == 400
    message = gettext("Meeting no. %(number)s of %(year)s already exists for this body.")
    assert message % {"number": 3, "year": "令和2年度"} in response.content.decode()
    assert 'value="令和2年7月20日"' in response.content.decode()
    assert PlannedMeeting.objects.get(pk=plans.planned.pk).meeting is None


def test_holding_in_a_year_not_opened_is_refused(cast: Cast, plans: Plans) -> None:
    url = reverse("plans:planned-hold", args=[plans.planned.pk])
    response = cast.client("secretariat").post(url, {"date": "令和5年7月20日"})
    assert response.status_code == 400
    assert not FiscalYear.objects.filter(year=2023).exists()
    assert PlannedMeeting.objects.get(pk=plans.planned.pk).meeting is None


def test_a_member_holds_only_in_a_year_they_sit_in(cast: Cast, plans: Plans) -> None:
    FiscalYear.objects.create(council=cast.council, year=2021)
    url = reverse("plans:planned-hold", args=[plans.planned.pk])
    response = cast.client("member_a").post(url, {"date": "令和3年7月20日"})
    assert response.status_code == 400
    assert gettext("You may not record meetings of this body in that year.") in (
        response.content.decode()
    )


def test_the_hold_page_on_get_writes_nothing(cast: Cast, plans: Plans) -> None:
    response = cast.client("secretariat").get(
        reverse("plans:planned-hold", args=[plans.planned.pk])
    )
    assert response.status_code == 200
    assert not Meeting.objects.filter(body=cast.body_a, number=3).exists()


def test_a_held_planned_meeting_is_not_edited_any_more(cast: Cast, plans: Plans) -> None:
    services.planned_meeting_hold(
        planned=plans.planned, date=datetime.date(2020, 7, 20), by=cast.users["secretariat"]
    )
    client = cast.client("secretariat")
    assert client.get(reverse("plans:planned-edit", args=[plans.planned.pk])).status_code == 403
    assert client.get(reverse("plans:planned-hold", args=[plans.planned.pk])).status_code == 403


@pytest.mark.parametrize("role", ["secretariat", "member_a", "member_b", "city", "auditor"])
def test_the_lists_agree_with_the_rules(cast: Cast, plans: Plans, role: str) -> None:
    user = cast.users[role]
    for model, perm in [(YearPlan, "plan.view"), (PlannedMeeting, "planned.view")]:
        listed = set(model.objects.visible_to(user))
        assert listed == {obj for obj in model.objects.all() if can(user, perm, obj)}
        assert listed
    other = cast.client(role).get(reverse("plans:plan-list")).content.decode()
    assert plans.plan.title in other


def test_another_councils_reader_does_not_see_the_plan(cast: Cast, plans: Plans) -> None:
    assert not YearPlan.objects.visible_to(cast.users["hub_provider"]).filter(
        body__council=cast.other_council
    )
    assert PlanRow.objects.visible_to(cast.users["operator"]).count() == 3
    assert PlannedTopic.objects.visible_to(cast.users["city"]).count() == 2


def test_the_plan_pdf_prints_the_table_by_fiscal_year_and_the_planned_meetings(
    cast: Cast, plans: Plans, poppler: None, tmp_path: Path
) -> None:
    PlanRow.objects.create(
        plan=plans.plan, order=4, month=datetime.date(2021, 1, 1), cells=["20日（水）", "日（ ）"]
    )
    services.planned_meeting_hold(
        planned=plans.planned, date=datetime.date(2020, 7, 20), by=cast.users["secretariat"]
    )
    response = cast.client("city").get(reverse("plans:plan-pdf", args=[plans.plan.pk]))
    assert response.status_code == 200
    _text, fonts = pdf_text_and_fonts(tmp_path, response.content)
    assert_only_embedded_ipaex(fonts)
    flat = squeeze(raw_text(tmp_path / "out.pdf"))  # in reading order, row by row
    table = "年度月内容担当令和2年度7月研修会↓事務局8月↓1月20日（水）日（）随時事例検討"
    assert table in flat
    assert "<第3回>令和2年7月～8月就労定着支援令和2年7月20日(月)開催" in flat
    assert "○定着支援の現状確認・事業所アンケート" in flat


def test_the_plan_page_and_pdf_ask_as_many_queries_for_1_row_as_for_20(
    cast: Cast, plans: Plans
) -> None:
    # 7 queries each, the page and the PDF: the session, the user, their access (roles and
    # seats), the plan with its body, council and year, its rows, its planned meetings with
    # their held meeting, and all their topics.
    client = cast.client("secretariat")
    urls = [reverse(name, args=[plans.plan.pk]) for name in ("plans:plan-detail", "plans:plan-pdf")]
    for url in urls:
        client.get(url)

    def queries() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    few = queries()
    assert few == [7, 7]
    for n in range(20):
        PlanRow.objects.create(plan=plans.plan, order=10 + n, cells=[f"行{n}", ""])
        planned = PlannedMeeting.objects.create(
            plan=plans.plan, number=10 + n, starts=datetime.date(2020, 9, 1)
        )
        PlannedTopic.objects.create(planned=planned, order=1, text="議題")
    assert queries() == few


def test_the_empty_row_left_blank_or_typed_with_spaces_only_is_not_saved(
    cast: Cast, plans: Plans
) -> None:
    rows = [
        {"id": r.pk, "month": f"R2.{r.month.month}" if r.month else "", "label": r.label}
        | {f"cell_{n}": text for n, text in enumerate(r.cells)}
        for r in plans.plan.rows.all()
    ]
    data = plan_post(
        cast, **formset("rows", [*rows, {"month": "", "cell_0": "  ", "cell_1": "\r\n"}], 3)
    )
    url = reverse("plans:plan-edit", args=[plans.plan.pk])
    assert cast.client("secretariat").post(url, data).status_code == 302
    assert plans.plan.rows.count() == 3
    assert YearPlan.objects.get(pk=plans.plan.pk).revision == 1
