"""年度切り替え: open next fiscal year from this one, with a preview of what it will do.

`plan_rollover` reads everything in a fixed number of queries and describes the rollover;
`year_rollover` locks the council's years, plans again under the lock and applies the plan.
Every step only fills what is missing, so applying a plan twice writes nothing the second time
(and a second run is refused anyway, because `from_year` is no longer the current year).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, Prefetch
from simple_history.utils import bulk_create_with_history

from council import wareki
from council.models import (
    HISTORY_TEXT,
    Body,
    BodyYear,
    Council,
    DocumentStatus,
    FiscalYear,
    Membership,
)
from council.permissions import require
from subcommittees.models import (
    ActionPlan,
    ActionPlanRow,
    ActivityPolicy,
    IssueEvent,
    IssueStatus,
    RegionalIssue,
    ReviewSheet,
)

CONTINUE, END, CARRY, NONE = "continue", "end", "carry", "none"
ACTION_LABELS = {
    CONTINUE: "継続",
    END: "終了",
    CARRY: "繰り越し",
    NONE: "対象外",
}
CARRIED_NOTE = "前年度から継続"
# Bodies that write a 振り返り・評価シート every year; standing bodies (全体会, 運営会議…) do not,
# so a missing sheet is only worth a warning for these.
REVIEWED_KINDS = {Body.Kind.SUBCOMMITTEE, Body.Kind.WORKING}
DECIDED = {DocumentStatus.APPROVED, DocumentStatus.PUBLISHED}
Status = BodyYear.Status


class RolloverError(ValueError):
    """The rollover cannot start; the message is for the secretariat (Japanese)."""


@dataclass
class PolicyDraft:
    """The next year's 活動方針 as it will be created (always a draft)."""

    history_text: str
    policy: str
    activities: str


@dataclass
class BodyStep:
    body: Body
    body_year: BodyYear  # this year's
    action: str  # CONTINUE, END, CARRY or NONE
    next_status: str = ""  # the status a new BodyYear gets; "" for NONE
    note: str = ""  # why, in Japanese, for the preview
    undecided: bool = False  # carried without a 継続/終了 decision: 「方針未決定」
    creates_body_year: bool = False
    next_note: str = ""  # 引き継ぎ事項 or 終了理由, written on the new BodyYear
    new_policy: PolicyDraft | None = None
    memberships: list[Membership] = field(default_factory=list)  # to copy

    @property
    def action_label(self) -> str:
        if self.action == CARRY and self.next_status == Status.PAUSED:
            return "休止のまま繰り越し"
        return ACTION_LABELS[self.action]

    @property
    def review(self) -> ReviewSheet | None:
        return _related(self.body_year, "review_sheet")

    @property
    def policy(self) -> ActivityPolicy | None:
        return _related(self.body_year, "policy")


@dataclass
class IssueCarry:
    issue: RegionalIssue
    status: str  # the latest status, repeated in the new year

    @property
    def status_label(self) -> str:
        return str(IssueStatus(self.status).label)


@dataclass
class PlanCopy:
    plan: ActionPlan
    rows: list[ActionPlanRow]  # the unfinished ones


@dataclass
class RolloverPlan:
    council: Council
    from_year: FiscalYear
    next_year: int
    next_year_exists: bool
    bodies: list[BodyStep] = field(default_factory=list)
    issues: list[IssueCarry] = field(default_factory=list)
    plans: list[PlanCopy] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Filled by year_rollover: model name → rows created.
    created: dict[str, int] = field(default_factory=dict)

    @property
    def next_label(self) -> str:
        return wareki.format_fiscal_year(self.next_year)

    @property
    def memberships(self) -> list[Membership]:
        return [m for step in self.bodies for m in step.memberships]

    @property
    def next_start(self) -> datetime.date:
        return datetime.date(self.next_year, 4, 1)


def _related(obj: Any, name: str) -> Any:
    """A reverse one-to-one that may be missing, without a query when select_related loaded it."""
    return getattr(obj, name, None)


def first_paragraph(text: str) -> str:
    return re.split(r"\n\s*\n", text.strip(), maxsplit=1)[0].strip()


# A review is written within its year (「今年度は…」); once the line names the year, its
# opening 今年度は goes and a later 今年度 becomes 同年度, or it read 「令和2年度は、今年度は…」.
_THIS_YEAR_OPENING = re.compile(r"^(?:今年度|本年度|当年度)(?:は|に|、)+、?")
_THIS_YEAR = re.compile(r"今年度|本年度|当年度")


def _history_with_year(previous: str, year: FiscalYear, summary: str) -> str:
    """これまでの経過 grows by one paragraph a year: 「令和2年度は、…」."""
    summary = _THIS_YEAR.sub("同年度", _THIS_YEAR_OPENING.sub("", summary.strip()))
    if not summary:
        return previous
    line = f"{year.label}は、{summary}"
    return f"{previous.rstrip()}\n\n{line}" if previous.strip() else line


