"""Cases: numbering, who sees what (rules and visible_to agree), and who sees the identity."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from council.models import CouncilRole
from council.permissions import can
from referrals.models import Case, CaseIdentity, Stage
from tests.conftest import IDENTITY_STRINGS, ROLES, Cases, Cast, make_user, open_case


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
    assert allowed == {"secretariat", "case_worker", "operator"}  # the operator runs every council


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
    "operator": (True, True, False),  # runs the council, but is no case manager of this case
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


IDENTITY_READERS = {"secretariat", "case_worker"}  # its case manager and its assigned worker


@pytest.mark.parametrize("role", ROLES[1:])
def test_only_the_worker_and_the_manager_get_the_identity_on_any_case_page(
    cast: Cast, cases: Cases, role: str
) -> None:
    client = cast.client(role)
    pages = [
        reverse("referrals:case-list"),
        reverse("referrals:case-detail", args=[cases.referred.pk]),
        reverse("referrals:consent-revoke", args=[cases.referred.pk]),
        reverse("referrals:readlog-list"),
    ]
    text = "".join(client.get(url).content.decode() for url in pages)
    shown = [value for value in IDENTITY_STRINGS if value in text]
    assert shown == (IDENTITY_STRINGS if role in IDENTITY_READERS else [])


def test_the_auditor_and_the_city_see_pseudonym_and_stage_only(cast: Cast, cases: Cases) -> None:
    for role in ("auditor", "city"):
        url = reverse("referrals:case-detail", args=[cases.referred.pk])
        page = cast.client(role).get(url).content.decode()
        assert cases.referred.pseudonym in page
        assert "川口地域" not in page and "相談支援センターふかさわ" not in page


def test_the_list_filters_by_stage(cast: Cast, cases: Cases) -> None:
    Case.objects.filter(pk=cases.revoked.pk).update(stage=Stage.PLANNING)
    page = cast.client("secretariat").get(reverse("referrals:case-list"), {"stage": "planning"})
    text = page.content.decode()
    assert cases.revoked.pseudonym in text and cases.referred.pseudonym not in text


def test_the_case_menu_shows_only_for_roles_that_see_cases(cast: Cast) -> None:
    url = reverse("referrals:case-list")
    for role in ROLES[1:]:
        page = cast.client(role).get(reverse("council:dashboard")).content.decode()
        assert (url in page) == (role not in {"member_a", "member_b", "member_ab", "past_member"})


def test_the_list_and_the_detail_keep_their_query_count(cast: Cast, cases: Cases) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = cast.client("secretariat")

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    listing = reverse("referrals:case-list")
    detail = reverse("referrals:case-detail", args=[cases.referred.pk])
    before = count(listing), count(detail)
    for _ in range(20):
        extra = open_case(cast.council, cast.users["case_worker"])
        extra.assigned_workers.add(cast.users["member_a"])
        extra.case_managers.add(cast.users["secretariat"])
    assert (count(listing), count(detail)) == before


def edit(cast: Cast, case: Case, role: str = "case_worker", **data: object) -> object:
    current = Case.objects.get(pk=case.pk)
    fields = {
        "revision": current.revision,
        "age_band": current.age_band,
        "district": current.district,
        "disability_type": current.disability_type,
        "assigned_workers": [u.pk for u in current.assigned_workers.all()],
        "case_managers": [u.pk for u in current.case_managers.all()],
        "referred_organization": current.referred_organization_id or "",
        "referral_until": current.referral_until or "",
        **data,
    }
    url = reverse("referrals:case-edit", args=[case.pk])
    return cast.client(role).post(url, fields)


def test_the_team_refers_a_case_and_the_hub_provider_sees_it_until_the_date(
    cast: Cast,
) -> None:
    worker, provider = cast.users["case_worker"], cast.users["hub_provider"]
    case = open_case(cast.council, worker, name="紹介花子")
    assert not can(provider, "case.view", Case.objects.get(pk=case.pk))
    response = edit(cast, case, referred_organization=cast.org.pk, referral_until="2099-03-31")
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.referred_organization == cast.org and case.revision == 1
    assert can(provider, "case.view", case) and not can(provider, "case.identity", case)
    assert (
        cast.client("hub_provider").get(reverse("referrals:case-edit", args=[case.pk])).status_code
        == 403
    )


def test_a_case_manager_is_chosen_among_the_secretariat_only(cast: Cast, cases: Cases) -> None:
    response = edit(cast, cases.referred, case_managers=[cast.users["city"].pk])
    assert response.status_code == 400
    assert not cases.referred.case_managers.filter(pk=cast.users["city"].pk).exists()


def test_a_referral_date_without_an_organisation_is_refused_keeping_the_input(
    cast: Cast, cases: Cases
) -> None:
    response = edit(
        cast, cases.referred, referred_organization="", referral_until="2030-01-01", district="新町"
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "referral_until" in form.errors and form["district"].value() == "新町"
    assert Case.objects.get(pk=cases.referred.pk).district != "新町"


def test_two_edits_from_the_same_page_do_not_overwrite_each_other(cast: Cast, cases: Cases) -> None:
    revision = Case.objects.get(pk=cases.referred.pk).revision
    assert edit(cast, cases.referred, district="一番目", revision=revision).status_code == 302
    second = edit(cast, cases.referred, district="二番目", revision=revision)
    assert second.status_code == 400
    assert Case.objects.get(pk=cases.referred.pk).district == "一番目"
