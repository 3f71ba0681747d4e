"""年度切り替え: the preview, each body's fate, what is copied, idempotence, refusals, queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from council.models import Body, BodyYear, DocumentStatus, FiscalYear, Membership, Person
from subcommittees import rollover
from subcommittees.models import (
    ActionPlan,
    ActionPlanRow,
    ActivityPolicy,
    IssueEvent,
    IssueStatus,
    RegionalIssue,
    ReviewSheet,
)
from tests.conftest import Cast

CONTINUE, END = ReviewSheet.NextYear.CONTINUE, ReviewSheet.NextYear.END


# --- small factories -------------------------------------------------------------------------


def body_year(cast: Cast, body: Body, year: int = 2020) -> BodyYear:
    return BodyYear.objects.get(
        body=body, fiscal_year__council=cast.council, fiscal_year__year=year
    )


def decide(review: ReviewSheet, next_year: str, **fields: Any) -> ReviewSheet:
    fields.setdefault("status", DocumentStatus.PUBLISHED)
    for name, value in {"next_year": next_year, **fields}.items():
        setattr(review, name, value)
    review.save()
    return review


def make_review(cast: Cast, body: Body, next_year: str = "", **fields: Any) -> ReviewSheet:
    review = ReviewSheet.objects.create(body_year=body_year(cast, body))
    return decide(review, next_year, **fields)


def make_issue(cast: Cast, title: str, *steps: tuple[FiscalYear, str]) -> RegionalIssue:
    issue = RegionalIssue.objects.create(council=cast.council, title=title, owner=cast.body_a)
    for fiscal_year, status in steps:
        IssueEvent.objects.create(issue=issue, fiscal_year=fiscal_year, status=status)
    return issue


def make_plan(on: BodyYear, goal: str, *progress: str) -> ActionPlan:
    plan = ActionPlan.objects.create(body_year=on, goal=goal)
    for order, state in enumerate(progress, start=1):
        ActionPlanRow.objects.create(plan=plan, order=order, problem=f"課題{order}", progress=state)
    return plan


def add_body(cast: Cast, n: int) -> Body:
    """A subcommittee with a member and a 継続 review sheet, for the query budget."""
    body = Body.objects.create(
        council=cast.council, name=f"追加部会{n}", kind=Body.Kind.SUBCOMMITTEE, order=20 + n
    )
    this_year = BodyYear.objects.create(body=body, fiscal_year=cast.year)
    person = Person.objects.create(council=cast.council, name=f"委員{n}")
    Membership.objects.create(person=person, body=body, fiscal_year=cast.year)
    ActivityPolicy.objects.create(body_year=this_year, policy=f"方針{n}")
    ReviewSheet.objects.create(
        body_year=this_year, next_year=CONTINUE, next_policy="続ける", results="成果"
    )
    make_plan(this_year, f"目標{n}", ActionPlanRow.Progress.IN_PROGRESS)
    return body


def row_counts() -> dict[str, int]:
    """Every council and subcommittees table, their historical tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for label in ("council", "subcommittees")
        for model in apps.get_app_config(label).get_models()
    }


def roll(cast: Cast) -> rollover.RolloverPlan:
    return rollover.year_rollover(
        council=cast.council, from_year=cast.year, by=cast.users["secretariat"]
    )


def next_body_year(cast: Cast, body: Body) -> BodyYear:
    return body_year(cast, body, 2021)


# --- the preview ---------------------------------------------------------------------------


def test_the_preview_writes_nothing(cast: Cast) -> None:
    decide(cast.review_a, CONTINUE, next_policy="方針案")
    before = row_counts()
    with CaptureQueriesContext(connection) as ctx:
        plan = rollover.plan_rollover(council=cast.council, from_year=cast.year)
    assert row_counts() == before
    writes = [q["sql"] for q in ctx.captured_queries if not q["sql"].lstrip().startswith("SELECT")]
    assert writes == []
    assert plan.next_label == "令和3年度"
    assert not plan.next_year_exists
    assert [(s.body, s.action) for s in plan.bodies] == [
        (cast.plenary, "carry"),
        (cast.body_a, "continue"),
        (cast.body_b, "carry"),
    ]
    seat = Membership.objects.filter(fiscal_year=cast.year).get
    both = cast.users["member_ab"].person  # sits in 部会A and 部会B: both seats are copied
    assert plan.memberships == [
        cast.membership_a,
        seat(person=both, body=cast.body_a),
        seat(person=cast.person_b),
        seat(person=both, body=cast.body_b),
    ]