# --- planning (reads only) -----------------------------------------------------------------


def _check_current(council: Council, from_year: FiscalYear) -> None:
    current = council.fiscal_years.filter(is_current=True).first()
    if from_year.council_id != council.pk or current is None or current.pk != from_year.pk:
        now = f"（現在は{current.label}）" if current else ""
        raise RolloverError(
            f"{from_year.label}は現在の年度ではありません{now}。"
            "年度の切り替えは現在の年度からのみ行えます。"
        )


def _decide(body_year: BodyYear, plan: RolloverPlan) -> BodyStep:
    """継続 / 終了 from the review sheet; without a decision the body is carried as it is."""
    body = body_year.body
    review: ReviewSheet | None = _related(body_year, "review_sheet")
    step = BodyStep(body=body, body_year=body_year, action=CARRY, next_status=Status.ACTIVE)
    if body_year.status == Status.ENDED:
        step.action, step.next_status = NONE, ""
        step.note = "今年度で終了済みのため引き継ぎません。"
        return step
    if review is not None and review.next_year:
        if review.status not in DECIDED:
            plan.warnings.append(
                f"{body.name}の振り返り・評価シートは{review.get_status_display()}のままです"
                f"（{review.get_next_year_display()}の判断がまだ承認されていません）。"
            )
        if review.next_year == ReviewSheet.NextYear.END:
            step.action, step.next_status = END, Status.ENDED
            step.note = "振り返り・評価シートで「終了」と決まっています。"
            step.next_note = f"終了理由：{review.end_reason}" if review.end_reason else ""
        else:
            step.action = CONTINUE
            step.note = "振り返り・評価シートで「継続」と決まっています。"
            step.next_note = f"引き継ぎ事項：{review.handover}" if review.handover else ""
            if not review.next_policy.strip():
                plan.warnings.append(f"{body.name}の「活動方針(案)」が空です。")
        return step
    if body_year.status == Status.PAUSED:
        # Resuming is the secretariat's decision; until then a paused body stays paused.
        step.next_status = Status.PAUSED
        step.note = "休止中のため、来年度も休止として繰り越します。再開する場合は変更してください。"
        return step
    if body.kind in REVIEWED_KINDS:
        step.undecided = True
        step.note = "継続・終了が未決定のため、今年度と同じ形で繰り越します。"
        if review is None:
            plan.warnings.append(f"{body.name}の振り返り・評価シートがありません。")
        else:
            plan.warnings.append(
                f"{body.name}の振り返り・評価シートで来年度の取り組みが未選択です。"
            )
    else:
        step.note = "常設の会議体として繰り越します。"
    return step


def _policy_draft(step: BodyStep, from_year: FiscalYear) -> PolicyDraft | None:
    """継続: the review's proposal becomes the policy; carried: this year's policy is copied.

    Either way this year gets its line in これまでの経過, so next year's history has no gap.
    """
    current = step.policy
    history = current.history_text if current else ""
    if step.action == CONTINUE:
        review = step.review
        summary = first_paragraph(review.results or (current.policy if current else ""))
        return PolicyDraft(
            history_text=_history_with_year(history, from_year, summary),
            policy=review.next_policy,
            activities=review.next_activities,
        )
    if step.action == CARRY and step.next_status == Status.ACTIVE and current is not None:
        return PolicyDraft(
            history_text=_history_with_year(history, from_year, first_paragraph(current.policy)),
            policy=current.policy,
            activities=current.activities,
        )
    return None


def _plan_bodies(plan: RolloverPlan, from_year: FiscalYear) -> None:
    body_years = (
        BodyYear.objects.filter(fiscal_year=from_year, body__council=plan.council)
        .select_related("body", "policy", "review_sheet")
        .order_by("body__order", "body__name")
    )
    # What next year already has: a BodyYear (and whether it has a policy) per body.
    existing = {
        by.body_id: by
        for by in BodyYear.objects.filter(
            body__council=plan.council, fiscal_year__year=plan.next_year
        ).select_related("policy")
    }
    for body_year in body_years:
        step = _decide(body_year, plan)
        plan.bodies.append(step)
        if step.action == NONE:
            continue
        nxt = existing.get(body_year.body_id)
        step.creates_body_year = nxt is None
        if nxt is not None and nxt.status != step.next_status:
            plan.warnings.append(
                f"{plan.next_label}の{step.body.name}は既に「{nxt.get_status_display()}」として"
                "登録済みのため、変更しません。"
            )
        if nxt is None or _related(nxt, "policy") is None:
            step.new_policy = _policy_draft(step, from_year)
            grown = len(step.new_policy.history_text) if step.new_policy else 0
            if grown > HISTORY_TEXT:
                # Carried whole: the policy's form asks for a shorter one at its next save.
                plan.warnings.append(
                    f"{step.body.name}の「これまでの経過」は{grown}文字になり、上限の"
                    f"{HISTORY_TEXT}文字を超えます。切り替え後、活動方針で要約してください。"
                )


