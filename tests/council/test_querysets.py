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


def test_the_council_kept_in_the_session_is_shown_only_while_the_user_may_see_it(
    cast: Cast,
) -> None:
    from django.urls import reverse

    from council.models import CouncilRole

    user = cast.users["secretariat"]
    role = CouncilRole.objects.create(
        user=user, council=cast.other_council, role=CouncilRole.Role.SECRETARIAT
    )
    client = cast.client("secretariat")
    url = reverse("council:dashboard")
    assert client.get(url + f"?council={cast.other_council.slug}").context["council"] == (
        cast.other_council
    )
    client.post(reverse("council:council-choose"), {"council": cast.other_council.slug})
    assert client.get(url).context["council"] == cast.other_council  # kept in the session
    role.delete()
    assert client.get(url).context["council"] == cast.council  # no longer: their own again
    assert client.get(url + f"?council={cast.other_council.slug}").status_code == 404


def test_the_year_switch_lists_the_years_newest_first(cast: Cast) -> None:
    from council.current import years_for

    FiscalYear.objects.create(council=cast.council, year=cast.year.year - 1)
    FiscalYear.objects.create(council=cast.council, year=cast.year.year + 1)
    _chosen, years = years_for(None, cast.council.pk, cast.year.year)  # type: ignore[arg-type]
    every = sorted(FiscalYear.objects.filter(council=cast.council).values_list("year", flat=True))
    assert [y.year for y in years] == every[::-1]
    assert [y.year for y in years][:3] == [cast.year.year + 1, cast.year.year, cast.year.year - 1]
