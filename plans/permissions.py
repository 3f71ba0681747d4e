"""Who may see and change a year plan and its planned meetings: every reader of the council
reads them; the secretariat (a ward's, for its bodies) and the body's members in the plan's
year write them. A held planned meeting is the real meeting's now: it is no longer edited."""

from __future__ import annotations

from council.history import Related, register_history
from council.permissions import Access, Scope, may_create, reads, register, runs
from plans.models import PlannedMeeting, PlannedTopic, PlanRow, YearPlan


def _plan_edit(a: Access, plan: YearPlan) -> bool:
    return runs(a, plan) or (
        a.is_member(plan.body.council_id) and a.sits_in(plan.body_id, plan.fiscal_year_id)
    )


def _planned_edit(a: Access, planned: PlannedMeeting) -> bool:
    return not planned.is_held and _plan_edit(a, planned.plan)


register(
    rules={
        "plan.list": reads,
        "plan.view": reads,  # the plan's page and its PDF
        "plan.create": may_create,
        "plan.edit": _plan_edit,
        "planned.view": reads,
        "planned.edit": _planned_edit,
        "planned.hold": _planned_edit,  # and meeting.edit for the meeting it makes
    },
    models={
        YearPlan: Scope("body__council", body="body"),
        PlanRow: Scope("plan__body__council", body="plan__body"),
        PlannedMeeting: Scope("plan__body__council", body="plan__body"),
        PlannedTopic: Scope("planned__plan__body__council", body="planned__plan__body"),
    },
)

register_history(
    "yearplan",
    YearPlan,
    select=("body",),
    related=[Related(PlanRow, "plan"), Related(PlannedMeeting, "plan")],
)
register_history(
    "plannedmeeting",
    PlannedMeeting,
    select=("plan__body",),
    related=[Related(PlannedTopic, "planned")],
)
