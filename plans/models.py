"""A body's year plan (年間計画): a table of month rows grouped by fiscal year, and its planned
meetings (＜第n回＞ over a period of months, with their 検討事項), each of which becomes the
real meeting once held."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.db.models import F, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council import wareki
from council.models import (
    BULLET_TEXT,
    BULLETS_PER_MEETING,
    NOTE_TEXT,
    Body,
    FiscalYear,
    Meeting,
    Revisioned,
    VisibleQuerySet,
    text_limit,
)
from documents.models import WrittenDocument

# What one A4 table holds: a month column and up to six columns of entries; a plan of two
# fiscal years has 25 rows. A held meeting takes every topic as a bullet, so no more of them.
COLUMNS_MAX = 6
HEADING_MAX = 50
ROWS_MAX = 40
ENTRIES_PER_CELL = 10
TOPICS_MAX = BULLETS_PER_MEETING
HEADINGS_TEXT = COLUMNS_MAX * (HEADING_MAX + 1)


class YearPlan(Revisioned):
    """年間計画 of a body, from its fiscal year on (a row's month may fall in a later one)."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="year_plans"
    )
    fiscal_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("fiscal year"),
        on_delete=models.PROTECT,
        related_name="year_plans",
    )
    title = models.CharField(_("title"), max_length=200)
    # The table's column headings, one a line, as printed (内容, 担当, 備考…).
    headings = models.TextField(
        _("column headings"),
        max_length=HEADINGS_TEXT,
        help_text=format_lazy(_("One heading per line, at most {count}."), count=COLUMNS_MAX),
    )
    note = models.TextField(_("note"), blank=True, **text_limit(NOTE_TEXT))
    # A programme report (取り組みについて) prints its schedule: this table, after its parts.
    document = models.ForeignKey(
        WrittenDocument,
        verbose_name=_("printed in the document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="year_plans",
    )
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("year plan")
        verbose_name_plural = _("year plans")
        ordering = ["-fiscal_year__year", "body__order", "id"]
        indexes = [models.Index(fields=["body", "fiscal_year"], name="yearplan_body_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def heading_list(self) -> list[str]:
        return heading_list(self.headings)


def heading_list(text: str) -> list[str]:
    """The column headings, one a line, each as typed (blank lines dropped)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PlanRow(models.Model):
    """One month of the table (or, without a month, a row such as 随時 printed last), with
    one cell per column; a cell holds its entries one a line, as typed."""

    plan = models.ForeignKey(
        YearPlan, verbose_name=_("year plan"), on_delete=models.CASCADE, related_name="rows"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    month = models.DateField(_("month"), null=True, blank=True)  # the 1st of the month
    label = models.CharField(
        _("label"),
        max_length=20,
        blank=True,
        help_text=_("Printed instead of a month, e.g. 随時; leave the month empty."),
    )
    # One text per column heading, in their order; the form limits each to NOTE_TEXT.
    cells = models.JSONField(_("cells"), default=list, blank=True)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan row")
        verbose_name_plural = _("plan rows")
        ordering = ["plan_id", F("month").asc(nulls_last=True), "order", "id"]

    def __str__(self) -> str:
        return self.label or (wareki.format_year_month(self.month) if self.month else "")

    @property
    def fiscal_year(self) -> int | None:
        return wareki.fiscal_year_of(self.month) if self.month else None

    def cell_entries(self, columns: int) -> list[list[Entry]]:
        """Each column's entries, as many columns as the plan has headings."""
        texts = [*self.cells, *[""] * columns][:columns]
        return [cell_entries(text, self.month) for text in texts]


# The kinds of entry a cell holds, read from each line as typed (the text itself is kept).
TEXT, ARROW, DAY, BLANK_DAY = "text", "arrow", "day", "blank-day"
ARROWS = {"↓", "⇩", "｜", "|"}
DAY_LINE = re.compile(r"(\d{1,2}|[０-９]{1,2})日\s*[（(]\s*(\S)\s*[）)]")
BLANK_DAY_LINE = re.compile(r"日\s*[（(][\s　]*[）)]")


@dataclass(frozen=True)
class Entry:
    kind: str
    text: str
    weekday_disagrees: bool = False


def entry_of(line: str, month: datetime.date | None = None) -> Entry:
    """↓ (a continuation arrow), 15日（水） (a day and its weekday), 日（ ） (a day to be fixed)
    or text; a day whose weekday is not that of the row's month says so, the text stays."""
    stripped = line.strip()
    if stripped in ARROWS:
        return Entry(ARROW, line)
    if BLANK_DAY_LINE.fullmatch(stripped):
        return Entry(BLANK_DAY, line)
    if match := DAY_LINE.fullmatch(stripped):
        return Entry(
            DAY, line, _disagrees(int(match[1].translate(FULLWIDTH_DIGITS)), match[2], month)
        )
    return Entry(TEXT, line)


FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _disagrees(day: int, weekday: str, month: datetime.date | None) -> bool:
    if month is None:
        return False
    try:
        date = month.replace(day=day)
    except ValueError:
        return True
    return wareki.WEEKDAYS[date.weekday()] != weekday


def cell_entries(text: str, month: datetime.date | None = None) -> list[Entry]:
    return [entry_of(line, month) for line in (text or "").splitlines() if line.strip()]


def is_arrow_only(entries: list[Entry]) -> bool:
    return bool(entries) and all(e.kind == ARROW for e in entries)


def planned_number_label(number: int) -> str:
    # As the plans print it: <第1回>, with the plain angle brackets of the source.
    return f"<第{number}回>"


def format_period(start: datetime.date, end: datetime.date | None) -> str:
    """令和5年7月～8月; an end in another calendar year in full (令和5年12月～令和6年1月)."""
    first = wareki.format_year_month(start)
    if end is None or end == start:
        return first
    last = f"{end.month}月" if end.year == start.year else wareki.format_year_month(end)
    return f"{first}～{last}"


class PlannedMeeting(Revisioned):
    """A meeting the plan expects in a period of months (<第2回> 令和5年7月～8月); once held
    (services.planned_meeting_hold) it links to the real meeting, which carries it on."""

    plan = models.ForeignKey(
        YearPlan,
        verbose_name=_("year plan"),
        on_delete=models.CASCADE,
        related_name="planned_meetings",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    starts = models.DateField(_("from (month)"))  # the 1st of the month
    ends = models.DateField(_("until (month)"), null=True, blank=True)
    title = models.CharField(_("theme"), max_length=200, blank=True)
    meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("held as"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="planned_as",
    )
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("planned meeting")
        verbose_name_plural = _("planned meetings")
        ordering = ["plan_id", "number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_planned_number_per_plan"),
            models.CheckConstraint(condition=Q(number__gte=1), name="planned_number_from_1"),
            models.CheckConstraint(
                condition=Q(ends__isnull=True) | Q(ends__gte=F("starts")),
                name="planned_period_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number_label} {self.title}".strip()

    @property
    def number_label(self) -> str:
        return planned_number_label(self.number)

    @property
    def period(self) -> str:
        return format_period(self.starts, self.ends)

    @property
    def is_held(self) -> bool:
        return self.meeting_id is not None


class PlannedTopic(models.Model):
    """One 検討事項: an item (○) or, under the nearest item above it, a sub-item (・)."""

    planned = models.ForeignKey(PlannedMeeting, on_delete=models.CASCADE, related_name="topics")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("topic"), **text_limit(BULLET_TEXT))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("sub-item of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sub_items",
    )
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["planned_id", "order", "id"]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def mark(self) -> str:
        return "・" if self.parent_id else "○"
