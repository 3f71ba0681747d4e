"""What the status report's page shows of the year's held meetings: a row each with a link, the
和暦 date and the public bullets (escaped, line breaks kept), never a closed item."""

from __future__ import annotations

from django.urls import reverse

from council.models import Meeting, MeetingItem
from tests.conftest import Cast


def report_page(cast: Cast) -> str:
    url = reverse("subcommittees:sheet-detail", args=[cast.body_a.pk, 2020, "report"])
    response = cast.client("member_a").get(url)
    assert response.status_code == 200
    return response.content.decode()


def meeting_rows(page: str) -> str:
    return page.split('<th scope="col">取組・検討内容</th></tr></thead>', 1)[1].split(
        "</tbody>", 1
    )[0]


def test_each_held_meeting_is_a_row_with_its_link_date_and_public_bullets(cast: Cast) -> None:
    MeetingItem.objects.create(meeting=cast.meeting_a, order=2, text="一行目\n二行目")
    MeetingItem.objects.create(meeting=cast.meeting_a, order=3, text='<script>alert("x")</script>')
    MeetingItem.objects.create(meeting=cast.meeting_a, order=4, text="非公開の検討", is_closed=True)
    rows = meeting_rows(report_page(cast))
    link = reverse("council:meeting-detail", args=[cast.meeting_a.pk])
    assert f'<a href="{link}">【第1回】</a> 令和2年8月1日</th>' in rows
    assert "<li>就労部会の検討内容</li><li>一行目<br>二行目</li>" in rows
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in rows and "<script>" not in rows
    assert "非公開の検討" not in rows
    # A closed meeting (第2回) is held too, but a document prints only what all its readers may
    # open: not even its date.
    assert rows.count("<tr>") == 1


def test_a_year_without_held_meetings_says_so(cast: Cast) -> None:
    Meeting.objects.filter(body=cast.body_a).update(cancelled=True)
    rows = meeting_rows(report_page(cast))
    assert '<tr><td colspan="2">まだ開催された会議はありません。</td></tr>' in rows
