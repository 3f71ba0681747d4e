"""Querysets compiled once per process and run with new values on every request.

Building a queryset and compiling it to SQL costs the ORM 1–3 M instructions a query; running
the SQL costs psycopg2 and Django's row readers 0.2–0.4 M (callgrind, council pages). A page of
eight queries spent most of its server time rebuilding SQL that differs between requests only
in its values: the council, the year, the reader's roles. `Prepared` builds such a queryset once
with stand-in values (markers), compiles it, and later binds the real values into the same SQL
and reads the rows through Django's own iterables, so a call returns what the queryset would:
models, values or tuples, with the database's converters applied.

A builder is a pure function of its arguments. It takes the reader's `Access` (not the user), so
visibility still comes from permissions.py, and uses the ints, strings and dates it is given only
as values: compare them for equality, never compute with them (ask for the computed value as an
argument instead), and never compare them with constants. Bools and None shape the query and
are part of the cache key. Compiling with two sets of markers checks this on first use: both
must give the same SQL, and every parameter that differs must be a marker, else `NotPreparable`
is raised.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import itertools
import re
import weakref
from collections.abc import Callable, Hashable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet, MultipleObjectsReturned
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone

from council.permissions import Access

# A process keeps a handful of shapes per query (one per kind of reader); this bounds the rest.
MAX_SHAPES = 256


class NotPreparable(Exception):
    """The builder used a value other than as a value (see the module's docstring)."""


@dataclass(frozen=True)
class Compiled:
    queryset: QuerySet[Any] | None  # None: the shape always matches nothing (EmptyResultSet)
    compiler: Any
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int, bool], ...]  # (param position, value index, as str)


class _Markers:
    """Stand-ins for the distinct values of one call, in order of first appearance: equal
    values share a stand-in, so `in` and `==` in the builder behave as they will for real."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self.index: dict[tuple[type, Any], int] = {}

    def slot(self, value: Any) -> int:
        key = (type(value), value)
        if key not in self.index:
            self.index[key] = len(self.values)
            self.values.append(value)
        return self.index[key]


def marker(value: Any, i: int, series: int) -> Any:
    """The i-th stand-in of a series for a value of this type. Ints stay small: Django turns a
    lookup beyond a column's range (a year's small int) into an empty result, without SQL. The
    two series step by different strides, so a value computed from one marker (x + 1) never
    reads as another marker in both."""
    if isinstance(value, bool) or value is None:
        return value
    stride = (7, 13)[series - 1]
    if isinstance(value, int):
        return 1000 * series + stride * i
    if isinstance(value, str):
        return f"\x1fmarker:{series}:{i}\x1f"
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return datetime.date(1100 * series + stride * i, series, series)
    raise NotPreparable(f"no marker for a {type(value).__name__}")


def _shape(value: Any, markers: _Markers) -> Hashable:
    """The value's part of the cache key: its structure, with values replaced by slots."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Access):
        return (
            "access",
            value.is_superuser,
            _shape(value.user_id, markers),
            tuple((_shape(c, markers), role) for c, role in sorted(value.roles.items())),
            tuple(sorted(_shape(pair, markers) for pair in sorted(value.memberships))),
            _shape(value.person_id, markers),
            tuple(sorted(_shape(pair, markers) for pair in sorted(value.leads))),
        )
    if isinstance(value, (tuple, list, frozenset, set)):
        items = sorted(value) if isinstance(value, (frozenset, set)) else value
        return (type(value).__name__, tuple(_shape(v, markers) for v in items))
    marker(value, 0, 1)  # raises for a type that has no marker
    return ("slot", markers.slot(value))


def _stand_in(shape: Hashable, values: list[Any], series: int) -> Any:
    """The argument a builder receives for this shape: markers in place of the values."""
    if not isinstance(shape, tuple):
        return shape
    if shape[0] == "as is":
        return shape[1]
    if shape[0] == "slot":
        i = shape[1]
        return marker(values[i], i, series)
    if shape[0] == "access":
        _, is_superuser, user_id, roles, memberships, person_id, leads = shape
        return Access(
            user_id=_stand_in(user_id, values, series),
            is_superuser=is_superuser,
            roles={_stand_in(c, values, series): role for c, role in roles},
            memberships=frozenset(_stand_in(p, values, series) for p in memberships),
            person_id=_stand_in(person_id, values, series),
            leads=frozenset(_stand_in(p, values, series) for p in leads),
        )
    kind, items = shape
    items = [_stand_in(item, values, series) for item in items]
    return {"tuple": tuple, "list": list, "frozenset": frozenset, "set": set}[kind](items)


