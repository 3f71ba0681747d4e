"""What the list pages print: each row says what its record says, user text is escaped, an
empty table says so. Assertions read the rendered page's text, not its exact markup."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from council.models import FiscalYear, Meeting, Membership, Organization, Person
from council.templatetags.wareki import clock, wareki_weekday
from tests.conftest import ROLES, Cast, make_meeting


def page(cast: Cast, role: str, url: str, *args: object, **query: object) -> str:
    response = cast.client(role).get(reverse(url, args=args), query)
    assert response.status_code == 200
    return squeeze(response.content.decode())


def squeeze(html: str) -> str:
    """The markup without the blanks between tags."""
    return re.sub(r">\s+<", "><", html)


def rows(html: str) -> list[str]:
    """Each table row's text, its cells joined by "|"."""
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        found.append("|".join(re.sub(r"<[^>]+>", "", cell).strip() for cell in cells))
    return found


def test_the_meeting_list_says_what_each_meeting_says(cast: Cast) -> None:
    body = cast.meeting_a.body
    body.short_name = "就労"
    body.save()
    today = timezone.localdate()
    make_meeting(body, cast.year, 3, mode=Meeting.Mode.WRITTEN, place="市役所")
    make_meeting(body, cast.year, 4, cancelled=True, start_time=datetime.time(9, 5))
    make_meeting(body, cast.year, 5, date=today + datetime.timedelta(days=3), place="会議室")
    make_meeting(cast.meeting_b.body, cast.year, 2, date=today, start_time=datetime.time(14, 0))
    html = page(cast, "secretariat", "council:meeting-list")
    printed = rows(html)
    meetings = Meeting.objects.filter(body__council=cast.council).select_related("body")
    for meeting in meetings:
        when = wareki_weekday(meeting.date)
        if meeting.start_time:
            when += " " + clock(meeting.start_time)
        place = "—" if meeting.is_written else meeting.place or "—"
        name = meeting.body.display_name
        status = meeting.get_status_display() + ("非公開" if not meeting.is_public else "")
        expected = f"{name}|{meeting.number_label} {name}|{when}|{place}|{status}"
        assert expected.replace(" 非公開", "非公開") in [
            r.replace(" 非公開", "非公開") for r in printed
        ]
        assert f'href="{reverse("council:meeting-detail", args=[meeting.pk])}"' in html
    for status in ("開催予定", "開催済み", "書面開催", "中止"):
        assert status in html
    assert "就労" in html and "9:05" in html


def test_the_meeting_list_prints_the_rows(cast: Cast) -> None:
    cast.meeting_a.place = "<b>さいわいプラザ</b>"
    cast.meeting_a.start_time = datetime.time(13, 30)
    cast.meeting_a.save()
    html = page(cast, "secretariat", "council:meeting-list")
    link = reverse("council:meeting-detail", args=[cast.meeting_a.pk])
    # The body's name is in the link for a screen reader's list of links.
    assert f'<a href="{link}">第1回<span class="visually-hidden"> 就労部会</span></a>' in html
    assert "令和2年8月1日(土) 13:30" in html
    assert "&lt;b&gt;さいわいプラザ&lt;/b&gt;" in html
    assert '<span class="badge text-bg-dark">非公開</span>' in html


def test_the_person_list_says_what_each_person_says(cast: Cast) -> None:
    loner = Person.objects.create(council=cast.council, name="無所属 太郎", is_council_member=True)
    printed = rows(page(cast, "secretariat", "council:person-list"))
    assert "無所属 太郎|—|—|はい" in printed
    for person in Person.objects.filter(council=cast.council).select_related("organization"):
        organization = person.organization.name if person.organization else "—"
        member = "はい" if person.is_council_member else "—"
        assert f"{person.name}|{organization}|{person.post or '—'}|{member}" in printed
    html = page(cast, "secretariat", "council:person-list")
    assert f'<a href="{reverse("council:person-detail", args=[loner.pk])}">無所属 太郎</a>' in html


def test_rows_escape_what_users_typed_and_empty_tables_say_so(cast: Cast) -> None:
    Person.objects.create(council=cast.council, name='<script>alert("x")</script>')
    html = page(cast, "secretariat", "council:person-list")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    html = page(cast, "secretariat", "council:person-list", name="該当なし")
    assert '<tr><td colspan="4">条件に合う委員・関係者はいません。</td></tr>' in html
    html = page(cast, "secretariat", "council:meeting-list", q="該当なし")
    assert '<tr><td colspan="5">会議はありません。</td></tr>' in html


def test_the_organisation_list_says_what_each_organisation_says(cast: Cast) -> None:
    Organization.objects.create(
        council=cast.council,
        name="<基幹>相談支援センター",
        category=Organization.Category.CONSULTATION,
        consultation_layer=Organization.Layer.THIRD,
    )
    html = page(cast, "secretariat", "council:organization-list")
    printed = rows(html)
    assert "&lt;基幹&gt;相談支援センター|相談支援事業所|第3層 基幹相談支援センター" in printed
    for organization in Organization.objects.filter(council=cast.council):
        assert reverse("council:organization-detail", args=[organization.pk]) in html
    assert any(row.endswith("|—") for row in printed)  # no consultation layer


