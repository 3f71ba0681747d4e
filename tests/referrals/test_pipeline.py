"""The referral pipeline (参加支援): every (stage, action) pair of the table, who may take each
step, closing and reopening, and the pages (a GET never moves a case).

Who may (referrals/workflow.py WHO): the case's assigned workers while a consent is active and
its case managers take every step; the council's secretariat also closes and reopens; hub
providers, city staff and auditors never move a case nor write its records."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from council.models import CouncilRole
from council.permissions import can
from council.workflow import InvalidTransition, ReasonRequired
from referrals import services, workflow
from referrals.models import (
    Case,
    CaseMatch,
    CasePlan,
    CaseReadLog,
    CaseStageChange,
    FollowUp,
    KeepInTouch,
    Outcome,
    SocialResource,
    Stage,
)
from tests.conftest import IDENTITY_STRINGS, Cases, Cast, make_user

STAGES = list(Stage.values)
ACTIONS = list(workflow.CASE_FLOW)
NOT_POSSIBLE = "This action is not possible in the current state."


def put(case: Case, stage: str, *, by: object) -> Case:
    """The case at `stage`, with what every step needs (a plan, an accepted match), so that
    only the stage decides whether a step is allowed."""
    if not case.plans.exists():
        CasePlan.objects.create(case=case, assessment="評価", written_on=case.opened_on, by=by)
    if not case.matches.filter(status=CaseMatch.Status.ACCEPTED).exists():
        CaseMatch.objects.create(
            case=case, new_resource="新しい居場所", status=CaseMatch.Status.ACCEPTED, by=by
        )
    closed = stage == Stage.CLOSED
    Case.objects.filter(pk=case.pk).update(
        stage=stage,
        closed_on=case.opened_on if closed else None,
        closed_from=Stage.FOLLOW_UP if closed else "",
        outcome=Outcome.SUCCESSFUL if closed else "",
    )
    return Case.objects.get(pk=case.pk)


def step(case: Case, action: str, by: object, **extra: str) -> Case:
    values = {"reason": "理由", "evaluation": "定着した", "outcome": Outcome.REFUSED, **extra}
    return services.case_transition(case=case, action=action, by=by, **values)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_and_action_pair(cast: Cast, cases: Cases, stage: str, action: str) -> None:
    manager = cast.users["secretariat"]
    case = put(cases.referred, stage, by=manager)
    sources, target = workflow.CASE_FLOW[action]
    if stage in sources:
        moved = step(case, action, manager)
        expected = Stage.FOLLOW_UP if action == "reopen" else target
        assert moved.stage == expected == Case.objects.get(pk=case.pk).stage
        change = CaseStageChange.objects.get(case=case)
        assert (change.action, change.from_stage, change.to_stage, change.by) == (
            action,
            stage,
            expected,
            manager,
        )
        assert Case.objects.get(pk=case.pk).revision == case.revision + 1
    else:
        with pytest.raises(InvalidTransition) as refused:
            step(case, action, manager)
        assert str(refused.value) == gettext(NOT_POSSIBLE)
        after = Case.objects.get(pk=case.pk)
        assert (after.stage, after.revision, after.closed_on) == (
            stage,
            case.revision,
            case.closed_on,
        )
        assert not CaseStageChange.objects.filter(case=case).exists()


TEAM_ONLY = {a for a, who in workflow.WHO.items() if who == workflow.TEAM}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    "role",
    [
        "case_worker",
        "secretariat",
        "other_worker",
        "unnamed_secretariat",
        "hub_provider",
        "city",
        "auditor",
        "member_a",
    ],
)
def test_who_may_take_each_step(cast: Cast, cases: Cases, role: str, action: str) -> None:
    if role == "other_worker":
        user = make_user(role, cast.council, CouncilRole.Role.CASE_WORKER)
    elif role == "unnamed_secretariat":
        user = make_user(role, cast.council, CouncilRole.Role.SECRETARIAT)
    else:
        user = cast.users[role]
    source = sorted(workflow.CASE_FLOW[action][0])[0]
    case = put(cases.referred, source, by=cast.users["case_worker"])
    allowed = role in {"case_worker", "secretariat"} or (
        role == "unnamed_secretariat" and action not in TEAM_ONLY
    )
    assert can(user, f"case.transition.{action}", case) == allowed
    if not allowed:
        with pytest.raises(PermissionDenied):
            step(case, action, user)
        assert Case.objects.get(pk=case.pk).stage == source


def test_a_worker_loses_the_steps_when_the_consent_is_revoked_but_a_manager_closes(
    cast: Cast, cases: Cases
) -> None:
    worker, manager = cast.users["case_worker"], cast.users["secretariat"]
    case = cases.revoked
    assert not can(worker, "case.transition.not_successful", case)
    case.case_managers.add(manager)
    closed = step(case, "not_successful", manager, outcome=Outcome.CONSENT_REVOKED)
    assert (closed.stage, closed.outcome) == (Stage.CLOSED, Outcome.CONSENT_REVOKED)


def test_a_plan_starts_only_while_the_consent_is_active(cast: Cast, cases: Cases) -> None:
    manager = cast.users["secretariat"]
    cases.revoked.case_managers.add(manager)
    with pytest.raises(InvalidTransition):
        step(cases.revoked, "start_plan", manager)
    assert Case.objects.get(pk=cases.revoked.pk).stage == Stage.INTAKE


def test_matching_needs_a_plan_and_the_follow_up_an_accepted_match(
    cast: Cast, cases: Cases
) -> None:
    worker = cast.users["case_worker"]
    case = step(cases.referred, "start_plan", worker)
    with pytest.raises(InvalidTransition):
        step(case, "start_matching", worker)
    services.case_plan_add(case=case, by=worker, assessment="本人と面談", written_on=case.opened_on)
    case = step(case, "start_matching", worker)
    match = services.case_match_add(case=case, by=worker, new_resource="農園の作業")
    with pytest.raises(InvalidTransition):
        step(case, "start_follow_up", worker)
    services.case_match_decide(match=match, decision="accept", by=worker)
    with pytest.raises(InvalidTransition):
        services.case_match_decide(match=match, decision="decline", by=worker)
    assert step(case, "start_follow_up", worker).stage == Stage.FOLLOW_UP


def test_closing_records_the_evaluation_and_the_connection(cast: Cast, cases: Cases) -> None:
    worker = cast.users["case_worker"]
    case = put(cases.referred, Stage.FOLLOW_UP, by=worker)
    with pytest.raises(services.EvaluationRequired):
        step(case, "close", worker, evaluation=" ")
    closed = step(case, "close", worker, evaluation="週3日通えている")
    assert (closed.stage, closed.outcome, closed.evaluation, closed.closed_from) == (
        Stage.CLOSED,
        Outcome.SUCCESSFUL,
        "週3日通えている",
        Stage.FOLLOW_UP,
    )
    assert closed.closed_on is not None


@pytest.mark.parametrize("outcome", [value for value, _label in workflow.UNSUCCESSFUL])
@pytest.mark.parametrize("stage", sorted(workflow.OPEN))
def test_not_successful_closes_with_each_reason(
    cast: Cast, cases: Cases, stage: str, outcome: str
) -> None:
    worker = cast.users["case_worker"]
    case = put(cases.referred, stage, by=worker)
    closed = step(case, "not_successful", worker, outcome=outcome, reason="")
    assert (closed.stage, closed.outcome, closed.closed_from) == (Stage.CLOSED, outcome, stage)


def test_not_successful_needs_one_of_the_reasons(cast: Cast, cases: Cases) -> None:
    worker = cast.users["case_worker"]
    for outcome in ("", Outcome.SUCCESSFUL, "nonsense"):
        with pytest.raises(services.OutcomeRequired):
            step(cases.referred, "not_successful", worker, outcome=outcome)
    assert Case.objects.get(pk=cases.referred.pk).stage == Stage.INTAKE


def test_reopen_goes_back_to_the_stage_it_was_closed_from(cast: Cast, cases: Cases) -> None:
    worker = cast.users["case_worker"]
    case = put(cases.referred, Stage.MATCHING, by=worker)
    closed = step(case, "not_successful", worker, outcome=Outcome.NO_CAPACITY)
    with pytest.raises(ReasonRequired):
        step(closed, "reopen", worker, reason="")
    reopened = step(closed, "reopen", worker, reason="空きが出た")
    assert (reopened.stage, reopened.closed_on, reopened.outcome, reopened.closed_from) == (
        Stage.MATCHING,
        None,
        "",
        "",
    )
    last = CaseStageChange.objects.filter(case=case).last()
    assert (last.action, last.reason, last.to_stage) == ("reopen", "空きが出た", Stage.MATCHING)


def test_reopen_goes_to_intake_when_the_closing_stage_is_not_known(
    cast: Cast, cases: Cases
) -> None:
    worker = cast.users["case_worker"]
    case = put(cases.referred, Stage.CLOSED, by=worker)
    Case.objects.filter(pk=case.pk).update(closed_from="")
    assert step(case, "reopen", worker).stage == Stage.INTAKE


def test_keep_in_touch_reminders_continue_after_closing(cast: Cast, cases: Cases) -> None:
    worker = cast.users["case_worker"]
    case = put(cases.referred, Stage.CLOSED, by=worker)
    url = reverse("referrals:case-keep-in-touch-create", args=[case.pk])
    response = cast.client("case_worker").post(url, {"due_on": "2026-12-01", "note": "電話する"})
    assert response.status_code == 302
    assert KeepInTouch.objects.get(case=case).note == "電話する"


# --- the pages ----------------------------------------------------------------------------


def transition_url(case: Case, action: str) -> str:
    return reverse("referrals:case-transition", args=[case.pk, action])


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("stage", STAGES)
def test_a_get_never_moves_a_case(cast: Cast, cases: Cases, stage: str, action: str) -> None:
    case = put(cases.referred, stage, by=cast.users["case_worker"])
    response = cast.client("case_worker").get(transition_url(case, action))
    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).stage == stage
    assert not CaseStageChange.objects.exists()


def test_a_refused_step_says_why_and_changes_nothing(cast: Cast, cases: Cases) -> None:
    response = cast.client("case_worker").post(transition_url(cases.referred, "start_matching"))
    assert response.status_code == 302
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == [gettext(NOT_POSSIBLE)]
    assert Case.objects.get(pk=cases.referred.pk).stage == Stage.INTAKE


def InvalidTransition_message() -> str:
    from django.utils.translation import gettext

    return gettext(NOT_POSSIBLE)


def test_a_step_page_with_missing_input_comes_back(cast: Cast, cases: Cases) -> None:
    client = cast.client("case_worker")
    response = client.post(transition_url(cases.referred, "not_successful"), {"outcome": ""})
    assert response.status_code == 400
    assert Case.objects.get(pk=cases.referred.pk).stage == Stage.INTAKE


def test_an_unknown_step_is_not_found(cast: Cast, cases: Cases) -> None:
    assert cast.client("case_worker").get(transition_url(cases.referred, "jump")).status_code == 404


def test_a_case_moves_through_all_five_stages_on_its_pages(cast: Cast, cases: Cases) -> None:
    client, case = cast.client("case_worker"), cases.referred
    detail = reverse("referrals:case-detail", args=[case.pk])
    assert transition_url(case, "start_plan") in client.get(detail).content.decode()
    assert client.post(transition_url(case, "start_plan")).status_code == 302
    plan = {"written_on": "2026-05-10", "assessment": "家族と面談", "needs": "日中の居場所"}
    url = reverse("referrals:case-plan-create", args=[case.pk])
    assert client.post(url, plan).status_code == 302
    assert client.post(transition_url(case, "start_matching")).status_code == 302
    resource = SocialResource.objects.create(council=cast.council, name="地域の作業所")
    url = reverse("referrals:case-match-create", args=[case.pk])
    assert (
        client.post(url, {"resource": resource.pk, "host_assessment": "受入可"}).status_code == 302
    )
    match = CaseMatch.objects.get(case=case)
    url = reverse("referrals:case-match-decide", args=[match.pk, "accept"])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert client.post(transition_url(case, "start_follow_up")).status_code == 302
    url = reverse("referrals:case-follow-up-create", args=[case.pk])
    visit = {"scheduled_on": "2026-07-01", "person_note": "慣れてきた", "host_concerns": "送迎"}
    assert client.post(url, visit).status_code == 302
    response = client.post(transition_url(case, "close"), {"evaluation": "定着した"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.stage, case.outcome) == (Stage.CLOSED, Outcome.SUCCESSFUL)
    assert FollowUp.objects.get(case=case).host_concerns == "送迎"
    page = client.get(detail).content.decode()
    assert (
        "慣れてきた" in page and "地域の作業所" in page and transition_url(case, "reopen") in page
    )
    changes = list(CaseStageChange.objects.filter(case=case).values_list("to_stage", flat=True))
    assert changes == [Stage.PLANNING, Stage.MATCHING, Stage.FOLLOW_UP, Stage.CLOSED]


def test_the_match_form_offers_only_the_cases_councils_catalogue(cast: Cast, cases: Cases) -> None:
    SocialResource.objects.create(council=cast.council, name="この市の事業")
    SocialResource.objects.create(council=cast.other_council, name="別の市の事業")
    url = reverse("referrals:case-match-create", args=[cases.referred.pk])
    page = cast.client("case_worker").get(url).content.decode()
    assert "この市の事業" in page and "別の市の事業" not in page


def test_the_hub_provider_reads_the_records_but_writes_none(cast: Cast, cases: Cases) -> None:
    worker = cast.users["case_worker"]
    services.case_plan_add(
        case=cases.referred, by=worker, assessment="面談した", written_on=cases.referred.opened_on
    )
    client = cast.client("hub_provider")
    detail = client.get(reverse("referrals:case-detail", args=[cases.referred.pk]))
    assert "面談した" in detail.content.decode()
    assert reverse("referrals:case-plan-create", args=[cases.referred.pk]) not in (
        detail.content.decode()
    )
    url = reverse("referrals:case-plan-create", args=[cases.referred.pk])
    assert client.get(url).status_code == 403


def test_the_city_and_the_auditor_see_no_record_of_the_pipeline(cast: Cast, cases: Cases) -> None:
    worker = cast.users["case_worker"]
    services.case_plan_add(
        case=cases.referred, by=worker, assessment="面談した", written_on=cases.referred.opened_on
    )
    for role in ("city", "auditor"):
        page = cast.client(role).get(reverse("referrals:case-detail", args=[cases.referred.pk]))
        assert "面談した" not in page.content.decode()


def test_the_pipeline_pages_never_show_the_identity(cast: Cast, cases: Cases) -> None:
    match = services.case_match_add(
        case=cases.referred, by=cast.users["case_worker"], new_resource="畑"
    )
    pk = cases.referred.pk
    urls = [
        *(transition_url(cases.referred, action) for action in ACTIONS),
        reverse("referrals:case-plan-create", args=[pk]),
        reverse("referrals:case-match-create", args=[pk]),
        reverse("referrals:case-match-decide", args=[match.pk, "accept"]),
        reverse("referrals:case-follow-up-create", args=[pk]),
        reverse("referrals:case-keep-in-touch-create", args=[pk]),
    ]
    client = cast.client("case_worker")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not [s for s in IDENTITY_STRINGS if s in response.content.decode()], url
        assert CaseReadLog.objects.filter(path=url, what=CaseReadLog.What.PIPELINE).exists()


def test_the_detail_keeps_its_query_count_with_more_records(cast: Cast, cases: Cases) -> None:
    worker, case = cast.users["case_worker"], cases.referred
    client = cast.client("case_worker")
    url = reverse("referrals:case-detail", args=[case.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add() -> None:
        services.case_plan_add(case=case, by=worker, assessment="a", written_on=case.opened_on)
        services.case_match_add(case=case, by=worker, new_resource="b")
        services.case_follow_up_add(case=case, by=worker, scheduled_on=case.opened_on)
        services.case_keep_in_touch_add(case=case, by=worker, due_on=case.opened_on)

    add()
    before = count()
    for _ in range(20):
        add()
    step(put(case, Stage.FOLLOW_UP, by=worker), "close", worker)
    step(Case.objects.get(pk=case.pk), "reopen", worker)
    assert count() == before


def test_a_closed_date_is_never_before_the_opening(cast: Cast, cases: Cases) -> None:
    worker = cast.users["case_worker"]
    Case.objects.filter(pk=cases.referred.pk).update(opened_on=datetime.date(2099, 1, 1))
    case = Case.objects.get(pk=cases.referred.pk)
    assert step(case, "not_successful", worker).closed_on == datetime.date(2099, 1, 1)
