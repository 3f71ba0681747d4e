"""地域生活支援拠点等: the council's hub set-up, its yearly plan per function, providers, reviews.

The five functions and the two development types are the legal terms of the 基本指針; their labels
are the Japanese words printed on the council's documents, the same in every UI language.
"""

from __future__ import annotations

from collections.abc import Iterable

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
    Meeting,
    Organization,
    Revisioned,
    VisibleQuerySet,
    YearDocument,
    text_limit,
)

SHEET = text_limit(SHEET_TEXT)
# A cell of a printed table (the status table holds ten plans side by side): the longest real
# one, the council's 取り組み for ①相談, is 550 characters.
CELL = NOTE = text_limit(NOTE_TEXT)

FUNCTION_ORDER = {value: index for index, value in enumerate(HubFunction.values)}


class HubType(models.TextChoices):
    """The two halves of each function's row in the seed's table: 【多機能拠点型】【面的整備型】."""

    MULTI = "multi", "多機能拠点型"
    AREA = "area", "面的整備型"


TYPE_ORDER = {value: index for index, value in enumerate(HubType.values)}


class HubSetup(Revisioned):
    """One per council: how the hub is built (整備類型), why, and who does what."""

    class DevelopmentType(models.TextChoices):
        MULTI = "multi", "多機能拠点整備型"
        AREA = "area", "面的整備型"
        COMBINED = "combined", "併用型"

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="hub_setup")
    # The body that works on the hub (地域づくり部会 in 長岡市); its members edit plans and reviews.
    owner_body = models.ForeignKey(
        Body,
        verbose_name=_("owning body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    development_type = models.CharField(
        _("development type (整備類型)"), max_length=10, choices=DevelopmentType
    )
    philosophy = models.TextField(_("philosophy (理念)"), blank=True, **SHEET)
    reason = models.TextField(_("reason for the development type"), blank=True, **SHEET)
    roles = models.TextField(
        _("roles in the development (拠点整備における役割)"), blank=True, **SHEET
    )
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("hub set-up")
        verbose_name_plural = _("hub set-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(development_type__in=["multi", "area", "combined"]),
                name="hub_development_type_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.council} 地域生活支援拠点等"


def in_table_order(plans: Iterable[HubPlan]) -> list[HubPlan]:
    """One year's plans as the table lists them: ①…⑤, 多機能 before 面的 (the stored values do
    not sort that way, so Python sorts, and the year is not joined)."""
    return sorted(plans, key=lambda p: (FUNCTION_ORDER[p.function], TYPE_ORDER[p.hub_type]))


class HubPlan(Revisioned):
    """One function × type in one fiscal year; a new year gets new rows, so status has a history."""

    class Priority(models.TextChoices):
        HIGH = "high", "高"
        MEDIUM = "medium", "中"
        LOW = "low", "低"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "未着手"
        STUDYING = "studying", "検討中"
        DEVELOPING = "developing", "整備中"
        DONE = "done", "整備済"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="hub_plans")
    fiscal_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("fiscal year"),
        on_delete=models.CASCADE,
        related_name="hub_plans",
    )
    function = models.CharField(_("function"), max_length=20, choices=HubFunction)
    hub_type = models.CharField(_("type"), max_length=10, choices=HubType)
    council_work = models.TextField(
        _("the council's work (自立支援協議会での取り組み)"), blank=True, **CELL
    )
    city_plan = models.TextField(_("the city's plan (今後の市の取り組み)"), blank=True, **CELL)
    # The first day of the target month (整備目標 令和4年1月); the note carries 「以降」 etc.
    target = models.DateField(_("target month"), null=True, blank=True)
    target_note = models.CharField(_("after the target month"), max_length=40, blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority, blank=True, default=""
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.NOT_STARTED
    )
    evidence = models.TextField(_("evidence of the status"), blank=True, **NOTE)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("hub plan")
        verbose_name_plural = _("hub plans")
        ordering = ["council_id", "-fiscal_year__year", "function", "hub_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "fiscal_year", "function", "hub_type"],
                name="one_hub_plan_per_function_type_year",
            ),
            models.CheckConstraint(
                condition=Q(function__in=HubFunction.values), name="hub_plan_function_valid"
            ),
            models.CheckConstraint(
                condition=Q(hub_type__in=HubType.values), name="hub_plan_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(priority__in=["", "high", "medium", "low"]),
                name="hub_plan_priority_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "studying", "developing", "done"]),
                name="hub_plan_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__day=1),
                name="hub_plan_target_is_a_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.get_function_display()} {self.get_hub_type_display()}"


class HubProvider(Revisioned):
    """An organisation registered to carry hub functions (届出 → 名簿); one row per organisation."""

    class Layer(models.TextChoices):
        IMPLEMENTER = "1", "I 実施主体"
        CORE = "2", "II 中核機関"
        REGISTERED = "3", "III 登録事業所"
        PARTNER = "4", "IV 連携機関"
        COMMUNITY = "5", "V 地域住民・インフォーマル"

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="hub_providers",
    )
    functions = models.JSONField(_("functions carried"), default=list, blank=True)
    layer = models.CharField(_("layer"), max_length=1, choices=Layer)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    changed_on = models.DateField(_("registration changed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, **NOTE)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("hub provider")
        verbose_name_plural = _("hub providers")
        ordering = ["layer", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="one_hub_provider_per_org"),
            models.CheckConstraint(
                condition=Q(layer__in=["1", "2", "3", "4", "5"]), name="hub_provider_layer_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)

    @property
    def function_labels(self) -> list[str]:
        return [label for value, label in HubFunction.choices if value in self.functions]

    @property
    def function_marks(self) -> str:
        """①②⑤: the circled numbers of the functions carried, as the printed register shows."""
        return "".join(label[0] for label in self.function_labels)


class HubCoordinator(models.Model):
    """A coordinator (コーディネーター) placed at a provider, and the service they cover."""

    provider = models.ForeignKey(HubProvider, on_delete=models.CASCADE, related_name="coordinators")
    name = models.CharField(_("name"), max_length=100)
    service = models.CharField(_("service covered"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("hub coordinator")
        verbose_name_plural = _("hub coordinators")
        ordering = ["provider_id", "id"]

    def __str__(self) -> str:
        return self.name


class HubReview(YearDocument):
    """運用状況の検証及び検討: the council's yearly review of the hub, from actual figures.

    A workflow document like the subcommittee sheets (下書き → 提出 → 承認 → 公開).
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="hub_reviews")
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("fiscal year"), on_delete=models.CASCADE, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting that discussed it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hub_reviews",
    )
    summary = models.TextField(_("summary"), blank=True, **SHEET)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hub review")
        verbose_name_plural = _("hub reviews")
        ordering = ["council_id", "-fiscal_year__year"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "fiscal_year"], name="one_hub_review_per_year"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return f"{self.fiscal_year.label} 地域生活支援拠点等の運用状況の検証及び検討"


QUARTER_LABELS = {
    1: "第1四半期（4〜6月）",
    2: "第2四半期（7〜9月）",
    3: "第3四半期（10〜12月）",
    4: "第4四半期（1〜3月）",
}


class HubFigure(models.Model):
    """Actual figures of one function in one quarter of the reviewed year; blank = not counted."""

    METRICS = (
        "advance_registrations",
        "emergency_acceptances",
        "trial_stays",
        "coordinator_activities",
    )

    review = models.ForeignKey(HubReview, on_delete=models.CASCADE, related_name="figures")
    function = models.CharField(_("function"), max_length=20, choices=HubFunction)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    advance_registrations = models.PositiveIntegerField(
        _("advance registrations"), null=True, blank=True
    )
    emergency_acceptances = models.PositiveIntegerField(
        _("emergency acceptances"), null=True, blank=True
    )
    trial_stays = models.PositiveIntegerField(_("trial stays"), null=True, blank=True)
    coordinator_activities = models.PositiveIntegerField(
        _("coordinator activities"), null=True, blank=True
    )
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("hub figure")
        verbose_name_plural = _("hub figures")
        ordering = ["review_id", "function", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "function", "quarter"], name="one_hub_figure_per_quarter"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="hub_figure_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(function__in=HubFunction.values), name="hub_figure_function_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} {self.get_function_display()} Q{self.quarter}"


class HubFunctionReview(models.Model):
    """Per function: what worked, the problems, and what was decided for next year."""

    review = models.ForeignKey(HubReview, on_delete=models.CASCADE, related_name="function_reviews")
    function = models.CharField(_("function"), max_length=20, choices=HubFunction)
    worked = models.TextField(_("what worked"), blank=True, **NOTE)
    problems = models.TextField(_("problems"), blank=True, **NOTE)
    decisions = models.TextField(_("decisions for next year"), blank=True, **NOTE)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("hub function review")
        verbose_name_plural = _("hub function reviews")
        ordering = ["review_id", "function"]
        constraints = [
            models.UniqueConstraint(fields=["review", "function"], name="one_hub_function_review"),
            models.CheckConstraint(
                condition=Q(function__in=HubFunction.values),
                name="hub_function_review_function_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} {self.get_function_display()}"