def test_the_preview_flags_undecided_bodies_and_unapproved_decisions(cast: Cast) -> None:
    decide(cast.review_a, CONTINUE, status=DocumentStatus.SUBMITTED, next_policy="方針案")
    plan = rollover.plan_rollover(council=cast.council, from_year=cast.year)
    steps = {s.body: s for s in plan.bodies}
    assert steps[cast.body_b].undecided
    assert not steps[cast.body_a].undecided
    assert not steps[cast.plenary].undecided  # 全体会 writes no review sheet
    assert any("就労部会" in w and "承認されていません" in w for w in plan.warnings)
    assert any("相談支援部会の振り返り・評価シートがありません" in w for w in plan.warnings)


def test_a_paused_body_is_carried_as_paused_and_the_preview_says_so(cast: Cast) -> None:
    BodyYear.objects.filter(pk=body_year(cast, cast.body_b).pk).update(status="paused")
    plan = rollover.plan_rollover(council=cast.council, from_year=cast.year)
    step = next(s for s in plan.bodies if s.body == cast.body_b)
    assert (step.action, step.next_status, step.action_label) == (
        "carry",
        "paused",
        "休止のまま繰り越し",
    )
    assert "休止" in step.note
    roll(cast)
    assert next_body_year(cast, cast.body_b).status == BodyYear.Status.PAUSED


# --- applying ------------------------------------------------------------------------------


def test_a_continuing_body_gets_next_years_policy_from_its_review_sheet(cast: Cast) -> None:
    ActivityPolicy.objects.filter(pk=cast.policy_a.pk).update(
        history_text="令和元年度は、発足した。"
    )
    decide(
        cast.review_a,
        CONTINUE,
        results="就労パスポートを周知した。\n\n細かな経過は省く。",
        next_policy="就労定着を地域で支える",
        next_activities="事業所見学会",
        handover="名簿の更新",
    )
    roll(cast)
    nxt = next_body_year(cast, cast.body_a)
    assert nxt.status == BodyYear.Status.ACTIVE
    assert nxt.note == "引き継ぎ事項：名簿の更新"
    policy = ActivityPolicy.objects.get(body_year=nxt)
    assert policy.policy == "就労定着を地域で支える"
    assert policy.activities == "事業所見学会"
    assert (
        policy.history_text == "令和元年度は、発足した。\n\n令和2年度は、就労パスポートを周知した。"
    )
    assert policy.status == DocumentStatus.DRAFT
    created = policy.history.get()
    assert (created.history_user, created.history_change_reason) == (
        cast.users["secretariat"],
        "年度切り替え（令和2年度→令和3年度）",
    )


def test_a_history_that_grows_past_its_limit_is_carried_whole_with_a_warning(cast: Cast) -> None:
    long_history = "令和元年度は、発足した。" * 333  # 3996 characters, next year's line on top
    ActivityPolicy.objects.filter(pk=cast.policy_a.pk).update(history_text=long_history)
    decide(cast.review_a, CONTINUE, results="就労パスポートを周知した。", next_policy="案")
    plan = rollover.plan_rollover(council=cast.council, from_year=cast.year)
    assert any("就労部会の「これまでの経過」" in w and "4000文字" in w for w in plan.warnings)
    roll(cast)
    policy = ActivityPolicy.objects.get(body_year=next_body_year(cast, cast.body_a))
    assert policy.history_text.startswith(long_history)  # nothing is cut


def test_the_history_line_falls_back_to_this_years_policy(cast: Cast) -> None:
    decide(cast.review_a, CONTINUE, results="", next_policy="案")
    roll(cast)
    policy = ActivityPolicy.objects.get(body_year=next_body_year(cast, cast.body_a))
    assert policy.history_text == "令和2年度は、就労定着支援をテーマとする"


def test_an_undecided_body_is_carried_with_this_years_policy(cast: Cast) -> None:
    roll(cast)
    policy = ActivityPolicy.objects.get(body_year=next_body_year(cast, cast.body_a))
    assert policy.policy == cast.policy_a.policy
    assert next_body_year(cast, cast.body_b).status == BodyYear.Status.ACTIVE
    assert not ActivityPolicy.objects.filter(body_year=next_body_year(cast, cast.body_b)).exists()


def test_an_ending_body_is_ended_next_year_and_its_members_are_not_copied(cast: Cast) -> None:
    make_review(cast, cast.body_b, END, end_reason="目的を達成した")
    roll(cast)
    nxt = next_body_year(cast, cast.body_b)
    assert nxt.status == BodyYear.Status.ENDED
    assert nxt.note == "終了理由：目的を達成した"
    assert not Membership.objects.filter(body=cast.body_b, fiscal_year=nxt.fiscal_year).exists()
    assert not ActivityPolicy.objects.filter(body_year=nxt).exists()


