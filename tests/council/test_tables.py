"""Table rows are formatted from values, not models: they must say what the models say
(meetings: number, body, 和暦 date and time, place, derived status, closed badge; persons: name,
organisation, post, council membership)."""

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from council.models import Meeting, Person
from council.tables import meeting_rows, meeting_values, person_rows, person_values
from council.templatetags.wareki import clock, wareki_weekday
from tests.conftest import Cast, make_meeting


def expected(meeting: Meeting) -> dict[str, Any]:
    when = wareki_weekday(meeting.date)
    if meeting.start_time:
        when += " " + clock(meeting.start_time)
    return {
        "url": reverse("council:meeting-detail", args=[meeting.pk]),
        "number": meeting.number_label,
        "body": meeting.body.display_name,
        "when": when,
        "place": "—" if meeting.is_written else meeting.place or "—",
        "status": meeting.get_status_display(),
        "closed": not meeting.is_public,
    }


def test_rows_say_what_the_meetings_say(cast: Cast) -> None:
    body = cast.meeting_a.body
    body.short_name = "就労"
    body.save()
    today = timezone.localdate()
    make_meeting(body, cast.year, 3, mode=Meeting.Mode.WRITTEN, place="市役所")
    make_meeting(body, cast.year, 4, cancelled=True, start_time=datetime.time(9, 5))
    make_meeting(body, cast.year, 5, date=today + datetime.timedelta(days=3), place="会議室")
    make_meeting(cast.meeting_b.body, cast.year, 2, date=today, start_time=datetime.time(14, 0))
    meetings = Meeting.objects.filter(body__council=cast.council).order_by("date", "pk")
    with override("ja"):
        rows = meeting_rows(meeting_values(meetings))
        wanted = [expected(m) for m in meetings.select_related("body")]
    assert rows == wanted
    statuses = {row["status"] for row in rows}
    assert statuses == {"開催予定", "開催済み", "書面開催", "中止"}
    assert any(row["closed"] for row in rows)
    assert any(row["body"] == "就労" for row in rows)
    assert any(row["when"].endswith(" 9:05") for row in rows)


def test_the_meeting_list_prints_the_rows(cast: Cast) -> None:
    cast.meeting_a.place = "<b>さいわいプラザ</b>"
    cast.meeting_a.start_time = datetime.time(13, 30)
    cast.meeting_a.save()
    page = cast.client("secretariat").get(reverse("council:meeting-list")).content.decode()
    link = reverse("council:meeting-detail", args=[cast.meeting_a.pk])
    assert f'<a href="{link}">第1回<span class="visually-hidden"> 就労部会</span></a>' in page
    assert "令和2年8月1日(土) 13:30" in page
    assert "&lt;b&gt;さいわいプラザ&lt;/b&gt;" in page
    assert '<span class="badge text-bg-dark">非公開</span>' in page


def test_person_rows_say_what_the_persons_say(cast: Cast) -> None:
    Person.objects.create(council=cast.council, name="無所属 太郎", is_council_member=True)
    persons = Person.objects.filter(council=cast.council).order_by("pk")
    rows = person_rows(person_values(persons))
    assert rows == [
        {
            "url": reverse("council:person-detail", args=[p.pk]),
            "name": p.name,
            "organization": p.organization.name if p.organization else "—",
            "post": p.post or "—",
            "is_council_member": p.is_council_member,
        }
        for p in persons.select_related("organization")
    ]
    assert rows[-1]["organization"] == "—"
    assert any(row["organization"] != "—" for row in rows)
    page = cast.client("secretariat").get(reverse("council:person-list")).content.decode()
    assert (
        f'<a href="{rows[-1]["url"]}">無所属 太郎</a></td><td>—</td><td>—</td><td>はい</td>' in page
    )


def test_rows_escape_what_users_typed_and_empty_tables_say_so(cast: Cast) -> None:
    Person.objects.create(council=cast.council, name='<script>alert("x")</script>')
    client = cast.client("secretariat")
    page = client.get(reverse("council:person-list")).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    page = client.get(reverse("council:person-list"), {"name": "該当なし"}).content.decode()
    assert '<tr><td colspan="4">条件に合う委員・関係者はいません。</td></tr>' in page
    page = client.get(reverse("council:meeting-list"), {"q": "該当なし"}).content.decode()
    assert '<tr><td colspan="5">会議はありません。</td></tr>' in page


def test_cells_print_each_value_escaped_and_a_dash_for_blanks() -> None:
    from council.templatetags.table_rows import cells

    assert cells(["開始", "", "<b>"]) == "<td>開始</td><td>—</td><td>&lt;b&gt;</td>"
    assert cells([None], "未") == "<td>未</td>"


