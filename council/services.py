"""Every write that matters goes through one of these functions."""

from __future__ import annotations

import logging
import secrets
import smtplib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import models, transaction
from django.forms import BaseInlineFormSet, ModelForm
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from council import wareki, workflow
from council.forms import kept_forms, kept_item_forms
from council.models import (
    Attendance,
    CalendarToken,
    Council,
    CouncilRole,
    DocumentStatus,
    FiscalYear,
    Meeting,
    MeetingAttachment,
    Membership,
    Organization,
    Person,
    YearDocument,
)
from council.permissions import require

logger = logging.getLogger(__name__)
RESET_SUBJECT = "registration/password_reset_subject.txt"
RESET_BODY = "registration/password_reset_email.html"


class StaleEdit(Exception):
    """Someone else saved the record after this form was opened."""

    message = _(
        "Someone else saved this record while you were editing it. Your text is kept below: "
        "compare it with the current version (open it in a new tab), then save again."
    )

    def __init__(self, current: int | None = None) -> None:
        super().__init__(current)
        self.current = current  # the record's revision now, when known


@dataclass(frozen=True)
class PasswordReset:
    """What the secretariat's reset did: e-mailed the link, or left it to be handed over
    (`mail_failed` when the account has an address but the mail server refused)."""

    link: str
    emailed: bool
    mail_failed: bool = False


def account_password_reset(*, person: Person, by: Any, domain: str, secure: bool) -> PasswordReset:
    """Send the person's login account Django's password-reset e-mail (its templates and
    default_token_generator). When the account has no address, or the mail cannot be sent, the
    link is for the secretariat to hand over. The link works once (its token is bound to the
    current password) and the admin log records who asked."""
    user = person.user
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    protocol = "https" if secure else "http"
    link = f"{protocol}://{domain}{reverse('password_reset_confirm', args=[uid, token])}"
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": person.council.name,
        "uid": uid,
        "user": user,
        "token": token,
        "protocol": protocol,
        "by_secretariat": True,
    }
    outcome = PasswordReset(link=link, emailed=False)
    if user.email:
        # Not PasswordResetForm.send_mail: it swallows a failure, and the secretariat must know.
        subject = "".join(render_to_string(RESET_SUBJECT, context).splitlines())
        try:
            send_mail(subject, render_to_string(RESET_BODY, context), None, [user.email])
            outcome = PasswordReset(link=link, emailed=True)
        except (OSError, smtplib.SMTPException):
            logger.exception("password reset mail to user %s could not be sent", user.pk)
            outcome = PasswordReset(link=link, emailed=False, mail_failed=True)
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message=f"password reset {'e-mailed' if outcome.emailed else 'link shown'}",
        single_object=True,
    )
    return outcome


def calendar_token_issue(*, user: Any) -> str:
    """A new calendar key for the user, replacing (and so ending) any earlier one. The key is
    returned once, to be shown once: only its hash is kept."""
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        CalendarToken.objects.update_or_create(
            user=user,
            defaults={
                "key_hash": CalendarToken.digest(key),
                "password_fingerprint": CalendarToken.digest(user.password),
                "created_at": timezone.now(),
            },
        )
    return key


def calendar_token_revoke(*, user: Any) -> None:
    CalendarToken.objects.filter(user=user).delete()


def _lock(model: type[models.Model], pk: int) -> models.Model:
    return model.objects.select_for_update().get(pk=pk)


def revision_check(model: type[models.Model], pk: int, revision: int | None) -> None:
    """For a form whose rows hang on a revisioned record (attendance, the city's answers):
    lock the record and move its revision on, or refuse the save if it moved on since the form
    was opened. Call it inside the save's transaction."""
    current = _lock(model, pk).revision
    if revision != current:
        raise StaleEdit(current)
    # update(), not save(): the record itself did not change, so no history row for it.
    model.objects.filter(pk=pk).update(revision=current + 1)


