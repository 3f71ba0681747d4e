"""The core's own rules: who may see and change councils, bodies, people, meetings, minutes,
attachments and frozen PDFs. Registered at start-up (council/apps.py), as every app does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q

from council.history import Related, register_history
from council.models import (
    Attendance,
    Body,
    BodyYear,
    Council,
    CouncilRole,
    FiscalYear,
    Meeting,
    MeetingAttachment,
    MeetingItem,
    Membership,
    Organization,
    Person,
    PublishedPDF,
)
from council.permissions import Access, Scope, may_create, oversees, reads, register, runs
from council.workflow import MINUTES_ACTION_LABELS


def _meeting_view(a: Access, meeting: Meeting) -> bool:
    council_id = meeting.body.council_id
    if not a.reads(council_id):
        return False
    return (
        meeting.is_public
        or oversees(a, meeting)
        or a.sits_in(meeting.body_id, meeting.fiscal_year_id)
    )


def _meeting_edit(a: Access, meeting: Meeting) -> bool:
    """Members edit their own body's meetings in the years they sit in it."""
    council_id = meeting.body.council_id
    return runs(a, meeting) or (
        a.is_member(council_id) and a.sits_in(meeting.body_id, meeting.fiscal_year_id)
    )


def _meeting_closed_items(a: Access, meeting: Meeting) -> bool:
    return oversees(a, meeting) or a.sits_in(meeting.body_id, meeting.fiscal_year_id)


def _minutes_view(a: Access, meeting: Meeting) -> bool:
    if not _meeting_view(a, meeting):
        return False
    return (
        meeting.minutes_status == Meeting.MinutesStatus.PUBLISHED
        or oversees(a, meeting)
        or _meeting_edit(a, meeting)
    )


def _person_contact(a: Access, person: Person) -> bool:
    return a.oversees(person.council_id) or a.person_id == person.pk


def _account_reset(a: Access, person: Person) -> bool:
    """The secretariat resets the passwords of its council's people, but never of an account
    that also works in a council it does not run, or of an administrator: that would hand it
    their access there."""
    if person.user_id is None or not a.runs(person.council_id):
        return False
    if a.is_superuser:
        return True
    if person.user.is_superuser or person.user.is_staff:
        return False
    ran = [council for council in a.roles if a.runs(council)]
    elsewhere = CouncilRole.objects.filter(user_id=person.user_id).exclude(council_id__in=ran)
    return not elsewhere.exists()


def _account_invite(a: Access, person: Person) -> bool:
    return person.user_id is None and a.runs(person.council_id)


def _account_deactivate(a: Access, person: Person) -> bool:
    """Never one's own account: the secretariat would lock itself out."""
    return _account_reset(a, person) and person.user.is_active and person.user_id != a.user_id


def _account_activate(a: Access, person: Person) -> bool:
    return _account_reset(a, person) and not person.user.is_active


def _attachment(rule: Callable[[Access, Meeting], bool]) -> Callable[[Access, Any], bool]:
    return lambda a, attachment: rule(a, attachment.meeting)


def _operates(a: Access, _install: None) -> bool:
    return a.operates_site


def _pdf_view(a: Access, pdf: PublishedPDF) -> bool:
    return a.reads(pdf.council_id) and (pdf.withdrawn_at is None or a.oversees(pdf.council_id))


register(
    rules={
        # The install's councils: the site operator lists them and creates new ones.
        "council.list": _operates,
        "council.create": _operates,
        "council.view": reads,
        "council.edit": runs,
        "year.open": runs,
        "year.manage": runs,
        "body.view": reads,
        "body.create": runs,
        "body.edit": runs,
        "bodyyear.edit": runs,
        "membership.create": runs,
        "membership.edit": runs,
        "membership.delete": runs,
        "meeting.view": _meeting_view,
        "meeting.create": may_create,
        "meeting.edit": _meeting_edit,
        "meeting.view_closed_items": _meeting_closed_items,
        "minutes.view": _minutes_view,
        "minutes.edit": _meeting_edit,
        "minutes.confirm": _meeting_edit,
        "minutes.publish": runs,
        "minutes.reopen": runs,
        "attachment.view": _attachment(_meeting_view),
        "attachment.add": _meeting_edit,
        "attachment.delete": _attachment(_meeting_edit),
        "organization.view": reads,
        "organization.create": runs,
        "organization.edit": runs,
        "person.view": reads,
        "person.view_contact": _person_contact,
        "person.create": runs,
        "person.edit": runs,
        "account.reset": _account_reset,
        "account.invite": _account_invite,
        "account.deactivate": _account_deactivate,
        "account.activate": _account_activate,
        "roster.import": runs,
        # Secretariat and auditors (architecture.md): a member's view of a draft is the draft
        # itself; its history names everyone who wrote, returned or approved it.
        "history.view": oversees,
        "pdf.view": _pdf_view,
    },
    models={
        Council: Scope("pk"),
        FiscalYear: Scope("council"),
        Body: Scope("council", body="pk"),
        Organization: Scope("council"),
        Person: Scope("council"),
        BodyYear: Scope("body__council", body="body"),
        Membership: Scope("body__council", body="body"),
        Meeting: Scope(
            "body__council",
            lambda a: Q(is_public=True) | a.seats("body", "fiscal_year"),
            body="body",
        ),
        MeetingAttachment: Scope(
            "meeting__body__council",
            lambda a: Q(meeting__is_public=True) | a.seats("meeting__body", "meeting__fiscal_year"),
            body="meeting__body",
        ),
        PublishedPDF: Scope("council", lambda a: Q(withdrawn_at__isnull=True)),
    },
)

register_history(
    "body",
    Body,
    related=[Related(BodyYear, "body", ("fiscal_year",)), Related(Membership, "body", ("person",))],
)
register_history("organization", Organization)
register_history("person", Person, related=[Related(Membership, "person", ("body", "fiscal_year"))])
register_history("membership", Membership, select=("body",))
register_history(
    "meeting",
    Meeting,
    select=("body",),
    related=[
        Related(MeetingItem, "meeting"),
        Related(Attendance, "meeting", ("person",)),
        Related(MeetingAttachment, "meeting", ("label", "title")),
    ],
    actions={f"minutes.{action}": label for action, label in MINUTES_ACTION_LABELS.items()},
)
