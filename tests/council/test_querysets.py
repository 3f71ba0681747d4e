"""Small queryset helpers the pages lean on: one_or_none() and BodyYear.statuses()."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from council.models import BodyYear, FiscalYear
from subcommittees.models import StatusReport
from tests.conftest import Cast


def test_one_or_none_finds_the_row_without_sorting(cast: Cast) -> None:
    with CaptureQueriesContext(connection) as queries:
        found = FiscalYear.objects.filter(council=cast.council, year=cast.year.year).one_or_none()
    assert found == cast.year
    sql = queries.captured_queries[0]["sql"]
    assert "ORDER BY" not in sql
    assert "LIMIT 2" in sql


def test_one_or_none_is_none_when_nothing_matches(cast: Cast) -> None:
    assert FiscalYear.objects.filter(council=cast.council, year=1900).one_or_none() is None


def test_one_or_none_refuses_a_lookup_that_matches_more_than_one(cast: Cast) -> None:
    FiscalYear.objects.create(council=cast.council, year=cast.year.year + 1)
    with pytest.raises(FiscalYear.MultipleObjectsReturned):
        FiscalYear.objects.filter(council=cast.council).one_or_none()


def test_sheets_have_it_too(cast: Cast) -> None:
    lookup = StatusReport.objects.filter(body_year=cast.report_a.body_year)
    assert lookup.one_or_none() == cast.report_a


def test_statuses_maps_each_body_of_the_year(cast: Cast) -> None:
    BodyYear.objects.filter(body=cast.body_b, fiscal_year=cast.year).update(
        status=BodyYear.Status.PAUSED
    )
    statuses = BodyYear.statuses(cast.year)
    expected = dict(BodyYear.objects.filter(fiscal_year=cast.year).values_list("body_id", "status"))
    assert statuses == expected
    assert statuses[cast.body_b.pk] == BodyYear.Status.PAUSED
    assert cast.body_a.pk in statuses