def record_save(*, form: ModelForm, by: Any, reason: str = "") -> models.Model:
    """Save a revisioned form, refusing it if the row moved on since the form was opened."""
    instance = form.instance
    with transaction.atomic():
        if instance.pk:
            current = _lock(type(instance), instance.pk).revision
            if form.cleaned_data.get("revision") != current:
                raise StaleEdit(current)
            instance.revision = current + 1
        if reason:
            instance._change_reason = reason
        instance._history_user = by
        obj = form.save()
    return obj


def ordered_save(
    rows: BaseInlineFormSet,
    parent: models.Model,
    *,
    filled: Callable[[Any], bool] | None = None,
    by: Any = None,
) -> list[Any]:
    """Save an ordered inline formset under `parent`: the kept rows (forms.kept_forms)
    numbered 1, 2, 3 in the order typed, the ticked ones deleted; a row is written only when
    it changed or moved, and each write names `by` in its history."""
    kept = kept_forms(rows, filled)
    rows.instance = parent
    rows.save(commit=False)
    for obj in rows.deleted_objects:
        _written_by(obj, by)
        obj.delete()
    for position, row_form in enumerate(kept, start=1):
        row = row_form.instance
        if row_form.has_changed() or row.order != position or row.pk is None:
            setattr(row, rows.fk.name, parent)
            row.order = position
            _written_by(row, by)
            row.save()
    return [f.instance for f in kept]


def _written_by(obj: models.Model, by: Any) -> None:
    # Unset, simple_history takes the request's user (its middleware).
    if by is not None:
        obj._history_user = by


def meeting_save(*, form: ModelForm, items: BaseInlineFormSet, by: Any) -> Meeting:
    """The meeting and its ordered content bullets, saved together or not at all; a follow-up
    line goes under the nearest item above it that is no follow-up itself."""
    with transaction.atomic():
        meeting = record_save(form=form, by=by)
        kept = kept_item_forms(items)
        items.instance = meeting
        items.save(commit=False)
        for obj in items.deleted_objects:
            obj.delete()
        head = None
        for position, item_form in enumerate(kept, start=1):
            item = item_form.instance
            parent = head if item_form.cleaned_data.get("follows") else None
            parent_id = parent.pk if parent else None
            changed = item.order != position or item.parent_id != parent_id
            if item_form.has_changed() or changed or item.pk is None:
                item.meeting = meeting
                item.order = position
                item.parent = parent
                item.save()
            if parent is None:
                head = item
    return meeting


LATE_AFTER_PUBLICATION = _(
    "This body's documents of that year are already published: they stay as published and "
    "list this meeting as added after publication. Reopen them to include it."
)
LATE_AFTER_ROLLOVER = _(
    "That fiscal year has already been rolled over: check that its documents and the annual "
    "report still say what they should."
)


def closed_year(meeting: Meeting) -> str:
    """Why a meeting saved now is a late addition, or "": its body's documents of that year are
    already published (they will not show it: they are frozen), or its year was rolled over."""
    published = [
        model.objects.filter(
            body_year__body_id=meeting.body_id,
            body_year__fiscal_year_id=meeting.fiscal_year_id,
            status=DocumentStatus.PUBLISHED,
        )
        for model in apps.get_models()
        if issubclass(model, YearDocument)
        and any(f.name == "body_year" for f in model._meta.fields)
    ]
    if any(queryset.exists() for queryset in published):
        return str(LATE_AFTER_PUBLICATION)
    current = FiscalYear.objects.filter(council_id=meeting.body.council_id, is_current=True)
    if current.filter(year__gt=meeting.fiscal_year.year).exists():
        return str(LATE_AFTER_ROLLOVER)
    return ""


class YearRefused(Exception):
    """A fiscal year that cannot be opened; the message is for the user (Japanese)."""


