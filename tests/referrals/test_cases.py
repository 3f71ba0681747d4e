"""Cases: numbering, who sees what (rules and visible_to agree), and who sees the identity."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from council.models import CouncilRole
from council.permissions import can
from referrals.models import Case, CaseIdentity, Stage
from tests.conftest import ROLES, Cases, Cast, make_user, open_case


def test_cases_are_numbered_per_council_and_year(cast: Cast, cases: Cases) -> None:
    assert cases.referred.pseudonym == "ケース-2026-0001"
    assert cases.revoked.pseudonym == "ケース-2026-0002"
    assert cases.other.pseudonym == "ケース-2026-0001"  # another council counts on its own
    later = open_case(cast.council, cast.users["case_worker"], opened_on=datetime.date(2027, 4, 2))
    assert later.pseudonym == "ケース-2027-0001"


def test_the_identity_lives_in_its_own_row_and_a_purge_leaves_the_case(cases: Cases) -> None:
    CaseIdentity.objects.filter(case=cases.referred).delete()
    case = Case.objects.get(pk=cases.referred.pk)
    assert case.pseudonym == "ケース-2026-0001" and case.age_band and case.disability_type


def test_a_closed_case_needs_its_closing_date(cases: Cases) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=cases.referred.pk).update(stage=Stage.CLOSED)


def test_the_opener_is_on_the_case(cast: Cast, cases: Cases) -> None:
    assert list(cases.referred.assigned_workers.all()) == [cast.users["case_worker"]]
    by_secretariat = open_case(cast.council, cast.users["secretariat"])
    assert list(by_secretariat.case_managers.all()) == [cast.users["secretariat"]]


def test_only_the_secretariat_and_case_workers_open_cases(cast: Cast) -> None:
    allowed = {role for role in ROLES[1:] if can(cast.users[role], "case.create", cast.council)}
    assert allowed == {"secretariat", "case_worker"}


# role → (sees the case, its pseudonymised record, its identity) for the referred case
REFERRED = {
    "secretariat": (True, True, True),  # named as its case manager
    "member_a": (False, False, False),
    "member_b": (False, False, False),
    "city": (True, False, False),
    "auditor": (True, False, False),
    "member_ab": (False, False, False),
    "past_member": (False, False, False),
    "case_worker": (True, True, True),
    "hub_provider": (True, True, False),
}


@pytest.mark.parametrize("role", ROLES[1:])
def test_who_sees_a_referred_case_and_its_identity(cast: Cast, cases: Cases, role: str) -> None:
    user = cast.users[role]
    got = tuple(
        can(user, perm, cases.referred) for perm in ("case.view", "case.record", "case.identity")
    )
    assert got == REFERRED[role]


def test_another_case_worker_sees_nothing_of_a_case_not_theirs(cast: Cast, cases: Cases) -> None:
    other = make_user("other_worker", cast.council, CouncilRole.Role.CASE_WORKER)
    assert not can(other, "case.view", cases.referred)
    assert not Case.objects.visible_to(other).exists()


def test_a_secretariat_not_named_as_manager_sees_the_record_but_not_the_identity(
    cast: Cast, cases: Cases
) -> None:
    other = make_user("other_secretariat_here", cast.council, CouncilRole.Role.SECRETARIAT)
    assert can(other, "case.record", cases.referred)
    assert not can(other, "case.identity", cases.referred)


def test_a_member_assigned_to_a_case_sees_it(cast: Cast, cases: Cases) -> None:
    cases.referred.assigned_workers.add(cast.users["member_a"])
    assert can(cast.users["member_a"], "case.view", cases.referred)
    assert not can(cast.users["member_b"], "case.view", cases.referred)


def test_a_hub_provider_loses_the_case_when_the_referral_ends(cast: Cast, cases: Cases) -> None:
    Case.objects.filter(pk=cases.referred.pk).update(referral_until=datetime.date(2020, 1, 1))
    case = Case.objects.get(pk=cases.referred.pk)
    assert not can(cast.users["hub_provider"], "case.view", case)
    assert not Case.objects.visible_to(cast.users["hub_provider"]).exists()


@pytest.mark.parametrize("role", [*ROLES[1:], "other_secretariat"])
def test_the_case_list_agrees_with_the_rule(cast: Cast, cases: Cases, role: str) -> None:
    from django.contrib.auth.models import User

    user = cast.users.get(role) or User.objects.get(username=role)
    listed = set(Case.objects.visible_to(user))
    allowed = {case for case in Case.objects.all() if can(user, "case.view", case)}
    assert listed == allowed