def test_body_members_are_grouped_by_organisation_with_links_for_those_who_may_edit(
    cast: Cast,
) -> None:
    other = Person.objects.create(council=cast.council, name="<田中>")
    chair = Membership.objects.create(
        person=cast.person_b, body=cast.body_a, fiscal_year=cast.year, order=1
    )
    substitute = Membership.objects.create(
        person=other,
        body=cast.body_a,
        fiscal_year=cast.year,
        role=Membership.Role.SECRETARIAT,
        is_substitute=True,
    )
    html = page(cast, "secretariat", "council:body-detail", cast.body_a.pk)
    org = cast.person_a.organization.name
    in_org = Membership.objects.filter(
        body=cast.body_a, fiscal_year=cast.year, person__organization=cast.org
    ).count()
    # The first of the group names it, across its rows; the roster's order (order, id) is kept.
    assert f'<th scope="rowgroup" rowspan="{in_org}">{org}</th><td><a href="' in html
    assert html.index(">鈴木<") < html.index(">佐々木<")
    printed = rows(html)
    assert f"{org}|鈴木|部会員|編集 鈴木 · 削除 鈴木" in printed
    assert (
        "（所属なし）|&lt;田中&gt;|事務局 （補欠）|編集 &lt;田中&gt; · 削除 &lt;田中&gt;" in printed
    )
    assert '<span class="badge text-bg-info">事務局</span>' in html
    for membership in (chair, substitute):
        assert reverse("council:membership-edit", args=[membership.pk]) in html
        assert reverse("council:membership-delete", args=[membership.pk]) in html
    html = page(cast, "city", "council:body-detail", cast.body_a.pk)
    assert f"{org}|鈴木|部会員" in rows(html)
    assert reverse("council:membership-edit", args=[chair.pk]) not in html


def test_the_issue_list_shows_each_issues_owner_tags_and_whole_timeline(cast: Cast) -> None:
    from subcommittees.models import IssueEvent, IssueStatus

    issue = cast.issue_a
    issue.label, issue.tags = "①", ["医", "住"]
    issue.save()
    later = FiscalYear.objects.create(council=cast.council, year=2021)
    IssueEvent.objects.create(issue=issue, fiscal_year=later, status=IssueStatus.CLOSED)
    IssueEvent.objects.create(issue=issue, fiscal_year=cast.year, status=IssueStatus.RAISED)
    html = page(cast, "city", "subcommittees:issue-list")
    assert f'<a href="{reverse("subcommittees:issue-detail", args=[issue.pk])}">' in html
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "①精神障害者が地域で暮らしにくい 就労部会 医 住" in text
    steps = ["令和2年度 取組中", "令和2年度 抽出", "令和3年度 取扱い終了"]
    assert [text.index(step) for step in steps] == sorted(text.index(step) for step in steps)


def test_the_year_switch_offers_every_year_newest_first_with_the_shown_one_selected(
    cast: Cast,
) -> None:
    FiscalYear.objects.create(council=cast.council, year=2021)
    html = page(cast, "secretariat", "council:dashboard", year=2021)
    switch = html[html.index('<select class="form-select" id="year-switch"') :]
    switch = switch[: switch.index("</select>")]
    years = FiscalYear.objects.filter(council=cast.council).order_by("-year")
    assert re.findall(r'<option value="(\d+)"', switch) == [str(y.year) for y in years]
    assert '<option value="2021" selected>令和3年度</option>' in switch
    assert switch.count("selected") == 1


LIST_PAGES = [
    "council:dashboard",
    "council:schedule",
    "council:body-list",
    "council:meeting-list",
    "council:organization-list",
    "council:person-list",
]


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
@pytest.mark.parametrize("name", LIST_PAGES)
def test_every_reader_gets_the_list_pages(cast: Cast, role: str, name: str) -> None:
    """A member of two bodies (member_ab) or of a past year only used to get 500 here."""
    page(cast, role, name)


def test_a_member_of_two_bodies_sees_both_bodies_closed_meetings(cast: Cast) -> None:
    closed_b = make_meeting(cast.body_b, cast.year, 5, is_public=False)
    for name in ("council:meeting-list", "council:schedule", "council:dashboard"):
        html = page(cast, "member_ab", name)
        for meeting in (cast.closed_meeting_a, closed_b):
            assert reverse("council:meeting-detail", args=[meeting.pk]) in html, name
    html = page(cast, "member_b", "council:meeting-list")
    assert reverse("council:meeting-detail", args=[cast.closed_meeting_a.pk]) not in html
    assert reverse("council:meeting-detail", args=[closed_b.pk]) in html
