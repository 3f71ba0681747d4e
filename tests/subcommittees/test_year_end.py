"""Year-end tasks: what is left to publish, linked with the rollover and the annual report from
the year's page and the secretariat's dashboard."""

from __future__ import annotations

import datetime

from django.urls import reverse

from council.models import Meeting
from tests.conftest import Cast


def test_the_years_unpublished_documents_are_listed_with_a_link_to_each(cast: Cast) -> None:
    Meeting.objects.filter(pk=cast.meeting_a.pk).update(date=datetime.date(2020, 8, 1))
    url = reverse("subcommittees:year-unpublished", kwargs={"year": 2020})
    page = cast.client("secretariat").get(url).content.decode()
    sheet = lambda kind: reverse(  # noqa: E731
        "subcommittees:sheet-detail", kwargs={"pk": cast.body_a.pk, "year": 2020, "kind": kind}
    )
    assert sheet("report") in page and sheet("review") in page
    assert sheet("policy") not in page  # published already
    assert reverse("subcommittees:plan-detail", args=[cast.plan_a.pk]) in page
    assert reverse("council:meeting-minutes", args=[cast.meeting_a.pk]) in page
    assert reverse("council:meeting-minutes", args=[cast.other_meeting.pk]) not in page


def test_the_years_page_and_the_dashboard_link_the_year_end_tasks(cast: Cast) -> None:
    client = cast.client("secretariat")
    tasks = [
        reverse("subcommittees:year-unpublished", kwargs={"year": 2020}),
        reverse("subcommittees:annual-report", kwargs={"year": 2020}),
        reverse("subcommittees:year-rollover", kwargs={"year": 2020}),
    ]
    for page_url in (reverse("council:year-detail", kwargs={"year": 2020}), "/"):
        page = client.get(page_url).content.decode()
        # In the page's main content (it once rendered inside <title>, where nobody sees it).
        main = page[page.index("<main") : page.index("</main>")]
        assert all(f'href="{task}"' in main for task in tasks), page_url
        assert "<section" not in page[: page.index("</title>")], page_url
    member_page = cast.client("member_a").get("/").content.decode()
    assert tasks[2] not in member_page
