"""The proposals' rules (提言)."""

from __future__ import annotations

from django.db.models import Q

from council.history import Related, register_history
from council.models import HubFunction
from council.permissions import Access, Scope, may_create, oversees, reads, register, runs
from proposals.models import Proposal, ProposalSection, ProposalStatus, SectionBlock
from proposals.services import ACTION_LABELS

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
        or oversees(a, proposal)
        or a.sits_in(proposal.body_id, proposal.fiscal_year_id)
    )


def _proposal_edit(a: Access, proposal: Proposal) -> bool:
    if proposal.status != ProposalStatus.DRAFT:
        return False
    council_id = proposal.council_id
    return runs(a, proposal) or (
        a.is_member(council_id)
        and proposal.body_id is not None
        and a.sits_in(proposal.body_id, proposal.fiscal_year_id)
    )


def _proposal_approve_body(a: Access, proposal: Proposal) -> bool:
    council_id = proposal.council_id
    return runs(a, proposal) or (
        a.is_member(council_id) and (proposal.body_id, proposal.fiscal_year_id) in a.leads
    )


def _proposal_answers(a: Access, proposal: Proposal) -> bool:
    return runs(a, proposal) and proposal.status in (
        ProposalStatus.SUBMITTED,
        ProposalStatus.ANSWERED,
    )


register(
    rules={
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
        Proposal: Scope(
            "council",
            lambda a: Q(status__in=PROPOSAL_SHARED) | a.seats("body", "fiscal_year"),
            body="body",
        ),
        ProposalSection: Scope("proposal__council", body="proposal__body"),
        SectionBlock: Scope("section__proposal__council", body="section__proposal__body"),
    },
)

register_history(
    "proposal",
    Proposal,
    actions=ACTION_LABELS,
    related=[
        Related(ProposalSection, "proposal", ("heading",)),
        Related(SectionBlock, "section__proposal", ("kind",)),
    ],
    lists={"functions": HubFunction},
)