class Prepared:
    """`rows = Prepared(build)(access=..., council_id=...)`: `build(**kwargs)` returns a
    queryset; the call returns its rows as a list, `.one_or_none(**kwargs)` the row of a unique
    lookup, `.page(start, stop, **kwargs)` the rows `[start:stop]`, `.count(**kwargs)` their
    count. Arguments named in `shape` (a choice among
    a few, such as a status the builder dispatches on) are passed as they are, and each of their
    values is compiled on its own."""

    def __init__(
        self,
        build: Callable[..., QuerySet[Any]],
        shape: tuple[str, ...] = (),
        using: str = DEFAULT_DB_ALIAS,
    ):
        self.build = build
        self.shape = shape
        self.using = using
        self.cache: dict[Hashable, Compiled] = {}

    def __call__(self, **kwargs: Any) -> list[Any]:
        return self._rows(kwargs, None)

    def one_or_none(self, **kwargs: Any) -> Any:
        """The row of a lookup on a unique key, or None: as VisibleQuerySet.one_or_none()."""
        rows = self._rows(kwargs, None)
        if len(rows) > 1:
            model = type(rows[0])
            error = getattr(model, "MultipleObjectsReturned", MultipleObjectsReturned)
            raise error(f"more than one {model.__name__}")
        return rows[0] if rows else None

    def page(self, start: int, stop: int, **kwargs: Any) -> list[Any]:
        return self._rows(kwargs, (start, stop))

    def _rows(self, kwargs: dict[str, Any], bounds: tuple[int, int] | None) -> list[Any]:
        compiled, values = self._compiled(kwargs, count=False)
        if not _fits(values):
            queryset = self.build(**kwargs)
            return list(queryset[slice(*bounds)] if bounds else queryset)
        if compiled.queryset is None:
            return []
        compiler = copy.copy(compiled.compiler)
        compiler.connection = connections[self.using]
        sql, params = compiled.sql, _bind(compiled, values)
        if bounds:
            if compiled.queryset.query.is_sliced:
                raise NotPreparable("page() of a builder that slices")
            # Bound, not compiled in as Django does: one SQL for every page of a list.
            sql += " LIMIT %s OFFSET %s"
            params += [bounds[1] - bounds[0], bounds[0]]
        sql = server_side(connections[self.using], sql, len(params))
        compiler.as_sql = lambda *args, **kw: (sql, params)
        # A new queryset over a shallow copy of the compiled query: cloning the query, as
        # chaining a queryset does, would cost a fifth of what preparing saves.
        source = compiled.queryset
        query = copy.copy(source.query)
        query.get_compiler = lambda *args, **kw: compiler
        queryset = type(source)(model=source.model, query=query, using=source._db)
        queryset._iterable_class = source._iterable_class
        queryset._fields = source._fields
        return list(queryset)

    def count(self, **kwargs: Any) -> int:
        compiled, values = self._compiled(kwargs, count=True)
        if not _fits(values):
            return self.build(**kwargs).count()
        if compiled.queryset is None:
            return 0
        params = _bind(compiled, values)
        database = connections[self.using]
        with database.cursor() as cursor:
            cursor.execute(server_side(database, compiled.sql, len(params)), params)
            return cursor.fetchone()[0]

    def _compiled(self, kwargs: dict[str, Any], count: bool) -> tuple[Compiled, list[Any]]:
        markers = _Markers()
        shape = tuple(
            (name, ("as is", value) if name in self.shape else _shape(value, markers))
            for name, value in sorted(kwargs.items())
        )
        key = (connections[self.using].vendor, count, shape)
        compiled = self.cache.get(key)
        if compiled is None:
            compiled = self._compile(shape, markers.values, count)
            if len(self.cache) >= MAX_SHAPES:
                self.cache.clear()
            self.cache[key] = compiled
        return compiled, markers.values

    def _compile(self, shape: tuple[Any, ...], values: list[Any], count: bool) -> Compiled:
        runs = []
        for series in (1, 2):
            queryset = self.build(**{name: _stand_in(s, values, series) for name, s in shape})
            if queryset._prefetch_related_lookups or queryset._known_related_objects:
                # Both would carry this compile's markers into later calls.
                raise NotPreparable("prefetch_related and related managers are not prepared")
            try:
                runs.append((queryset, *_sql(queryset, self.using, count)))
            except EmptyResultSet:
                return Compiled(None, None, "", (), ())
        (queryset, compiler, sql, params), (_, _, sql_2, params_2) = runs
        if sql != sql_2 or len(params) != len(params_2):
            raise NotPreparable(f"the SQL depends on values: {sql}")
        slots = []
        today = timezone.localdate()
        for position, (first, second) in enumerate(zip(params, params_2, strict=True)):
            if first == second:
                if first in (today, str(today)):
                    # Baked in, it would stay today's date in a worker that runs for days.
                    raise NotPreparable("the builder reads the clock: pass today as an argument")
                continue
            slot = _slot_of(first, second, values)
            if slot is None:
                raise NotPreparable(f"parameter {position} ({first!r}) is computed from a value")
            slots.append((position, *slot))
        return Compiled(queryset, compiler, sql, tuple(params), tuple(slots))


