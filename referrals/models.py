"""The social-resource catalogue (社会資源) and, beside it, the case referrals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from council import wareki
from council.models import (
    NOTE_TEXT,
    REASON_TEXT,
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

    def description_parts(self) -> list[tuple[str, list[str]]]:
        """The blocks (prefetched) as (kind, texts), consecutive steps in one part: the page,
        the PDF and the export number a run of steps 1, 2, 3 and start again after it."""
        parts: list[tuple[str, list[str]]] = []
        for block in self.blocks.all():
            if block.kind == ResourceBlock.Kind.STEP and parts and parts[-1][0] == block.kind:
                parts[-1][1].append(block.text)
            else:
                parts.append((block.kind, [block.text]))
        return parts


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


class ResourceBlock(models.Model):
    """One part of a programme's 業務内容 after its lead paragraph (`SocialResource.description`):
    a paragraph, a sub-heading (printed underlined) or a step (consecutive steps are numbered
    1, 2, 3 when printed)."""

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", _("Paragraph")
        HEADING = "heading", _("Sub-heading")
        STEP = "step", _("Numbered step")

    resource = models.ForeignKey(SocialResource, on_delete=models.CASCADE, related_name="blocks")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PARAGRAPH)
    text = models.TextField(_("text"), **text_limit(NOTE_TEXT))
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["resource", "order", "pk"]
        verbose_name = _("description block")
        verbose_name_plural = _("description blocks")

    def __str__(self) -> str:
        return self.text[:40]


class ResourceFigure(models.Model):
    """A result of a programme as typed (支援団体数 74団体), as of a date, for the whole city or
    one area (per-area counts are rows with `area`)."""

    class Precision(models.TextChoices):
        # 令和4年12月末 is how the results tables state a count; a day is for the rest.
        MONTH = "month", _("End of the month")
        DAY = "day", _("Day")

    resource = models.ForeignKey(SocialResource, on_delete=models.CASCADE, related_name="figures")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=50)  # 支援団体数
    # Text, so that "1,652" prints as the table typed it.
    value = models.CharField(_("value"), max_length=30)
    unit = models.CharField(_("unit"), max_length=20, blank=True)  # 団体 / 件 / か所
    area = models.CharField(_("area"), max_length=50, blank=True)  # 北区 / 中之島地区
    as_of = models.DateField(_("as of"), null=True, blank=True)
    as_of_precision = models.CharField(
        _("as-of precision"), max_length=10, choices=Precision, default=Precision.MONTH
    )
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["resource", "order", "pk"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self) -> str:
        return self.text

    @property
    def as_of_text(self) -> str:
        """令和4年12月末 (month precision) or 令和4年12月31日, or "" without a date."""
        if self.as_of is None:
            return ""
        if self.as_of_precision == self.Precision.MONTH:
            return f"{wareki.format_year_month(self.as_of)}末"
        return wareki.format_date(self.as_of)

    @property
    def text(self) -> str:
        """支援団体数（北区） 74団体（令和4年12月末現在）: how every output prints it."""
        label = f"{self.label}（{self.area}）" if self.area else self.label
        as_of = f"（{self.as_of_text}現在）" if self.as_of else ""
        return f"{label} {self.value}{self.unit}{as_of}"


class ResourceFacility(models.Model):
    """One place a programme runs (a 茶の間, a centre), with its own figures; published as an
    HSDS location of the programme (referrals/hsds.py)."""

    resource = models.ForeignKey(
        SocialResource, on_delete=models.CASCADE, related_name="facilities"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("facility name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    opened_on = models.DateField(_("opening date"), null=True, blank=True)  # 開所日
    activity_groups = models.PositiveIntegerField(
        _("active groups"), null=True, blank=True
    )  # 活動団体数
    activity_count = models.PositiveIntegerField(
        _("activities held"), null=True, blank=True
    )  # 活動回数
    note = models.TextField(_("note"), blank=True, **text_limit(NOTE_TEXT))
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["resource", "order", "pk"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")

    def __str__(self) -> str:
        return self.name


# --- cases (参加支援・緊急時受入れ・体験) ------------------------------------------------------
# A case holds no identity: the person's name, birth date, address and phone live in
# CaseIdentity alone, so that purging it leaves the anonymous record (stage, age band, district,
# disability type) for the counts and the regional issues.


class Stage(models.TextChoices):
    INTAKE = "intake", _("Intake")  # 相談受付
    PLANNING = "planning", _("Planning")  # プラン作成
    MATCHING = "matching", _("Resource development and matching")  # 資源開発・マッチング
    FOLLOW_UP = "follow_up", _("Settling-in support and follow-up")  # 定着支援・フォローアップ
    CLOSED = "closed", pgettext_lazy("case stage", "Closed")  # 終結 (not 非公開)


class Outcome(models.TextChoices):
    SUCCESSFUL = "successful", _("Connected")
    REFUSED = "refused", _("Refused by the person")
    NO_CAPACITY = "no_capacity", _("No capacity")
    UNREACHABLE = "unreachable", _("Unreachable")
    CONSENT_REVOKED = "consent_revoked", _("Consent revoked")
    OTHER = "other", _("Other")


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    FROM_18 = "18_29", _("18–29")
    FROM_30 = "30_39", _("30–39")
    FROM_40 = "40_49", _("40–49")
    FROM_50 = "50_64", _("50–64")
    FROM_65 = "65_plus", _("65 and over")


class DisabilityType(models.TextChoices):
    PHYSICAL = "physical", _("Physical")  # 身体
    INTELLECTUAL = "intellectual", _("Intellectual")  # 知的
    MENTAL = "mental", _("Mental")  # 精神
    DEVELOPMENTAL = "developmental", _("Developmental")  # 発達
    INTRACTABLE = "intractable", _("Intractable disease")  # 難病
    MULTIPLE = "multiple", _("Multiple")
    OTHER = "other", _("Other or unknown")


class IntakeSource(models.TextChoices):
    CONFERENCE = "conference", _("Multi-layered support conference")  # 重層的支援会議
    HUB = "hub", _("Life-support hub")  # 拠点


class CaseQuerySet(VisibleQuerySet):
    def consented(self) -> CaseQuerySet:
        """Cases with at least one consent not revoked: only these share more than a name."""
        return self.filter(
            models.Exists(Consent.objects.filter(case=models.OuterRef("pk"), revoked_on=None))
        )

    def for_rules(self) -> CaseQuerySet:
        """With what the case rules read already loaded: whether a consent is active, and
        the workers and managers (so `can()` asks the database nothing more per case)."""
        return self.annotate(
            consent_active=models.Exists(
                Consent.objects.filter(case=models.OuterRef("pk"), revoked_on=None)
            )
        ).prefetch_related("assigned_workers", "case_managers")


class Case(Revisioned):
    """One person's referral, known by its pseudonym (ケース-2026-0007)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="cases")
    year = models.PositiveSmallIntegerField(_("year opened"))
    number = models.PositiveIntegerField(_("number"))
    pseudonym = models.CharField(_("pseudonym"), max_length=30)
    source = models.CharField(_("source"), max_length=20, choices=IntakeSource)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage, default=Stage.INTAKE)
    # Why a case closed without a connection (refused, no capacity, unreachable…).
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, blank=True)
    outcome_reason = models.TextField(
        _("reason for the outcome"), blank=True, **text_limit(REASON_TEXT)
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Non-identifying: read by the anonymisation check of a regional issue (fewer than three
    # cases with the same combination identify a person).
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand)
    district = models.CharField(_("district"), max_length=50, blank=True)
    disability_type = models.CharField(_("disability type"), max_length=20, choices=DisabilityType)
    assigned_workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="assigned_cases",
        blank=True,
        verbose_name=_("assigned workers"),
    )
    # Secretariat staff named as the case's managers: with the workers, the only readers of
    # its identity.
    case_managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="managed_cases",
        blank=True,
        verbose_name=_("case managers"),
    )
    referred_organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_cases",
        verbose_name=_("referred to"),
    )
    referral_until = models.DateField(_("referral lasts until"), null=True, blank=True)
    # 終結: how the support went (with `outcome` and `outcome_reason` above), and the stage
    # it was closed from, where a reopening takes it back.
    evaluation = models.TextField(_("evaluation"), blank=True, **text_limit(REASON_TEXT))
    closed_from = models.CharField(_("closed from"), max_length=20, choices=Stage, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["council", "-year", "-number"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["council", "year", "number"], name="case_number"),
            models.UniqueConstraint(fields=["council", "pseudonym"], name="case_pseudonym"),
            models.CheckConstraint(
                condition=models.Q(stage=Stage.CLOSED, closed_on__isnull=False)
                | (~models.Q(stage=Stage.CLOSED) & models.Q(closed_on__isnull=True)),
                name="case_closed_on_when_closed",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(stage=Stage.CLOSED),
                name="case_outcome_when_closed",
            ),
            models.CheckConstraint(
                condition=models.Q(referral_until__isnull=True)
                | models.Q(referred_organization__isnull=False),
                name="case_referral_has_organization",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_from="") | models.Q(stage=Stage.CLOSED),
                name="case_closed_from_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym

    @staticmethod
    def pseudonym_for(year: int, number: int) -> str:
        return f"ケース-{year}-{number:04d}"


class CaseIdentity(models.Model):
    """Who the person is: the only place identity lives. No history is kept of it, so that
    the retention purge (deleting this row) leaves nothing behind."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="identity"
    )
    name = models.CharField(_("name"), max_length=100)
    name_kana = models.CharField(_("name (kana)"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("case identity")
        verbose_name_plural = _("case identities")

    def __str__(self) -> str:
        return str(self.case)


class Consent(models.Model):
    """The person's consent (本人同意): what it covers, when and how it was given and who took
    it; revoking it is recorded on the same row."""

    class Scope(models.TextChoices):
        SHARING = "sharing", _("Sharing with the agencies involved")  # 関係機関との情報共有
        CONFERENCE = "conference", _("Discussion at the support conference")  # 重層的支援会議
        EMERGENCY = "emergency", _("Emergency pre-registration")  # 緊急時の事前登録

    class Form(models.TextChoices):
        WRITTEN = "written", _("In writing")  # 書面
        ORAL = "oral", _("Orally")  # 口頭
        PROXY = "proxy", _("By a guardian or proxy")  # 代理人

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("scope"), max_length=20, choices=Scope)
    given_on = models.DateField(_("given on"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("taken by"),
    )
    form = models.CharField(_("form"), max_length=20, choices=Form)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revocation recorded by"),
    )
    revoked_reason = models.TextField(
        _("reason for the revocation"), blank=True, **text_limit(REASON_TEXT)
    )

    class Meta:
        ordering = ["case", "given_on", "pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_on__isnull=True)
                | models.Q(revoked_on__gte=models.F("given_on")),
                name="consent_revoked_after_given",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_on__isnull=False)
                | models.Q(revoked_by__isnull=True, revoked_reason=""),
                name="consent_revocation_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} – {self.get_scope_display()}"

    @property
    def is_active(self) -> bool:
        return self.revoked_on is None


class AnonymousIntake(models.Model):
    """Consultations counted before any consent: a number, never a person."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="intakes")
    received_on = models.DateField(_("received on"))
    count = models.PositiveIntegerField(_("count"))
    source = models.CharField(_("source"), max_length=20, choices=IntakeSource)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["council", "-received_on", "-pk"]
        verbose_name = _("anonymous intake")
        verbose_name_plural = _("anonymous intakes")
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gte=1), name="intake_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.received_on} {self.get_source_display()} {self.count}"


