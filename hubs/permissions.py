"""The hub's and the proposals' rules (地域生活支援拠点等, 提言)."""

from __future__ import annotations

from django.db.models import Q

from council.models import DocumentStatus
from council.permissions import Access, Scope, may_create, reads, register, runs
from hubs.models import (
    HubCoordinator,
    HubFigure,
    HubFunctionReview,
    HubPlan,
    HubProvider,
    HubReview,
    HubSetup,
    Proposal,
    ProposalSection,
    ProposalStatus,
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


# --- proposals (提言) ------------------------------------------------------------------------
# Drafts and body-approved proposals are the issuing body's and the overseers'; once reported
# to the council every reader sees them. Members of the issuing body write them in the years
# they sit in it, its chair or 事務局 approve them; the way onward to the city is the
# secretariat's.

PROPOSAL_SHARED = (ProposalStatus.REPORTED, ProposalStatus.SUBMITTED, ProposalStatus.ANSWERED)


def _proposal_view(a: Access, proposal: Proposal) -> bool:
    council_id = proposal.council_id
    if not a.reads(council_id):
        return False
    return (
        proposal.status in PROPOSAL_SHARED
        or a.oversees(council_id)
        or a.sits_in(proposal.body_id, proposal.fiscal_year_id)
    )


def _proposal_edit(a: Access, proposal: Proposal) -> bool:
    if proposal.status != ProposalStatus.DRAFT:
        return False
    council_id = proposal.council_id
    return a.runs(council_id) or (
        a.is_member(council_id)
        and proposal.body_id is not None
        and a.sits_in(proposal.body_id, proposal.fiscal_year_id)
    )


def _proposal_approve_body(a: Access, proposal: Proposal) -> bool:
    council_id = proposal.council_id
    return a.runs(council_id) or (
        a.is_member(council_id) and (proposal.body_id, proposal.fiscal_year_id) in a.leads
    )


def _proposal_answers(a: Access, proposal: Proposal) -> bool:
    return a.runs(proposal.council_id) and proposal.status in (
        ProposalStatus.SUBMITTED,
        ProposalStatus.ANSWERED,
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
        "proposal.list": reads,
        "proposal.view": _proposal_view,
        "proposal.create": may_create,
        "proposal.edit": _proposal_edit,
        "proposal.approve_body": _proposal_approve_body,
        "proposal.report": runs,
        "proposal.submit": runs,
        "proposal.answer": runs,
        "proposal.return": runs,
        "proposal.reopen": runs,
        "proposal.answers": _proposal_answers,
    },
    models={
        HubSetup: Scope("council"),
        HubPlan: Scope("council"),
        HubProvider: Scope("organization__council"),
        HubCoordinator: Scope("provider__organization__council"),
        HubReview: Scope("council"),
        HubFigure: Scope("review__council"),
        HubFunctionReview: Scope("review__council"),
        Proposal: Scope(
            "council",
            lambda a: Q(status__in=PROPOSAL_SHARED) | a.seats("body", "fiscal_year"),
        ),
        ProposalSection: Scope("proposal__council"),
    },
)