def test_a_body_ended_this_year_gets_nothing_next_year(cast: Cast) -> None:
    BodyYear.objects.filter(pk=body_year(cast, cast.body_b).pk).update(status="ended")
    roll(cast)
    assert not BodyYear.objects.filter(body=cast.body_b, fiscal_year__year=2021).exists()
    assert not Membership.objects.filter(body=cast.body_b, fiscal_year__year=2021).exists()


def test_memberships_of_continuing_bodies_are_copied(cast: Cast) -> None:
    Membership.objects.filter(pk=cast.membership_a.pk).update(
        role=Membership.Role.SUBCOMMITTEE_CHAIR,
        order=3,
        appointed_on=datetime.date(2019, 4, 1),
        term_ends_on=datetime.date(2022, 3, 31),
        is_substitute=True,
    )
    decide(cast.review_a, CONTINUE, next_policy="案")
    plan = roll(cast)
    copy = Membership.objects.get(person=cast.person_a, body=cast.body_a, fiscal_year__year=2021)
    fields = ("role", "order", "appointed_on", "term_ends_on", "is_substitute")
    assert [getattr(copy, f) for f in fields] == [
        "subcommittee_chair",
        3,
        datetime.date(2019, 4, 1),
        datetime.date(2022, 3, 31),
        True,
    ]
    assert copy.history.count() == 1  # bulk-created, history kept
    assert Membership.objects.filter(body=cast.body_b, fiscal_year__year=2021).exists()
    assert plan.created["memberships"] == 4  # 佐々木, 鈴木, and 渡辺 in both bodies


def test_an_expired_term_is_copied_with_a_warning(cast: Cast) -> None:
    Membership.objects.filter(pk=cast.membership_a.pk).update(
        term_ends_on=datetime.date(2021, 3, 31)
    )
    plan = rollover.plan_rollover(council=cast.council, from_year=cast.year)
    assert any("佐々木さん" in w and "令和3年3月31日" in w for w in plan.warnings)


def test_the_new_year_becomes_current_and_the_old_one_is_not(cast: Cast) -> None:
    roll(cast)
    cast.year.refresh_from_db()
    assert not cast.year.is_current
    assert cast.council.current_fiscal_year().year == 2021
    assert FiscalYear.objects.get(council=cast.other_council).is_current  # untouched


def test_an_open_issue_is_carried_and_a_closed_one_is_not(cast: Cast) -> None:
    closed = make_issue(
        cast, "閉じた課題", (cast.year, IssueStatus.STUDYING), (cast.year, IssueStatus.CLOSED)
    )
    roll(cast)
    event = IssueEvent.objects.get(issue=cast.issue_a, fiscal_year__year=2021)
    assert (event.status, event.note) == (IssueStatus.ACTING, "前年度から継続")
    assert event.date == datetime.date(2021, 4, 1)
    assert not IssueEvent.objects.filter(issue=closed, fiscal_year__year=2021).exists()


def test_an_action_plan_is_copied_with_only_its_unfinished_rows(cast: Cast) -> None:
    Progress = ActionPlanRow.Progress
    ActionPlanRow.objects.create(
        plan=cast.plan_a, order=2, problem="済んだ課題", progress=Progress.DONE
    )
    ActionPlanRow.objects.create(
        plan=cast.plan_a, order=3, problem="途中の課題", progress=Progress.IN_PROGRESS
    )
    make_plan(body_year(cast, cast.body_a), "達成済みの目標", Progress.DONE)
    roll(cast)
    copy = ActionPlan.objects.get(body_year__fiscal_year__year=2021)
    assert (copy.goal, copy.issue, copy.status) == ("相談先が明確な体制", cast.issue_a, "draft")
    assert [(r.problem, r.progress) for r in copy.rows.all()] == [
        ("地域の理解がない", Progress.NOT_STARTED),
        ("途中の課題", Progress.IN_PROGRESS),
    ]