class PreparedList:
    """A prepared query's rows as Paginator takes a queryset: counted, then sliced."""

    ordered = True  # the builder orders them (Paginator warns of an unordered list)

    def __init__(self, prepared: Prepared, **kwargs: Any) -> None:
        self.prepared = prepared
        self.kwargs = kwargs

    def count(self) -> int:
        return self.prepared.count(**self.kwargs)

    def __getitem__(self, bounds: slice) -> list[Any]:
        start = bounds.start or 0
        if bounds.stop is not None and bounds.stop <= start:
            return []  # as a queryset's empty slice, no query: an empty list's only page
        return self.prepared.page(start, bounds.stop, **self.kwargs)


def _sql(queryset: QuerySet[Any], using: str, count: bool) -> tuple[Any, str, tuple[Any, ...]]:
    """The compiler and SQL of the rows, or the SQL of their count, compiled and not run."""
    if count:
        # Only the ids: no long text column is read to be counted. DISTINCT rows keep theirs.
        queryset = queryset.order_by()
        if not queryset.query.distinct:
            queryset = queryset.values("pk")
    compiler = queryset.query.get_compiler(using=using)
    sql, params = compiler.as_sql()
    if not sql:
        raise EmptyResultSet
    if count:
        # Counted around the rows' own SQL: Django builds its COUNT query inside count(), which
        # runs it at once. `sql` is Django's compiled SQL; every value stays a bound parameter.
        sql = f"SELECT COUNT(*) FROM ({sql}) counted"  # noqa: S608  # nosec B608
    return compiler, sql, tuple(params)


def _slot_of(first: Any, second: Any, values: list[Any]) -> tuple[int, bool] | None:
    """Which value a parameter carries, from the markers of series 1 and 2 in its position
    (dates may arrive as text: SQLite's backend adapts them with str())."""
    for i, value in enumerate(values):
        one, two = marker(value, i, 1), marker(value, i, 2)
        if (first, second) == (one, two):
            return i, False
        if isinstance(value, datetime.date) and (first, second) == (str(one), str(two)):
            return i, True
    return None


def _fits(values: list[Any]) -> bool:
    """Whether every int fits a 32-bit column. Django answers a lookup beyond a column's range
    with an empty result and no SQL; bound into prepared SQL, a tampered id of 10**30 would be
    a database error instead. Such calls run the queryset itself."""
    return all(-(2**31) <= v < 2**31 for v in values if type(v) is int)


def _bind(compiled: Compiled, values: list[Any]) -> list[Any]:
    params = list(compiled.params)
    for position, i, as_text in compiled.slots:
        params[position] = str(values[i]) if as_text else values[i]
    return params


# PostgreSQL plans every query it is sent: 0.1–0.6 ms for a page's joins, as much as running
# them (a meeting list's five queries: 1.9 ms sent as text, 1.4 ms as prepared statements; a
# dashboard's six: 1.3 → 0.8). So on PostgreSQL the SQL is also prepared on the server, once per
# connection, and run with EXECUTE. Raw connection → statement name → prepared (or refused).
_STATEMENTS: weakref.WeakKeyDictionary[Any, dict[str, bool]] = weakref.WeakKeyDictionary()


def server_side(database: Any, sql: str, n_params: int) -> str:
    """`EXECUTE name(%s, …)` for this SQL, prepared on this connection at first use; the SQL
    itself on other databases, where settings.PREPARED_STATEMENTS is off (a bouncer that pools
    transactions moves statements between connections), where queries are being logged (tests
    and DEBUG read the SQL itself), or where PostgreSQL refused to prepare it."""
    if (
        database.vendor != "postgresql"
        or not settings.PREPARED_STATEMENTS
        or database.queries_logged
    ):
        return sql
    database.ensure_connection()
    statements = _STATEMENTS.setdefault(database.connection, {})
    name = "prepared_" + hashlib.sha256(sql.encode()).hexdigest()[:24]
    if name not in statements:
        statements[name] = _prepare(database, name, sql)
    if not statements[name]:
        return sql
    return f"EXECUTE {name}({', '.join(['%s'] * n_params)})" if n_params else f"EXECUTE {name}"


def _prepare(database: Any, name: str, sql: str) -> bool:
    numbers = itertools.count(1)
    # Django's SQL writes a parameter as %s and a literal percent sign as %%.
    numbered = re.sub(r"%([%s])", lambda m: "%" if m[1] == "%" else f"${next(numbers)}", sql)
    # In a transaction, a savepoint keeps a refusal from aborting it.
    guard = transaction.atomic(using=database.alias) if database.in_atomic_block else nullcontext()
    try:
        with guard, database.cursor() as cursor:
            # The name is a hash; the SQL is Django's, its values bound at EXECUTE.
            cursor.execute(f"PREPARE {name} AS {numbered}")
    except DatabaseError:
        return False
    return True