def fiscal_year_open(*, council: Council, year: int, by: Any) -> FiscalYear:
    """Open a fiscal year of the council, past or future; the first one opened is current."""
    require(by, "year.open", council)
    with transaction.atomic():
        _lock(Council, council.pk)  # two secretaries opening the same year: one wins, one is told
        years = FiscalYear.objects.filter(council=council)
        if years.filter(year=year).exists():
            raise YearRefused(
                _("%(year)s has already been opened.") % {"year": wareki.format_fiscal_year(year)}
            )
        fiscal_year = FiscalYear(council=council, year=year, is_current=not years.exists())
        fiscal_year._history_user = by
        fiscal_year.save()
    return fiscal_year


def fiscal_year_make_current(*, fiscal_year: FiscalYear, by: Any) -> FiscalYear:
    """Mark the year current; the council's other current year stops being so (one at most:
    the one_current_fiscal_year constraint)."""
    require(by, "year.manage", fiscal_year)
    with transaction.atomic():
        _lock(Council, fiscal_year.council_id)
        for previous in FiscalYear.objects.filter(
            council_id=fiscal_year.council_id, is_current=True
        ).exclude(pk=fiscal_year.pk):
            previous.is_current = False
            previous._history_user = by
            previous.save(update_fields=["is_current"])
        fiscal_year.is_current = True
        fiscal_year._history_user = by
        fiscal_year.save(update_fields=["is_current"])
    return fiscal_year


def meeting_attendance_set(
    *, meeting: Meeting, present: list[Person], revision: int | None, by: Any
) -> Meeting:
    """Who came, as ticked on a page opened at the meeting's `revision` (refused if stale)."""
    require(by, "meeting.edit", meeting)
    present_ids = {p.pk for p in present}
    with transaction.atomic():
        revision_check(Meeting, meeting.pk, revision)
        existing = {a.person_id: a for a in meeting.attendances.all()}
        for person_id, attendance in existing.items():
            should = person_id in present_ids
            if attendance.present != should:
                attendance.present = should
                attendance._history_user = by
                attendance.save(update_fields=["present"])
        for person_id in present_ids - existing.keys():
            attendance = Attendance(meeting=meeting, person_id=person_id, present=True)
            attendance._history_user = by
            attendance.save()
    return meeting


def meeting_minutes_transition(*, meeting: Meeting, action: str, by: Any) -> Meeting:
    with transaction.atomic():
        locked = Meeting.objects.select_for_update(of=("self",)).select_related("body")
        meeting = locked.get(pk=meeting.pk)
        require(by, f"minutes.{action}", meeting)
        meeting.minutes_status = workflow.apply(workflow.MINUTES, action, meeting.minutes_status)
        meeting._change_reason = f"minutes.{action}"
        meeting._history_user = by
        meeting.save(update_fields=["minutes_status"])
    return meeting


def attachment_add(*, meeting: Meeting, form: ModelForm, by: Any) -> MeetingAttachment:
    require(by, "attachment.add", meeting)
    attachment = form.save(commit=False)
    attachment.meeting = meeting
    attachment.uploaded_by = by
    attachment._history_user = by
    attachment.save()
    return attachment


def attachment_delete(*, attachment: MeetingAttachment, by: Any) -> None:
    require(by, "attachment.delete", attachment)
    stored = attachment.file
    attachment._history_user = by
    with transaction.atomic():
        attachment.delete()
        transaction.on_commit(lambda: stored.delete(save=False))