class CaseReadLog(models.Model):
    """Who read which case, when, and what of it (a list row, the detail, the identity…)."""

    class What(models.TextChoices):
        LIST = "list", _("List")
        DETAIL = "detail", _("Detail")
        IDENTITY = "identity", _("Identity")
        REVOKE = "revoke", _("Consent revocation page")
        READ_LOG = "readlog", _("Read log")
        PDF = "pdf", _("PDF")
        EXPORT = "export", _("Export")
        PIPELINE = "pipeline", _("Support record or stage change page")
        EMERGENCY = "emergency", _("Emergency pre-registration page")

    # PROTECT: a case is never deleted (the purge removes its identity), nor its audit trail.
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    what = models.CharField(_("what"), max_length=20, choices=What)
    path = models.CharField(_("path"), max_length=500)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("case read")
        verbose_name_plural = _("case reads")
        indexes = [
            models.Index(fields=["case", "at"], name="case_read_by_case"),
            models.Index(fields=["user", "at"], name="case_read_by_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.case} {self.what}"


class CaseIssueLink(models.Model):
    """A case raised a regional issue (地域課題): kept for traceability, so that the issue can say
    how many cases raised it. The issue itself carries no identity (the anonymisation check)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="issue_links")
    # By label: referrals imports no other domain app (docs/architecture.md).
    issue = models.ForeignKey(
        "subcommittees.RegionalIssue", on_delete=models.CASCADE, related_name="case_links"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)

    class Meta:
        ordering = ["issue", "raised_at"]
        verbose_name = _("case raising an issue")
        verbose_name_plural = _("cases raising issues")
        constraints = [
            models.UniqueConstraint(fields=["case", "issue"], name="case_issue_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.issue_id}"


# --- the referral pipeline (参加支援): plan, matching, follow-up, closing -------------------
# Notes about the person live here, never the identity: a purge of CaseIdentity leaves them.


class CaseRecord(models.Model):
    """What every pipeline record shares: its case, who wrote it and when."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        abstract = True


class CasePlan(CaseRecord):
    """プラン作成: the assessment with the person and family, their needs and the goals."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    assessment = models.TextField(_("assessment"), **text_limit(SHEET_TEXT))
    needs = models.TextField(_("needs"), blank=True, **text_limit(SHEET_TEXT))
    goals = models.TextField(_("goals"), blank=True, **text_limit(SHEET_TEXT))
    written_on = models.DateField(_("written on"))

    class Meta:
        ordering = ["case", "-written_on", "-pk"]
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")

    def __str__(self) -> str:
        return f"{self.case} {self.written_on}"


class CaseMatch(CaseRecord):
    """資源開発・マッチング: a candidate from the catalogue, or a new resource being developed
    when nothing fits, with the host side's assessment."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="matches")
    resource = models.ForeignKey(
        SocialResource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matches",
        verbose_name=_("resource from the catalogue"),
    )
    new_resource = models.CharField(_("new resource being developed"), max_length=200, blank=True)
    host_assessment = models.TextField(
        _("assessment of the host"), blank=True, **text_limit(NOTE_TEXT)
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PROPOSED)

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            # A removed programme leaves its name nowhere: then the match keeps what it was.
            models.CheckConstraint(
                condition=models.Q(resource__isnull=False) | ~models.Q(new_resource=""),
                name="match_names_a_resource",
            ),
        ]

    def __str__(self) -> str:
        return str(self.resource or self.new_resource)


class FollowUp(CaseRecord):
    """定着支援・フォローアップ: a scheduled visit, and what it found on both sides."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    scheduled_on = models.DateField(_("scheduled on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    person_note = models.TextField(_("about the person"), blank=True, **text_limit(NOTE_TEXT))
    host_note = models.TextField(_("about the host"), blank=True, **text_limit(NOTE_TEXT))
    host_concerns = models.TextField(
        _("the host's own concerns"), blank=True, **text_limit(NOTE_TEXT)
    )
    host_support = models.TextField(
        _("support given to the host"), blank=True, **text_limit(NOTE_TEXT)
    )

    class Meta:
        ordering = ["case", "scheduled_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["done_on", "scheduled_on"], name="follow_up_due")]

    def __str__(self) -> str:
        return f"{self.case} {self.scheduled_on}"


class KeepInTouch(CaseRecord):
    """A reminder to keep light contact, which continues after the case is closed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="keep_in_touch")
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["case", "due_on", "pk"]
        verbose_name = _("keep-in-touch reminder")
        verbose_name_plural = _("keep-in-touch reminders")

    def __str__(self) -> str:
        return f"{self.case} {self.due_on}"


