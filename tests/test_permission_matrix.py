"""Every named URL × every role → the status we expect, for GET and (write views) POST.

A POST here sends an empty form: 400 means the view let the user in and the form refused the
input, 302 means the action ran. `test_every_named_url_is_in_the_matrix` fails when a URL is
added without a row here.
"""

from __future__ import annotations

import base64
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from council.middleware import ReadOnlyRoleMiddleware
from council.models import Body, Meeting, MeetingAttachment, Organization, Person, PublishedPDF
from council.permissions import can
from council.services import calendar_token_issue
from documents import jobs
from documents.models import DocumentPart, WrittenDocument
from hubs.models import HubProvider, HubReview, HubSetup
from networks.models import NetworkProfile, StudyVisit
from plans.models import PlannedMeeting, YearPlan
from proposals.models import Proposal, ProposalSection
from referrals.models import Case as CaseRecord
from referrals.models import CaseIssueLink as CaseIssueLinkRecord
from referrals.models import SocialResource
from subcommittees.models import (
    ActionPlan,
    ActivityPolicy,
    RegionalIssue,
    ReviewSheet,
    StatusReport,
)
from tests.conftest import ROLES, Cast, named_urls

ALLOWED = {200, 302, 400, 405}


# A ward's 事務局 (the `wards` fixture: it runs 北区ネットワーク only, and none of the bodies
# these URLs are about).
WARD = "ward_secretariat"
MATRIX_ROLES = [*ROLES, WARD]


def row(
    *codes: int,
    member_ab: int | None = None,
    past_member: int | None = None,
    ward: int | None = None,
    operator: int | None = None,
    case_worker: int | None = None,
    hub_provider: int | None = None,
) -> dict[str, int]:
    """Six codes (anonymous … auditor). A member of both bodies is let in wherever either
    member is; a member of a past year only, a case worker and a hub provider are refused like
    the city (they read what it reads), unless told otherwise; so is a ward's secretariat,
    since nothing here is its ward's; the site operator runs every council, so it gets what the
    secretariat gets."""
    expected = dict(zip(ROLES[:6], codes, strict=True))
    a, b = expected["member_a"], expected["member_b"]
    both = a if a in ALLOWED else b if b in ALLOWED else 403 if 403 in (a, b) else a
    expected["member_ab"] = both if member_ab is None else member_ab
    for role, given in (
        ("past_member", past_member),
        ("case_worker", case_worker),
        ("hub_provider", hub_provider),
    ):
        expected[role] = expected["city"] if given is None else given
    expected[WARD] = expected["city"] if ward is None else ward
    expected["operator"] = expected["secretariat"] if operator is None else operator
    return expected


#                anon sec  memA memB city audit
READ = row(302, 200, 200, 200, 200, 200)
SEC_GET = row(302, 200, 403, 403, 403, 403)
SEC_POST_FORM = row(302, 400, 403, 403, 403, 403)
SEC_POST_ACTION = row(302, 302, 403, 403, 403, 403)
A_GET = row(302, 200, 200, 403, 403, 403)
A_POST_FORM = row(302, 400, 400, 403, 403, 403)
A_POST_ACTION = row(302, 302, 302, 403, 403, 403)
OVERSEE_GET = row(302, 200, 403, 403, 403, 200)
HIDDEN_FROM_B = row(302, 200, 200, 404, 404, 200)
# The operator reads every council (architecture.md); the councils' own people see only theirs.
OTHER_COUNCIL = row(302, 404, 404, 404, 404, 404, operator=200)
# A ward's secretariat opens the create forms too (they offer its ward's bodies only).
MEMBER_CREATE_GET = row(302, 200, 200, 200, 403, 403, ward=200)
MEMBER_CREATE_POST = row(302, 400, 400, 400, 403, 403, ward=400)
# A body's draft documents: hidden (404) from other bodies and the city, readable by overseers.
DRAFT_VIEW = row(302, 200, 200, 404, 404, 200)
DRAFT_EDIT_GET = row(302, 200, 200, 404, 404, 403)
DRAFT_EDIT_POST = row(302, 400, 400, 404, 404, 403)
DRAFT_SEC_GET = row(302, 200, 403, 404, 404, 403)
DRAFT_SEC_POST = row(302, 302, 403, 404, 404, 403)
# History is the overseers': a body's member is refused (403) what it may see, 404 elsewhere.
DRAFT_HISTORY = row(302, 200, 403, 404, 404, 200)


@dataclass
class Case:
    name: str
    kwargs: Callable[[Cast, str], dict[str, Any]] = lambda cast, role: {}
    get: dict[str, int] | None = None
    post: dict[str, int] | None = None
    label: str = ""
    query: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    fixture: str = ""  # extra test data the case needs: "hub" or "proposals"

    def __str__(self) -> str:
        return self.label or self.name


def pk(attribute: str) -> Callable[[Cast, str], dict[str, Any]]:
    return lambda cast, role: {"pk": getattr(cast, attribute).pk}


def sheet(attribute: str, kind: str, **extra: Any) -> Callable[[Cast, str], dict[str, Any]]:
    return lambda cast, role: {"pk": cast.body_a.pk, "year": 2020, "kind": kind, **extra}


def hub(**kwargs: Any) -> dict[str, Any]:
    return {"fixture": "hub", "kwargs": lambda cast, role: kwargs}


def provider(council: str = "council") -> Callable[[Cast, str], dict[str, Any]]:
    def kwargs(cast: Cast, role: str) -> dict[str, Any]:
        owner = getattr(cast, council)
        return {"pk": HubProvider.objects.get(organization__council=owner).pk}

    return kwargs


def export(
    kwargs: Callable[[Cast, str], dict[str, Any]] = lambda cast, role: {}, fmt: str = "csv"
) -> Callable[[Cast, str], dict[str, Any]]:
    """A list's file: the list's own arguments and the format."""
    return lambda cast, role: {**kwargs(cast, role), "fmt": fmt}


def proposal(title: str, **extra: Any) -> Callable[[Cast, str], dict[str, Any]]:
    return lambda cast, role: {"pk": Proposal.objects.get(title=title).pk, **extra}


def writing(title: str, **extra: Any) -> Callable[[Cast, str], dict[str, Any]]:
    return lambda cast, role: {"pk": WrittenDocument.objects.get(title=title).pk, **extra}


