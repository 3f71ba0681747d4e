"""The structured-document engine: a document's numbered parts and the blocks each holds.

`Part` and `Block` are abstract: 提言 (proposals.ProposalSection, with the city's answer) and
every other written document (WrittenDocument: 企画書, 実施状況報告, 取り組み報告…) share their
fields, numbering (documents/structure.py), editor and PDF templates.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council.models import (
    NOTE_TEXT,
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

LEVELS = 4
PARTS_MAX = 50  # per document, as printed (the longest real 提言 has 35)
BLOCKS_MAX = 60  # per part


class Tagged(models.Model):
    """The hub functions (HubFunction values) a part or block answers: named in its text
    (explicit), or read into it by the secretariat (inferred)."""

    functions = models.JSONField(_("hub functions it names"), default=list, blank=True)
    inferred_functions = models.JSONField(_("hub functions inferred"), default=list, blank=True)

    class Meta:
        abstract = True

    def function_tags(self) -> list[tuple[str, bool]]:
        """(label, inferred) of its tags, in the functions' order."""
        explicit, inferred = set(self.functions), set(self.inferred_functions)
        return [
            (label, value in inferred)
            for value, label in HubFunction.choices
            if value in explicit or value in inferred
        ]


class Part(Tagged):
    """One numbered part, nested up to four levels. Its number is computed
    (documents/structure.py), in the style it chooses or its level's usual one; "none" leaves
    it unnumbered. The concrete model adds the key to its document."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    level = models.PositiveSmallIntegerField(
        _("level"), default=1, validators=[MinValueValidator(1), MaxValueValidator(LEVELS)]
    )
    # Blank: the level's usual style, which is how every part written before the choice
    # existed still prints.
    numbering = models.CharField(_("numbering"), max_length=10, choices=numbering.Style, blank=True)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True, **text_limit(NOTE_TEXT))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.heading or self.text[:40]

    @property
    def block_runs(self) -> list[list[Block]]:
        """Its blocks in order, consecutive label | value rows together (one table, as a
        programme's 対象分野 | 事業名 | 業務内容… print), every other block alone."""
        runs: list[list[Block]] = []
        for block in self.blocks.all():
            if runs and block.kind == runs[-1][0].kind == Block.Kind.FIELD:
                runs[-1].append(block)
            else:
                runs.append([block])
        return runs


class Block(Tagged):
    """What a part holds after its heading and text, in order: paragraphs, bullets with their
    mark, intro text, labelled layers (Ⅰ–Ⅴ with their members), label | value rows, simple
    tables, a support flow (its steps), footnotes (※1), a citation line, a closing mark. Text
    is kept exactly as typed."""

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", _("Paragraph")
        INTRO = "intro", _("Intro text before the items")
        BULLET = "bullet", _("Bullet")
        LAYER = "layer", _("Layer (label, title, members)")
        FIELD = "field", _("Label and value row")
        TABLE = "table", _("Table (one row per line, cells separated by tabs)")
        FLOW = "flow", _("Flow (one step per line, printed with ↓ between)")
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

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PARAGRAPH)
    marker = models.CharField(_("bullet mark"), max_length=5, choices=Marker, blank=True)
    # A layer's Ⅰ or ＜第1層＞, a row's 対象分野, a footnote's ※1.
    label = models.CharField(_("label"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)  # a layer's
    text = models.TextField(_("text"), blank=True, **text_limit(NOTE_TEXT))

    class Meta:
        abstract = True

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
        """A layer's members or a flow's steps, one per line."""
        return [line for line in self.text.replace("\r\n", "\n").split("\n") if line.strip()]

    @property
    def rows(self) -> list[list[str]]:
        """A table's rows (the first is its header), cells split at tabs."""
        return [line.split("\t") for line in self.lines]


# --- written documents: every kind but 提言, which has its own workflow to the city -----------


class WrittenKind(models.TextChoices):
    PLAN = "plan", _("Plan (企画書)")
    PROGRESS = "progress", _("Progress report (実施状況報告)")
    PROGRAMME = "programme", _("Report on a programme (取り組みについて)")
    OTHER = "other", _("Other document")


class WrittenStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class DocumentHead(Revisioned):
    """What every document's head prints, 提言 included: the date (typed as 和暦 or ISO,
    printed as 和暦), the addressee, the issuing body under the council's name, the signer's
    title and name, who wrote it (a body, a person or both), the title and subtitle exactly as
    typed (＜＞ and 〔〕 kept), an opening text and the closing mark."""

    date = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=200, blank=True)
    addressee = models.CharField(_("addressed to"), max_length=100, blank=True)
    # The signer as printed under the issuing body: 部会長 and 山田太郎 as two fields (older
    # proposals hold both in the name, printed as typed).
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    # A working group may write what its parent body issues (作成：○○ワーキング).
    author_body = models.ForeignKey(
        Body,
        verbose_name=_("written by (body)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.CharField(_("written by (person)"), max_length=100, blank=True)
    preamble = models.TextField(_("opening text (はじめに)"), blank=True, **text_limit(SHEET_TEXT))
    closing = models.CharField(_("closing"), max_length=40, default="以上", blank=True)

    class Meta:
        abstract = True


class WrittenDocument(DocumentHead):
    """A dated document a body writes: a network's plan (企画書) or progress report, a report
    to a committee on a programme. Its text is parts and blocks; once issued, its PDF is
    frozen and it changes no more unless the secretariat reopens it."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="writings")
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind of document"), max_length=10, choices=WrittenKind)
    body = models.ForeignKey(
        Body, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="writings"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=WrittenStatus, default=WrittenStatus.DRAFT
    )
    status_reason = models.TextField(
        _("reason for the last reopening"), blank=True, **text_limit(SHEET_TEXT)
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("written document")
        verbose_name_plural = _("written documents")
        ordering = ["-fiscal_year__year", "-date", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return self.status == WrittenStatus.DRAFT


class DocumentPart(Part):
    document = models.ForeignKey(WrittenDocument, on_delete=models.CASCADE, related_name="parts")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document part")
        verbose_name_plural = _("document parts")
        ordering = ["document_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=LEVELS), name="document_part_level_1_4"
            )
        ]


class DocumentBlock(Block):
    part = models.ForeignKey(
        DocumentPart, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("part")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("content block")
        verbose_name_plural = _("content blocks")
        ordering = ["part_id", "order", "id"]