class CaseStageChange(models.Model):
    """Who moved a case from which stage to which, when and why (the case keeps no history)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="stage_changes")
    action = models.CharField(_("action"), max_length=20)
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome, blank=True)
    reason = models.TextField(_("reason"), blank=True, **text_limit(REASON_TEXT))
    evaluation = models.TextField(_("evaluation"), blank=True, **text_limit(REASON_TEXT))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["case", "at", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.case} {self.from_stage} → {self.to_stage}"


# --- emergency pre-registration (緊急時の事前登録) ------------------------------------------
# A person at risk is registered in advance, with a consent of scope EMERGENCY, with the hub
# providers who would meet a crisis. The registration holds what they need then; the identity
# stays in CaseIdentity and is printed beside it on the roster (referrals/permissions.py).


class EmergencyQuerySet(VisibleQuerySet):
    def shown(self) -> EmergencyQuerySet:
        """Registrations in force: not ended, and the person's emergency consent active."""
        return self.filter(
            models.Exists(
                Consent.objects.filter(
                    case=models.OuterRef("case_id"),
                    scope=Consent.Scope.EMERGENCY,
                    revoked_on=None,
                )
            ),
            ended_on=None,
        )


class EmergencyRegistration(Revisioned):
    """One case's pre-registration: the risk, what to do in a crisis, whom to call, and the
    hub providers it is registered with."""

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="emergency", verbose_name=_("case")
    )
    organizations = models.ManyToManyField(
        Organization,
        related_name="emergency_registrations",
        verbose_name=_("registered with (hub providers)"),
    )
    risk_summary = models.TextField(_("risk summary"), **text_limit(NOTE_TEXT))  # リスクの概要
    crisis_response = models.TextField(
        _("what to do in a crisis"), **text_limit(NOTE_TEXT)
    )  # 緊急時の対応
    emergency_contacts = models.TextField(
        _("emergency contacts"), **text_limit(NOTE_TEXT)
    )  # 緊急連絡先
    medical_notes = models.TextField(
        _("medical notes and medication"), blank=True, **text_limit(NOTE_TEXT)
    )  # 医療・服薬
    preferred_place = models.TextField(
        _("preferred place or short stay"), blank=True, **text_limit(NOTE_TEXT)
    )  # 受入れ先・体験の希望
    registered_on = models.DateField(_("registered on"))
    review_on = models.DateField(_("review on"))  # 見直し日
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True, **text_limit(REASON_TEXT))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )

    objects = EmergencyQuerySet.as_manager()

    class Meta:
        ordering = ["review_on", "pk"]
        verbose_name = _("emergency pre-registration")
        verbose_name_plural = _("emergency pre-registrations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_on__gte=models.F("registered_on")),
                name="emergency_review_after_registration",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("registered_on")),
                name="emergency_ended_after_registration",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=False)
                | models.Q(ended_by__isnull=True, end_reason=""),
                name="emergency_end_complete",
            ),
        ]

    def __str__(self) -> str:
        return str(self.case)