def writing_part(title: str, order: int, **extra: Any) -> Callable[[Cast, str], dict[str, Any]]:
    def kwargs(cast: Cast, role: str) -> dict[str, Any]:
        part = DocumentPart.objects.get(document__title=title, order=order)
        return {"pk": part.document_id, "part": part.pk, **extra}

    return kwargs


def resource(attribute: str = "resource") -> Callable[[Cast, str], dict[str, Any]]:
    def kwargs(cast: Cast, role: str) -> dict[str, Any]:
        name = "地域活動支援センター" if attribute == "resource" else "別市の事業"
        return {"pk": SocialResource.objects.get(name=name).pk}

    return kwargs


def case(which: str = "referred") -> Callable[[Cast, str], dict[str, Any]]:
    """One of the `cases` fixture's: "referred" (the case worker's, referred to the hub
    provider's organisation), "revoked" (its consent revoked) or "other" (another council's)."""

    def kwargs(cast: Cast, role: str) -> dict[str, Any]:
        council = cast.other_council if which == "other" else cast.council
        number = 2 if which == "revoked" else 1
        return {"pk": CaseRecord.objects.get(council=council, year=2026, number=number).pk}

    return kwargs


def liaison(cast: Cast, role: str) -> dict[str, Any]:
    return {"pk": NetworkProfile.objects.get(body__council=cast.council).body_id}


def liaison_year(cast: Cast, role: str) -> dict[str, Any]:
    return {**liaison(cast, role), "year": 2020}


def visit(cast: Cast, role: str) -> dict[str, Any]:
    return {"pk": StudyVisit.objects.get(destination="上越市").pk}


def year_plan(cast: Cast, role: str) -> dict[str, Any]:
    return {"pk": YearPlan.objects.get(body=cast.body_a).pk}


def planned(cast: Cast, role: str) -> dict[str, Any]:
    return {"pk": PlannedMeeting.objects.get(plan__body=cast.body_a).pk}


DRAFT_PROPOSAL, SENT_PROPOSAL = "下書きの提言", "提出済みの提言"
DRAFT_WRITING, ISSUED_WRITING = "下書きの企画書", "発行済みの企画書"
PLAN_ROW = {"year": 2020, "function": "consultation", "hub_type": "multi"}


def history(model: str, attribute: str) -> Callable[[Cast, str], dict[str, Any]]:
    return lambda cast, role: {"model": model, "pk": getattr(cast, attribute).pk}


def calendar_token(cast: Cast, role: str) -> dict[str, Any]:
    user = cast.users[role]
    token = calendar_token_issue(user=user) if user else "not-a-token"
    return {"token": token, "pk": cast.body_a.pk}


def secretariat_job(cast: Cast, role: str) -> dict[str, Any]:
    """A finished job of the secretariat's, with a file (bytes) as its result."""
    job = jobs.start(
        base64.b64decode, "JVBERg==", user=cast.users["secretariat"], title="試験", back="/"
    )
    return {"job_id": job.id}


# Cases: the secretariat, auditors and city staff read pseudonyms; body members see none.
CASE_LIST = row(302, 200, 403, 403, 200, 200, past_member=403)
CASE_VIEW = row(302, 200, 404, 404, 200, 200, past_member=404)
# The pipeline's steps and records: the case's team (its worker, and the secretariat as its
# manager); those who see the case otherwise are refused (403), the rest do not see it (404).
# The operator is not on the case's team.
CASE_TEAM_GET = row(302, 200, 404, 404, 403, 403, past_member=404, case_worker=200, operator=403)
CASE_TEAM_POST_FORM = row(
    302, 400, 404, 404, 403, 403, past_member=404, case_worker=400, operator=403
)
CASE_TEAM_POST_ACTION = row(
    302, 302, 404, 404, 403, 403, past_member=404, case_worker=302, operator=403
)


def case_match(cast: Cast, role: str) -> dict[str, Any]:
    """A proposed match of the referred case, and the host's answer to it."""
    from referrals.models import CaseMatch

    referred = CaseRecord.objects.get(council=cast.council, year=2026, number=1)
    match = CaseMatch.objects.create(
        case=referred, new_resource="農園", by=cast.users["case_worker"]
    )
    return {"pk": match.pk, "decision": "accept"}


def follow_up(cast: Cast, role: str) -> dict[str, Any]:
    """An open follow-up visit of the referred case, to be marked done."""
    from referrals.models import FollowUp

    referred = CaseRecord.objects.get(council=cast.council, year=2026, number=1)
    visit = FollowUp.objects.create(
        case=referred, scheduled_on=datetime.date(2026, 6, 1), by=cast.users["case_worker"]
    )
    return {"pk": visit.pk}


def reminder(cast: Cast, role: str) -> dict[str, Any]:
    """An open keep-in-touch reminder of the referred case, to be marked done."""
    from referrals.models import KeepInTouch

    referred = CaseRecord.objects.get(council=cast.council, year=2026, number=1)
    due = KeepInTouch.objects.create(
        case=referred, due_on=datetime.date(2026, 6, 1), by=cast.users["case_worker"]
    )
    return {"pk": due.pk}


def raised_issue(cast: Cast, role: str) -> dict[str, Any]:
    """issue_a, raised by the referred case of the `cases` fixture."""
    referred = case()(cast, role)["pk"]
    CaseIssueLinkRecord.objects.get_or_create(
        case_id=referred, issue=cast.issue_a, defaults={"raised_by": cast.users["case_worker"]}
    )
    return {"pk": cast.issue_a.pk}


def step(action: str, which: str = "referred") -> Callable[[Cast, str], dict[str, Any]]:
    return lambda cast, role: {**case(which)(cast, role), "action": action}


EMERGENCY_LIST = row(302, 200, 403, 403, 403, 403, case_worker=200, hub_provider=200, ward=200)
# A registration: its team edits it; the provider it is registered with sees it (403), nobody
# else does (404), the operator included (no manager of it).
EMERGENCY_TEAM_GET = row(
    302, 200, 404, 404, 404, 404, case_worker=200, hub_provider=403, operator=404
)
EMERGENCY_TEAM_POST = row(  # an auditor's POST is refused before the view (403)
    302, 400, 404, 404, 404, 403, case_worker=400, hub_provider=403, operator=404
)


