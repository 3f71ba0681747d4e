"""Each list's CSV and XLSX hold the rows its page shows to that reader, with its filters, in
Japanese, on every page of the list; a row the reader may not see never reaches the file."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from council.models import Attendance, Meeting, Organization, Person
from tests.conftest import Cast, Hub, make_meeting

BOM = b"\xef\xbb\xbf"
READERS = ["secretariat", "member_a", "member_b", "member_ab", "city", "auditor", "past_member"]


def read_csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(BOM), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(response.content[len(BOM) :].decode("utf-8"))))


def read_xlsx(response: Any) -> list[list[Any]]:
    assert response.status_code == 200
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def both(client: Any, name: str, query: str = "", **kwargs: Any) -> list[list[list[Any]]]:
    """The CSV's and the XLSX's rows (the header row first)."""
    files = []
    for fmt, read in (("csv", read_csv), ("xlsx", read_xlsx)):
        url = reverse(name, kwargs={**kwargs, "fmt": fmt}) + (f"?{query}" if query else "")
        files.append(read(client.get(url)))
    return files


def column(rows: list[list[Any]], index: int) -> list[Any]:
    return [row[index] for row in rows[1:]]


# --- meetings ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_the_meeting_files_hold_the_rows_the_list_shows_to_each_reader(
    cast: Cast, role: str
) -> None:
    client = cast.client(role)
    page = client.get(reverse("council:meeting-list"))
    shown = [(m.body.display_name, m.number_label) for m in page.context["filter"].qs]
    for rows in both(client, "council:meeting-export"):
        assert rows[0][:3] == ["会議体", "回", "開催日"]
        assert list(zip(column(rows, 0), column(rows, 1), strict=True)) == shown
        assert "別市部会" not in column(rows, 0)


@pytest.mark.parametrize("role", ["member_b", "city", "past_member"])
def test_a_closed_meeting_never_reaches_a_reader_who_may_not_see_it(cast: Cast, role: str) -> None:
    for rows in both(cast.client(role), "council:meeting-export"):
        assert ("就労部会", "第2回") not in list(zip(column(rows, 0), column(rows, 1), strict=True))
        assert "非公開" not in column(rows, 6)


def test_the_secretariats_meeting_file_says_which_meeting_is_closed_in_japanese(
    cast: Cast,
) -> None:
    for rows in both(cast.client("secretariat"), "council:meeting-export"):
        by_meeting = {(r[0], r[1]): r for r in rows[1:]}
        closed = by_meeting[("就労部会", "第2回")]
        assert closed[2] == "令和2年8月2日(日)"
        assert closed[5] == "開催済み"
        assert closed[6] == "非公開"
        assert by_meeting[("就労部会", "第1回")][6] == "公開"


def test_the_xlsx_keeps_the_meeting_date_as_a_date_and_the_csv_in_iso_form(cast: Cast) -> None:
    csv_rows, xlsx_rows = both(cast.client("secretariat"), "council:meeting-export")
    assert csv_rows[0][3] == "開催日（西暦）"
    assert "2020-08-02" in column(csv_rows, 3)
    assert datetime.datetime(2020, 8, 2) in column(xlsx_rows, 3)


def test_the_meeting_files_keep_the_filter_and_hold_every_page(cast: Cast) -> None:
    for number in range(3, 63):
        Meeting.objects.create(
            body=cast.body_a, fiscal_year=cast.year, number=number, date=datetime.date(2020, 9, 1)
        )
    client = cast.client("secretariat")
    query = f"body={cast.body_a.pk}"
    page = client.get(reverse("council:meeting-list") + f"?{query}")
    assert len(page.context["page"].object_list) == 50  # the page shows the first 50 …
    shown = [m.number_label for m in page.context["filter"].qs]
    assert len(shown) == 62
    for rows in both(client, "council:meeting-export", query):
        assert column(rows, 1) == shown  # … the file all 62, in the page's order
        assert set(column(rows, 0)) == {"就労部会"}


def test_the_meeting_export_reads_the_same_number_of_queries_for_1_and_20_meetings(
    cast: Cast,
) -> None:
    client = cast.client("member_a")
    url = reverse("council:meeting-export", kwargs={"fmt": "xlsx"})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.get(url)  # the session and the access, read once
    few = queries()
    for number in range(3, 23):
        make_meeting(cast.body_a, cast.year, number, is_public=number % 2 == 0)
    assert queries() == few


def test_an_unknown_format_is_not_found(cast: Cast) -> None:
    url = reverse("council:meeting-export", kwargs={"fmt": "pdf"})
    assert cast.client("secretariat").get(url).status_code == 404


def test_the_file_name_is_japanese_and_downloads(cast: Cast) -> None:
    url = reverse("council:meeting-export", kwargs={"fmt": "csv"})
    disposition = cast.client("secretariat").get(url)["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=UTF-8''")
    assert "%E4%BC%9A%E8%AD%B0%E4%B8%80%E8%A6%A7.csv" in disposition  # 会議一覧.csv


def test_the_meeting_list_links_both_files_with_its_filters(cast: Cast) -> None:
    query = f"body={cast.body_a.pk}"
    page = cast.client("secretariat").get(reverse("council:meeting-list") + f"?{query}&page=1")
    html = page.content.decode()
    for fmt in ("csv", "xlsx"):
        assert f'{reverse("council:meeting-export", kwargs={"fmt": fmt})}?{query}"' in html


# --- organisations and persons --------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_the_organisation_files_hold_the_filtered_list(cast: Cast, role: str) -> None:
    Organization.objects.create(council=cast.council, name="就労支援センター", category="service")
    Organization.objects.create(council=cast.other_council, name="別市の相談支援", category="other")
    client = cast.client(role)
    query = "name=相談"
    page = client.get(reverse("council:organization-list") + f"?{query}")
    shown = [(o.name, o.get_category_display()) for o in page.context["filter"].qs]
    assert shown == [("相談支援センターふかさわ", "相談支援事業所")]
    for rows in both(client, "council:organization-export", query):
        assert rows[0] == ["氏名", "分類", "相談支援体制の層"]
        assert [(r[0], r[1]) for r in rows[1:]] == shown


@pytest.mark.parametrize("role", READERS)
def test_the_person_files_hold_the_filtered_list(cast: Cast, role: str) -> None:
    Person.objects.create(council=cast.council, name="高橋", post="所長", is_council_member=True)
    Person.objects.create(council=cast.other_council, name="別市の委員")
    client = cast.client(role)
    page = client.get(reverse("council:person-list"))
    shown = [p.name for p in page.context["filter"].qs]
    for rows in both(client, "council:person-export"):
        assert rows[0] == ["氏名", "関係機関", "役職", "協議会委員"]
        assert column(rows, 0) == shown
        assert "別市の委員" not in column(rows, 0)
        if "高橋" in shown:
            assert rows[1 + shown.index("高橋")][2:] == ["所長", "はい"]
    filtered = both(client, "council:person-export", "name=佐々")
    assert [column(rows, 0) for rows in filtered] == [["佐々木"], ["佐々木"]]


# --- a body's roster of a year --------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_the_roster_files_hold_the_members_of_the_year_the_page_shows(
    cast: Cast, role: str
) -> None:
    client = cast.client(role)
    page = client.get(reverse("council:body-detail", args=[cast.body_a.pk]) + "?year=2020")
    groups = page.context["members_by_org"]
    shown = [(org, m.person.name) for org, members in groups for m in members]
    assert sorted(name for _org, name in shown) == ["佐々木", "渡辺"]
    for rows in both(client, "council:body-roster-export", "year=2020", pk=cast.body_a.pk):
        assert rows[0] == ["関係機関", "氏名", "役割"]
        assert [(r[0], r[1]) for r in rows[1:]] == shown
        assert set(column(rows, 2)) == {"部会員"}
    # 平成27年度's roster is another year's: its one member only
    past = both(client, "council:body-roster-export", "year=2015", pk=cast.body_a.pk)
    assert [column(rows, 1) for rows in past] == [["田中"], ["田中"]]


def test_another_councils_roster_is_not_found(cast: Cast) -> None:
    other_body = cast.other_meeting.body
    url = reverse("council:body-roster-export", kwargs={"pk": other_body.pk, "fmt": "csv"})
    assert cast.client("secretariat").get(url).status_code == 404


# --- attendance of a meeting ----------------------------------------------------------------


def _attend(meeting: Meeting, cast: Cast) -> None:
    Attendance.objects.create(meeting=meeting, person=cast.person_a, present=True)
    Attendance.objects.create(meeting=meeting, person=cast.person_b, present=False)


@pytest.mark.parametrize("role", READERS)
def test_the_attendance_files_hold_who_the_meetings_page_lists(cast: Cast, role: str) -> None:
    _attend(cast.meeting_a, cast)
    client = cast.client(role)
    page = client.get(reverse("council:meeting-detail", args=[cast.meeting_a.pk]))
    shown = [(a["name"], "出席") for a in page.context["present"]]
    shown += [(a["name"], "欠席") for a in page.context["absent"]]
    assert shown == [("佐々木", "出席"), ("鈴木", "欠席")]
    for rows in both(client, "council:meeting-attendance-export", pk=cast.meeting_a.pk):
        assert rows[0] == ["関係機関", "氏名", "出欠"]
        assert [(r[1], r[2]) for r in rows[1:]] == shown


@pytest.mark.parametrize(
    ("role", "status"), [("member_b", 404), ("city", 404), ("member_a", 200), ("auditor", 200)]
)
def test_a_closed_meetings_attendance_is_the_readers_of_its_page_only(
    cast: Cast, role: str, status: int
) -> None:
    _attend(cast.closed_meeting_a, cast)
    for fmt in ("csv", "xlsx"):
        url = reverse(
            "council:meeting-attendance-export",
            kwargs={"pk": cast.closed_meeting_a.pk, "fmt": fmt},
        )
        assert cast.client(role).get(url).status_code == status


def test_another_councils_attendance_is_not_found(cast: Cast) -> None:
    url = reverse(
        "council:meeting-attendance-export", kwargs={"pk": cast.other_meeting.pk, "fmt": "xlsx"}
    )
    assert cast.client("secretariat").get(url).status_code == 404


# --- regional issues ------------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_the_issue_files_hold_the_issue_list(cast: Cast, role: str) -> None:
    from subcommittees.models import RegionalIssue

    RegionalIssue.objects.create(
        council=cast.other_council, title="別市の課題", owner=cast.other_meeting.body
    )
    client = cast.client(role)
    page = client.get(reverse("subcommittees:issue-list"))
    shown = [(i["name"], i["owner"]) for i in page.context["issues"]]
    for rows in both(client, "subcommittees:issue-export"):
        assert rows[0] == ["地域課題", "担当会議体", "分野", "経過"]
        assert [(r[0], r[1]) for r in rows[1:]] == shown
        assert column(rows, 3) == ["令和2年度 取組中"]
        assert "別市の課題" not in column(rows, 0)


# --- the hub's plans and providers ----------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_the_plan_files_hold_each_plan_the_hub_page_shows(cast: Cast, hub: Hub, role: str) -> None:
    client = cast.client(role)
    page = client.get(reverse("hubs:hub-detail") + "?year=2020")
    shown = [
        (row.label, c.label, c.plan.get_status_display())
        for row in page.context["rows"]
        for c in row.cells
    ]
    assert len(shown) == 10
    for rows in both(client, "hubs:plan-export", year=2020):
        assert rows[0][:4] == ["機能", "類型", "状態", "整備目標"]
        assert [(r[0], r[1], r[2]) for r in rows[1:]] == shown
        assert column(rows, 3)[0] == "令和4年1月"


@pytest.mark.parametrize("role", READERS)
def test_the_provider_files_hold_the_register_of_this_council(
    cast: Cast, hub: Hub, role: str
) -> None:
    client = cast.client(role)
    page = client.get(reverse("hubs:provider-list"))
    shown = [p.organization.name for p in page.context["providers"]]
    assert shown == ["相談支援センターふかさわ"]
    for rows in both(client, "hubs:provider-export"):
        assert rows[0][:4] == ["関係機関", "層", "担う機能", "登録日"]
        assert column(rows, 0) == shown
        assert rows[1][1] == "III 登録事業所"
        assert rows[1][3] == "令和3年4月1日"
        assert rows[1][5] == "山田"
        assert "別市の事業所" not in column(rows, 0)


# --- what a cell holds ----------------------------------------------------------------------


def test_text_that_looks_like_a_formula_stays_text(cast: Cast) -> None:
    Organization.objects.create(council=cast.council, name="=1+1", category="other")
    csv_rows, xlsx_rows = both(cast.client("secretariat"), "council:organization-export", "name=1")
    assert column(csv_rows, 0) == ["'=1+1"]
    assert column(xlsx_rows, 0) == ["=1+1"]
    sheet = load_workbook(io.BytesIO(_xlsx(cast)), read_only=False).worksheets[0]
    assert sheet["A2"].data_type == "s"


def _xlsx(cast: Cast) -> bytes:
    url = reverse("council:organization-export", kwargs={"fmt": "xlsx"}) + "?name=1"
    return cast.client("secretariat").get(url).content
