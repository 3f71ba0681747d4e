"""TEMPORARY: the hub's rules, waiting to move into council/permissions.py (then delete this file).

Same shape as the predicates there: `(access, obj) -> bool`. Until they move, the hub's views raise
KeyError outside the tests, which install `RULES` and `COUNCIL_PATH` with monkeypatch
(tests/hubs/conftest.py).

- everyone with a role in the council reads the hub (auditors included), anonymous nothing;
- the secretariat edits everything;
- members of the body that owns the hub (HubSetup.owner_body, 地域づくり部会) edit the plans and
  the (draft) reviews of the fiscal years they sit in it; its chair or 事務局 submit the review.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from council.models import Council
from council.permissions import Access, Role
from hubs.models import (
    HubCoordinator,
    HubFigure,
    HubFunctionReview,
    HubPlan,
    HubProvider,
    HubReview,
    HubSetup,
)
from subcommittees.models import DocumentStatus


def hub_council_id(obj: Model) -> int:
    """For council.permissions._council_id."""
    if isinstance(obj, Council):
        return obj.pk
    if isinstance(obj, (HubSetup, HubPlan, HubReview)):
        return obj.council_id
    if isinstance(obj, HubProvider):
        return obj.organization.council_id
    if isinstance(obj, HubCoordinator):
        return obj.provider.organization.council_id
    if isinstance(obj, (HubFigure, HubFunctionReview)):
        return obj.review.council_id
    raise TypeError(f"no council for {type(obj).__name__}")


def _owner_body_id(obj: HubPlan | HubReview) -> int | None:
    # council.hub_setup is cached on the council instance: one query per page, not per row.
    try:
        return obj.council.hub_setup.owner_body_id
    except HubSetup.DoesNotExist:
        return None


def _hub_reads(a: Access, obj: Model) -> bool:
    return a.reads(hub_council_id(obj))


def _hub_runs(a: Access, obj: Model) -> bool:
    return a.runs(hub_council_id(obj))


def _owner_member(a: Access, obj: HubPlan | HubReview) -> bool:
    """A member sitting in the owning body in the object's fiscal year."""
    body_id = _owner_body_id(obj)
    return (
        body_id is not None
        and a.role(obj.council_id) == Role.MEMBER
        and a.sits_in(body_id, obj.fiscal_year_id)
    )


def _hubplan_edit(a: Access, plan: HubPlan) -> bool:
    return a.runs(plan.council_id) or _owner_member(a, plan)


def _hubreview_edit(a: Access, review: HubReview) -> bool:
    if review.status != DocumentStatus.DRAFT:
        return False
    return a.runs(review.council_id) or _owner_member(a, review)


def _hubreview_submit(a: Access, review: HubReview) -> bool:
    """The secretariat, or the owning body's chair or 事務局 of the year (as sheet.submit)."""
    if a.runs(review.council_id):
        return True
    body_id = _owner_body_id(review)
    return (
        body_id is not None
        and a.role(review.council_id) == Role.MEMBER
        and (body_id, review.fiscal_year_id) in a.leads
    )


RULES: dict[str, Any] = {
    "hub.view": _hub_reads,  # the hub page, its PDF, set-up, plans, providers (名簿)
    "hub.edit": _hubplan_edit,  # a HubPlan row (function × type × year)
    "hubsetup.edit": _hub_runs,  # 整備類型, 理念, roles, owning body
    "hubprovider.edit": _hub_runs,  # register or change a provider and its coordinators
    "hubreview.view": _hub_reads,
    "hubreview.edit": _hubreview_edit,
    "hubreview.submit": _hubreview_submit,
    "hubreview.return": _hub_runs,
    "hubreview.approve": _hub_runs,
    "hubreview.publish": _hub_runs,
    "hubreview.reopen": _hub_runs,
}

# For council.permissions.COUNCIL_PATH (the models' visible_to() and get_for()).
COUNCIL_PATH: dict[type[Model], str] = {
    HubSetup: "council",
    HubPlan: "council",
    HubProvider: "organization__council",
    HubCoordinator: "provider__organization__council",
    HubReview: "council",
    HubFigure: "review__council",
    HubFunctionReview: "review__council",
}
