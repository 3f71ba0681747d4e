"""The regional issue list: every issue of the council with its owner, tags and whole timeline,
read in two queries whatever the count, escaped on the page."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from subcommittees.models import IssueEvent, IssueStatus, RegionalIssue
from subcommittees.tables import issue_rows
from tests.conftest import Cast


def test_issue_rows_read_every_issue_in_two_queries(cast: Cast) -> None:
    quiet = RegionalIssue.objects.create(
        council=cast.council, label="②", title="<移動>の手段", owner=cast.body_b
    )
    with CaptureQueriesContext(connection) as queries:
        rows = {row["name"]: row for row in issue_rows(cast.council)}
    assert len(queries.captured_queries) == 2
    row = rows["②<移動>の手段"]
    assert row["timeline"] == []
    assert row["owner"] == cast.body_b.name
    assert row["pk"] == quiet.pk
    assert all(name for name in rows)


def test_the_list_shows_each_issue_with_its_link_and_timeline_oldest_first(cast: Cast) -> None:
    IssueEvent.objects.create(
        issue=cast.issue_a, fiscal_year=cast.year, status=IssueStatus.PROPOSED
    )
    RegionalIssue.objects.create(
        council=cast.council, label="②", title="<移動>の手段", owner=cast.body_b, tags=["住"]
    )
    page = cast.client("member_a").get(reverse("subcommittees:issue-list")).content.decode()
    detail = reverse("subcommittees:issue-detail", args=[cast.issue_a.pk])
    assert f'<a href="{detail}">精神障害者が地域で暮らしにくい</a>' in page
    assert '<ol class="timeline mb-0"><li>令和2年度 取組中</li><li>令和2年度 提言</li></ol>' in page
    assert "②&lt;移動&gt;の手段" in page and "<移動>" not in page
    assert "<td>相談支援部会</td><td>住</td>" in page


def test_a_council_without_issues_says_so(cast: Cast) -> None:
    RegionalIssue.objects.all().delete()
    page = cast.client("member_a").get(reverse("subcommittees:issue-list")).content.decode()
    assert '<td colspan="4">地域課題は登録されていません。</td>' in page
