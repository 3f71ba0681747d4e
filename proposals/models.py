"""提言: a body's (or the council's) dated proposal to the city, answered section by section."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council.models import (
    NOTE_TEXT,
    REASON_TEXT,
    SHEET_TEXT,
    Body,
    Council,
    FiscalYear,
    HubFunction,
    Revisioned,
    VisibleQuerySet,
    text_limit,
)
from documents import numbering

# What the PDF prints: the preamble, then up to SECTIONS_MAX sections (the demo's has 9).
SECTIONS_MAX = 50
BLOCKS_MAX = 60  # per part
LEVELS = 4
Style = numbering.Style
# Each level's usual number, and the principles' (基本的な考え方 ①②…).
LEVEL_STYLES = {1: Style.FW, 2: Style.FW_PAREN, 3: Style.MARU, 4: Style.KANA_PAREN}
PRINCIPLE_STYLE = Style.CIRCLED


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (下書き)")
    BODY_APPROVED = "body_approved", _("Approved by the body (部会承認)")
    REPORTED = "reported", _("Reported to the council (協議会報告)")
    SUBMITTED = "submitted", _("Submitted to the city (市へ提出)")
    ANSWERED = "answered", _("Answer received (回答受領)")


class Proposal(Revisioned):
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
    date = models.DateField(_("date of the proposal"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    addressee = models.CharField(_("addressed to"), max_length=100, blank=True)
    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True)
    # The signer as printed under the issuing body: 部会長 and 山田太郎 as two fields; older
    # proposals hold both in `chair`, printed as typed.
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    chair = models.CharField(_("chair signing it"), max_length=100, blank=True)
    preamble = models.TextField(_("preamble (はじめに)"), blank=True, **text_limit(SHEET_TEXT))
    closing = models.CharField(_("closing"), max_length=40, default="以上", blank=True)
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


class ProposalSection(models.Model):
    """One part of a proposal: a principle (基本的な考え方 ①②…) or a section, nested up to
    four levels. Its number is computed (documents/numbering.py), in the style it chooses or
    its level's usual one: 1 → １, 2 → （１）, 3 → 〇, 4 → (ア); "none" leaves it unnumbered."""

    class Kind(models.TextChoices):
        PRINCIPLE = "principle", _("Principle")
        SECTION = "section", _("Section")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.SECTION)
    level = models.PositiveSmallIntegerField(
        _("level"), default=1, validators=[MinValueValidator(1), MaxValueValidator(LEVELS)]
    )
    # Blank: the level's usual style (LEVEL_STYLES), which is how every proposal written
    # before the choice existed still prints.
    numbering = models.CharField(_("numbering"), max_length=10, choices=numbering.Style, blank=True)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True, **text_limit(NOTE_TEXT))
    # The hub functions (HubFunction values) this part answers: named in its text
    # (explicit), or read into it by the secretariat (inferred).
    functions = models.JSONField(_("hub functions it names"), default=list, blank=True)
    inferred_functions = models.JSONField(_("hub functions inferred"), default=list, blank=True)
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

    def __str__(self) -> str:
        return self.heading or self.text[:40]

    def function_tags(self) -> list[tuple[str, bool]]:
        """(label, inferred) of its tags, in the functions' order."""
        explicit, inferred = set(self.functions), set(self.inferred_functions)
        return [
            (label, value in inferred)
            for value, label in HubFunction.choices
            if value in explicit or value in inferred
        ]


class SectionBlock(models.Model):
    """What a part holds after its heading and text, in order: paragraphs, bullets with their
    mark, intro text, labelled layers (Ⅰ–Ⅴ with their members), label | value rows, simple
    tables, footnotes (※1), a citation line, a closing mark. Text is kept exactly as typed."""

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", _("Paragraph")
        INTRO = "intro", _("Intro text before the items")
        BULLET = "bullet", _("Bullet")
        LAYER = "layer", _("Layer (label, title, members)")
        FIELD = "field", _("Label and value row")
        TABLE = "table", _("Table (one row per line, cells separated by tabs)")
        FOOTNOTE = "footnote", _("Footnote")
        CITATION = "citation", _("Citation line")
        CLOSING = "closing", _("Closing mark (以上)")

    class Marker(models.TextChoices):
        BIG_CIRCLE = "〇", "〇"
        CIRCLE = "○", "○"
        DOT = "・", "・"
        DIAMOND = "◆", "◆"
        NOTE = "※", "※"
        ARROW = "⇒", "⇒"
        NONE = "none", _("No mark")

    section = models.ForeignKey(
        ProposalSection, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("part")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PARAGRAPH)
    marker = models.CharField(_("bullet mark"), max_length=5, choices=Marker, blank=True)
    # A layer's Ⅰ or ＜第1層＞, a row's 対象分野, a footnote's ※1.
    label = models.CharField(_("label"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)  # a layer's
    text = models.TextField(_("text"), blank=True, **text_limit(NOTE_TEXT))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("content block")
        verbose_name_plural = _("content blocks")
        ordering = ["section_id", "order", "id"]

    def __str__(self) -> str:
        return self.label or self.title or self.text[:40]

    @property
    def mark(self) -> str:
        """The bullet's printed mark: 〇 unless another (or none) was chosen."""
        if self.marker == self.Marker.NONE:
            return ""
        return self.marker or self.Marker.BIG_CIRCLE

    @property
    def paragraphs(self) -> list[str]:
        """A bullet or paragraph holds several paragraphs, split at blank lines."""
        parts = [part.strip("\n") for part in self.text.replace("\r\n", "\n").split("\n\n")]
        return [part for part in parts if part.strip()]

    @property
    def lines(self) -> list[str]:
        """A layer's members, one per line."""
        return [line for line in self.text.replace("\r\n", "\n").split("\n") if line.strip()]

    @property
    def rows(self) -> list[list[str]]:
        """A table's rows (the first is its header), cells split at tabs."""
        return [line.split("\t") for line in self.lines]
