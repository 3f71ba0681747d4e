"""Every read of a case is logged (who, when, what), and only the privacy officer reads the log."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from council.models import CouncilRole
from council.permissions import can
from referrals.models import (
    CaseIssueLink,
    CaseMatch,
    CaseReadLog,
    EmergencyRegistration,
    FollowUp,
    KeepInTouch,
)
from subcommittees.models import RegionalIssue
from tests.conftest import ROLES, Cases, Cast, Emergency, make_user


def case_pages(cases: Cases, emergency: Emergency) -> list[str]:
    """Every referrals URL that shows a case (a test below fails on one missing here)."""
    referred, revoked = cases.referred.pk, cases.revoked.pk
    registration = emergency.registration.pk
    match = CaseMatch.objects.filter(case=cases.referred).first() or CaseMatch.objects.create(
        case=cases.referred, new_resource="農園", by=cases.referred.assigned_workers.first()
    )
    raised = CaseIssueLink.objects.get_or_create(
        case=cases.referred,
        issue=RegionalIssue.objects.filter(council=cases.referred.council).first(),
        defaults={"raised_by": cases.referred.assigned_workers.first()},
    )[0]
    # Overdue, so that the dashboard lists the case (to those who may see its record).
    visit = FollowUp.objects.create(
        case=cases.referred, scheduled_on=datetime.date(2026, 6, 1), by=raised.raised_by
    )
    reminder = KeepInTouch.objects.create(
        case=cases.referred, due_on=datetime.date(2026, 6, 1), by=raised.raised_by
    )
    return [
        reverse("referrals:case-dashboard"),
        reverse("referrals:follow-up-done", args=[visit.pk]),
        reverse("referrals:keep-in-touch-done", args=[reminder.pk]),
        reverse("referrals:issue-cases", args=[raised.issue_id]),
        reverse("referrals:case-list"),
        reverse("referrals:case-list") + "?stage=intake",
        reverse("referrals:case-detail", args=[referred]),
        reverse("referrals:case-detail", args=[revoked]),
        reverse("referrals:consent-revoke", args=[referred]),
        reverse("referrals:case-raise-issue", args=[referred]),
        reverse("referrals:readlog-list"),
        reverse("referrals:case-transition", args=[referred, "start_plan"]),
        reverse("referrals:case-transition", args=[referred, "not_successful"]),
        reverse("referrals:case-edit", args=[referred]),
        reverse("referrals:case-plan-create", args=[referred]),
        reverse("referrals:case-match-create", args=[referred]),
        reverse("referrals:case-match-decide", args=[match.pk, "accept"]),
        reverse("referrals:case-follow-up-create", args=[referred]),
        reverse("referrals:case-keep-in-touch-create", args=[referred]),
        reverse("referrals:emergency-list"),
        reverse("referrals:emergency-roster-pdf"),
        reverse("referrals:emergency-create", args=[referred]),
        reverse("referrals:emergency-edit", args=[registration]),
        reverse("referrals:emergency-end", args=[registration]),
    ]


# The case URLs that show no case: a form before the case exists, and a count.
NO_CASE_DATA = {"referrals:case-create", "referrals:intake-record"}


def test_every_case_url_is_walked_here(cases: Cases, emergency: Emergency) -> None:
    from django.urls import resolve

    from tests.conftest import named_urls

    walked = {resolve(url.split("?")[0]).view_name for url in case_pages(cases, emergency)}
    case_urls = {
        name
        for name in named_urls()
        if name.startswith("referrals:") and not name.startswith("referrals:resource-")
    }
    assert case_urls - NO_CASE_DATA == walked


@pytest.mark.parametrize("role", ROLES[1:])
def test_every_case_page_shown_writes_a_read_log_row(
    cast: Cast, cases: Cases, emergency: Emergency, role: str
) -> None:
    client, user = cast.client(role), cast.users[role]
    # The emergency list and roster show only the registrations the user may see: for the
    # site operator or a secretariat who manages none of them, no case at all.
    rosters = {reverse("referrals:emergency-list"), reverse("referrals:emergency-roster-pdf")}
    sees_none = not EmergencyRegistration.objects.visible_to(user).exists()
    # The dashboard names a case only in its overdue list, to those who see the case's record.
    dashboard = reverse("referrals:case-dashboard")
    counts_only = not can(user, "case.record", cases.referred)
    shown = 0
    for url in case_pages(cases, emergency):
        before = CaseReadLog.objects.filter(user=user, path=url).count()
        response = client.get(url)
        if (
            response.status_code != 200
            or (url in rosters and sees_none)
            or (url == dashboard and counts_only)
        ):
            continue
        shown += 1
        logged = CaseReadLog.objects.filter(user=user, path=url).count() - before
        assert logged >= 1, f"{url} showed a case to {role} without logging it"
    assert shown or role.startswith(("member", "past")), "the test data must show something"


def test_a_page_that_refuses_the_case_logs_nothing(cast: Cast, cases: Cases) -> None:
    url = reverse("referrals:case-detail", args=[cases.referred.pk])
    assert cast.client("member_a").get(url).status_code == 404
    assert not CaseReadLog.objects.filter(user=cast.users["member_a"]).exists()


def test_the_list_logs_each_case_it_shows(cast: Cast, cases: Cases) -> None:
    cast.client("auditor").get(reverse("referrals:case-list"))
    logged = CaseReadLog.objects.filter(user=cast.users["auditor"], what=CaseReadLog.What.LIST)
    assert {row.case for row in logged} == {cases.referred, cases.revoked}


def test_the_log_says_whether_the_identity_was_shown(cast: Cast, cases: Cases) -> None:
    url = reverse("referrals:case-detail", args=[cases.referred.pk])
    cast.client("case_worker").get(url)
    cast.client("hub_provider").get(url)
    whats = dict(CaseReadLog.objects.filter(path=url).values_list("user__username", "what"))
    assert whats == {"case_worker": "identity", "hub_provider": "detail"}


def test_the_privacy_officer_reads_the_log(cast: Cast, cases: Cases) -> None:
    url = reverse("referrals:case-detail", args=[cases.referred.pk])
    cast.client("hub_provider").get(url)
    page = cast.client("secretariat").get(reverse("referrals:readlog-list")).content.decode()
    assert "hub_provider" in page and cases.referred.pseudonym in page and url in page


def test_a_secretariat_who_is_not_the_privacy_officer_may_not(cast: Cast, cases: Cases) -> None:
    make_user("jimu2", cast.council, CouncilRole.Role.SECRETARIAT)
    client = cast.client("secretariat")
    client.force_login(make_user("jimu3", cast.council, CouncilRole.Role.SECRETARIAT))
    assert client.get(reverse("referrals:readlog-list")).status_code == 403
