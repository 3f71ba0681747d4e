"""Who may do what to which object: one rule table, filled by every app for its own models.

Views call `get_for()` / `require()` / `can()`; list pages, PDFs, exports and feeds read through
`Model.objects.visible_to(user)`, whose filter is built here from the same registration, so a
list and the rule cannot drift apart (a test checks). A stranger to an object gets 404 (we do not
reveal that another body's closed meeting exists); a reader who may not act gets 403.

Each app registers, next to its models (its `permissions.py`, imported by its AppConfig; the
core's own are in council/rules.py):
- `rules`: "noun.verb" → predicate(access, obj);
- `models`: model → `Scope`, its path to the council and which rows a reader who does not
  oversee the council sees. The core imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Exists, IntegerField, Model, OuterRef, Q, QuerySet, Value
from django.shortcuts import get_object_or_404
from django.utils import timezone

from council.roles import LEAD_ROLES, Role


@dataclass(frozen=True)
class Access:
    """Everything the rules need about one user, loaded once per request (one query, and one
    more for a secretariat limited to some bodies)."""

    user_id: int | None
    is_superuser: bool
    roles: dict[int, str]  # council id → role
    memberships: frozenset[tuple[int, int]]  # (body id, fiscal year id) the user sits in
    person_id: int | None
    leads: frozenset[tuple[int, int]] = frozenset()  # where they chair or run the 事務局
    current_bodies: frozenset[int] = frozenset()  # bodies they sit in in a current year
    # council id → the bodies a limited secretariat runs there, their descendants included
    # (a ward's 事務局); a council it runs whole is not a key.
    limits: dict[int, frozenset[int]] = field(default_factory=dict)
    organizations: dict[int, int] = field(default_factory=dict)  # council id → hub provider's org
    privacy_officer: frozenset[int] = frozenset()  # councils whose case read log they read

    def role(self, council_id: int) -> str | None:
        # The site operator (a superuser) runs every council: it holds the install anyway.
        if self.is_superuser:
            return Role.SECRETARIAT
        return self.roles.get(council_id)

    def reads(self, council_id: int) -> bool:
        return self.role(council_id) is not None

    def _covers(self, council_id: int, body_id: int | None) -> bool:
        limit = None if self.is_superuser else self.limits.get(council_id)
        return limit is None or body_id in limit

    def runs(self, council_id: int, body_id: int | None = None) -> bool:
        """The secretariat; without a body, of the whole council (its settings, years,
        accounts, people): a secretariat limited to some bodies runs only those."""
        return self.role(council_id) == Role.SECRETARIAT and self._covers(council_id, body_id)

    def runs_some(self, council_id: int) -> bool:
        """The council's secretariat, limited or not: it may open a create form."""
        return self.role(council_id) == Role.SECRETARIAT

    def oversees(self, council_id: int, body_id: int | None = None) -> bool:
        """Secretariat and auditors see closed material and history; a limited secretariat
        only its bodies'."""
        role = self.role(council_id)
        return role == Role.AUDITOR or (
            role == Role.SECRETARIAT and self._covers(council_id, body_id)
        )

    def is_member(self, council_id: int) -> bool:
        return self.role(council_id) == Role.MEMBER

    def is_case_worker(self, council_id: int) -> bool:
        return self.role(council_id) == Role.CASE_WORKER

    def provider_organization(self, council_id: int) -> int | None:
        """A hub provider's organisation in the council (None for every other role)."""
        if self.role(council_id) != Role.HUB_PROVIDER:
            return None
        return self.organizations.get(council_id)

    def is_privacy_officer(self, council_id: int) -> bool:
        return self.runs(council_id) and council_id in self.privacy_officer

    def sits_in(self, body_id: int | None, fiscal_year_id: int | None) -> bool:
        """A seat counts for its own fiscal year only: a former member keeps what every
        reader has, the council's published material, and nothing more."""
        return (body_id, fiscal_year_id) in self.memberships

    def seats(self, body: str, fiscal_year: str) -> Q:
        """Rows whose body and fiscal year (lookups from the model) are one of the user's seats."""
        q = Q(pk__in=[])
        for body_id, year_id in self.memberships:
            q |= Q(**{f"{body}_id": body_id, f"{fiscal_year}_id": year_id})
        return q

    @property
    def body_ids(self) -> set[int]:
        return {b for b, _ in self.memberships}

    @property
    def operates_site(self) -> bool:
        """The site operator creates councils and their first secretariat (architecture.md)."""
        return self.is_superuser

    @property
    def is_read_only(self) -> bool:
        """An auditor (and nothing else) may write nowhere."""
        return (
            not self.is_superuser
            and bool(self.roles)
            and all(role == Role.AUDITOR for role in self.roles.values())
        )


