"""The demo cases' support records: each case is walked to its stage through the pipeline's own
services (plan, match, the host's answer, follow-ups, closing, keep-in-touch), so the demo
shows what a year of real work leaves behind. The steps are then dated back to the case's own
calendar (a step every three weeks from its opening), as the dashboard counts them by month.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from demo.catalogue import MARK
from referrals import services
from referrals.models import Case, CaseMatch, CaseStageChange, Outcome, SocialResource, Stage

STEP = datetime.timedelta(weeks=3)
ORDER = [Stage.INTAKE, Stage.PLANNING, Stage.MATCHING, Stage.FOLLOW_UP, Stage.CLOSED]
# A programme of the demo catalogue for each case, in turn (demo/catalogue.py).
HOSTS = ["地域活動支援センター", "就労体験の場づくり", "地域の茶の間", "自立相談支援事業"]


def _reached(stage: str, target: str) -> bool:
    return ORDER.index(target) >= ORDER.index(stage)


def walk(
    case: Case,
    *,
    stage: str,
    closed_on: datetime.date | None,
    outcome: str,
    by: Any,
    number: int,
) -> None:
    """Take the freshly opened `case` to `stage` (closed with `outcome` on `closed_on`)."""
    opened = case.opened_on
    if outcome and outcome != Outcome.SUCCESSFUL:
        # Planned, then ended at the person's wish (before the consent is revoked).
        services.case_transition(case=case, action="start_plan", by=by)
        _plan(case, by, opened)
        services.case_transition(
            case=case,
            action="not_successful",
            outcome=outcome,
            reason=f"{MARK}本人の申し出により支援を終了",
            by=by,
        )
        _date_back(case, closed_on)
        return
    if _reached(Stage.PLANNING, stage):
        services.case_transition(case=case, action="start_plan", by=by)
        _plan(case, by, opened)
    if _reached(Stage.MATCHING, stage):
        services.case_transition(case=case, action="start_matching", by=by)
        host = SocialResource.objects.filter(
            council=case.council, name=HOSTS[number % len(HOSTS)]
        ).first()
        match = services.case_match_add(
            case=case,
            by=by,
            resource=host,
            new_resource="" if host else f"{MARK}新たな受入れ先の開拓",
            host_assessment=f"{MARK}受入れ側の職員体制と通所手段を確認した。",
        )
        if _reached(Stage.FOLLOW_UP, stage):
            services.case_match_decide(match=match, decision="accept", by=by)
    if _reached(Stage.FOLLOW_UP, stage):
        services.case_transition(case=case, action="start_follow_up", by=by)
        first = opened + 4 * STEP
        services.case_follow_up_add(
            case=case,
            by=by,
            scheduled_on=first,
            done_on=first,
            person_note=f"{MARK}週2回の通所が続いている。",
            host_note=f"{MARK}作業の手順を写真で示すと落ち着いて取り組めた。",
            host_concerns=f"{MARK}急な欠席の連絡方法を決めたい。",
            host_support=f"{MARK}連絡票の様式を一緒に作った。",
        )
        # The next visit is left open: overdue on the dashboard until someone marks it done.
        services.case_follow_up_add(case=case, by=by, scheduled_on=first + 2 * STEP)
    if stage == Stage.CLOSED:
        services.case_transition(
            case=case,
            action="close",
            evaluation=f"{MARK}受入れ先での活動が定着し、本人の希望どおりに終結。",
            by=by,
        )
        services.case_keep_in_touch_add(
            case=case,
            by=by,
            due_on=closed_on + datetime.timedelta(days=90),
            note=f"{MARK}3か月後に電話で様子を聞く",
        )
    _date_back(case, closed_on)


def _plan(case: Case, by: Any, opened: datetime.date) -> None:
    services.case_plan_add(
        case=case,
        by=by,
        assessment=f"{MARK}本人・家族と面談し、日中の居場所がないことを確認した。",
        needs=f"{MARK}日中活動の場、生活リズムの安定",
        goals=f"{MARK}週2回、地域の活動に参加する",
        written_on=opened + STEP,
    )


def _date_back(case: Case, closed_on: datetime.date | None) -> None:
    """The steps dated on the case's calendar, not today's (the demo is a year's snapshot)."""
    for n, change in enumerate(CaseStageChange.objects.filter(case=case).order_by("pk"), 1):
        closing = change.to_stage == Stage.CLOSED and closed_on
        CaseStageChange.objects.filter(pk=change.pk).update(
            at=_at(closed_on if closing else case.opened_on + n * STEP)
        )
    if closed_on:
        Case.objects.filter(pk=case.pk).update(closed_on=closed_on)
    CaseMatch.objects.filter(case=case).update(created_at=_at(case.opened_on + 2 * STEP))


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=timezone.get_current_timezone())