def registration(cast: Cast, role: str) -> dict[str, Any]:
    from referrals.models import EmergencyRegistration

    return {"pk": EmergencyRegistration.objects.get().pk}


OWNER_ONLY = row(302, 200, 404, 404, 404, 404, operator=404)  # a job is its starter's
# One's own password: every logged-in user, the auditor included (it is no council record).
EVERYONE = row(200, 200, 200, 200, 200, 200)
LOGGED_IN = row(302, 200, 200, 200, 200, 200)

CASES = [
    Case("login", get=row(200, 302, 302, 302, 302, 302)),
    Case("logout", get=row(302, 405, 405, 405, 405, 405), post=row(302, 302, 302, 302, 302, 302)),
    Case("password_change", get=LOGGED_IN, post=LOGGED_IN),  # an empty form comes back
    Case("password_change_done", get=LOGGED_IN),
    Case("password_reset", get=EVERYONE, post=EVERYONE),
    Case("password_reset_done", get=EVERYONE),
    Case(
        "password_reset_confirm",
        lambda c, r: {"uidb64": "MQ", "token": "not-a-token"},
        get=EVERYONE,  # the page saying the link is invalid
        post=EVERYONE,
    ),
    Case("password_reset_complete", get=EVERYONE),
    Case("council:dashboard", get=READ),
    # An empty choice is refused with a message on the dashboard (a redirect, like a choice).
    Case(
        "council:council-choose",
        get=row(302, 405, 405, 405, 405, 405),
        post=row(302, 302, 302, 302, 302, 302),
    ),
    # The install's councils: the site operator's only (an empty POST: the form again).
    Case("council:council-list", get=row(302, 403, 403, 403, 403, 403, operator=200)),
    Case(
        "council:council-create",
        get=row(302, 403, 403, 403, 403, 403, operator=200),
        post=row(302, 403, 403, 403, 403, 403, operator=400),
    ),
    Case("council:schedule", get=READ),
    Case("council:schedule-year", lambda c, r: {"year": 2020}, get=READ),
    Case("council:council-settings", get=SEC_GET, post=SEC_POST_FORM),
    Case("council:year-list", get=SEC_GET, post=SEC_POST_FORM),
    Case("council:year-detail", lambda c, r: {"year": 2020}, get=SEC_GET),
    Case(
        "council:year-make-current",
        lambda c, r: {"year": 2015},
        get=row(302, 405, 405, 405, 405, 405),
        post=SEC_POST_ACTION,
    ),
    Case("council:body-list", get=READ),
    Case("council:body-create", get=SEC_GET, post=SEC_POST_FORM),
    Case("council:body-detail", pk("body_a"), get=READ),
    Case("council:body-edit", pk("body_a"), get=SEC_GET, post=SEC_POST_FORM),
    Case(
        "council:body-year-edit",
        lambda c, r: {"pk": c.body_a.pk, "year": 2020},
        get=SEC_GET,
        post=SEC_POST_FORM,
    ),
    Case("council:body-calendar", pk("body_a"), get=READ),
    Case("council:body-roster-export", export(pk("body_a")), get=READ),
    Case(
        "council:body-roster-export",
        export(lambda c, r: {"pk": c.other_meeting.body_id}),
        get=OTHER_COUNCIL,
        label="another council's roster",
    ),
    Case("council:body-calendar-feed", calendar_token, get=row(404, 200, 200, 200, 200, 200)),
    Case("council:calendar", get=LOGGED_IN),
    Case(
        "council:calendar-token-issue",
        get=row(302, 405, 405, 405, 405, 405),
        post=LOGGED_IN,  # the page with the new addresses
    ),
    Case(
        "council:calendar-token-revoke",
        get=row(302, 405, 405, 405, 405, 405),
        post=row(302, 302, 302, 302, 302, 302),
    ),
    Case("council:membership-create", pk("body_a"), get=SEC_GET, post=SEC_POST_FORM),
    Case("council:membership-edit", pk("membership_a"), get=SEC_GET, post=SEC_POST_FORM),
    Case("council:membership-delete", pk("membership_a"), get=SEC_GET, post=SEC_POST_ACTION),
    Case("council:meeting-list", get=READ),
    Case("council:meeting-export", export(), get=READ),
    Case("council:meeting-export", export(fmt="xlsx"), get=READ, label="meetings as XLSX"),
    Case("council:meeting-create", get=MEMBER_CREATE_GET, post=MEMBER_CREATE_POST),
    Case("council:meeting-detail", pk("meeting_a"), get=READ),
    Case(
        "council:meeting-detail",
        pk("closed_meeting_a"),
        get=HIDDEN_FROM_B,
        label="closed meeting of A",
    ),
    Case(
        "council:meeting-detail",
        pk("other_meeting"),
        get=OTHER_COUNCIL,
        label="another council's meeting",
    ),
    Case("council:meeting-edit", pk("meeting_a"), get=A_GET, post=A_POST_FORM),
    Case(
        "council:meeting-edit",
        pk("meeting_b"),
        get=row(302, 200, 403, 200, 403, 403),
        label="B's meeting",
    ),
    Case(
        "council:meeting-attendance",
        pk("meeting_a"),
        get=A_GET,
        post=A_POST_FORM,  # an empty POST carries no revision: refused as a stale page
    ),
    Case("council:meeting-attendance-export", export(pk("meeting_a")), get=READ),
    Case(
        "council:meeting-attendance-export",
        export(pk("closed_meeting_a"), fmt="xlsx"),
        get=HIDDEN_FROM_B,
        label="closed meeting of A's attendance",
    ),
    Case(
        "council:meeting-attendance-export",
        export(pk("other_meeting")),
        get=OTHER_COUNCIL,
        label="another council's attendance",
    ),
    Case("council:meeting-minutes", pk("meeting_a"), get=A_GET, post=A_POST_FORM),
    Case(
        "council:meeting-minutes-transition",
        lambda c, r: {"pk": c.meeting_a.pk, "action": "confirm"},
        get=A_GET,
        post=A_POST_ACTION,
    ),
    Case(
        "council:meeting-minutes-transition",
        lambda c, r: {"pk": c.meeting_a.pk, "action": "publish"},
        get=SEC_GET,
        post=SEC_POST_ACTION,
        label="publish minutes",
    ),
    Case(
        "council:meeting-minutes-transition",
        lambda c, r: {"pk": c.meeting_a.pk, "action": "reopen"},
        get=SEC_GET,
        post=SEC_POST_ACTION,
        label="reopen minutes",
    ),
    Case("council:attachment-add", pk("meeting_a"), get=A_GET, post=A_POST_FORM),
    Case("council:attachment-download", pk("attachment_a"), get=READ),
    Case("council:attachment-delete", pk("attachment_a"), get=A_GET, post=A_POST_ACTION),
    Case("council:organization-list", get=READ),
    Case("council:organization-export", export(), get=READ),
    Case("council:organization-create", get=SEC_GET, post=SEC_POST_FORM),
    Case("council:organization-detail", pk("org"), get=READ),
    Case("council:organization-edit", pk("org"), get=SEC_GET, post=SEC_POST_FORM),
    Case("council:person-list", get=READ),
    Case("council:person-export", export(), get=READ),
    Case("council:person-create", get=SEC_GET, post=SEC_POST_FORM),
    Case("council:person-detail", pk("person_a"), get=READ),
    Case("council:person-edit", pk("person_a"), get=SEC_GET, post=SEC_POST_FORM),
    Case(
        "council:person-password-reset",
        pk("person_a"),
        get=row(302, 405, 405, 405, 405, 405),
        post=row(302, 200, 403, 403, 403, 403),  # no e-mail on the account: the link is shown
    ),
    Case(
        "council:person-account-invite",
        lambda c, r: {"pk": Person.objects.create(council=c.council, name="新任").pk},
        get=SEC_GET,
        post=SEC_POST_FORM,
    ),
    Case(
        "council:person-account-invite",
        pk("person_a"),
        get=row(302, 403, 403, 403, 403, 403),
        label="a person who has an account",
    ),
    Case(
        "council:person-account-active",
        lambda c, r: {"pk": c.person_b.pk, "action": "deactivate"},
        get=row(302, 405, 405, 405, 405, 405),
        post=SEC_POST_ACTION,
    ),
    Case(
        "council:person-account-active",
        lambda c, r: {"pk": c.person_b.pk, "action": "activate"},
        post=row(302, 403, 403, 403, 403, 403),
        label="reactivate an active account",
    ),
    Case("council:roster-import", get=SEC_GET, post=SEC_POST_FORM),
    Case(
        "council:roster-import-confirm",
        get=row(302, 405, 405, 405, 405, 405),
        post=SEC_POST_FORM,  # nothing uploaded: the upload page again
    ),
    Case("council:roster-template", get=SEC_GET),
    Case("subcommittees:year-detail", lambda c, r: {"pk": c.body_a.pk, "year": 2020}, get=READ),
    Case("subcommittees:sheet-detail", sheet("review_a", "review"), get=DRAFT_VIEW),
    Case(
        "subcommittees:sheet-detail",
        sheet("policy_a", "policy"),
        get=READ,
        label="published policy",
    ),
    Case(
        "subcommittees:sheet-edit",
        sheet("report_a", "report"),
        get=DRAFT_EDIT_GET,
        post=DRAFT_EDIT_POST,
    ),
    Case(
        "subcommittees:sheet-edit",
        sheet("policy_a", "policy"),
        get=row(302, 403, 403, 403, 403, 403),
        label="published policy is frozen",
    ),
    Case("subcommittees:sheet-pdf", sheet("review_a", "review"), get=DRAFT_VIEW),
    Case(
        "subcommittees:sheet-transition",
        sheet("report_a", "report", action="submit"),
        get=DRAFT_SEC_GET,
        post=DRAFT_SEC_POST,
    ),
    Case(
        "subcommittees:comment-edit",
        lambda c, r: {"pk": c.body_a.pk, "year": 2020, "person": c.person_a.pk},
        # Only the writer edits a comment: a member of both bodies may not edit 部会A's.
        get=row(302, 200, 200, 404, 404, 403, member_ab=403),
        post=row(302, 400, 400, 404, 404, 403, member_ab=403),
    ),
    Case(
        "subcommittees:comment-edit",
        lambda c, r: {"pk": c.body_a.pk, "year": 2020, "person": c.person_b.pk},
        get=row(302, 200, 403, 404, 404, 403),
        label="someone else's comment",
    ),
    Case(
        "subcommittees:plan-create",
        lambda c, r: {"pk": c.body_a.pk, "year": 2020},
        get=A_GET,
        post=A_POST_FORM,
    ),
    Case("subcommittees:plan-detail", pk("plan_a"), get=DRAFT_VIEW),
    Case("subcommittees:plan-edit", pk("plan_a"), get=DRAFT_EDIT_GET, post=DRAFT_EDIT_POST),
    Case("subcommittees:plan-pdf", pk("plan_a"), get=DRAFT_VIEW),
    Case(
        "subcommittees:plan-transition",
        lambda c, r: {"pk": c.plan_a.pk, "action": "submit"},
        get=DRAFT_SEC_GET,
        post=DRAFT_SEC_POST,
    ),
    Case("subcommittees:published-pdf", pk("published_a"), get=READ),
    Case("subcommittees:issue-list", get=READ),
    Case("subcommittees:issue-list-pdf", get=READ),
    Case("subcommittees:issue-export", export(), get=READ),
    Case(
        "subcommittees:body-summary-pdf",
        lambda c, r: {"pk": c.body_a.pk, "year": 2020},
        get=READ,
    ),
    Case("subcommittees:issue-detail", pk("issue_a"), get=READ),
    Case("subcommittees:issue-create", get=MEMBER_CREATE_GET, post=MEMBER_CREATE_POST),
    Case("subcommittees:issue-edit", pk("issue_a"), get=A_GET, post=A_POST_FORM),
    Case("subcommittees:issue-step-add", pk("issue_a"), get=A_GET, post=A_POST_FORM),
    Case(
        "subcommittees:annual-report",
        lambda c, r: {"year": 2020},
        get=READ,
        post=row(302, 302, 302, 302, 302, 302),
    ),
    Case("subcommittees:year-unpublished", lambda c, r: {"year": 2020}, get=SEC_GET),
    Case("documents:job", secretariat_job, get=OWNER_ONLY),
    Case("documents:job-download", secretariat_job, get=OWNER_ONLY),
    Case(
        "subcommittees:year-rollover",
        lambda c, r: {"year": 2020},
        get=SEC_GET,
        post=SEC_POST_ACTION,
    ),
    # --- history: the secretariat's and the auditors'; a hidden record stays hidden (404) ---
    Case("council:history", history("meeting", "meeting_a"), get=OVERSEE_GET),
    Case(
        "council:history",
        history("meeting", "closed_meeting_a"),
        get=DRAFT_HISTORY,
        label="history of a closed meeting of A",
    ),
    Case(
        "council:history",
        history("meeting", "other_meeting"),
        get=OTHER_COUNCIL,
        label="history of another council's meeting",
    ),
    Case("council:history", history("body", "body_a"), get=OVERSEE_GET, label="body history"),
    Case("council:history", history("organization", "org"), get=OVERSEE_GET, label="org history"),
    Case("council:history", history("person", "person_a"), get=OVERSEE_GET, label="person history"),
    Case(
        "council:history",
        history("membership", "membership_a"),
        get=OVERSEE_GET,
        label="membership history",
    ),
    Case(
        "council:history",
        history("policy", "policy_a"),
        get=OVERSEE_GET,
        label="published policy history",
    ),
    Case(
        "council:history", history("report", "report_a"), get=DRAFT_HISTORY, label="report history"
    ),
    Case(
        "council:history", history("review", "review_a"), get=DRAFT_HISTORY, label="review history"
    ),
    Case("council:history", history("plan", "plan_a"), get=DRAFT_HISTORY, label="plan history"),
    Case("council:history", history("issue", "issue_a"), get=OVERSEE_GET, label="issue history"),
    Case(
        "council:history",
        lambda c, r: {"model": "no-such-thing", "pk": c.meeting_a.pk},
        get=row(302, 404, 404, 404, 404, 404),
        label="history of an unknown kind",
    ),
    # --- the hub (部会A owns it in the `hub` fixture) --------------------------------------
    Case("hubs:hub-detail", get=READ, fixture="hub"),
    Case("hubs:hub-pdf", get=READ, **hub(year=2020)),
    Case("hubs:plan-export", get=READ, **hub(year=2020, fmt="csv")),
    Case("hubs:setup-edit", get=SEC_GET, post=SEC_POST_FORM, fixture="hub"),
    Case("hubs:plan-edit", get=A_GET, post=A_POST_FORM, **hub(**PLAN_ROW)),
    Case("hubs:provider-list", get=READ, fixture="hub"),
    Case("hubs:provider-list-pdf", get=READ, fixture="hub"),
    Case("hubs:provider-export", export(), get=READ, fixture="hub"),
    Case("hubs:provider-create", get=SEC_GET, post=SEC_POST_FORM, fixture="hub"),
    Case("hubs:provider-detail", provider(), get=READ, fixture="hub"),
    Case(
        "hubs:provider-detail",
        provider("other_council"),
        get=OTHER_COUNCIL,
        fixture="hub",
        label="another council's provider",
    ),
    Case("hubs:provider-edit", provider(), get=SEC_GET, post=SEC_POST_FORM, fixture="hub"),
    Case("hubs:review-detail", get=READ, **hub(year=2020)),
    Case("hubs:review-edit", get=A_GET, post=A_POST_FORM, **hub(year=2020)),
    Case("hubs:review-pdf", get=READ, **hub(year=2020)),
    Case(
        "hubs:review-transition",
        get=SEC_GET,
        post=SEC_POST_ACTION,
        **hub(year=2020, action="submit"),
    ),
    Case(
        "hubs:review-transition",
        get=SEC_GET,
        post=SEC_POST_ACTION,  # refused by the workflow (a draft): back to the page with a message
        label="approve a draft review",
        **hub(year=2020, action="approve"),
    ),
    Case(
        "council:history",
        lambda c, r: {"model": "hub", "pk": HubSetup.objects.get(council=c.council).pk},
        get=OVERSEE_GET,
        fixture="hub",
        label="hub history",
    ),
    Case(
        "council:history",
        lambda c, r: {"model": "hubprovider", **provider()(c, r)},
        get=OVERSEE_GET,
        fixture="hub",
        label="hub provider history",
    ),
    Case(
        "council:history",
        lambda c, r: {"model": "hubprovider", **provider("other_council")(c, r)},
        get=OTHER_COUNCIL,
        fixture="hub",
        label="another council's hub provider history",
    ),
    Case(
        "council:history",
        lambda c, r: {"model": "hubreview", "pk": HubReview.objects.get(council=c.council).pk},
        get=OVERSEE_GET,
        fixture="hub",
        label="hub review history",
    ),
    # --- the social-resource catalogue (社会資源): every reader reads, the secretariat keeps it ---
    Case("referrals:resource-list", get=READ, fixture="catalogue"),
    Case("referrals:resource-export", export(), get=READ, fixture="catalogue"),
    Case(
        "referrals:resource-export",
        export(fmt="xlsx"),
        get=READ,
        fixture="catalogue",
        label="catalogue as XLSX",
    ),
    Case("referrals:resource-hsds", get=READ, fixture="catalogue"),
    Case("referrals:resource-pdf", get=READ, fixture="catalogue"),
    Case("referrals:resource-create", get=SEC_GET, post=SEC_POST_FORM, fixture="catalogue"),
    Case("referrals:resource-detail", resource(), get=READ, fixture="catalogue"),
    Case(
        "referrals:resource-detail",
        resource("other"),
        get=OTHER_COUNCIL,
        fixture="catalogue",
        label="another council's programme",
    ),
    Case(
        "referrals:resource-edit",
        resource(),
        get=SEC_GET,
        post=SEC_POST_FORM,
        fixture="catalogue",
    ),
    Case(
        "referrals:resource-edit",
        resource("other"),
        get=OTHER_COUNCIL,
        # The auditor's POSTs stop at the read-only gate; the operator's empty form comes back.
        post=row(302, 404, 404, 404, 404, 403, operator=400),
        fixture="catalogue",
        label="another council's programme, edited",
    ),
    Case(
        "referrals:resource-delete",
        resource(),
        get=SEC_GET,
        post=SEC_POST_ACTION,
        fixture="catalogue",
    ),
    Case(
        "council:history",
        lambda c, r: {"model": "resource", **resource()(c, r)},
        get=OVERSEE_GET,
        fixture="catalogue",
        label="programme history",
    ),
    Case(
        "council:history",
        lambda c, r: {"model": "resource", **resource("other")(c, r)},
        get=OTHER_COUNCIL,
        fixture="catalogue",
        label="another council's programme history",
    ),
    # --- cases: the case worker's, referred to the hub provider's organisation; the secretariat
    # is its case manager and the council's privacy officer (the `cases` fixture) ------------
    Case("referrals:case-list", get=CASE_LIST, fixture="cases"),
    Case("referrals:case-dashboard", get=CASE_LIST, fixture="cases"),
    Case(
        "referrals:case-create",
        get=row(302, 200, 403, 403, 403, 403, case_worker=200),
        post=row(302, 400, 403, 403, 403, 403, case_worker=400),
        fixture="cases",
    ),
    Case("referrals:case-detail", case(), get=CASE_VIEW, fixture="cases"),
    Case(
        "referrals:case-detail",
        case("revoked"),
        get=row(302, 200, 404, 404, 200, 200, past_member=404, hub_provider=404),
        fixture="cases",
        label="a case whose consent was revoked",
    ),
    Case(
        "referrals:case-detail",
        case("other"),
        get=OTHER_COUNCIL,
        fixture="cases",
        label="another council's case",
    ),
    Case(
        "referrals:consent-revoke",
        case(),
        # The operator runs the council but is none of this case's managers.
        get=row(302, 200, 404, 404, 403, 403, past_member=404, case_worker=200, operator=403),
        post=row(
            302, 400, 404, 404, 403, 403, past_member=404, case_worker=400, operator=403
        ),  # no reason
        fixture="cases",
    ),
    Case(
        "referrals:consent-revoke",
        case("revoked"),
        get=row(302, 403, 404, 404, 403, 403, past_member=404, hub_provider=404),
        fixture="cases",
        label="revoke a revoked consent",
    ),
    Case(
        "referrals:case-raise-issue",
        case(),
        # The site operator is no case manager of it: it sees the pseudonym, edits nothing.
        get=row(302, 200, 404, 404, 403, 403, past_member=404, case_worker=200, operator=403),
        post=row(302, 400, 404, 404, 403, 403, past_member=404, case_worker=400, operator=403),
        fixture="cases",
    ),
    Case(
        "referrals:case-raise-issue",
        case("revoked"),
        get=row(302, 403, 404, 404, 403, 403, past_member=404, hub_provider=404),
        fixture="cases",
        label="raise an issue from a case whose consent was revoked",
    ),
    Case(
        "referrals:intake-record",
        get=row(302, 200, 403, 403, 403, 403, case_worker=200),
        post=row(302, 400, 403, 403, 403, 403, case_worker=400),
        fixture="cases",
    ),
    # The chain backwards: the cases (of those the reader sees) that raised an issue.
    Case("referrals:issue-cases", raised_issue, get=CASE_LIST, fixture="cases"),
    # Only the council's privacy officer reads the log: not the site operator.
    Case(
        "referrals:readlog-list",
        get=row(302, 200, 403, 403, 403, 403, operator=403),
        fixture="cases",
    ),
    # The referral pipeline: the referred case is at intake with its consent active.
    Case(
        "referrals:case-transition",
        step("start_plan"),
        get=CASE_TEAM_GET,
        post=CASE_TEAM_POST_ACTION,
        fixture="cases",
    ),
    Case(
        "referrals:case-transition",
        step("close"),
        # The secretariat closes its council's cases, the operator too.
        get=row(302, 200, 404, 404, 403, 403, past_member=404, case_worker=200),
        post=row(302, 400, 404, 404, 403, 403, past_member=404, case_worker=400),  # no evaluation
        fixture="cases",
        label="case-transition close from intake",
    ),
    Case(
        "referrals:case-transition",
        step("reopen"),
        # The secretariat may reopen any of its council's cases; refused here (not closed).
        get=row(302, 200, 404, 404, 403, 403, past_member=404, case_worker=200),
        fixture="cases",
        label="case-transition reopen",
    ),
    Case(
        "referrals:case-transition",
        step("start_plan", "revoked"),
        # Its worker loses the case's steps with the consent; it has no manager.
        get=row(302, 403, 404, 404, 403, 403, past_member=404, hub_provider=404, operator=403),
        fixture="cases",
        label="case-transition of a case whose consent was revoked",
    ),
    Case(
        "referrals:case-transition",
        step("start_plan", "other"),
        get=row(302, 404, 404, 404, 404, 404, operator=403),
        fixture="cases",
        label="case-transition of another council's case",
    ),
    Case(
        "referrals:case-edit", case(), get=CASE_TEAM_GET, post=CASE_TEAM_POST_FORM, fixture="cases"
    ),
    Case(
        "referrals:case-plan-create",
        case(),
        get=CASE_TEAM_GET,
        post=CASE_TEAM_POST_FORM,
        fixture="cases",
    ),
    Case(
        "referrals:case-match-create",
        case(),
        get=CASE_TEAM_GET,
        post=CASE_TEAM_POST_FORM,
        fixture="cases",
    ),
    Case(
        "referrals:case-match-decide",
        case_match,
        get=CASE_TEAM_GET,
        post=CASE_TEAM_POST_ACTION,
        fixture="cases",
    ),
    Case(
        "referrals:case-follow-up-create",
        case(),
        get=CASE_TEAM_GET,
        post=CASE_TEAM_POST_FORM,
        fixture="cases",
    ),
    Case(
        "referrals:case-keep-in-touch-create",
        case(),
        get=CASE_TEAM_GET,
        post=CASE_TEAM_POST_FORM,
        fixture="cases",
    ),
    # Marking a visit or a reminder done: an empty POST lacks the day it was done.
    Case(
        "referrals:follow-up-done",
        follow_up,
        get=CASE_TEAM_GET,
        post=CASE_TEAM_POST_FORM,
        fixture="cases",
    ),
    Case(
        "referrals:keep-in-touch-done",
        reminder,
        get=CASE_TEAM_GET,
        post=CASE_TEAM_POST_FORM,
        fixture="cases",
    ),
    # --- emergency pre-registration: the case worker's registered case, with the hub
    # provider's organisation, the secretariat its case manager (the `emergency` fixture); only
    # they see it. A ward's 事務局 and the operator open the list (they are secretariat) and
    # see none of it; auditors and city staff are refused. ---------------------------------
    Case("referrals:emergency-list", get=EMERGENCY_LIST, fixture="emergency"),
    Case("referrals:emergency-roster-pdf", get=EMERGENCY_LIST, fixture="emergency"),
    Case(
        "referrals:emergency-create",
        lambda cast, role: {"pk": CaseRecord.objects.get(council=cast.council, number=1).pk},
        get=CASE_TEAM_GET,
        post=CASE_TEAM_POST_FORM,
        fixture="emergency",
    ),
    Case(
        "referrals:emergency-edit",
        registration,
        get=EMERGENCY_TEAM_GET,
        post=EMERGENCY_TEAM_POST,
        fixture="emergency",
    ),
    Case(
        "referrals:emergency-end",
        registration,
        get=EMERGENCY_TEAM_GET,
        post=EMERGENCY_TEAM_POST,  # no reason
        fixture="emergency",
    ),
    # --- networks: 相談支援事業所連絡会's profile and report, 部会A's study visit ---------------
    Case("networks:profile-detail", liaison, get=READ, fixture="networks"),
    Case(
        "networks:profile-edit",
        liaison,
        get=SEC_GET,
        post=SEC_POST_FORM,  # no management forms: refused
        fixture="networks",
    ),
    Case("networks:report-pdf", liaison_year, get=READ, fixture="networks"),
    Case("networks:visit-list", get=READ, fixture="networks"),
    Case(
        "networks:visit-create", get=MEMBER_CREATE_GET, post=MEMBER_CREATE_POST, fixture="networks"
    ),
    Case("networks:visit-detail", visit, get=READ, fixture="networks"),
    Case("networks:visit-edit", visit, get=A_GET, post=A_POST_FORM, fixture="networks"),
    # --- written documents: 部会A's draft plan and an issued one ------------------------------
    Case("writings:writing-list", get=READ, fixture="writings"),
    Case(
        "writings:writing-create",
        get=MEMBER_CREATE_GET,
        post=MEMBER_CREATE_POST,
        fixture="writings",
    ),
    Case("writings:writing-detail", writing(DRAFT_WRITING), get=DRAFT_VIEW, fixture="writings"),
    Case(
        "writings:writing-detail",
        writing(ISSUED_WRITING),
        get=READ,
        fixture="writings",
        label="an issued document",
    ),
    Case(
        "writings:writing-edit",
        writing(DRAFT_WRITING),
        get=DRAFT_EDIT_GET,
        post=DRAFT_EDIT_POST,
        fixture="writings",
    ),
    Case(
        "writings:writing-edit",
        writing(ISSUED_WRITING),
        get=row(302, 403, 403, 403, 403, 403),
        fixture="writings",
        label="an issued document is frozen",
    ),
    Case("writings:writing-pdf", writing(DRAFT_WRITING), get=DRAFT_VIEW, fixture="writings"),
    Case(
        "writings:part-edit",
        writing_part(DRAFT_WRITING, 1),
        get=DRAFT_EDIT_GET,
        post=DRAFT_EDIT_POST,
        fixture="writings",
    ),
    Case(
        "writings:part-action",
        writing_part(DRAFT_WRITING, 2, action="up"),
        get=row(302, 405, 405, 405, 405, 405),
        post=row(302, 302, 302, 404, 404, 403),
        fixture="writings",
    ),
    Case(
        "writings:writing-transition",
        writing(DRAFT_WRITING, action="issue"),
        get=DRAFT_SEC_GET,
        post=DRAFT_SEC_POST,
        fixture="writings",
    ),
    Case(
        "writings:writing-transition",
        writing(ISSUED_WRITING, action="reopen"),
        get=SEC_GET,
        post=SEC_POST_FORM,  # reopening needs a reason
        fixture="writings",
        label="reopen an issued document",
    ),
    Case(
        "council:history",
        lambda c, r: {"model": "writing", **writing(DRAFT_WRITING)(c, r)},
        get=DRAFT_HISTORY,
        fixture="writings",
        label="draft document history",
    ),
    # --- year plans: 部会A's plan of this year and its planned meeting (not held) -------------
    Case("plans:plan-list", get=READ, fixture="plans"),
    Case("plans:plan-create", get=MEMBER_CREATE_GET, post=MEMBER_CREATE_POST, fixture="plans"),
    Case("plans:plan-detail", year_plan, get=READ, fixture="plans"),
    Case("plans:plan-edit", year_plan, get=A_GET, post=A_POST_FORM, fixture="plans"),
    Case("plans:plan-pdf", year_plan, get=READ, fixture="plans"),
    Case("plans:planned-create", year_plan, get=A_GET, post=A_POST_FORM, fixture="plans"),
    Case("plans:planned-detail", planned, get=READ, fixture="plans"),
    Case("plans:planned-edit", planned, get=A_GET, post=A_POST_FORM, fixture="plans"),
    # GET is the confirm page; an empty POST has no date: refused with the form again.
    Case("plans:planned-hold", planned, get=A_GET, post=A_POST_FORM, fixture="plans"),
    Case(
        "council:history",
        lambda c, r: {"model": "yearplan", **year_plan(c, r)},
        get=OVERSEE_GET,
        fixture="plans",
        label="year plan history",
    ),
    Case(
        "council:history",
        lambda c, r: {"model": "plannedmeeting", **planned(c, r)},
        get=OVERSEE_GET,
        fixture="plans",
        label="planned meeting history",
    ),
    # --- proposals (提言): 部会A's draft and a proposal already sent to the city -------------
    Case("proposals:proposal-list", get=READ, fixture="proposals"),
    Case(
        "proposals:proposal-create",
        get=MEMBER_CREATE_GET,
        post=MEMBER_CREATE_POST,
        fixture="proposals",
    ),
    Case(
        "proposals:proposal-detail", proposal(DRAFT_PROPOSAL), get=DRAFT_VIEW, fixture="proposals"
    ),
    Case(
        "proposals:proposal-detail",
        proposal(SENT_PROPOSAL),
        get=READ,
        fixture="proposals",
        label="a proposal sent to the city",
    ),
    Case(
        "proposals:proposal-edit",
        proposal(DRAFT_PROPOSAL),
        get=DRAFT_EDIT_GET,
        post=DRAFT_EDIT_POST,
        fixture="proposals",
    ),
    Case(
        "proposals:proposal-edit",
        proposal(SENT_PROPOSAL),
        get=row(302, 403, 403, 403, 403, 403),
        fixture="proposals",
        label="a sent proposal is frozen",
    ),
    Case("proposals:proposal-pdf", proposal(DRAFT_PROPOSAL), get=DRAFT_VIEW, fixture="proposals"),
    Case(
        "proposals:part-blocks",
        lambda cast, role: {
            **proposal(DRAFT_PROPOSAL)(cast, role),
            "section": ProposalSection.objects.get(proposal__title=DRAFT_PROPOSAL, order=1).pk,
        },
        get=DRAFT_EDIT_GET,
        post=DRAFT_EDIT_POST,
        fixture="proposals",
    ),
    # A part's move button: POST only; an empty POST (no revision) is refused with a message.
    Case(
        "proposals:part-action",
        lambda cast, role: {
            **proposal(DRAFT_PROPOSAL)(cast, role),
            "section": ProposalSection.objects.get(proposal__title=DRAFT_PROPOSAL, order=2).pk,
            "action": "up",
        },
        get=row(302, 405, 405, 405, 405, 405),
        post=row(302, 302, 302, 404, 404, 403),
        fixture="proposals",
    ),
    Case(
        "proposals:proposal-answers",
        proposal(SENT_PROPOSAL),
        get=SEC_GET,
        post=SEC_POST_FORM,  # an empty POST carries no revision: refused as a stale page
        fixture="proposals",
    ),
    Case(
        "proposals:proposal-transition",
        proposal(DRAFT_PROPOSAL, action="approve_body"),
        get=DRAFT_SEC_GET,
        post=DRAFT_SEC_POST,
        fixture="proposals",
    ),
    Case(
        "council:history",
        lambda c, r: {"model": "proposal", **proposal(DRAFT_PROPOSAL)(c, r)},
        get=DRAFT_HISTORY,
        fixture="proposals",
        label="draft proposal history",
    ),
    Case(
        "council:history",
        lambda c, r: {"model": "proposal", **proposal(SENT_PROPOSAL)(c, r)},
        get=OVERSEE_GET,
        fixture="proposals",
        label="sent proposal history",
    ),
    Case(
        "proposals:proposal-transition",
        proposal(SENT_PROPOSAL, action="answer"),
        get=SEC_GET,
        post=SEC_POST_ACTION,  # refused (no answer recorded yet): back with a message
        fixture="proposals",
        label="answer without answers",
    ),
]

