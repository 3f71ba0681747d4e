"""Every write that matters goes through one of these functions."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.forms import BaseInlineFormSet, ModelForm
from django.utils.translation import gettext_lazy as _

from council import workflow
from council.models import Attendance, Meeting, MeetingAttachment, Person
from council.permissions import require


class StaleEdit(Exception):
    """Someone else saved the record after this form was opened."""

    message = _(
        "Someone else saved this record while you were editing it. Your text is kept below: "
        "compare it with the current version (open it in a new tab), then save again."
    )

    def __init__(self, current: int | None = None) -> None:
        super().__init__(current)
        self.current = current  # the record's revision now, when known


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
        obj = form.save()
    return obj


def meeting_save(*, form: ModelForm, items: BaseInlineFormSet, by: Any) -> Meeting:
    """The meeting and its ordered content bullets, saved together or not at all."""
    with transaction.atomic():
        meeting = record_save(form=form, by=by)
        kept = [
            f
            for f in items.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("text")
        ]
        # Bullets keep the order the user typed into the order boxes, then their page order.
        kept.sort(key=lambda f: (f.cleaned_data.get("ORDER") or 10_000, items.forms.index(f)))
        items.instance = meeting
        items.save(commit=False)
        for obj in items.deleted_objects:
            obj.delete()
        for position, item_form in enumerate(kept, start=1):
            item = item_form.instance
            if item_form.has_changed() or item.order != position or item.pk is None:
                item.meeting = meeting
                item.order = position
                item.save()
    return meeting


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
                attendance.save(update_fields=["present"])
        for person_id in present_ids - existing.keys():
            Attendance.objects.create(meeting=meeting, person_id=person_id, present=True)
    return meeting


def meeting_minutes_transition(*, meeting: Meeting, action: str, by: Any) -> Meeting:
    with transaction.atomic():
        locked = Meeting.objects.select_for_update(of=("self",)).select_related("body")
        meeting = locked.get(pk=meeting.pk)
        require(by, f"minutes.{action}", meeting)
        meeting.minutes_status = workflow.apply(workflow.MINUTES, action, meeting.minutes_status)
        meeting._change_reason = f"minutes.{action}"
        meeting.save(update_fields=["minutes_status"])
    return meeting


def attachment_add(*, meeting: Meeting, form: ModelForm, by: Any) -> MeetingAttachment:
    require(by, "attachment.add", meeting)
    attachment = form.save(commit=False)
    attachment.meeting = meeting
    attachment.uploaded_by = by
    attachment.save()
    return attachment


def attachment_delete(*, attachment: MeetingAttachment, by: Any) -> None:
    require(by, "attachment.delete", attachment)
    stored = attachment.file
    with transaction.atomic():
        attachment.delete()
        transaction.on_commit(lambda: stored.delete(save=False))