ANONYMOUS = Access(None, False, {}, frozenset(), None)


def _access_rows(user_id: int) -> list[tuple[Any, ...]]:
    """The user's council roles and seats in one round trip: every page asks this first.
    A role row has no fiscal year or person, and its fifth column says whether it is limited
    to some bodies; a seat has no organisation or privacy-officer flag."""
    # Looked up in the app registry: the models import this module for visible_to().
    council_role = apps.get_model("council", "CouncilRole")
    membership = apps.get_model("council", "Membership")
    none = Value(None, output_field=IntegerField())
    limited = Exists(council_role.bodies.through.objects.filter(councilrole_id=OuterRef("pk")))
    roles = (
        council_role.objects.filter(user_id=user_id)
        .order_by()
        .annotate(year=none, person=none, limited=limited)
        .values_list(
            "council_id",
            "year",
            "person",
            "role",
            "limited",
            "organization_id",
            "is_privacy_officer",
        )
    )
    # A seat counts within its term too (an ended or not yet started one grants nothing).
    today = timezone.localdate()
    in_term = (Q(appointed_on__isnull=True) | Q(appointed_on__lte=today)) & (
        Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=today)
    )
    seats = (
        membership.objects.filter(in_term, person__user_id=user_id)
        .order_by()
        .annotate(organization=none, officer=Value(False, output_field=BooleanField()))
        .values_list(
            "body_id",
            "fiscal_year_id",
            "person_id",
            "role",
            "fiscal_year__is_current",
            "organization",
            "officer",
        )
    )
    return list(roles.union(seats, all=True))


def subtree(roots: set[int], parents: dict[int, int | None]) -> set[int]:
    """`roots` and every body beneath them, from each body's parent (body id → parent id)."""
    children: dict[int | None, list[int]] = {}
    for body, parent in parents.items():
        children.setdefault(parent, []).append(body)
    found, todo = set(), list(roots)
    while todo:
        body = todo.pop()
        if body not in found:
            found.add(body)
            todo.extend(children.get(body, ()))
    return found


def _limits(user_id: int, council_ids: list[int]) -> dict[int, frozenset[int]]:
    """The bodies a limited secretariat runs in these councils, with their descendants: one
    query for the councils' bodies (a council has tens), the tree walked here."""
    body = apps.get_model("council", "Body")
    through = apps.get_model("council", "CouncilRole").bodies.through
    chosen = through.objects.filter(councilrole__user_id=user_id, body_id=OuterRef("pk"))
    rows = (
        body.objects.filter(council_id__in=council_ids)
        .order_by()
        .annotate(chosen=Exists(chosen))
        .values_list("council_id", "pk", "parent_id", "chosen")
    )
    parents: dict[int, dict[int, int | None]] = {council: {} for council in council_ids}
    roots: dict[int, set[int]] = {council: set() for council in council_ids}
    for council, pk, parent, is_chosen in rows:
        parents[council][pk] = parent
        if is_chosen:
            roots[council].add(pk)
    return {c: frozenset(subtree(roots[c], parents[c])) for c in council_ids}


def access_for(user: Any) -> Access:
    if isinstance(user, Access):
        return user
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_council_access", None)
    if cached is not None:
        return cached
    rows = _access_rows(user.pk)
    seats = sorted((row for row in rows if row[1] is not None), key=lambda row: row[2])
    roles = [row for row in rows if row[1] is None]
    limited = [row[0] for row in roles if row[4] and row[3] == Role.SECRETARIAT]
    access = Access(
        user_id=user.pk,
        is_superuser=user.is_superuser,
        roles={row[0]: row[3] for row in roles},
        memberships=frozenset((body, year) for body, year, *_ in seats),
        person_id=seats[0][2] if seats else None,
        leads=frozenset((row[0], row[1]) for row in seats if row[3] in LEAD_ROLES),
        current_bodies=frozenset(row[0] for row in seats if row[4]),
        limits=_limits(user.pk, limited) if limited else {},
        organizations={row[0]: row[5] for row in roles if row[5] is not None},
        privacy_officer=frozenset(row[0] for row in roles if row[6]),
    )
    user._council_access = access
    return access


