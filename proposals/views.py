"""Pages of the proposals (提言): list, detail, the structured editor, answers, workflow, PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council import services, workflow
from council.current import council_for
from council.forms import editable_bodies
from council.history import history_url
from council.models import FiscalYear
from council.permissions import can, get_for, require
from council.views.helpers import (
    back_url,
    form_data,
    form_page,
    saved,
    transition_page,
)
from documents import structure
from documents.downloads import pdf_response, stored_pdf_response
from documents.forms import PartActionForm
from documents.published import current_pdf
from proposals import services as proposals
from proposals.filters import ProposalFilter
from proposals.forms import (
    AnswersForm,
    BlockFormSet,
    PartForm,
    ProposalForm,
    SectionFormSet,
)
from proposals.models import Proposal, ProposalSection, ProposalStatus


def _proposal(request: HttpRequest, pk: int, perm: str) -> Proposal:
    queryset = Proposal.objects.select_related(
        "council", "body", "author_body", "fiscal_year", "status_changed_by"
    )
    return get_for(request.user, perm, queryset, pk=pk)


def proposal_list(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "proposal.list", council)
    readable = (
        Proposal.objects.visible_to(request.user)
        .filter(council=council)
        .select_related("body", "fiscal_year")
    )
    found = ProposalFilter(request.GET, queryset=readable, council=council)
    page = Paginator(found.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "proposals/proposal_list.html",
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
    can_edit = can(user, "proposal.edit", proposal)
    data.update(
        can_edit=can_edit,
        part_actions=list(structure.PART_ACTIONS.items()) if can_edit else [],
        part_action_url="proposals:part-action",
        document=proposal,
        can_answer=can(user, "proposal.answers", proposal),
        actions=[
            (action, proposals.ACTION_LABELS[action])
            for action in workflow.allowed_actions(proposals.FLOW, proposal.status)
            if can(user, f"proposal.{action}", proposal)
        ],
        frozen=current_pdf(proposal),
        history_url=history_url(user, proposal),
    )
    return render(request, "proposals/proposal_detail.html", data)


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


def _parts(proposal: Proposal) -> list[structure.Numbered]:
    """The proposal's parts, numbered, for the editor's list (each edited on its own page)."""
    if not proposal.pk:
        return []
    principles, body = proposals.numbered(list(proposal.sections.all()))
    return principles + body


def _editor(request: HttpRequest, proposal: Proposal, council: Any) -> HttpResponse:
    """The head and the sections in one form; a failed save keeps every box as typed."""
    bodies = editable_bodies(request.user, council)
    data = form_data(request)
    form = ProposalForm(data, instance=proposal, council=council, bodies=bodies)
    sections = SectionFormSet(
        data, instance=proposal, prefix="sections", queryset=ProposalSection.objects.none()
    )
    if form.is_bound and form.is_valid() and sections.is_valid():
        if not can(request.user, "proposal.edit", form.instance):
            raise Http404("not the proposal's body")
        stored = saved(
            request, lambda: proposals.save(form=form, sections=sections, by=request.user), form
        )
        if stored and "add_part" in request.POST:
            # No script needed: the edit page again, with one new empty part at its end.
            return redirect(reverse("proposals:proposal-edit", args=[stored.pk]) + "#new-part")
        if stored:
            return redirect("proposals:proposal-detail", pk=stored.pk)
    cancel = back_url(proposal, "proposals:proposal-detail", "proposals:proposal-list")
    return form_page(
        request,
        "proposals/proposal_form.html",
        {
            "form": form,
            "sections": sections,
            "proposal": proposal,
            "cancel": cancel,
            "parts": _parts(proposal),
        },
    )


@require_http_methods(["GET", "POST"])
def part_blocks(request: HttpRequest, pk: int, section: int) -> HttpResponse:
    """One part: its heading, text, number and hub-function tags, and its content blocks (one
    empty block row per page, "save and add a block" for the next)."""
    proposal = _proposal(request, pk, "proposal.edit")
    part = get_object_or_404(proposal.sections, pk=section)
    part.proposal = proposal
    data = form_data(request)
    siblings = list(proposal.sections.all())
    head = PartForm(data, instance=part, initial={"revision": proposal.revision}, siblings=siblings)
    blocks = BlockFormSet(data, instance=part, prefix="blocks")
    if head.is_bound and head.is_valid() and blocks.is_valid():
        stored = saved(
            request,
            lambda: proposals.save_part(
                form=head,
                blocks=blocks,
                revision=head.cleaned_data["revision"],
                by=request.user,
            ),
            head,
        )
        here = reverse("proposals:part-blocks", args=[pk, part.pk])
        if stored and "add_block" in request.POST:
            return redirect(here + "#new-block")
        if stored:
            return redirect(reverse("proposals:proposal-detail", args=[pk]) + f"#part-{part.pk}")
    principles, body = proposals.numbered(siblings)
    label = next((n.label for n in principles + body if n.part.pk == part.pk), "")
    return form_page(
        request,
        "documents/part_form.html",
        {
            "form": head,
            "blocks": blocks,
            "document": proposal,
            "part": part,
            "label": label,
            "cancel": reverse("proposals:proposal-detail", args=[pk]),
        },
    )


@require_http_methods(["POST"])
def part_action(request: HttpRequest, pk: int, section: int, action: str) -> HttpResponse:
    """One part moved, indented, outdented or deleted from the proposal's page, in place: a
    small form per button, no script, no empty rows."""
    if action not in structure.PART_ACTIONS:
        raise Http404("unknown action")
    proposal = _proposal(request, pk, "proposal.edit")
    part = get_object_or_404(proposal.sections, pk=section)
    part.proposal = proposal
    form = PartActionForm(request.POST)
    try:
        if not form.is_valid() or form.cleaned_data["revision"] is None:
            raise services.StaleEdit(None)
        proposals.part_action(
            section=part, action=action, revision=form.cleaned_data["revision"], by=request.user
        )
    except services.StaleEdit:
        messages.error(request, services.StaleEdit.message)
    except structure.PartRefused as error:
        messages.error(request, str(error))
    return redirect(reverse("proposals:proposal-detail", args=[pk]) + f"#part-{part.pk}")


@require_http_methods(["GET", "POST"])
def proposal_answers(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk, "proposal.answers")
    principles, body = proposals.numbered(list(proposal.sections.all()))
    form = AnswersForm(form_data(request), numbered=principles + body, revision=proposal.revision)
    if form.is_bound and form.is_valid():
        stored = saved(
            request,
            lambda: proposals.save_answers(
                proposal=proposal,
                answers=form.answers(),
                revision=form.cleaned_data["revision"],
                by=request.user,
            ),
            form,
            _("The city's answers were saved."),
        )
        if stored:
            return redirect("proposals:proposal-detail", pk=pk)
    return form_page(
        request,
        "proposals/proposal_answers.html",
        {"form": form, "proposal": proposal},
    )


def proposal_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Once submitted: exactly the PDF the city received. Before: a fresh draft rendering."""
    proposal = _proposal(request, pk, "proposal.view")
    # A submitted proposal without its stored copy (imported data) is rendered, never frozen
    # by a read: `freeze_published` freezes those.
    frozen = current_pdf(proposal)
    if frozen is not None:
        return stored_pdf_response(request, frozen, f"{proposal.title}.pdf")
    if proposal.status in (ProposalStatus.SUBMITTED, ProposalStatus.ANSWERED):
        return pdf_response(proposals.render(proposal), f"{proposal.title}.pdf")
    return pdf_response(proposals.render(proposal), f"{proposal.title}（案）.pdf")


@require_http_methods(["GET", "POST"])
def proposal_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in proposals.FLOW:
        raise Http404("unknown action")
    proposal = _proposal(request, pk, f"proposal.{action}")
    return transition_page(
        request,
        document=proposal,
        title=proposal.title,
        label=proposals.ACTION_LABELS[action],
        needs_reason=action in proposals.NEEDS_REASON,
        back=reverse("proposals:proposal-detail", args=[pk]),
        change=lambda reason: proposals.transition(
            proposal=proposal, action=action, by=request.user, reason=reason
        ),
        refused=(workflow.InvalidTransition, proposals.AnswerRequired),
    )
