"""Pages of the proposals (提言): list, detail, the structured editor, answers, workflow, PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council import workflow
from council.current import council_for
from council.downloads import pdf_response, stored_pdf_response
from council.forms import editable_bodies
from council.models import FiscalYear
from council.permissions import Access, can, get_prepared, require
from council.prepared import Prepared
from council.published import current_pdf
from council.services import StaleEdit
from council.views import list_page
from council.workflow import ReasonRequired
from hubs import proposals
from hubs.filters import ProposalFilter
from hubs.models import Proposal, ProposalStatus
from hubs.proposal_forms import AnswersForm, ProposalForm, SectionFormSet
from subcommittees.forms import ReasonForm

PROPOSAL = Prepared(
    lambda access, pk: (
        Proposal.objects.visible_to(access)
        .select_related("council", "body", "fiscal_year", "status_changed_by")
        .filter(pk=pk)
    )
)


def _proposal(request: HttpRequest, pk: int, perm: str) -> Proposal:
    return get_prepared(request.user, perm, PROPOSAL, pk=pk)


def proposal_search(access: Access, council_id: int, **arguments: Any) -> QuerySet[Proposal]:
    """The proposal list's rows: the council's proposals the reader may see, narrowed by the
    filter's valid choices (ProposalFilter.arguments)."""
    proposals = (
        Proposal.objects.visible_to(access)
        .filter(council_id=council_id)
        .select_related("body", "fiscal_year")
    )
    return ProposalFilter(queryset=proposals, council=council_id).filter_arguments(
        proposals, arguments
    )


# Counted and paged by a prepared query (council/prepared.py), and the filter's years and
# bodies listed by the council's prepared choices: proposal list 20.1 → 11.4 M instructions
# per request.
PROPOSAL_SEARCH = Prepared(proposal_search)


def proposal_list(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "proposal.list", council)
    found = ProposalFilter(request.GET, council=council)
    page = list_page(request, PROPOSAL_SEARCH, found, council, 50)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "hubs/proposal_list.html",
        {
            "filter": found,
            "page": page,
            "query": query.urlencode(),
            "can_create": can(request.user, "proposal.create", council),
        },
    )


def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposal.view")
    data = proposals.context(proposal)
    user = request.user
    data.update(
        can_edit=can(user, "proposal.edit", proposal),
        can_answer=can(user, "proposal.answers", proposal),
        actions=[
            (action, proposals.ACTION_LABELS[action])
            for action in workflow.allowed_actions(proposals.FLOW, proposal.status)
            if can(user, f"proposal.{action}", proposal)
        ],
        frozen=current_pdf(proposal),
    )
    return render(request, "hubs/proposal_detail.html", data)


@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "proposal.create", council)
    year = FiscalYear.objects.filter(council=council, is_current=True).first()
    return _editor(request, Proposal(council=council, fiscal_year=year), council)


@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposal.edit")
    return _editor(request, proposal, proposal.council)


def _editor(request: HttpRequest, proposal: Proposal, council: Any) -> HttpResponse:
    """The head and the sections in one form; a failed save keeps every box as typed."""
    bodies = editable_bodies(request.user, council)
    data = request.POST if request.method == "POST" else None
    form = ProposalForm(data, instance=proposal, council=council, bodies=bodies)
    sections = SectionFormSet(data, instance=proposal, prefix="sections")
    if request.method == "POST" and form.is_valid() and sections.is_valid():
        if not can(request.user, "proposal.edit", form.instance):
            raise Http404("not the proposal's body")
        try:
            saved = proposals.save(form=form, sections=sections, by=request.user)
        except StaleEdit:
            form.add_error(None, StaleEdit.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("hubs:proposal-detail", pk=saved.pk)
    cancel = (
        reverse("hubs:proposal-detail", args=[proposal.pk])
        if proposal.pk
        else reverse("hubs:proposal-list")
    )
    return render(
        request,
        "hubs/proposal_form.html",
        {"form": form, "sections": sections, "proposal": proposal, "cancel": cancel},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def proposal_answers(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposal.answers")
    principles, body = proposals.numbered(list(proposal.sections.all()))
    form = AnswersForm(
        request.POST if request.method == "POST" else None, numbered=principles + body
    )
    if request.method == "POST" and form.is_valid():
        proposals.save_answers(proposal=proposal, answers=form.answers(), by=request.user)
        messages.success(request, _("The city's answers were saved."))
        return redirect("hubs:proposal-detail", pk=pk)
    return render(
        request,
        "hubs/proposal_answers.html",
        {"form": form, "proposal": proposal},
        status=400 if request.method == "POST" else 200,
    )


def proposal_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Once submitted: exactly the PDF the city received. Before: a fresh draft rendering."""
    proposal = _proposal(request, pk, "proposal.view")
    if proposal.status in (ProposalStatus.SUBMITTED, ProposalStatus.ANSWERED):
        frozen = proposals.frozen_pdf(proposal)
        return stored_pdf_response(frozen, f"{proposal.title}.pdf")
    return pdf_response(proposals.render(proposal), f"{proposal.title}（案）.pdf")


@require_http_methods(["GET", "POST"])
def proposal_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in proposals.FLOW:
        raise Http404("unknown action")
    proposal = _proposal(request, pk, f"proposal.{action}")
    back = reverse("hubs:proposal-detail", args=[pk])
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            proposals.transition(
                proposal=proposal,
                action=action,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ReasonRequired as error:
            form.add_error("reason", str(error))
        except (workflow.InvalidTransition, proposals.AnswerRequired) as error:
            messages.error(request, str(error))
            return redirect(back)
        else:
            messages.success(request, _("The status was changed."))
            return redirect(back)
    return render(
        request,
        "subcommittees/transition.html",
        {
            "document": proposal,
            "title": proposal.title,
            "label": proposals.ACTION_LABELS[action],
            "needs_reason": action in proposals.NEEDS_REASON,
            "form": form,
            "back": back,
        },
        status=400 if request.method == "POST" else 200,
    )
