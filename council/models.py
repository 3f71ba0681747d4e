"""The council's core records: bodies, people, organisations, fiscal years and meetings.

Later documents (sheets, hub plans, referrals) attach to `BodyYear`, `Meeting` and `Person`
without changing these tables. Every model keeps its history (who, when, old → new).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import uuid
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from council import wareki
from council.permissions import visible_filter
from council.roles import Role, SeatRole

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser


# Text limits, in characters, from what the printed documents hold: a box of a sheet is at most
# about 1¼ A4 pages (the demo council's longest text is 550 characters), and what a PDF prints
# must render in a few seconds (docs/performance.md). Forms show the limit and refuse more.
SHEET_TEXT = 2000
HISTORY_TEXT = 4000  # 活動方針's これまでの経過 grows by a paragraph every year
NOTE_TEXT = 1000  # a note, a table cell, a member's comment
REASON_TEXT = 2000  # a return's or withdrawal's reason, as ReasonForm takes it
MINUTES_TEXT = 20_000  # a meeting's minutes: pages, but no PDF prints them
BULLET_TEXT = 300  # one bullet of 取組・検討内容 (the longest real one: 135)
BULLETS_PER_MEETING = 10  # the status report prints them all (the most a real meeting had: 3)


def text_limit(limit: int) -> dict[str, Any]:
    """A text field's max_length, and its form's help text saying so (「2000文字以内」)."""
    return {
        "max_length": limit,
        "help_text": format_lazy(_("Up to {limit} characters."), limit=limit),
    }


class VisibleQuerySet(models.QuerySet):
    """`visible_to(user)` for every council-scoped model; the rule lives in permissions.py."""

    def visible_to(self, user: AbstractBaseUser) -> VisibleQuerySet:
        return self.filter(visible_filter(user, self.model))

    def one_or_none(self) -> Any:
        """The row of a lookup on a unique key, or None. Unlike `first()` it does not sort:
        compiling an ORDER BY costs the ORM about 0.1 ms, more than the database spends on
        such a query."""
        rows = list(self.order_by()[:2])
        if len(rows) > 1:
            raise self.model.MultipleObjectsReturned(f"more than one {self.model.__name__}")
        return rows[0] if rows else None


class Revisioned(models.Model):
    """A counter bumped on every save through the edit services, for optimistic locking."""

    revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


class SheetQuerySet(VisibleQuerySet):
    def published(self) -> SheetQuerySet:
        return self.filter(status=DocumentStatus.PUBLISHED)


class YearDocument(Revisioned):
    """What every workflow document shares: its status and who moved it last, and why."""

    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus, default=DocumentStatus.DRAFT
    )
    # The reason of the last 差戻し or reopening, shown to the authors while they revise.
    status_reason = models.TextField(
        _("reason for the last return"), blank=True, **text_limit(REASON_TEXT)
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SheetQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status == DocumentStatus.DRAFT


# The five functions of the regional life-support hub (地域生活支援拠点等) the council oversees:
# the legal terms of the 基本指針, printed as they are in every UI language.
class HubFunction(models.TextChoices):
    CONSULTATION = "consultation", "①相談"
    EMERGENCY = "emergency", "②緊急時の受け入れ・対応"
    EXPERIENCE = "experience", "③体験の機会・場"
    PERSONNEL = "personnel", "④専門的人材の確保・養成"
    COMMUNITY = "community", "⑤地域の体制づくり"


# 協議会の機能 as most councils name them (the 国's 運営マニュアル), printed on the review sheet.
DEFAULT_FUNCTIONS = ("情報機能", "調整機能", "開発機能", "教育機能", "権利擁護機能", "評価機能")
FUNCTIONS_MAX = 12  # what the review sheet's one line of boxes holds
FUNCTION_LABEL_MAX = 30
LOGO_MAX_BYTES = 1024 * 1024  # embedded in every PDF the council prints
LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def default_functions() -> list[str]:
    return list(DEFAULT_FUNCTIONS)


def default_body_kinds() -> list[str]:
    return list(Body.Kind.values)


def function_labels(lines: Iterable[str]) -> list[str]:
    """The council's functions as typed, one a line: blank lines dropped; 1 to FUNCTIONS_MAX
    labels of at most FUNCTION_LABEL_MAX characters, none twice, or ValidationError."""
    labels = [line.strip() for line in lines if line.strip()]
    errors = []
    if not labels:
        errors.append(_("Enter at least one function."))
    if len(labels) > FUNCTIONS_MAX:
        errors.append(
            _("Enter at most %(max)s functions (you entered %(count)s).")
            % {"max": FUNCTIONS_MAX, "count": len(labels)}
        )
    for label in labels:
        if len(label) > FUNCTION_LABEL_MAX:
            errors.append(
                _("「%(label)s」 is longer than %(max)s characters.")
                % {"label": label, "max": FUNCTION_LABEL_MAX}
            )
    twice = sorted({label for label in labels if labels.count(label) > 1}, key=labels.index)
    for label in twice:
        errors.append(_("「%(label)s」 is entered twice.") % {"label": label})
    if errors:
        raise ValidationError(errors)
    return labels


def functions_with(labels: list[str], chosen: Iterable[str]) -> list[str]:
    """The council's functions, then those `chosen` no longer among them (renamed or removed
    since a sheet chose them): what a review sheet offers and prints."""
    return [*labels, *(label for label in chosen if label not in labels)]


def body_kinds_in_order(kinds: Iterable[str]) -> list[str]:
    """The chosen kinds in Body.Kind's order, so the stored list compares equal."""
    chosen = set(kinds)
    return [kind for kind in Body.Kind.values if kind in chosen]