def test_body_members_are_grouped_by_organisation_with_links_for_those_who_may_edit(
    cast: Cast,
) -> None:
    from council.models import Membership

    other = Person.objects.create(council=cast.council, name="<田中>")
    chair = Membership.objects.create(
        person=cast.person_b, body=cast.body_a, fiscal_year=cast.year, order=1
    )
    Membership.objects.create(
        person=other,
        body=cast.body_a,
        fiscal_year=cast.year,
        role=Membership.Role.SECRETARIAT,
        is_substitute=True,
    )
    url = reverse("council:body-detail", args=[cast.body_a.pk])
    page = cast.client("secretariat").get(url).content.decode()
    org = cast.person_a.organization.name
    suzuki, sasaki = (
        reverse("council:person-detail", args=[p.pk]) for p in (cast.person_b, cast.person_a)
    )
    assert (
        f'<tr><th scope="rowgroup" rowspan="2">{org}</th>'
        f'<td><a href="{suzuki}">鈴木</a></td><td>部会員</td>'
        f'<td><a href="{reverse("council:membership-edit", args=[chair.pk])}">編集'
        '<span class="visually-hidden"> 鈴木</span></a> · '
        f'<a href="{reverse("council:membership-delete", args=[chair.pk])}">削除'
        '<span class="visually-hidden"> 鈴木</span></a></td></tr>\n'
        f'<tr><td><a href="{sasaki}">佐々木</a></td>'
    ) in page
    assert (
        '<tr><th scope="rowgroup" rowspan="1">（所属なし）</th>'
        f'<td><a href="{reverse("council:person-detail", args=[other.pk])}">&lt;田中&gt;</a></td>'
        '<td><span class="badge text-bg-info">事務局</span> （補欠）</td>'
    ) in page
    page = cast.client("city").get(url).content.decode()
    assert f'<td><a href="{suzuki}">鈴木</a></td><td>部会員</td></tr>' in page
    assert reverse("council:membership-edit", args=[chair.pk]) not in page


def test_the_issue_list_shows_each_issues_owner_tags_and_whole_timeline(cast: Cast) -> None:
    from council.models import FiscalYear
    from subcommittees.models import IssueEvent, IssueStatus

    issue = cast.issue_a
    issue.label, issue.tags = "①", ["医", "住"]
    issue.save()
    later = FiscalYear.objects.create(council=cast.council, year=2021)
    IssueEvent.objects.create(issue=issue, fiscal_year=later, status=IssueStatus.CLOSED)
    IssueEvent.objects.create(issue=issue, fiscal_year=cast.year, status=IssueStatus.RAISED)
    page = cast.client("city").get(reverse("subcommittees:issue-list")).content.decode()
    link = reverse("subcommittees:issue-detail", args=[issue.pk])
    assert (
        f'<tr><td><a href="{link}">①精神障害者が地域で暮らしにくい</a></td><td>就労部会</td>'
        "<td>医 住</td>\n"
        '    <td><ol class="timeline mb-0"><li>令和2年度 取組中</li><li>令和2年度 抽出</li>'
        "<li>令和3年度 取扱い終了</li></ol></td></tr>"
    ) in page


def test_organisation_rows_say_what_the_organisations_say(cast: Cast) -> None:
    from council.models import Organization
    from council.tables import organization_rows, organization_values

    Organization.objects.create(
        council=cast.council,
        name="<基幹>相談支援センター",
        category=Organization.Category.CONSULTATION,
        consultation_layer=Organization.Layer.THIRD,
    )
    organizations = Organization.objects.filter(council=cast.council).order_by("pk")
    with override("ja"):
        rows = organization_rows(organization_values(organizations))
        wanted = [
            {
                "url": reverse("council:organization-detail", args=[o.pk]),
                "name": o.name,
                "category": o.get_category_display(),
                "layer": o.get_consultation_layer_display() or "—",
            }
            for o in organizations
        ]
    assert rows == wanted
    assert {row["layer"] for row in rows} == {"—", "第3層 基幹相談支援センター"}
    page = cast.client("secretariat").get(reverse("council:organization-list")).content.decode()
    link = rows[-1]["url"]
    assert (
        f'<tr><td><a href="{link}">&lt;基幹&gt;相談支援センター</a></td>'
        "<td>相談支援事業所</td><td>第3層 基幹相談支援センター</td></tr>"
    ) in page


def test_the_year_switch_offers_every_year_newest_first_with_the_shown_one_selected(
    cast: Cast,
) -> None:
    from council.models import FiscalYear
    from council.templatetags.table_rows import year_options

    later = FiscalYear.objects.create(council=cast.council, year=2021)
    years = list(FiscalYear.objects.filter(council=cast.council).order_by("-year"))
    assert year_options(years, cast.year) == (
        '<option value="2021">令和3年度</option><option value="2020" selected>令和2年度</option>'
    )
    page = cast.client("secretariat").get(reverse("council:dashboard") + "?year=2021")
    assert f'<option value="{later.year}" selected>令和3年度</option>' in page.content.decode()
