"""A subcommittee's year: 活動方針, 検討状況報告書, 振り返り・評価シート, 地域課題, action plans.

Each yearly document hangs on a `BodyYear`; meetings are never typed twice (the report's meeting
table and the review sheet's 開催回数・開催月 come from `council.Meeting`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council.models import (
    HISTORY_TEXT,
    NOTE_TEXT,
    SHEET_TEXT,
    Body,
    BodyYear,
    Council,
    FiscalYear,
    Meeting,
    Person,
    Revisioned,
    SheetQuerySet,
    YearDocument,
    text_limit,
)

SHEET = text_limit(SHEET_TEXT)
NOTE = text_limit(NOTE_TEXT)


class ActivityPolicy(YearDocument):
    """活動方針: set at the start of the year, seeded from last year's review when it continues."""

    body_year = models.OneToOneField(
        BodyYear, verbose_name=_("body year"), on_delete=models.CASCADE, related_name="policy"
    )
    history_text = models.TextField(
        _("history so far (これまでの経過)"), blank=True, **text_limit(HISTORY_TEXT)
    )
    policy = models.TextField(_("policy this year (今年度の方針)"), blank=True, **SHEET)
    activities = models.TextField(_("concrete activities (具体的活動内容)"), blank=True, **SHEET)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activity policy")
        verbose_name_plural = _("activity policies")

    def __str__(self) -> str:
        return f"{self.body_year} 活動方針"