def logo_path(instance: Council, filename: str) -> str:
    """Under the council's short name, with the extension the form gave from the file's bytes;
    a new name each time, so a replaced logo never overwrites the one a document printed."""
    extension = PurePosixPath(filename).suffix.lstrip(".").lower()
    return f"councils/{instance.slug}/logo-{uuid.uuid4().hex[:12]}.{extension}"


class Council(Revisioned):
    class DisabilityTerm(models.TextChoices):
        KANJI = "障害", "障害"
        HIRAGANA = "障がい", "障がい"

    name = models.CharField(_("name"), max_length=200)
    municipality = models.CharField(_("municipality"), max_length=100)
    prefecture = models.CharField(_("prefecture"), max_length=10, blank=True)
    # Printed where a document names who issues it (the annual report's cover), in place of
    # the council's name: 「長岡市障害者自立支援協議会 会長 山田太郎」.
    issuer_line = models.CharField(
        _("issuer line printed on documents"),
        max_length=200,
        blank=True,
        help_text=_("Printed under the date on the annual report's cover; blank: the name."),
    )
    slug = models.SlugField(_("short name (URL)"), unique=True)
    disability_term = models.CharField(
        _("spelling of 障害"), max_length=4, choices=DisabilityTerm, default=DisabilityTerm.KANJI
    )
    # Printed in the header of the council's PDFs, beside its name (PNG or JPEG, see the form).
    logo = models.FileField(_("logo"), upload_to=logo_path, blank=True, max_length=200)
    # 協議会の機能 the review sheets offer (function_labels); a sheet stores the labels it chose.
    functions = models.JSONField(_("functions of the council"), default=default_functions)
    # The Body.Kind values the council uses: its body form and list filters offer only these.
    body_kinds = models.JSONField(_("kinds of bodies in use"), default=default_body_kinds)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def current_fiscal_year(self) -> FiscalYear | None:
        return self.fiscal_years.filter(is_current=True).first()

    def logo_data_uri(self) -> str:
        """The logo as a data: URI, for the PDF header (WeasyPrint fetches no file) and the
        settings page (media is not served); "" without a logo or when its file is gone."""
        content_type = LOGO_TYPES.get(PurePosixPath(self.logo.name).suffix.lstrip("."))
        if not self.logo or content_type is None:
            return ""
        try:
            with self.logo.open("rb") as stream:
                data = stream.read(LOGO_MAX_BYTES + 1)
        except OSError:
            return ""
        return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"

    def body_kind_choices(self, keep: str = "") -> list[tuple[str, str]]:
        """(value, label) of the body kinds in use, and `keep` (a body's own kind) if it is not."""
        return [(k, label) for k, label in Body.Kind.choices if k in self.body_kinds or k == keep]