def _plan_memberships(plan: RolloverPlan, from_year: FiscalYear) -> None:
    """Everyone in a body that goes on is copied, unless already entered for next year."""
    steps = {s.body.pk: s for s in plan.bodies if s.action in (CONTINUE, CARRY)}
    taken = set(
        Membership.objects.filter(
            body__council=plan.council, fiscal_year__year=plan.next_year
        ).values_list("person_id", "body_id")
    )
    memberships = Membership.objects.filter(
        fiscal_year=from_year, body__council=plan.council
    ).select_related("person")
    for membership in memberships:
        step = steps.get(membership.body_id)
        if step is None or (membership.person_id, membership.body_id) in taken:
            continue
        step.memberships.append(membership)
        if membership.term_ends_on and membership.term_ends_on < plan.next_start:
            plan.warnings.append(
                f"{membership.person.name}さん（{step.body.name}）の任期は"
                f"{wareki.format_date(membership.term_ends_on)}までです。名簿には写しますので、"
                "再任の有無を確認してください。"
            )


def _plan_issues(plan: RolloverPlan) -> None:
    """Open issues (latest step not 取扱い終了) get a step in the new year, once."""
    events = IssueEvent.objects.select_related("fiscal_year").order_by(
        "fiscal_year__year", F("date").asc(nulls_first=True), "id"
    )
    issues = (
        RegionalIssue.objects.filter(council=plan.council)
        .select_related("owner")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("label", "id")
    )
    ending = {s.body.pk for s in plan.bodies if s.action in (END, NONE)}
    for issue in issues:
        steps = list(issue.events.all())
        if not steps:
            continue  # no status recorded, nothing to repeat
        if any(e.fiscal_year.year >= plan.next_year for e in steps):
            continue  # already carried (or recorded) in the new year
        latest = steps[-1]
        if latest.status == IssueStatus.CLOSED:
            continue
        plan.issues.append(IssueCarry(issue=issue, status=latest.status))
        if issue.owner_id in ending:
            plan.warnings.append(
                f"地域課題「{issue}」の担当の{issue.owner.name}は終了します。担当を見直してください。"
            )


def _plan_action_plans(plan: RolloverPlan, from_year: FiscalYear) -> None:
    """Plans with unfinished rows move to the body's next year with only those rows."""
    going_on = {s.body.pk for s in plan.bodies if s.action in (CONTINUE, CARRY)}
    # No link from a copy to its source exists, so a copy is recognised by body, goal and issue.
    copied = set(
        ActionPlan.objects.filter(
            body_year__body__council=plan.council, body_year__fiscal_year__year=plan.next_year
        ).values_list("body_year__body_id", "goal", "issue_id")
    )
    unfinished = ActionPlanRow.objects.exclude(progress=ActionPlanRow.Progress.DONE)
    plans = (
        ActionPlan.objects.filter(
            body_year__fiscal_year=from_year, body_year__body__council=plan.council
        )
        .select_related("body_year__body", "issue")
        .prefetch_related(Prefetch("rows", queryset=unfinished, to_attr="unfinished_rows"))
        .order_by("body_year__body__order", "id")
    )
    for action_plan in plans:
        rows = action_plan.unfinished_rows
        body = action_plan.body_year.body
        if not rows or (body.pk, action_plan.goal, action_plan.issue_id) in copied:
            continue
        if body.pk not in going_on:
            plan.warnings.append(
                f"{body.name}は来年度に引き継がれないため、未完了のアクションプラン"
                f"「{action_plan.goal[:20]}」は写しません。"
            )
            continue
        plan.plans.append(PlanCopy(plan=action_plan, rows=rows))


def plan_rollover(*, council: Council, from_year: FiscalYear) -> RolloverPlan:
    """What `year_rollover` would do, without writing anything (about ten queries, any size)."""
    _check_current(council, from_year)
    next_year = from_year.year + 1
    plan = RolloverPlan(
        council=council,
        from_year=from_year,
        next_year=next_year,
        next_year_exists=council.fiscal_years.filter(year=next_year).exists(),
    )
    _plan_bodies(plan, from_year)
    _plan_memberships(plan, from_year)
    _plan_issues(plan)
    _plan_action_plans(plan, from_year)
    return plan


# --- applying -------------------------------------------------------------------------------


def _stamp(obj: Any, by: Any, reason: str) -> Any:
    """Who and why, for the history row that the next save() writes."""
    obj._history_user = by
    obj._change_reason = reason
    return obj