GET_CASES = [(case, role) for case in CASES if case.get for role in MATRIX_ROLES]
POST_CASES = [(case, role) for case in CASES if case.post for role in MATRIX_ROLES]


def _request(cast: Cast, case: Case, role: str, method: str, request: Any = None) -> int:
    if case.fixture:
        request.getfixturevalue(case.fixture)
    if role == WARD:
        request.getfixturevalue("wards")
    url = reverse(case.name, kwargs=case.kwargs(cast, role))
    client = cast.client(role)
    response = client.get(url) if method == "get" else client.post(url, {})
    return response.status_code


@pytest.mark.parametrize(("case", "role"), GET_CASES, ids=lambda v: str(v))
def test_get_status_matches_the_matrix(cast: Cast, case: Case, role: str, request: Any) -> None:
    assert _request(cast, case, role, "get", request) == case.get[role]


@pytest.mark.parametrize(("case", "role"), POST_CASES, ids=lambda v: str(v))
def test_post_status_matches_the_matrix(cast: Cast, case: Case, role: str, request: Any) -> None:
    assert _request(cast, case, role, "post", request) == case.post[role]


# What an auditor may POST: their own account, and a printout job that only reads.
NOT_COUNCIL_WRITES = ReadOnlyRoleMiddleware.OWN_ACCOUNT | ReadOnlyRoleMiddleware.PRINTOUTS


