"""提言: numbering, saving the section tree, the workflow to the city's answer, and the PDF.

下書き → 部会承認 (the body's chair or 事務局) → 協議会報告 → 市へ提出 (PDF frozen) → 回答受領.
The secretariat may send an approved or reported proposal back with a reason, and reopen a
submitted one (its frozen PDF is withdrawn but kept).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.forms import BaseInlineFormSet, ModelForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council import workflow
from council.forms import kept_forms
from council.models import HubFunction, PublishedPDF
from council.permissions import require
from council.services import record_save, revision_check
from documents import numbering, published, structure
from documents.pdf import render_pdf
from documents.published import withdraw_pdf
from documents.structure import Numbered, PartRefused
from proposals.models import PRINCIPLE_STYLE, Proposal, ProposalSection
from proposals.models import ProposalStatus as S

PRINCIPLE = ProposalSection.Kind.PRINCIPLE

FLOW: workflow.Table = {
    "approve_body": (frozenset({S.DRAFT}), S.BODY_APPROVED),
    "report": (frozenset({S.BODY_APPROVED}), S.REPORTED),
    "submit": (frozenset({S.REPORTED}), S.SUBMITTED),
    "answer": (frozenset({S.SUBMITTED}), S.ANSWERED),
    "return": (frozenset({S.BODY_APPROVED, S.REPORTED}), S.DRAFT),
    "reopen": (frozenset({S.SUBMITTED, S.ANSWERED}), S.DRAFT),
}
NEEDS_REASON = {"return", "reopen"}
ACTION_LABELS = {
    "approve_body": _("Approve in the body (部会承認)"),
    "report": _("Report to the council (協議会報告)"),
    "submit": _("Submit to the city (市へ提出)"),
    "answer": _("Record that the city answered (回答受領)"),
    "return": _("Return with a reason"),
    "reopen": _("Reopen"),
}


class AnswerRequired(ValueError):
    message = _("Record the city's answer to at least one section first.")


def style_of(section: ProposalSection) -> str:
    if section.kind == PRINCIPLE and not section.numbering:
        return PRINCIPLE_STYLE
    return structure.style_of(section)


def numbered(sections: list[ProposalSection]) -> tuple[list[Numbered], list[Numbered]]:
    """(principles, sections) with their printed numbers, each counted within its parent;
    the principles ①②… count on their own, all at the first level."""
    principles = [s for s in sections if s.kind == PRINCIPLE]
    body = [s for s in sections if s.kind != PRINCIPLE]
    return (
        [
            Numbered(s, label)
            for s, label in zip(
                principles, numbering.labels((1, style_of(s)) for s in principles), strict=True
            )
        ],
        structure.numbered(body, style_of),
    )


def _levels(rows: list[tuple[str, int]]) -> list[int | None]:
    """The numbered tree's levels; principles stand outside it."""
    return [None if kind == PRINCIPLE else level for kind, level in rows]


def structure_errors(rows: list[tuple[str, int]]) -> list[str]:
    """Why a list of (kind, level) cannot be numbered."""
    return structure.structure_errors(_levels(rows))


def function_labels(proposal: Proposal) -> list[str]:
    chosen = set(proposal.functions)
    return [label for value, label in HubFunction.choices if value in chosen]


def save(*, form: ModelForm, sections: BaseInlineFormSet, by: Any) -> Proposal:
    """The proposal and its ordered sections, together or not at all (and never over a newer
    save: record_save checks the revision)."""
    with transaction.atomic():
        if form.instance.pk:
            require(by, "proposal.edit", form.instance)
        proposal = record_save(form=form, by=by)
        kept = kept_forms(
            sections, lambda f: f.cleaned_data.get("heading") or f.cleaned_data.get("text")
        )
        # New parts only (SectionFormSet): after the proposal's own, in the order typed.
        last = proposal.sections.aggregate(last=Max("order"))["last"] or 0
        for position, section_form in enumerate(kept, start=last + 1):
            section = section_form.save(commit=False)
            section.proposal = proposal
            section.order = position
            section.save()
    return proposal