def _open_next_year(plan: RolloverPlan, years: dict, by: Any, reason: str) -> FiscalYear:
    """Make the next year current, creating it if needed; saves only what changes.

    The old flag is cleared first: one current year per council is a database constraint.
    """
    plan.created["fiscal_years"] = 0
    from_year = plan.from_year
    if from_year.is_current:
        from_year.is_current = False
        _stamp(from_year, by, reason).save(update_fields=["is_current"])
    next_fy = years.get(plan.next_year)
    if next_fy is None:
        next_fy = FiscalYear(council=plan.council, year=plan.next_year, is_current=True)
        _stamp(next_fy, by, reason).save()
        plan.created["fiscal_years"] = 1
    elif not next_fy.is_current:
        next_fy.is_current = True
        _stamp(next_fy, by, reason).save(update_fields=["is_current"])
    return next_fy


def _bulk(model: type, objs: list, by: Any, reason: str) -> list:
    # Plain bulk_create skips simple-history; this writes the history rows in bulk as well.
    if not objs:
        return []
    return bulk_create_with_history(objs, model, default_user=by, default_change_reason=reason)


def _apply_body_years(plan: RolloverPlan, next_fy: FiscalYear, by: Any, reason: str) -> dict:
    new = [
        BodyYear(body=s.body, fiscal_year=next_fy, status=s.next_status, note=s.next_note)
        for s in plan.bodies
        if s.creates_body_year
    ]
    plan.created["body_years"] = len(_bulk(BodyYear, new, by, reason))
    return {b.body_id: b for b in BodyYear.objects.filter(fiscal_year=next_fy)}


def _apply_policies(plan: RolloverPlan, next_years: dict, by: Any, reason: str) -> None:
    new = [
        ActivityPolicy(body_year=next_years[s.body.pk], **vars(s.new_policy))
        for s in plan.bodies
        if s.new_policy is not None
    ]
    plan.created["policies"] = len(_bulk(ActivityPolicy, new, by, reason))


def _apply_memberships(plan: RolloverPlan, next_fy: FiscalYear, by: Any, reason: str) -> None:
    new = [
        Membership(
            person_id=m.person_id,
            body_id=m.body_id,
            fiscal_year=next_fy,
            role=m.role,
            order=m.order,
            appointed_on=m.appointed_on,
            term_ends_on=m.term_ends_on,
            is_substitute=m.is_substitute,
        )
        for m in plan.memberships
    ]
    plan.created["memberships"] = len(_bulk(Membership, new, by, reason))


def _apply_issues(plan: RolloverPlan, next_fy: FiscalYear, by: Any, reason: str) -> None:
    new = [
        IssueEvent(
            issue=c.issue,
            fiscal_year=next_fy,
            date=next_fy.start,
            status=c.status,
            note=CARRIED_NOTE,
        )
        for c in plan.issues
    ]
    plan.created["issue_events"] = len(_bulk(IssueEvent, new, by, reason))


def _apply_action_plans(plan: RolloverPlan, next_years: dict, by: Any, reason: str) -> None:
    copies = [
        ActionPlan(
            body_year=next_years[c.plan.body_year.body_id], issue=c.plan.issue, goal=c.plan.goal
        )
        for c in plan.plans
    ]
    copies = _bulk(ActionPlan, copies, by, reason)
    rows = [
        ActionPlanRow(
            plan=copy,
            order=row.order,
            problem=row.problem,
            target=row.target,
            action=row.action,
            due=row.due,
            progress=row.progress,
            progress_note=row.progress_note,
        )
        for copy, source in zip(copies, plan.plans, strict=True)
        for row in source.rows
    ]
    plan.created["action_plans"] = len(copies)
    plan.created["action_plan_rows"] = len(_bulk(ActionPlanRow, rows, by, reason))


def year_rollover(*, council: Council, from_year: FiscalYear, by: Any) -> RolloverPlan:
    """Open the next fiscal year and make it current; returns the plan that was applied."""
    require(by, "year.rollover", council)
    with transaction.atomic():
        # Two secretaries pressing the button at once: the second waits here, then is refused
        # by _check_current because the current year has moved on.
        years = {
            fy.year: fy for fy in FiscalYear.objects.select_for_update().filter(council=council)
        }
        # Plan from the locked row: the caller's copy of from_year may be stale.
        locked = next((fy for fy in years.values() if fy.pk == from_year.pk), from_year)
        plan = plan_rollover(council=council, from_year=locked)
        reason = f"年度切り替え（{plan.from_year.label}→{plan.next_label}）"
        next_fy = _open_next_year(plan, years, by, reason)
        next_years = _apply_body_years(plan, next_fy, by, reason)
        _apply_policies(plan, next_years, by, reason)
        _apply_memberships(plan, next_fy, by, reason)
        _apply_issues(plan, next_fy, by, reason)
        _apply_action_plans(plan, next_years, by, reason)
    return plan