@pytest.mark.parametrize("case", [c for c in CASES if c.name not in NOT_COUNCIL_WRITES], ids=str)
def test_an_auditors_post_is_refused_everywhere(cast: Cast, case: Case, request: Any) -> None:
    assert _request(cast, case, "auditor", "post", request) in {403, 405}


def test_the_auditor_may_start_the_annual_report_and_nothing_is_written(cast: Cast) -> None:
    from django.apps import apps

    def rows() -> dict[str, int]:
        models = [m for m in apps.get_models() if m._meta.managed]
        return {m._meta.label: m._default_manager.count() for m in models}

    client = cast.client("auditor")  # logging in writes the session and the access log
    before = rows()
    url = reverse("subcommittees:annual-report", kwargs={"year": 2020})
    response = client.post(url)
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    after = rows()
    assert {label: count for label, count in after.items() if before[label] != count} == {}


def test_every_named_url_is_in_the_matrix() -> None:
    # Django's admin has its own staff-only permission system, tested separately below.
    named = {name for name in named_urls() if not name.startswith("admin:")}
    covered = {case.name for case in CASES}
    assert named - covered == set(), "add these URLs to the permission matrix"


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_reach_the_admin(cast: Cast, role: str) -> None:
    response = cast.client(role).get(reverse("admin:index"))
    # Only the operator is staff: the others go to the admin's login.
    assert response.status_code == (200 if role == "operator" else 302)


VIEW_PERMS = {
    Body: "body.view",
    Meeting: "meeting.view",
    MeetingAttachment: "attachment.view",
    Organization: "organization.view",
    Person: "person.view",
    ActivityPolicy: "sheet.view",
    StatusReport: "sheet.view",
    ReviewSheet: "sheet.view",
    ActionPlan: "sheet.view",
    RegionalIssue: "issue.view",
    PublishedPDF: "pdf.view",
}


@pytest.mark.parametrize("role", ROLES[1:])
@pytest.mark.parametrize("model", list(VIEW_PERMS), ids=lambda m: m.__name__)
def test_list_visibility_agrees_with_the_rule(cast: Cast, role: str, model: Any) -> None:
    user = cast.users[role]
    listed = set(model.objects.visible_to(user))
    allowed = {obj for obj in model.objects.all() if can(user, VIEW_PERMS[model], obj)}
    assert listed == allowed
    if role == "secretariat":
        assert listed, "the test data must hold something to see"