def test_what_next_year_already_has_is_kept_and_not_duplicated(cast: Cast) -> None:
    next_fy = FiscalYear.objects.create(council=cast.council, year=2021)
    nxt = BodyYear.objects.create(body=cast.body_a, fiscal_year=next_fy, status="paused")
    ActivityPolicy.objects.create(body_year=nxt, policy="先に書いた方針")
    Membership.objects.create(
        person=cast.person_a, body=cast.body_a, fiscal_year=next_fy, role="leader"
    )
    decide(cast.review_a, CONTINUE, next_policy="案")
    plan = roll(cast)
    assert plan.created["fiscal_years"] == 0
    nxt.refresh_from_db()
    assert nxt.status == "paused"
    assert ActivityPolicy.objects.get(body_year=nxt).policy == "先に書いた方針"
    assert Membership.objects.get(person=cast.person_a, fiscal_year=next_fy).role == "leader"
    assert any("変更しません" in w for w in plan.warnings)
    next_fy.refresh_from_db()
    assert next_fy.is_current


# --- idempotence and refusals -----------------------------------------------------------------


def test_running_the_rollover_twice_changes_nothing_the_second_time(cast: Cast) -> None:
    decide(cast.review_a, CONTINUE, next_policy="案")
    roll(cast)
    after_first = row_counts()
    with pytest.raises(rollover.RolloverError):
        roll(cast)  # 令和2年度 is no longer current
    assert row_counts() == after_first


def test_applying_the_rollover_again_adds_nothing_but_the_current_flag(cast: Cast) -> None:
    # Someone put the flag back on 令和2年度: the steps themselves must add nothing twice.
    decide(cast.review_a, CONTINUE, next_policy="案")
    roll(cast)
    FiscalYear.objects.filter(council=cast.council, year=2021).update(is_current=False)
    FiscalYear.objects.filter(pk=cast.year.pk).update(is_current=True)
    after_first = row_counts()
    plan = roll(cast)
    counts = row_counts()
    assert (
        counts.pop("council.HistoricalFiscalYear")
        == after_first.pop("council.HistoricalFiscalYear") + 2
    )
    assert counts == after_first
    assert set(plan.created.values()) == {0}
    assert not plan.memberships and not plan.issues and not plan.plans


@pytest.mark.parametrize("role", ["member_a", "city", "auditor", "anonymous"])
def test_only_the_secretariat_may_roll_over(cast: Cast, role: str) -> None:
    before = row_counts()
    with pytest.raises(PermissionDenied):
        rollover.year_rollover(council=cast.council, from_year=cast.year, by=cast.users[role])
    assert row_counts() == before


def test_rolling_over_a_year_that_is_not_current_is_refused(cast: Cast) -> None:
    past = FiscalYear.objects.create(council=cast.council, year=2019)
    with pytest.raises(rollover.RolloverError, match="令和元年度は現在の年度ではありません"):
        rollover.year_rollover(council=cast.council, from_year=past, by=cast.users["secretariat"])
    with pytest.raises(rollover.RolloverError):
        rollover.plan_rollover(council=cast.council, from_year=past)


def test_another_councils_year_is_refused(cast: Cast) -> None:
    theirs = FiscalYear.objects.get(council=cast.other_council)
    with pytest.raises(rollover.RolloverError):
        rollover.year_rollover(council=cast.council, from_year=theirs, by=cast.users["secretariat"])


# --- query budget --------------------------------------------------------------------------


def test_the_preview_does_not_query_per_body(cast: Cast) -> None:
    # Expected: the current year, next year exists?, this year's BodyYears (+ policy and review
    # sheet), next year's BodyYears (+ policy), memberships taken next year, this year's
    # memberships (+ person), issues (+ owner), their events, plans copied already, this year's
    # plans (+ body, issue), their unfinished rows.
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            rollover.plan_rollover(council=cast.council, from_year=cast.year)
        return len(ctx.captured_queries)

    add_body(cast, 1)
    with_one = count()
    for n in range(2, 11):
        add_body(cast, n)
    assert count() == with_one == 11
    plan = rollover.plan_rollover(council=cast.council, from_year=cast.year)
    assert len(plan.plans) == 11 and len(plan.memberships) == 14


def test_the_history_line_does_not_say_this_year_after_the_years_name(cast: Cast) -> None:
    """The review's results are written in the year itself (「今年度は…」): the line that
    names the year must not read 「令和2年度は、今年度は…」."""
    decide(
        cast.review_a,
        CONTINUE,
        results="今年度は【就労定着支援】を取り扱い、今年度の部会として取り組む内容とする。",
        next_policy="案",
    )
    roll(cast)
    policy = ActivityPolicy.objects.get(body_year=next_body_year(cast, cast.body_a))
    assert policy.history_text == (
        "令和2年度は、【就労定着支援】を取り扱い、同年度の部会として取り組む内容とする。"
    )