class CouncilRole(models.Model):
    """What a login may do in one council; a member's bodies come from their memberships."""

    Role = Role

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="council_roles"
    )
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role)
    # A ward's 事務局 runs its ward's bodies (and theirs beneath), and reads the rest of the
    # council as a member without seats does; blank: the whole council.
    bodies = models.ManyToManyField(
        "Body",
        verbose_name=_("bodies it runs"),
        blank=True,
        related_name="+",
        help_text=_("Secretariat only: blank runs the whole council."),
    )
    # The council's privacy officer reads the case read log (a secretariat account only).
    is_privacy_officer = models.BooleanField(_("privacy officer"), default=False)
    # A hub provider's organisation: the cases referred to it are what they see.
    organization = models.ForeignKey(
        "Organization",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provider_roles",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("council role")
        verbose_name_plural = _("council roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "council"], name="one_role_per_council"),
            models.CheckConstraint(
                condition=Q(is_privacy_officer=False) | Q(role=Role.SECRETARIAT),
                name="privacy_officer_is_secretariat",
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=True) | Q(role=Role.HUB_PROVIDER),
                name="organization_only_for_hub_provider",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.council} ({self.get_role_display()})"


class FiscalYear(models.Model):
    """年度: 1 April of `year` to 31 March of the next; printed in 和暦 (令和2年度)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="fiscal_years")
    year = models.PositiveSmallIntegerField(_("fiscal year (Western, starting April)"))
    is_current = models.BooleanField(_("current year"), default=False)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        ordering = ["council_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["council", "year"], name="one_fiscal_year_per_council"),
            models.UniqueConstraint(
                fields=["council"], condition=Q(is_current=True), name="one_current_fiscal_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1989, year__lte=2200), name="fiscal_year_in_range"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return wareki.format_fiscal_year(self.year)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 4, 1)

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year + 1, 3, 31)

    def months(self) -> list[tuple[int, int]]:
        """(year, month) from April to March, the columns of the schedule grid."""
        return [(self.year + (m < 4), m) for m in (*range(4, 13), 1, 2, 3)]


def body_display_name(name: str, short_name: str) -> str:
    """The short name where the body has one (就労), for tables and lists."""
    return short_name or name


class Body(Revisioned):
    """A 会議体 of the council; bodies form a tree (全体会 → 運営会議 → 部会 → ワーキング, or in
    a city of wards 市連絡会 → 区ネットワーク → their own 部会)."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary (全体会)")
        STEERING = "steering", _("Steering meeting (運営会議)")
        SUBCOMMITTEE = "subcommittee", _("Subcommittee (部会)")
        WORKING = "working", _("Working group")
        FORUM = "forum", _("Consultation forum (協議の場)")
        OTHER = "other", _("Liaison or other meeting")
        LIAISON = "liaison", _("Citywide liaison meeting (連絡会)")
        WARD = "ward", _("Ward network (区ネットワーク・区部会)")

    NETWORK_KINDS = (Kind.LIAISON, Kind.WARD, Kind.OTHER)

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, **text_limit(NOTE_TEXT))
    order = models.PositiveSmallIntegerField(_("display order"), default=100)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["council_id", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="unique_body_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return body_display_name(self.name, self.short_name)

    @property
    def is_network(self) -> bool:
        """A liaison meeting or ward network: it has a profile and a progress report."""
        return self.kind in self.NETWORK_KINDS


class BodyYear(Revisioned):
    """A body in one fiscal year: active, paused (休止) or ended; yearly documents hang here."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused (休止)")
        ENDED = "ended", _("Ended")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="years"
    )
    fiscal_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("fiscal year"),
        on_delete=models.CASCADE,
        related_name="body_years",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.ACTIVE)
    note = models.TextField(_("note"), blank=True, **text_limit(NOTE_TEXT))
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("body year")
        verbose_name_plural = _("body years")
        ordering = ["-fiscal_year__year", "body__order"]
        constraints = [
            models.UniqueConstraint(fields=["body", "fiscal_year"], name="one_body_year")
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year.label} {self.body}"

    @classmethod
    def statuses(cls, fiscal_year: FiscalYear) -> dict[int, str]:
        """Each body's status in the year, by body id. Unsorted: the default order would join
        two tables to sort rows that go into a dict."""
        rows = cls.objects.filter(fiscal_year=fiscal_year).order_by()
        return dict(rows.values_list("body_id", "status"))


class Organization(Revisioned):
    """関係機関."""

    class Category(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation support provider")
        SERVICE = "service", _("Disability welfare service provider")
        HEALTH = "health", _("Health and medical care")
        EDUCATION = "education", _("Education")
        EMPLOYMENT = "employment", _("Employment")
        ADVOCACY = "advocacy", _("Rights advocacy")
        SELF_ADVOCACY = "self_advocacy", _("Self-advocacy group")
        GOVERNMENT = "government", _("Government")
        OTHER = "other", _("Other")

    class Layer(models.TextChoices):
        FIRST = "1", _("Layer 1: designated consultation provider")
        SECOND = "2", _("Layer 2: commissioned consultation provider")
        THIRD = "3", _("Layer 3: core consultation support centre")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="organizations")
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    consultation_layer = models.CharField(
        _("consultation layer"), max_length=1, choices=Layer, blank=True
    )
    note = models.TextField(_("note"), blank=True, **text_limit(NOTE_TEXT))
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["council_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="unique_organization_name")
        ]

    def __str__(self) -> str:
        return self.name


class Person(Revisioned):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="persons")
    name = models.CharField(_("name"), max_length=100)
    name_kana = models.CharField(_("name (kana)"), max_length=100, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="persons",
    )
    post = models.CharField(_("post"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_council_member = models.BooleanField(_("council member (委員)"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["council_id", "name_kana", "name"]
        # The person list reads one council's first 100 in this order: with the index
        # PostgreSQL walks it and joins 100 organisations, not hash-joins every council's.
        indexes = [models.Index(fields=["council", "name_kana", "name"], name="person_list_order")]

    def __str__(self) -> str:
        return f"{self.name}（{self.organization}）" if self.organization_id else self.name


class Membership(Revisioned):
    Role = SeatRole

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="memberships"
    )
    fiscal_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("fiscal year"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.MEMBER)
    appointed_on = models.DateField(_("appointed on"), null=True, blank=True)
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    is_substitute = models.BooleanField(_("substitute (補欠)"), default=False)
    order = models.PositiveSmallIntegerField(_("display order"), default=100)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-fiscal_year__year", "body__order", "body__name", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "body", "fiscal_year"], name="one_membership_per_year"
            ),
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True)
                | Q(appointed_on__isnull=True)
                | Q(term_ends_on__gte=models.F("appointed_on")),
                name="term_ends_after_appointment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} – {self.body} ({self.fiscal_year})"

    @property
    def is_secretariat(self) -> bool:
        return self.role == self.Role.SECRETARIAT


class MeetingQuerySet(VisibleQuerySet):
    def held(self, today: datetime.date | None = None) -> MeetingQuerySet:
        """Held meetings, written ones included (書面開催 counts as held)."""
        return self.filter(cancelled=False, date__lte=today or timezone.localdate())

    def listed(self) -> MeetingQuerySet:
        """For lists, grids and sheets: without the minutes and the note, which real meetings
        run to pages of and only the meeting's own page shows."""
        return self.defer("minutes", "note")

    def for_tables(self) -> MeetingQuerySet:
        """What the meeting tables and lists print, with the body's names: not the minutes,
        the note or the search text, which only the meeting's page and the search read."""
        return self.select_related("body").only(
            *("number", "date", "weekday_text", "start_time", "mode", "place", "cancelled"),
            *("is_public", "minutes_status", "body__name", "body__short_name"),
        )

    def upcoming(self, today: datetime.date | None = None) -> MeetingQuerySet:
        return self.filter(cancelled=False, date__gte=today or timezone.localdate()).order_by(
            "date", "start_time"
        )

    def with_attendance_counts(self) -> MeetingQuerySet:
        return self.annotate(
            present_count=Count("attendances", filter=Q(attendances__present=True))
        )

    def refresh_search_text(self) -> None:
        """Rewrite these meetings' search_text from their title, place and open bullets."""
        meetings = list(self.order_by().only("pk", "title", "place"))
        bullets = open_bullets([m.pk for m in meetings])
        for meeting in meetings:
            meeting.search_text = search_text(meeting.title, meeting.place, bullets.get(meeting.pk))
        Meeting.objects.bulk_update(meetings, ["search_text"], batch_size=500)


def open_items(meetings: Iterable[int] | models.QuerySet) -> models.QuerySet:
    """(meeting id, text) of these meetings' public bullets, in their order: what the search
    and the sheets show of them (closed items never leave the app). `meetings` are ids or a
    queryset of meetings' pks (a subquery)."""
    items = MeetingItem.objects.filter(meeting__in=meetings).open()
    # A follow-up line reads as the report printed it: its marker, then its text (⇒…).
    line = Concat("marker", "text", output_field=models.TextField())
    return items.order_by("order", "id").values_list("meeting_id", line)


def bullets_by_meeting(items: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    texts: dict[int, list[str]] = {}
    for meeting_id, text in items:
        texts.setdefault(meeting_id, []).append(text)
    return texts


def open_bullets(meeting_ids: list[int]) -> dict[int, list[str]]:
    """The texts of these meetings' public bullets (open_items), by meeting."""
    return bullets_by_meeting(open_items(meeting_ids))


def search_text(title: str, place: str, bullets: Iterable[str] | None) -> str:
    """What the keyword search reads: a line each, so no term matches across two of them."""
    return "\n".join([title, place, *(bullets or ())])


JOINT_PARTS = [(1, _("Part 1 (第1部)")), (2, _("Part 2 (第2部)"))]


def weekday_typed(text: str) -> str | None:
    """The weekday a printed weekday names (（水）, 水曜日 → 水), or None when it names none."""
    found = [char for char in text.replace("曜日", "").replace("曜", "") if char in wareki.WEEKDAYS]
    return found[0] if found else None


class Meeting(Revisioned):
    class Mode(models.TextChoices):
        VENUE = "venue", _("At a venue")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Venue and online")
        WRITTEN = "written", _("In writing (書面開催)")

    class MinutesStatus(models.TextChoices):
        DRAFT = "draft", _("Draft (案)")
        CONFIRMED = "confirmed", _("Confirmed (確定)")
        PUBLISHED = "published", _("Published (公開)")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    fiscal_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("fiscal year"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    number = models.PositiveSmallIntegerField(
        _("number in the year"),
        validators=[MinValueValidator(1)],  # 第1回 is the first
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    mode = models.CharField(_("how it is held"), max_length=10, choices=Mode, default=Mode.VENUE)
    place = models.CharField(_("place"), max_length=200, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    is_public = models.BooleanField(_("open to the public"), default=True)
    observers = models.PositiveSmallIntegerField(_("observers (傍聴者数)"), default=0)
    # Only the counts are known for many past meetings (「19機関 22名参加」).
    organization_count = models.PositiveSmallIntegerField(
        _("organisations attending (count)"), null=True, blank=True
    )
    person_count = models.PositiveSmallIntegerField(
        _("persons attending (count)"), null=True, blank=True
    )
    minutes = models.TextField(_("minutes"), blank=True, **text_limit(MINUTES_TEXT))
    minutes_status = models.CharField(
        _("minutes status"), max_length=10, choices=MinutesStatus, default=MinutesStatus.DRAFT
    )
    # Beside the counts, as reports print it: 「各区役所の担当者も参加」.
    attendance_note = models.CharField(_("attendance note"), max_length=300, blank=True)
    # The weekday as the source printed it (（水）, 水): a report reprinted from paper keeps its
    # text even where it disagrees with the date; the meeting's page then says so.
    weekday_text = models.CharField(
        _("weekday as printed"),
        max_length=10,
        blank=True,
        help_text=_("Leave empty to print the date's weekday."),
    )
    # Two bodies meeting the same day as one session in two parts (二部構成).
    joint_with = models.ForeignKey(
        "self",
        verbose_name=_("held together with"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="joined_by",
    )
    part = models.PositiveSmallIntegerField(
        _("part of the joint session"), choices=JOINT_PARTS, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True, **text_limit(NOTE_TEXT))
    # The title, place and open bullets in one column (MeetingQuerySet.refresh_search_text, kept
    # by council/signals.py): a search read every meeting's bullets through an index, one
    # lookup per meeting, 4 of the search's 6 ms in a council of ten years among 100 councils.
    search_text = models.TextField(
        editable=False,
        blank=True,
        default="",
        max_length=200 + 200 + BULLETS_PER_MEETING * (BULLET_TEXT + 1) + 2,  # search_text()
    )
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "start_time", "body__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "fiscal_year", "number"], name="one_meeting_number_per_year"
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="meeting_number_from_1"),
            models.CheckConstraint(
                condition=Q(part__isnull=True) | Q(part__in=[1, 2]), name="meeting_part_1_or_2"
            ),
        ]
        indexes = [
            models.Index(fields=["date"]),
            # A body's next meetings (dashboard, body page): without it PostgreSQL read every
            # meeting the body ever held to find the few after today, more each year.
            models.Index(fields=["body", "date"], name="meeting_body_date"),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.number_label}"

    @property
    def number_label(self) -> str:
        return meeting_number_label(self.number)

    @property
    def is_written(self) -> bool:
        return self.mode == self.Mode.WRITTEN

    @property
    def status(self) -> str:
        return meeting_status(
            cancelled=self.cancelled, date=self.date, mode=self.mode, today=timezone.localdate()
        )

    def get_status_display(self) -> str:
        return str(MEETING_STATUS_LABELS[self.status])

    @property
    def weekday_label(self) -> str:
        """What is printed after the date: the weekday as typed, in brackets when it has none,
        else the date's own: (水)."""
        text = self.weekday_text
        if not text:
            return f"({wareki.WEEKDAYS[self.date.weekday()]})"
        return text if any(b in text for b in "(（[［") else f"({text})"

    @property
    def weekday_disagrees(self) -> bool:
        """The typed weekday names another day than the date falls on (or names none)."""
        if not self.weekday_text:
            return False
        return weekday_typed(self.weekday_text) != wareki.WEEKDAYS[self.date.weekday()]


def meeting_number_label(number: int) -> str:
    return f"第{number}回"


def meeting_status(*, cancelled: bool, date: datetime.date, mode: str, today: datetime.date) -> str:
    """Derived, not stored: 予定 / 開催済 / 書面開催 / 中止."""
    if cancelled:
        return "cancelled"
    if date > today:
        return "planned"
    return "written" if mode == Meeting.Mode.WRITTEN else "held"


MEETING_STATUS_LABELS = {
    "planned": _("Planned"),
    "held": _("Held"),
    "written": _("Held in writing"),
    "cancelled": _("Cancelled"),
}


class MeetingItemQuerySet(models.QuerySet):
    def open(self) -> MeetingItemQuerySet:
        """The bullets that leave the app: not closed, nor the follow-up line of a closed item
        (which is as closed as the item)."""
        return self.filter(is_closed=False).exclude(parent__is_closed=True)


class MeetingItem(models.Model):
    """One bullet of 取組・検討内容, in order; closed items never appear in published output."""

    class Marker(models.TextChoices):
        NONE = "", _("none")
        ARROW = "⇒", "⇒"
        NOTE = "※", "※"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("content"), **text_limit(BULLET_TEXT))
    is_closed = models.BooleanField(_("closed item (非公開)"), default=False)
    # A follow-up line (⇒ what became of it, ※ a remark) printed indented under its item.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("follow-up of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    marker = models.CharField(
        _("marker"), max_length=1, choices=Marker, blank=True, default=Marker.NONE
    )
    history = HistoricalRecords()

    objects = MeetingItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting content item")
        verbose_name_plural = _("meeting content items")
        ordering = ["meeting_id", "order", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="attendances"
    )
    present = models.BooleanField(_("present"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – {self.person.name}"


class AttachmentType(models.TextChoices):
    """The kinds of paper councils exchange, as council/filetypes.py recognises them."""

    PDF = "application/pdf", "PDF"
    WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"
    EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"
    POWERPOINT = (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint",
    )
    PNG = "image/png", "PNG"
    JPEG = "image/jpeg", "JPEG"


ATTACHMENT_EXTENSIONS = {
    AttachmentType.PDF: "pdf",
    AttachmentType.WORD: "docx",
    AttachmentType.EXCEL: "xlsx",
    AttachmentType.POWERPOINT: "pptx",
    AttachmentType.PNG: "png",
    AttachmentType.JPEG: "jpg",
}


def attachment_path(instance: MeetingAttachment, filename: str) -> str:
    """A random name with the extension of the detected type: the uploaded name never reaches
    the disk (it is kept in `original_name`, for display and the download)."""
    extension = ATTACHMENT_EXTENSIONS.get(instance.content_type, "bin")
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class MeetingAttachment(models.Model):
    """A paper (資料第1号…) stored under MEDIA_ROOT, served only through a permission check."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attachments"
    )
    label = models.CharField(_("label (資料第1号…)"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("kind of file"), max_length=100, choices=AttachmentType)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["meeting_id", "label", "id"]

    def __str__(self) -> str:
        return f"{self.label} {self.title}".strip()

    @property
    def download_name(self) -> str:
        """The uploaded name's stem with the extension of what the file really is."""
        stem = PurePosixPath(self.original_name).stem if self.original_name else ""
        stem = stem or "_".join(part for part in (self.label, self.title) if part) or "shiryo"
        return f"{stem}.{ATTACHMENT_EXTENSIONS.get(self.content_type, 'bin')}"


class PublishedPDF(models.Model):
    """A document frozen at publication: rendered once, stored, served byte for byte.

    Reopening a document withdraws its PDF but keeps it, so history shows what was published.
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="published_pdfs")
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(upload_to="published/%Y/")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True, max_length=REASON_TEXT)
    # The records the document printed beyond its own fields (meetings, roster…), as they were
    # at 公開: its page shows these, not today's (see subcommittees.documents.printed).
    printed = models.JSONField(_("printed records"), default=dict, blank=True)
    # SHA-256 of the document's fields and `printed`: its first 12 digits print in the footer.
    fingerprint = models.CharField(max_length=64, blank=True)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("published PDF")
        verbose_name_plural = _("published PDFs")
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_current_pdf_per_document",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def number(self) -> str:
        """The document number printed in the footer and shown beside the download."""
        return f"{self.pk:06d}"

    @property
    def short_hash(self) -> str:
        return self.fingerprint[:12]

    @property
    def published_on(self) -> datetime.date:
        return timezone.localdate(self.published_at)


class CalendarToken(models.Model):
    """The key a user's calendar-feed URLs carry (calendar apps cannot log in). Random, one per
    user, stored only as its SHA-256, so the database and its backups give no working URL. It
    holds a fingerprint of the password hash it was issued under: a changed password, by any
    path that calls set_password (change, reset, admin, changepassword), ends it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    password_fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar key")
        verbose_name_plural = _("calendar keys")

    def __str__(self) -> str:
        return f"calendar key of user {self.user_id}"

    @staticmethod
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    def is_current(self) -> bool:
        """Issued under the password the user has now, and the user may still log in."""
        user = self.user
        return user.is_active and self.password_fingerprint == self.digest(user.password)

    @classmethod
    def user_for(cls, key: str) -> Any:
        """The active user whose current key this is, else None."""
        token = cls.objects.select_related("user").filter(key_hash=cls.digest(key)).first()
        return token.user if token is not None and token.is_current() else None