class StatusReport(YearDocument):
    """検討状況報告書; its meeting table is built from the body's meetings of the year."""

    body_year = models.OneToOneField(
        BodyYear,
        verbose_name=_("body year"),
        on_delete=models.CASCADE,
        related_name="status_report",
    )
    updated_on = models.DateField(_("updated on"), null=True, blank=True)
    approach = models.TextField(_("approach (取組方針)"), blank=True, **SHEET)
    concrete_actions = models.TextField(_("concrete actions (具体的取組)"), blank=True, **SHEET)
    direction = models.TextField(_("direction from here (今後の検討の方向性)"), blank=True, **SHEET)
    notes_to_steering = models.TextField(
        _("notes to the steering meeting (運営会議への伝達事項)"), blank=True, **SHEET
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")

    def __str__(self) -> str:
        return f"{self.body_year} 検討状況報告書"


class ReviewSheet(YearDocument):
    """振り返り・評価シート; 開催回数・開催月 are computed from the held meetings."""

    class NextYear(models.TextChoices):
        CONTINUE = "continue", _("Continue")
        END = "end", _("End")

    body_year = models.OneToOneField(
        BodyYear,
        verbose_name=_("body year"),
        on_delete=models.CASCADE,
        related_name="review_sheet",
    )
    created_on = models.DateField(_("created on"), null=True, blank=True)
    policy = models.TextField(_("activity policy"), blank=True, **SHEET)
    results = models.TextField(_("activities and results"), blank=True, **SHEET)
    # The labels chosen from the council's functions (Council.functions) as they read then: a
    # sheet keeps what it was written with when the council renames one.
    functions = models.JSONField(_("council functions touched"), default=list, blank=True)
    next_year = models.CharField(
        _("next year"), max_length=10, choices=NextYear, blank=True, default=""
    )
    next_policy = models.TextField(_("proposed policy (活動方針(案))"), blank=True, **SHEET)
    next_activities = models.TextField(_("planned activities (取り組み内容)"), blank=True, **SHEET)
    handover = models.TextField(_("matters to hand over (引き継ぎ事項)"), blank=True, **SHEET)
    end_reason = models.TextField(_("reason for ending (理由)"), blank=True, **NOTE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review sheet")
        verbose_name_plural = _("review sheets")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(next_year__in=["", "continue", "end"]), name="next_year_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body_year} 振り返り・評価シート"


class ReviewComment(Revisioned):
    """メンバーの感想・意見: one per member, written and edited by that member only."""

    sheet = models.ForeignKey(ReviewSheet, on_delete=models.CASCADE, related_name="comments")
    person = models.ForeignKey(
        Person, verbose_name=_("member"), on_delete=models.CASCADE, related_name="review_comments"
    )
    text = models.TextField(_("comment"), **NOTE)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member comment")
        verbose_name_plural = _("member comments")
        ordering = ["sheet_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "person"], name="one_comment_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.sheet} – {self.person.name}"


class RegionalIssue(Revisioned):
    """地域課題: raised from cases or providers, studied over years, answered by plans or 提言."""

    class Origin(models.TextChoices):
        CASE = "case", _("Individual case")
        PROVIDER = "provider", _("Provider")
        BODY = "body", _("A body of the council")
        OTHER = "other", _("Other")

    class Tag(models.TextChoices):
        # The six components of the 地域包括ケアシステム, printed as one kanji each.
        MEDICAL = "医", "医"
        DISABILITY = "障", "障"
        HOUSING = "住", "住"
        HEALTH = "保", "保"
        COMMUNITY = "地", "地"
        SOCIAL = "社", "社"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="regional_issues")
    label = models.CharField(_("label (①…)"), max_length=10, blank=True)
    title = models.CharField(_("title"), max_length=200)
    background = models.TextField(_("background"), blank=True, **SHEET)
    origin = models.CharField(_("raised from"), max_length=10, choices=Origin, default=Origin.CASE)
    origin_detail = models.CharField(_("where it came from"), max_length=200, blank=True)
    owner = models.ForeignKey(
        Body, verbose_name=_("owner body"), on_delete=models.PROTECT, related_name="issues"
    )
    tags = models.JSONField(_("domain tags"), default=list, blank=True)
    outcome = models.TextField(_("outcome"), blank=True, **NOTE)
    meetings = models.ManyToManyField(
        Meeting, verbose_name=_("meetings that discussed it"), blank=True, related_name="issues"
    )
    history = HistoricalRecords(m2m_fields=[meetings])

    objects = SheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("regional issue")
        verbose_name_plural = _("regional issues")
        ordering = ["council_id", "label", "id"]

    def __str__(self) -> str:
        return f"{self.label}{self.title}"


class IssueStatus(models.TextChoices):
    RAISED = "raised", _("Raised (抽出)")
    STUDYING = "studying", _("Under study (検討中)")
    ACTING = "acting", _("In action (取組中)")
    PROPOSED = "proposed", _("Proposed to the city (提言)")
    CLOSED = "closed", _("Closed (取扱い終了)")


class IssueEvent(models.Model):
    """One dated step of an issue's history; the latest one is its status."""

    issue = models.ForeignKey(RegionalIssue, on_delete=models.CASCADE, related_name="events")
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=IssueStatus)
    note = models.TextField(_("note"), blank=True, **NOTE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("issue step")
        verbose_name_plural = _("issue steps")
        ordering = ["issue_id", "fiscal_year__year", "date", "id"]

    def __str__(self) -> str:
        return f"{self.issue} {self.fiscal_year} {self.get_status_display()}"


class ActionPlan(YearDocument):
    """アクションプラン: a goal, then rows of 課題, 誰・どこに対して, 誰が・何を・どうする, 期限."""

    body_year = models.ForeignKey(
        BodyYear,
        verbose_name=_("body year"),
        on_delete=models.CASCADE,
        related_name="action_plans",
    )
    issue = models.ForeignKey(
        RegionalIssue,
        verbose_name=_("regional issue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_plans",
    )
    goal = models.TextField(_("goal (目指すべき状態・姿)"), **NOTE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["body_year_id", "id"]

    def __str__(self) -> str:
        return f"{self.body_year} アクションプラン"


class ActionPlanRow(models.Model):
    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="rows")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    problem = models.TextField(_("issue (課題)"), **NOTE)
    target = models.TextField(_("towards whom (誰・どこに対して)"), blank=True, **NOTE)
    action = models.TextField(_("who does what (誰が・何を・どうする)"), blank=True, **NOTE)
    due = models.CharField(_("by when (期限)"), max_length=100, blank=True)
    progress = models.CharField(
        _("progress"), max_length=12, choices=Progress, default=Progress.NOT_STARTED
    )
    progress_note = models.TextField(_("progress note"), blank=True, **NOTE)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action plan row")
        verbose_name_plural = _("action plan rows")
        ordering = ["plan_id", "order", "id"]

    def __str__(self) -> str:
        return self.problem[:40]
