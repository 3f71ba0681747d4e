"""提言: a body's (or the council's) dated proposal to the city, answered section by section."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council.models import (
    REASON_TEXT,
    SHEET_TEXT,
    Body,
    Council,
    FiscalYear,
    VisibleQuerySet,
    text_limit,
)
from documents import numbering
from documents.models import LEVELS, Block, DocumentHead, Part

# The principles' number (基本的な考え方 ①②…); sections number as documents.structure does.
PRINCIPLE_STYLE = numbering.Style.CIRCLED


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (下書き)")
    BODY_APPROVED = "body_approved", _("Approved by the body (部会承認)")
    REPORTED = "reported", _("Reported to the council (協議会報告)")
    SUBMITTED = "submitted", _("Submitted to the city (市へ提出)")
    ANSWERED = "answered", _("Answer received (回答受領)")


class Proposal(DocumentHead):
    """提言: a body's (or the council's) dated proposal to the city, answered section by section.

    Its text is a tree of sections (ProposalSection) so the numbering １ →（１）→ 〇 is computed,
    never typed, and survives reordering.
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="proposals")
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="proposals"
    )
    functions = models.JSONField(_("hub functions it answers"), default=list, blank=True)
    issues = models.ManyToManyField(
        "subcommittees.RegionalIssue",
        verbose_name=_("regional issues it answers"),
        blank=True,
        related_name="proposals",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus, default=ProposalStatus.DRAFT
    )
    status_reason = models.TextField(
        _("reason for the last return"), blank=True, **text_limit(REASON_TEXT)
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_on = models.DateField(_("submitted to the city on"), null=True, blank=True)
    answered_on = models.DateField(_("answer received on"), null=True, blank=True)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-fiscal_year__year", "-date", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status == ProposalStatus.DRAFT


class ProposalSection(Part):
    """One part of a proposal: a principle (基本的な考え方 ①②…) or a section (documents.Part),
    with the city's answer to it."""

    class Kind(models.TextChoices):
        PRINCIPLE = "principle", _("Principle")
        SECTION = "section", _("Section")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.SECTION)
    # Not printed: the city's answers are read on the proposal's page.
    answer = models.TextField(_("the city's answer"), blank=True, **text_limit(SHEET_TEXT))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal section")
        verbose_name_plural = _("proposal sections")
        ordering = ["proposal_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=LEVELS), name="section_level_1_4"
            )
        ]


class SectionBlock(Block):
    """A block of a proposal's part (documents.Block)."""

    section = models.ForeignKey(
        ProposalSection, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("part")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("content block")
        verbose_name_plural = _("content blocks")
        ordering = ["section_id", "order", "id"]
