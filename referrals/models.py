"""The social-resource catalogue (社会資源) and, beside it, the case referrals."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council.models import (
    NOTE_TEXT,
    SHEET_TEXT,
    Council,
    Organization,
    Revisioned,
    VisibleQuerySet,
    text_limit,
)


class SocialResource(Revisioned):
    """One programme a person can be connected to (a row of a committee's 事業一覧)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="resources")
    group = models.CharField(_("group"), max_length=50, blank=True)  # 必須事業 / それ以外
    target_field = models.CharField(_("target field"), max_length=50, blank=True)  # 対象分野
    name = models.CharField(_("programme name"), max_length=200)  # 事業名
    description = models.TextField(_("description"), blank=True, **text_limit(SHEET_TEXT))
    department = models.CharField(_("responsible department"), max_length=100, blank=True)
    operator = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("operating organisation"),
    )
    # One count whose label varies by programme (登録団体数 / 設置数 / 実施回数), or none.
    count_label = models.CharField(_("count label"), max_length=30, blank=True)
    count_value = models.PositiveIntegerField(_("count"), null=True, blank=True)
    # What matching needs: who it accepts, room, and how to reach it.
    accepts = models.TextField(_("who it accepts"), blank=True, **text_limit(NOTE_TEXT))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    free_places = models.PositiveIntegerField(_("free places"), null=True, blank=True)
    contact = models.CharField(_("contact route"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["council", "order", "pk"]
        verbose_name = _("social resource")
        verbose_name_plural = _("social resources")
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="resource_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class OperatingForm(models.Model):
    """How a programme is run, with its count of sites (直営3か所・指定管理3か所・委託1か所)."""

    class Kind(models.TextChoices):
        DIRECT = "direct", _("Run directly")  # 直営
        COMMISSIONED = "commissioned", _("Commissioned")  # 委託
        DESIGNATED = "designated", _("Designated manager")  # 指定管理
        PARTLY_OWN = "partly_own", _("Partly independent")  # 一部自主
        OTHER = "other", _("Other")

    resource = models.ForeignKey(
        SocialResource, on_delete=models.CASCADE, related_name="operating_forms"
    )
    kind = models.CharField(_("operating form"), max_length=20, choices=Kind)
    sites = models.PositiveIntegerField(_("sites"), null=True, blank=True)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["resource", "pk"]
        verbose_name = _("operating form")
        verbose_name_plural = _("operating forms")
        constraints = [
            models.UniqueConstraint(fields=["resource", "kind"], name="operating_form_unique"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