def account_invite(
    *,
    person: Person,
    username: str,
    email: str,
    role: str,
    bodies: list[Any],
    fiscal_year: FiscalYear | None,
    covered_bodies: Sequence[Any] = (),
    organization: Organization | None = None,
    is_privacy_officer: bool = False,
    by: Any,
    domain: str,
    secure: bool,
) -> PasswordReset:
    """A login for the person, with a role in their council and a seat in each of `bodies` in
    `fiscal_year` they do not yet hold; the invitation is the password-reset e-mail (or link),
    so no password is ever chosen or sent by the secretariat. A secretariat with
    `covered_bodies` runs only those (a ward's 事務局); a hub provider sees the cases referred
    to its `organization`; a secretariat that `is_privacy_officer` reads the case read log."""
    with transaction.atomic():
        person = Person.objects.select_for_update().select_related("council").get(pk=person.pk)
        require(by, "account.invite", person)
        _login_create(
            person=person,
            username=username,
            email=email,
            role=role,
            covered_bodies=covered_bodies if role == CouncilRole.Role.SECRETARIAT else (),
            organization=organization if role == CouncilRole.Role.HUB_PROVIDER else None,
            is_privacy_officer=is_privacy_officer and role == CouncilRole.Role.SECRETARIAT,
            by=by,
        )
        if fiscal_year is not None:
            held = set(
                person.memberships.filter(fiscal_year=fiscal_year).values_list("body_id", flat=True)
            )
            for body in bodies:
                if body.pk not in held:
                    seat = Membership(person=person, body=body, fiscal_year=fiscal_year)
                    seat._history_user = by
                    seat.save()
    return account_password_reset(person=person, by=by, domain=domain, secure=secure)


def _login_create(
    *,
    person: Person,
    username: str,
    email: str,
    role: str,
    covered_bodies: Sequence[Any] = (),
    organization: Organization | None = None,
    is_privacy_officer: bool = False,
    by: Any,
) -> CouncilRole:
    """The login of an invitation, with a role in the person's council (a secretariat's limited
    to `covered_bodies` if any). It has no password: the invitation's link lets its owner
    choose one. Call it inside the caller's transaction."""
    user = get_user_model().objects.create_user(username, email=email)  # unusable password
    council_role = CouncilRole.objects.create(
        user=user,
        council_id=person.council_id,
        role=role,
        organization=organization,
        is_privacy_officer=is_privacy_officer,
    )
    if covered_bodies:
        council_role.bodies.set(covered_bodies)
    person.user = user
    person._history_user = by
    person.save(update_fields=["user"])
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[user],
        action_flag=ADDITION,
        change_message=f"invited as {role} for person {person.pk}"
        + (f" running bodies {sorted(b.pk for b in covered_bodies)}" if covered_bodies else "")
        + (f" for organisation {organization.pk}" if organization else "")
        + (" as privacy officer" if is_privacy_officer else ""),
        single_object=True,
    )
    return council_role


def council_create(
    *,
    name: str,
    municipality: str,
    prefecture: str,
    slug: str,
    secretariat_name: str,
    username: str,
    email: str,
    by: Any,
) -> Person:
    """A new council of the install (the site operator's), with the fiscal year of today as
    its current year and its first secretariat: a person and their login, all or nothing.
    Returns that person; the caller sends the invitation (account_password_reset) once this
    has committed, so a slow mail server holds no transaction open."""
    require(by, "council.create", None)
    with transaction.atomic():
        council = Council(name=name, municipality=municipality, prefecture=prefecture, slug=slug)
        council._history_user = by
        council.save()
        year = FiscalYear(
            council=council,
            year=wareki.fiscal_year_of(timezone.localdate()),
            is_current=True,
        )
        year._history_user = by
        year.save()
        person = Person(council=council, name=secretariat_name, email=email)
        person._history_user = by
        person.save()
        _login_create(
            person=person, username=username, email=email, role=CouncilRole.Role.SECRETARIAT, by=by
        )
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[council],
            action_flag=ADDITION,
            change_message=f"council created with secretariat {username}",
            single_object=True,
        )
    return person


def account_set_active(*, person: Person, active: bool, by: Any) -> None:
    """Deactivate (the login and its sessions stop working, its calendar key ends) or
    reactivate a person's account. Nothing of what they wrote is touched."""
    require(by, "account.activate" if active else "account.deactivate", person)
    user = person.user
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            calendar_token_revoke(user=user)
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[user],
            action_flag=CHANGE,
            change_message="account reactivated" if active else "account deactivated",
            single_object=True,
        )
