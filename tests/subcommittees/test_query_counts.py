"""Sheet pages and their PDF data use a constant number of queries: grow 20×, compare."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Meeting, MeetingItem, Membership, Person
from subcommittees import documents
from subcommittees.models import ReviewComment
from tests.conftest import Cast


def grow(cast: Cast, n: int) -> None:
    for i in range(n):
        person = Person.objects.create(council=cast.council, name=f"委員{i}")
        Membership.objects.create(person=person, body=cast.body_a, fiscal_year=cast.year)
        ReviewComment.objects.create(sheet=cast.review_a, person=person, text=f"感想{i}")
        meeting = Meeting.objects.create(
            body=cast.body_a,
            fiscal_year=cast.year,
            number=10 + i,
            date=datetime.date(2020, 9, 1 + i),
        )
        MeetingItem.objects.create(meeting=meeting, text=f"検討{i}")


def page_queries(cast: Cast, url: str) -> int:
    client = cast.client("member_a")
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("kind", ["policy", "report", "review"])
def test_sheet_page_queries_do_not_grow(cast: Cast, kind: str) -> None:
    url = reverse("subcommittees:sheet-detail", args=[cast.body_a.pk, 2020, kind])
    small = page_queries(cast, url)
    grow(cast, 20)
    assert page_queries(cast, url) == small


@pytest.mark.parametrize("attribute", ["report_a", "review_a", "plan_a", "policy_a"])
def test_pdf_data_queries_do_not_grow(cast: Cast, attribute: str) -> None:
    def measure() -> int:
        document = (
            type(getattr(cast, attribute))
            .objects.select_related("body_year__body__council", "body_year__fiscal_year")
            .get(pk=getattr(cast, attribute).pk)
        )
        with CaptureQueriesContext(connection) as context:
            documents.context(document)
        return len(context.captured_queries)

    small = measure()
    grow(cast, 20)
    assert measure() == small


def test_year_page_queries_do_not_grow(cast: Cast) -> None:
    url = reverse("subcommittees:year-detail", args=[cast.body_a.pk, 2020])
    small = page_queries(cast, url)
    grow(cast, 20)
    assert page_queries(cast, url) == small