def save_part(
    *, form: ModelForm, blocks: BaseInlineFormSet, revision: int | None, by: Any
) -> ProposalSection:
    """A part and its blocks (documents.structure.save_part), on the page opened at the
    proposal's `revision`."""
    section = form.instance
    require(by, "proposal.edit", section.proposal)
    with transaction.atomic():
        revision_check(Proposal, section.proposal_id, revision)
        structure.save_part(form=form, blocks=blocks)
    return section


def part_action(*, section: ProposalSection, action: str, revision: int | None, by: Any) -> None:
    """Move, indent, outdent or delete one part in place, on the page opened at `revision`
    (refused if the proposal was saved since). The parts are numbered 1… again after it."""
    proposal = section.proposal
    require(by, "proposal.edit", proposal)
    with transaction.atomic():
        revision_check(Proposal, proposal.pk, revision)
        parts = list(proposal.sections.select_for_update())
        if action == "delete" and next(p for p in parts if p.pk == section.pk).answer:
            raise PartRefused(_("The city answered this part: its answer is kept with it."))
        structure.rearrange(
            parts, section, action, lambda parts: _levels([(p.kind, p.level) for p in parts])
        )


def save_answers(
    *, proposal: Proposal, answers: dict[int, str], revision: int | None, by: Any
) -> Proposal:
    """The city's answers, typed on a page opened at the proposal's `revision` (refused if
    someone saved the proposal or its answers since)."""
    require(by, "proposal.answers", proposal)
    with transaction.atomic():
        revision_check(Proposal, proposal.pk, revision)
        for section in proposal.sections.select_for_update():
            text = answers.get(section.pk, section.answer).strip()
            if text != section.answer:
                section.answer = text
                section.save(update_fields=["answer"])
    return proposal


def transition(*, proposal: Proposal, action: str, by: Any, reason: str = "") -> Proposal:
    with transaction.atomic():
        locked = Proposal.objects.select_for_update(of=("self",)).get(pk=proposal.pk)
        require(by, f"proposal.{action}", locked)
        workflow.move(
            locked,
            table=FLOW,
            action=action,
            by=by,
            reason=reason,
            needs_reason=NEEDS_REASON,
            clears_reason=FLOW.keys(),  # only the last return or reopen explains itself
        )
        if action == "answer" and not locked.sections.exclude(answer="").exists():
            raise AnswerRequired(AnswerRequired.message)
        today = timezone.localdate()
        if action == "submit":
            locked.submitted_on = locked.submitted_on or today
            locked.date = locked.date or today
        if action == "answer":
            locked.answered_on = locked.answered_on or today
        locked.save()
        if action == "submit":
            publish_pdf(proposal=locked, by=by)
        elif action == "reopen":
            withdraw_pdf(document=locked, reason=reason.strip())
    return locked


# --- the PDF ---------------------------------------------------------------------------------


def context(proposal: Proposal) -> dict[str, Any]:
    sections = list(proposal.sections.prefetch_related("blocks"))
    principles, body = numbered(sections)
    return {
        "proposal": proposal,
        "council": proposal.council,
        "title": proposal.title,
        "principles": principles,
        "sections": body,
        "functions": function_labels(proposal),
        "issues": list(proposal.issues.all()),
        "is_draft": proposal.status not in {S.SUBMITTED, S.ANSWERED},
    }


def render(proposal: Proposal, publication: PublishedPDF | None = None) -> bytes:
    """Until it is sent, the PDF is marked 「案」; the city's copy prints its footer."""
    return render_pdf("pdf/proposal.html", context(proposal) | {"publication": publication})


def publish_pdf(*, proposal: Proposal, by: Any) -> PublishedPDF:
    """Freeze what the city receives: the proposal's own sections, which only a draft edits."""
    return published.store(
        proposal,
        council_id=proposal.council_id,
        title=proposal.title,
        stem="proposal",
        printed={},
        render=lambda publication: render(proposal, publication),
        by=by,
    )


def freeze_published(council_id: int) -> int:
    """Freeze the council's sent proposals that have no frozen copy yet; returns how many."""
    sent = Proposal.objects.filter(council_id=council_id, status__in=[S.SUBMITTED, S.ANSWERED])
    return published.freeze_all(
        sent.select_related("council", "body", "fiscal_year"),
        lambda proposal: publish_pdf(proposal=proposal, by=None),
    )
