"""Prepared querysets (council/prepared.py): compiled once, they return what the queryset
returns for every value and every kind of reader, and refuse builders they cannot prepare."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from council.models import Council, FiscalYear, Meeting
from council.permissions import access_for
from council.prepared import NotPreparable, Prepared, PreparedList
from council.views import ACTION_COUNT, ACTIONS, needs_action
from tests.conftest import ROLES, Cast, make_meeting


def visible_meetings(access: object, council_id: int, since: datetime.date) -> object:
    return (
        Meeting.objects.visible_to(access)
        .filter(body__council_id=council_id, date__gte=since)
        .order_by("date", "pk")
    )


def test_rows_are_the_querysets_models_for_each_value(cast: Cast) -> None:
    council = Prepared(lambda pk: Council.objects.filter(pk=pk))
    assert council(pk=cast.council.pk) == [cast.council]
    assert council(pk=cast.other_council.pk) == [cast.other_council]
    assert council(pk=-1) == []
    assert council(pk=cast.council.pk)[0].name == "長岡市障害者自立支援協議会"
    assert len(council.cache) == 1  # one shape, compiled once


def test_values_rows_and_dates_are_bound_on_every_backend(cast: Cast) -> None:
    make_meeting(cast.body_a, cast.year, 7, date=datetime.date(2021, 3, 1))
    dates = Prepared(
        lambda council_id, since: Meeting.objects.filter(
            body__council_id=council_id, date__gte=since
        ).values_list("number", "date")
    )
    found = dates(council_id=cast.council.pk, since=datetime.date(2021, 2, 1))
    assert found == [(7, datetime.date(2021, 3, 1))]  # the converters ran: a date, not text
    assert dates(council_id=cast.council.pk, since=datetime.date(2021, 4, 1)) == []


def test_each_reader_gets_what_visible_to_gives_them(cast: Cast) -> None:
    prepared = Prepared(visible_meetings)
    since = datetime.date(2000, 1, 1)
    for role in ROLES[1:]:
        access = access_for(cast.users[role])
        for council in (cast.council, cast.other_council):
            expected = list(visible_meetings(access, council.pk, since))
            assert prepared(access=access, council_id=council.pk, since=since) == expected, role
            assert prepared.count(access=access, council_id=council.pk, since=since) == len(
                expected
            )
    # Members see the closed meeting of their own body only: the rows differ by reader.
    member_a = prepared(
        access=access_for(cast.users["member_a"]), council_id=cast.council.pk, since=since
    )
    member_b = prepared(
        access=access_for(cast.users["member_b"]), council_id=cast.council.pk, since=since
    )
    assert cast.closed_meeting_a in member_a
    assert cast.closed_meeting_a not in member_b


def test_a_second_call_runs_one_query_and_compiles_nothing(cast: Cast, monkeypatch) -> None:
    prepared = Prepared(visible_meetings)
    access = access_for(cast.users["secretariat"])
    since = datetime.date(2000, 1, 1)
    prepared(access=access, council_id=cast.council.pk, since=since)
    monkeypatch.setattr(prepared, "build", None)  # a second compile would call it and fail
    with CaptureQueriesContext(connection) as queries:
        rows = prepared(access=access, council_id=cast.council.pk, since=since)
    assert len(queries) == 1
    assert set(rows) == {cast.meeting_a, cast.closed_meeting_a, cast.meeting_b}


def test_the_dashboards_actions_match_the_unprepared_rule(cast: Cast) -> None:
    Meeting.objects.filter(pk=cast.meeting_a.pk).update(date=datetime.date(2020, 5, 1))
    today = datetime.date(2020, 12, 1)
    for role in ROLES[1:]:
        args = {
            "access": access_for(cast.users[role]),
            "council_id": cast.council.pk,
            "fiscal_year_id": cast.year.pk,
            "today": today,
        }
        expected = list(needs_action(**args).values_list("pk", flat=True))
        assert [row[0] for row in ACTIONS(**args)] == expected[:10], role
        assert ACTION_COUNT.count(**args) == len(expected), role


def test_a_query_that_matches_nothing_by_shape_is_empty(cast: Cast) -> None:
    prepared = Prepared(lambda council_id: FiscalYear.objects.filter(council_id=council_id).none())
    assert prepared(council_id=cast.council.pk) == []
    assert prepared.count(council_id=cast.council.pk) == 0


def test_a_builder_that_computes_with_a_value_is_refused(cast: Cast) -> None:
    prepared = Prepared(lambda year: FiscalYear.objects.filter(year=year + 1))
    with pytest.raises(NotPreparable):
        prepared(year=2020)


def test_a_builder_that_reads_the_clock_is_refused(cast: Cast) -> None:
    prepared = Prepared(
        lambda council_id: Meeting.objects.filter(body__council_id=council_id).held()
    )
    with pytest.raises(NotPreparable, match="clock"):
        prepared(council_id=cast.council.pk)


def test_prefetching_is_refused(cast: Cast) -> None:
    prepared = Prepared(lambda pk: Council.objects.filter(pk=pk).prefetch_related("bodies"))
    with pytest.raises(NotPreparable):
        prepared(pk=cast.council.pk)


def test_an_id_beyond_any_column_gets_the_querysets_empty_answer(cast: Cast) -> None:
    council = Prepared(lambda pk: Council.objects.filter(pk=pk))
    assert council(pk=cast.council.pk) == [cast.council]
    assert council(pk=10**30) == []
    assert council.count(pk=10**30) == 0


def test_pages_are_the_querysets_slices(cast: Cast) -> None:
    prepared = Prepared(visible_meetings)
    access = access_for(cast.users["secretariat"])
    since = datetime.date(2000, 1, 1)
    expected = list(visible_meetings(access, cast.council.pk, since))
    assert len(expected) == 3
    for start, stop in ((0, 2), (2, 4), (1, 2), (5, 7)):
        found = prepared.page(start, stop, access=access, council_id=cast.council.pk, since=since)
        assert found == expected[start:stop]


def test_an_empty_slice_reads_nothing(cast: Cast) -> None:
    # Paginator slices [0:0] for an empty list's only page: a queryset runs no query for it.
    rows = PreparedList(
        Prepared(visible_meetings),
        access=access_for(cast.users["secretariat"]),
        council_id=cast.council.pk,
        since=datetime.date(2000, 1, 1),
    )
    with CaptureQueriesContext(connection) as queries:
        assert rows[0:0] == []
    assert len(queries) == 0
    assert len(rows[0:50]) == 3


def test_a_shape_argument_is_passed_as_it_is(cast: Cast) -> None:
    def by_state(council_id: int, state: str) -> object:
        meetings = Meeting.objects.filter(body__council_id=council_id)
        return {
            "open": meetings.filter(is_public=True),
            "closed": meetings.filter(is_public=False),
        }[state]

    prepared = Prepared(by_state, shape=("state",))
    assert prepared(council_id=cast.council.pk, state="closed") == [cast.closed_meeting_a]
    assert len(prepared(council_id=cast.council.pk, state="open")) == 2
    with pytest.raises(KeyError):  # without shape=, the builder would get a marker
        Prepared(by_state)(council_id=cast.council.pk, state="open")


on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@on_postgresql
def test_on_postgresql_the_sql_is_prepared_once_per_connection(cast: Cast) -> None:
    prepared = Prepared(visible_meetings)
    access = access_for(cast.users["secretariat"])
    since = datetime.date(2000, 1, 1)
    before = set(prepared_statements())
    expected = list(visible_meetings(access, cast.council.pk, since))
    assert prepared(access=access, council_id=cast.council.pk, since=since) == expected
    assert prepared.count(access=access, council_id=cast.council.pk, since=since) == 3
    # The rows and their count, with numbered parameters (unless an earlier test of this
    # connection prepared the same SQL: statements are named by their SQL).
    statements = set(prepared_statements())
    assert len(statements - before) <= 2
    ours = [s for s in statements if "council_meeting" in s and '"date" >= $' in s]
    assert len(ours) >= 2
    assert all("%s" not in s for s in ours)
    # Another council's rows through the same statements.
    other = prepared(access=access, council_id=cast.other_council.pk, since=since)
    assert other == list(visible_meetings(access, cast.other_council.pk, since))
    assert set(prepared_statements()) == statements


@on_postgresql
def test_a_new_connection_prepares_again(transactional_db: None) -> None:
    council = Council.objects.create(name="協議会", municipality="市", slug="new-connection")
    prepared = Prepared(lambda pk: Council.objects.filter(pk=pk))
    assert prepared(pk=council.pk) == [council]
    connection.close()  # as after CONN_MAX_AGE or a database restart
    assert prepared(pk=council.pk) == [council]
    assert any("council_council" in s for s in prepared_statements())


@on_postgresql
def test_sql_postgresql_refuses_to_prepare_runs_as_it_is_inside_a_transaction(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import transaction

    import council.prepared

    monkeypatch.setattr(council.prepared, "re", _BrokenNumbering())
    # SQL no other test prepares on this connection.
    prepared = Prepared(lambda pk: Council.objects.filter(pk=pk).order_by("-municipality"))
    with transaction.atomic():
        assert prepared(pk=cast.council.pk) == [cast.council]
        assert Council.objects.filter(pk=cast.council.pk).exists()  # the transaction survived
    refused = council.prepared._STATEMENTS[connection.connection]
    assert False in refused.values()  # and is not asked again on this connection


class _BrokenNumbering:
    """Stands in for `re` in council.prepared: numbers the parameters wrongly, so PREPARE
    fails as it would on SQL PostgreSQL cannot prepare."""

    @staticmethod
    def sub(pattern: str, replace: object, sql: str) -> str:
        return sql.replace("%s", "$99")


def test_one_or_none_is_the_row_of_a_unique_lookup_or_none(cast: Cast) -> None:
    council = Prepared(lambda pk: Council.objects.filter(pk=pk))
    assert council.one_or_none(pk=cast.council.pk) == cast.council
    assert council.one_or_none(pk=-1) is None
    years = Prepared(lambda council_id: FiscalYear.objects.filter(council_id=council_id))
    FiscalYear.objects.create(council=cast.council, year=cast.year.year + 1)
    with pytest.raises(FiscalYear.MultipleObjectsReturned):
        years.one_or_none(council_id=cast.council.pk)
