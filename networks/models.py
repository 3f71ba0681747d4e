"""A liaison network's profile (目的・構成・委員の役割) and its study visits (視察研修)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council.models import (
    BULLET_TEXT,
    NOTE_TEXT,
    Body,
    FiscalYear,
    Revisioned,
    VisibleQuerySet,
    text_limit,
)
from documents.models import WrittenDocument

# What a profile and a visit print: a real 実施状況報告 has 3–5 purposes, 4 kinds of members
# and 3–6 findings a visit; the limits leave room and keep the PDF to a few pages.
PURPOSES_MAX = 10
COMPOSITION_MAX = 20
FINDINGS_MAX = 20


class NetworkProfile(Revisioned):
    """What a network is: since when, why (numbered purposes, and where that is written), who
    takes part and what its members do. Only bodies of the network kinds have one."""

    body = models.OneToOneField(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="network_profile"
    )
    # Month precision (令和元年6月): stored as the 1st of the month.
    started_on = models.DateField(_("started (month)"), null=True, blank=True)
    purpose_citation = models.CharField(
        _("where the purpose is written"),
        max_length=300,
        blank=True,
        help_text=_("For example: the council's terms of reference, article 5."),
    )
    members_role = models.TextField(_("members' role"), blank=True, **text_limit(NOTE_TEXT))
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("network profile")
        verbose_name_plural = _("network profiles")

    def __str__(self) -> str:
        return str(self.body)


class NetworkPurpose(models.Model):
    """One purpose, printed numbered １．２．… in its order."""

    profile = models.ForeignKey(NetworkProfile, on_delete=models.CASCADE, related_name="purposes")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("purpose"), **text_limit(BULLET_TEXT))
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("purpose")
        verbose_name_plural = _("purposes")
        ordering = ["profile_id", "order", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class NetworkComposition(models.Model):
    """One row of 構成: 委託相談支援事業所 5ヶ所."""

    profile = models.ForeignKey(
        NetworkProfile, on_delete=models.CASCADE, related_name="composition"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    organization_type = models.CharField(_("kind of organisation"), max_length=100)
    count = models.PositiveIntegerField(_("count"))
    unit = models.CharField(_("unit"), max_length=10, default="ヶ所")
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("member organisations")
        verbose_name_plural = _("member organisations")
        ordering = ["profile_id", "order", "id"]

    def __str__(self) -> str:
        return f"{self.organization_type} {self.count}{self.unit}"


class StudyVisit(Revisioned):
    """視察研修: where a network went in which month, why, who went and what they learned."""

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="study_visits"
    )
    # Ward networks often go together: 北区・南区合同, printed instead of the body's name.
    group = models.CharField(
        _("group that went"),
        max_length=100,
        blank=True,
        help_text=_("Only when several bodies went together, e.g. 北区・南区合同."),
    )
    fiscal_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("fiscal year"),
        on_delete=models.PROTECT,
        related_name="study_visits",
    )
    month = models.DateField(_("month"))  # the 1st of the month: visits are dated by month
    destination = models.CharField(_("destination (municipality)"), max_length=100)
    title = models.CharField(_("title"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"), blank=True, **text_limit(NOTE_TEXT))
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    reported_separately = models.BooleanField(
        _("reported separately (別途報告)"),
        default=False,
        help_text=_("The findings are in a separate report; the PDF says so instead."),
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=300,
        blank=True,
        help_text=_("Separated by 、 (for example: 地域移行、ピアサポート)."),
    )
    # The 企画書 that set it up: the network's report prints it after the visits.
    plan = models.ForeignKey(
        WrittenDocument,
        verbose_name=_("plan it came from (企画書)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="study_visits",
    )
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("study visit")
        verbose_name_plural = _("study visits")
        ordering = ["month", "id"]
        indexes = [models.Index(fields=["body", "fiscal_year"], name="studyvisit_body_year")]

    def __str__(self) -> str:
        return f"{self.destination} {self.title}".strip()

    @property
    def who(self) -> str:
        return self.group or self.body.name

    @property
    def keyword_list(self) -> list[str]:
        return keyword_list(self.keywords)


def keyword_list(text: str) -> list[str]:
    """地域移行、ピアサポート → ["地域移行", "ピアサポート"]; each keyword as typed."""
    return [word.strip() for word in text.replace("，", "、").split("、") if word.strip()]


class StudyVisitFinding(models.Model):
    """One bullet of what the visit learned, in order, as typed."""

    visit = models.ForeignKey(StudyVisit, on_delete=models.CASCADE, related_name="findings")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("finding"), **text_limit(BULLET_TEXT))
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["visit_id", "order", "id"]

    def __str__(self) -> str:
        return self.text[:40]