# --- the registry -----------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """How a model's rows reach their council (a lookup such as "body_year__body__council")
    and their body (such as "body_year__body"; None: the council's own, such as its settings
    or people), and the rows a reader who does not oversee them may see (None: all of them).
    `strict`: `restrict` binds every reader, the secretariat, auditors and the site operator
    too (what only the people it concerns may see, such as the emergency roster)."""

    council: str
    restrict: Callable[[Access], Q] | None = None
    body: str | None = None
    strict: bool = False


RULES: dict[str, Callable[[Access, Any], bool]] = {}
SCOPES: dict[type[Model], Scope] = {}


def register(
    *,
    rules: dict[str, Callable[[Access, Any], bool]],
    models: dict[type[Model], Scope],
) -> None:
    """An app's rules and scopes, added once at start-up; a name may be declared only once."""
    for table, new in ((RULES, rules), (SCOPES, models)):
        taken = set(table) & set(new)
        if taken:
            raise ValueError(f"permissions registered twice: {sorted(map(str, taken))}")
        table.update(new)


def _along(obj: Model, path: str) -> int | None:
    *hops, last = path.split("__")
    if last == "pk":
        return obj.pk
    for hop in hops:
        obj = getattr(obj, hop)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


def council_id_of(obj: Model) -> int:
    """The council an object belongs to, read along its registered path."""
    return _along(obj, SCOPES[type(obj)].council)


def body_id_of(obj: Model) -> int | None:
    """The body an object belongs to, read along its registered path (None: the council's)."""
    path = SCOPES[type(obj)].body
    return None if path is None else _along(obj, path)


def reads(a: Access, obj: Model) -> bool:
    return a.reads(council_id_of(obj))


def runs(a: Access, obj: Model) -> bool:
    """The secretariat of the object's council, or of its body when limited to some."""
    return a.runs(council_id_of(obj), body_id_of(obj))


def oversees(a: Access, obj: Model) -> bool:
    return a.oversees(council_id_of(obj), body_id_of(obj))


def may_create(a: Access, council: Any) -> bool:
    """May open a create form: secretariat, or a member with a seat in a current year (the
    form offers only the bodies they may write for)."""
    return a.runs_some(council.pk) or (a.is_member(council.pk) and bool(a.current_bodies))


def can(user: Any, perm: str, obj: Model | None) -> bool:
    """Whether the user may; `obj` is None for what concerns the install, not one council."""
    return RULES[perm](access_for(user), obj)


def require(user: Any, perm: str, obj: Model | None) -> None:
    if not can(user, perm, obj):
        raise PermissionDenied(perm)


def get_for(user: Any, perm: str, queryset: QuerySet, **lookup: Any) -> Any:
    """The object if visible (else 404) and allowed (else 403)."""
    obj = get_object_or_404(queryset.filter(visible_filter(user, queryset.model)), **lookup)
    require(user, perm, obj)
    return obj


def sees_council(user: Any, council_id: int) -> bool:
    """Whether Council.objects.visible_to(user) holds this council, without asking the
    database: a council is visible to whoever has a role in it."""
    a = access_for(user)
    return a.is_superuser or council_id in a.roles


def visible_filter(user: Any, model: type[Model]) -> Q:
    a = access_for(user)
    scope = SCOPES[model]
    if scope.strict and scope.restrict is not None:
        council = Q() if a.is_superuser else Q(**{f"{scope.council}__in": list(a.roles)})
        return council & scope.restrict(a)
    if a.is_superuser:
        return Q()
    q = Q(**{f"{scope.council}__in": list(a.roles)})
    oversees_ids = [c for c in a.roles if a.oversees(c)]
    if scope.restrict is None or len(oversees_ids) == len(a.roles):
        return q  # every row of the councils they read
    overseen = Q(**{f"{scope.council}__in": oversees_ids})
    limited = [body for c, bodies in a.limits.items() if c in a.roles for body in bodies]
    if scope.body is not None and limited:
        overseen |= Q(**{f"{scope.body}__in": limited})  # a ward's 事務局: its bodies' rows
    return q & (overseen | scope.restrict(a))


def writes_anywhere(user: Any) -> bool:
    return not access_for(user).is_read_only
