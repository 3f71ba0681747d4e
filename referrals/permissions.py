"""The referrals app's rules: the catalogue (社会資源) is read by every reader of the council
and kept by its secretariat; a case is seen by the few people it concerns.

Who sees a case (issue #21 §3):
- its assigned workers and its case managers (secretariat staff named on it): the record, and
  its identity while a consent is active;
- the hub providers of the organisation it is referred to, while the referral lasts and a
  consent is active: the pseudonymised record, never the identity;
- the secretariat: every case of its council, pseudonymised;
- auditors and city staff: pseudonyms, stages and counts, nothing else;
- nobody else, body members included, unless assigned.
Without an active consent a case shows nothing but its pseudonym and stage to anyone but its
case managers; revoking consent takes effect on the next request.

The pipeline's steps ("case.transition.<action>", from referrals/workflow.py WHO): the case's
team (its workers while a consent is active, its managers) takes every step; the secretariat
also closes and reopens. Its records are written under "case.edit".

Emergency pre-registration (緊急時の事前登録, "emergency.*"): seen by the case's assigned
workers and case managers and by the hub providers of the organisations it is registered with,
only while the person's consent of scope EMERGENCY is active and the registration not ended;
revoking that consent or ending the registration hides it on the next request. Nobody else
sees it, the secretariat, auditors, city staff and the site operator included (its Scope is
strict). The roster (名簿) it prints carries the person's name, address and phone from
CaseIdentity: the providers need them to act in a crisis, and the EMERGENCY consent is the
person's agreement to exactly that sharing. It is the one place a hub provider reads an
identity; every page and print of it is logged (CaseReadLog).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from council.history import Related, register_history
from council.models import Council
from council.permissions import Access, Scope, reads, register, runs
from council.roles import Role
from referrals import workflow
from referrals.models import (
    AnonymousIntake,
    Case,
    Consent,
    EmergencyRegistration,
    OperatingForm,
    ResourceBlock,
    ResourceFacility,
    ResourceFigure,
    SocialResource,
)

# Who reads every case's pseudonym and stage in their council (the counts behind the dashboard).
PSEUDONYM_READERS = {Role.SECRETARIAT, Role.AUDITOR, Role.CITY}
# Who may open the case list at all: the above, and those cases are assigned or referred to.
CASE_ROLES = PSEUDONYM_READERS | {Role.CASE_WORKER, Role.HUB_PROVIDER}


def _user_ids(case: Case, relation: str) -> set[int]:
    """The users of an M2M, from a prefetch when the view made one (no query per rule)."""
    manager = getattr(case, relation)
    cache = getattr(case, "_prefetched_objects_cache", {})
    if relation in cache:
        return {user.pk for user in cache[relation]}
    return set(manager.values_list("pk", flat=True))


def _consented(case: Case) -> bool:
    """Whether a consent is active: the `consent_active` annotation when the queryset carries
    it, else one query."""
    if hasattr(case, "consent_active"):
        return bool(case.consent_active)
    return case.consents.filter(revoked_on=None).exists()


def _is_worker(a: Access, case: Case) -> bool:
    return a.user_id is not None and a.user_id in _user_ids(case, "assigned_workers")


def _is_manager(a: Access, case: Case) -> bool:
    return (
        a.user_id is not None
        and a.runs(case.council_id)
        and a.user_id in _user_ids(case, "case_managers")
    )


def _referral_open(case: Case) -> bool:
    return case.referral_until is None or case.referral_until >= timezone.localdate()


def _is_referred_provider(a: Access, case: Case) -> bool:
    organization = a.provider_organization(case.council_id)
    return (
        organization is not None
        and case.referred_organization_id == organization
        and _referral_open(case)
        and _consented(case)
    )


def _case_view(a: Access, case: Case) -> bool:
    if not a.reads(case.council_id):
        return False
    return (
        a.role(case.council_id) in PSEUDONYM_READERS
        or _is_worker(a, case)
        or _is_manager(a, case)
        or _is_referred_provider(a, case)
    )


def _case_record(a: Access, case: Case) -> bool:
    """The pseudonymised record (age band, district, disability type, referral, workers)."""
    if not a.reads(case.council_id):
        return False
    if _is_manager(a, case):
        return True  # they answer for the case, consent or not
    if not _consented(case):
        return False
    return a.runs(case.council_id) or _is_worker(a, case) or _is_referred_provider(a, case)


def _case_identity(a: Access, case: Case) -> bool:
    return (
        a.reads(case.council_id)
        and (_is_worker(a, case) or _is_manager(a, case))
        and _consented(case)
    )


def _case_edit(a: Access, case: Case) -> bool:
    """Its managers, and its assigned workers while a consent is active."""
    if not a.reads(case.council_id) or a.is_read_only:
        return False
    return _is_manager(a, case) or (_is_worker(a, case) and _consented(case))


def _consent_revoke(a: Access, case: Case) -> bool:
    return _case_edit(a, case) and _consented(case)


def _case_transition_by_secretariat(a: Access, case: Case) -> bool:
    """Closing and reopening: the case's team, and the council's secretariat (not read-only)."""
    if not a.reads(case.council_id) or a.is_read_only:
        return False
    return _case_edit(a, case) or a.runs(case.council_id)


# The pipeline's "who may" (referrals/workflow.py WHO), one rule per action.
TRANSITION_RULES = {
    workflow.TEAM: _case_edit,
    workflow.TEAM_OR_SECRETARIAT: _case_transition_by_secretariat,
}


def _case_create(a: Access, council: Council) -> bool:
    """The secretariat and case workers open cases (and count anonymous intakes)."""
    return a.runs(council.pk) or a.is_case_worker(council.pk)


def _case_list(a: Access, council: Council) -> bool:
    return a.role(council.pk) in CASE_ROLES


def _readlog_view(a: Access, council: Council) -> bool:
    """The council's read log is its privacy officer's alone (not the auditors': it names
    every case worker's reads, and they audit the council, not the privacy of its cases)."""
    return a.is_privacy_officer(council.pk)


def _case_rows(a: Access) -> Q:
    """The cases a reader who does not oversee the council sees: what `case.view` allows."""
    readers = [c for c in a.roles if a.role(c) in PSEUDONYM_READERS]
    if a.user_id is None:
        return Q(pk__in=[])
    mine = Q(
        pk__in=Case.assigned_workers.through.objects.filter(user_id=a.user_id).values("case_id")
    ) | Q(
        pk__in=Case.case_managers.through.objects.filter(user_id=a.user_id).values("case_id"),
        council__in=[c for c in a.roles if a.runs(c)],
    )
    referred = Q(pk__in=[])
    for council_id in a.roles:
        organization = a.provider_organization(council_id)
        if organization is not None:
            referred |= Q(council_id=council_id, referred_organization_id=organization)
    today = timezone.localdate()
    referred &= Q(referral_until__isnull=True) | Q(referral_until__gte=today)
    referred &= Q(Exists(Consent.objects.filter(case=OuterRef("pk"), revoked_on=None)))
    return Q(council__in=readers) | mine | referred


# --- emergency pre-registration ----------------------------------------------------------

# Who may open the emergency list and roster (what it shows is the rows they may see).
EMERGENCY_ROLES = {Role.SECRETARIAT, Role.CASE_WORKER, Role.HUB_PROVIDER}


def _emergency_consented(case: Case) -> bool:
    """Whether the EMERGENCY consent is active: the `emergency_consent` annotation when the
    queryset carries it, else one query."""
    if hasattr(case, "emergency_consent"):
        return bool(case.emergency_consent)
    return case.consents.filter(scope=Consent.Scope.EMERGENCY, revoked_on=None).exists()


def _organization_ids(registration: EmergencyRegistration) -> set[int]:
    cache = getattr(registration, "_prefetched_objects_cache", {})
    if "organizations" in cache:
        return {organization.pk for organization in cache["organizations"]}
    return set(registration.organizations.values_list("pk", flat=True))


def _emergency_view(a: Access, registration: EmergencyRegistration) -> bool:
    case = registration.case
    if not a.reads(case.council_id) or registration.ended_on is not None:
        return False
    if not _emergency_consented(case):
        return False
    organization = a.provider_organization(case.council_id)
    return (
        _is_worker(a, case)
        or _is_manager(a, case)
        or (organization is not None and organization in _organization_ids(registration))
    )


def _emergency_edit(a: Access, obj: Case | EmergencyRegistration) -> bool:
    """The case's team (as case.edit), on the case (to register it) or its registration."""
    return _case_edit(a, obj.case if isinstance(obj, EmergencyRegistration) else obj)


def _emergency_list(a: Access, council: Council) -> bool:
    return a.role(council.pk) in EMERGENCY_ROLES


def _emergency_rows(a: Access) -> Q:
    """The registrations `emergency.view` allows, for every reader (the Scope is strict)."""
    if a.user_id is None:
        return Q(pk__in=[])
    workers = Case.assigned_workers.through.objects.filter(user_id=a.user_id)
    managers = Case.case_managers.through.objects.filter(user_id=a.user_id)
    team = Q(case__in=workers.values("case_id"))
    if a.is_superuser:
        team |= Q(case__in=managers.values("case_id"))
    else:
        running = [c for c in a.roles if a.runs(c)]
        team |= Q(case__in=managers.values("case_id"), case__council__in=running)
    providers = Q(pk__in=[])
    through = EmergencyRegistration.organizations.through.objects
    for council_id in a.roles:
        organization = a.provider_organization(council_id)
        if organization is not None:
            registered = through.filter(organization_id=organization)
            providers |= Q(
                case__council_id=council_id, pk__in=registered.values("emergencyregistration_id")
            )
    active = Consent.objects.filter(
        case=OuterRef("case_id"), scope=Consent.Scope.EMERGENCY, revoked_on=None
    )
    return (team | providers) & Q(ended_on=None) & Q(Exists(active))


register(
    rules={
        "resource.view": reads,
        "resource.edit": runs,
        "case.list": _case_list,
        "case.view": _case_view,
        "case.record": _case_record,
        "case.identity": _case_identity,
        "case.edit": _case_edit,
        "case.create": _case_create,
        "consent.revoke": _consent_revoke,
        "intake.record": _case_create,
        "readlog.view": _readlog_view,
        "emergency.view": _emergency_view,
        "emergency.edit": _emergency_edit,
        "emergency.list": _emergency_list,
        **{
            f"case.transition.{action}": TRANSITION_RULES[who]
            for action, who in workflow.WHO.items()
        },
    },
    models={
        SocialResource: Scope("council"),
        OperatingForm: Scope("resource__council"),
        ResourceBlock: Scope("resource__council"),
        ResourceFigure: Scope("resource__council"),
        ResourceFacility: Scope("resource__council"),
        Case: Scope("council", _case_rows),
        # Counts only: every reader of the case list may see them.
        AnonymousIntake: Scope("council"),
        EmergencyRegistration: Scope("case__council", _emergency_rows, strict=True),
    },
)

register_history(
    "resource",
    SocialResource,
    select=("operator",),
    related=[
        Related(OperatingForm, "resource", ("kind",)),
        Related(ResourceBlock, "resource", ("kind",)),
        Related(ResourceFigure, "resource", ("label", "area")),
        Related(ResourceFacility, "resource", ("name",)),
    ],
)
