"""The hub's rules (地域生活支援拠点等)."""

from __future__ import annotations

from council.history import Related, register_history
from council.models import DocumentStatus, HubFunction
from council.permissions import Access, Scope, reads, register, runs
from council.workflow import ACTION_LABELS
from hubs.models import (
    HubCoordinator,
    HubFigure,
    HubFunctionReview,
    HubPlan,
    HubProvider,
    HubReview,
    HubSetup,
)

# --- the hub (地域生活支援拠点等) -----------------------------------------------------------
# Everyone with a role reads it; the secretariat edits everything; members of the body that
# owns the hub (HubSetup.owner_body, in 長岡市 the 地域づくり部会) edit the plans and the draft
# reviews of the years they sit in it, and its chair or 事務局 submit the review.


def _hub_owner_body_id(obj: HubPlan | HubReview) -> int | None:
    # council.hub_setup is cached on the council instance: one query per page, not per row.
    try:
        return obj.council.hub_setup.owner_body_id
    except HubSetup.DoesNotExist:
        return None


def _hub_owner_member(a: Access, obj: HubPlan | HubReview) -> bool:
    body_id = _hub_owner_body_id(obj)
    return (
        body_id is not None
        and a.is_member(obj.council_id)
        and a.sits_in(body_id, obj.fiscal_year_id)
    )


def _hubplan_edit(a: Access, plan: HubPlan) -> bool:
    return a.runs(plan.council_id) or _hub_owner_member(a, plan)


def _hubreview_edit(a: Access, review: HubReview) -> bool:
    if review.status != DocumentStatus.DRAFT:
        return False
    return a.runs(review.council_id) or _hub_owner_member(a, review)


def _hubreview_submit(a: Access, review: HubReview) -> bool:
    if a.runs(review.council_id):
        return True
    body_id = _hub_owner_body_id(review)
    return (
        body_id is not None
        and a.is_member(review.council_id)
        and (body_id, review.fiscal_year_id) in a.leads
    )


register(
    rules={
        "hub.view": reads,  # the hub page, its PDF, set-up, plans, providers (名簿)
        "hub.edit": _hubplan_edit,  # a HubPlan row (function × type × year)
        "hubsetup.edit": runs,  # 整備類型, 理念, roles, owning body
        "hubprovider.edit": runs,  # register or change a provider and its coordinators
        "hubreview.view": reads,
        "hubreview.edit": _hubreview_edit,
        "hubreview.submit": _hubreview_submit,
        "hubreview.return": runs,
        "hubreview.approve": runs,
        "hubreview.publish": runs,
        "hubreview.reopen": runs,
    },
    models={
        HubSetup: Scope("council"),
        HubPlan: Scope("council"),
        HubProvider: Scope("organization__council"),
        HubCoordinator: Scope("provider__organization__council"),
        HubReview: Scope("council"),
        HubFigure: Scope("review__council"),
        HubFunctionReview: Scope("review__council"),
    },
)

# The hub's page is the set-up's and the plans' (every year's rows of function × type).
register_history(
    "hub",
    HubSetup,
    related=[Related(HubPlan, "council", ("fiscal_year", "function", "hub_type"), "council_id")],
)
register_history(
    "hubprovider",
    HubProvider,
    select=("organization",),
    related=[Related(HubCoordinator, "provider", ("name",))],
    lists={"functions": HubFunction},
)
register_history(
    "hubreview",
    HubReview,
    actions=ACTION_LABELS,
    related=[
        Related(HubFigure, "review", ("function", "quarter")),
        Related(HubFunctionReview, "review", ("function",)),
    ],
)
