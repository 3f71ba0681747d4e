"""Writes of a year plan and its planned meetings, and holding a planned meeting."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.forms import BaseInlineFormSet, ModelForm
from django.utils.translation import gettext_lazy as _

from council import wareki
from council.forms import kept_forms
from council.models import FiscalYear, Meeting, MeetingItem
from council.permissions import can, require
from council.services import ordered_save, record_save
from plans.models import PlannedMeeting, YearPlan


def plan_save(*, form: ModelForm, rows: BaseInlineFormSet | None, by: Any) -> YearPlan:
    """The plan and its rows, saved together or not at all (a new plan has no rows yet)."""
    with transaction.atomic():
        plan = record_save(form=form, by=by)
        if rows is not None:
            ordered_save(rows, plan, filled=lambda f: f.is_filled() or f.instance.pk, by=by)
    return plan


def planned_meeting_save(*, form: ModelForm, topics: BaseInlineFormSet, by: Any) -> PlannedMeeting:
    """The planned meeting and its ordered topics; a sub-item goes under the nearest item above
    it that is no sub-item itself (the first topic is always an item: the formset says so)."""
    with transaction.atomic():
        planned = record_save(form=form, by=by)
        kept = kept_forms(topics, lambda f: f.cleaned_data.get("text"))
        topics.instance = planned
        topics.save(commit=False)
        for obj in topics.deleted_objects:
            obj._history_user = by
            obj.delete()
        head = None
        for position, topic_form in enumerate(kept, start=1):
            topic = topic_form.instance
            parent = head if topic_form.cleaned_data.get("sub_item") else None
            moved = topic.order != position or topic.parent_id != (parent.pk if parent else None)
            if topic_form.has_changed() or moved or topic.pk is None:
                topic.planned, topic.order, topic.parent = planned, position, parent
                topic._history_user = by
                topic.save()
            if parent is None:
                head = topic
    return planned


class HoldRefused(Exception):
    """Why a planned meeting cannot be held on that date; the message is for the user."""


def planned_meeting_hold(*, planned: PlannedMeeting, date: datetime.date, by: Any) -> Meeting:
    """Make the planned meeting the real one: the body's meeting of the date's fiscal year,
    with the plan's number and theme and the topics as its bullets (a sub-item a follow-up of
    its item), linked from the plan. Refused when it was held already, when that year is not
    opened, or when the body's meeting of that number exists."""
    with transaction.atomic():
        planned = (
            PlannedMeeting.objects.select_for_update(of=("self",))
            .select_related("plan__body")
            .get(pk=planned.pk)
        )
        if planned.is_held:
            raise HoldRefused(_("This planned meeting has been held already."))
        require(by, "planned.hold", planned)
        body = planned.plan.body
        year = wareki.fiscal_year_of(date)
        fiscal_year = FiscalYear.objects.filter(council_id=body.council_id, year=year).first()
        if fiscal_year is None:
            raise HoldRefused(
                _("%(year)s has not been opened yet; ask the secretariat.")
                % {"year": wareki.format_fiscal_year(year)}
            )
        meeting = Meeting(
            body=body,
            fiscal_year=fiscal_year,
            number=planned.number,
            title=planned.title,
            date=date,
        )
        if not can(by, "meeting.edit", meeting):
            raise HoldRefused(_("You may not record meetings of this body in that year."))
        if Meeting.objects.filter(
            body=body, fiscal_year=fiscal_year, number=planned.number
        ).exists():
            raise HoldRefused(
                _("Meeting no. %(number)s of %(year)s already exists for this body.")
                % {"number": planned.number, "year": fiscal_year.label}
            )
        meeting._history_user = by
        meeting._change_reason = "planned.hold"
        try:
            with transaction.atomic():  # another save may take the number since the check
                meeting.save()
        except IntegrityError:
            raise HoldRefused(
                _("Meeting no. %(number)s of %(year)s already exists for this body.")
                % {"number": planned.number, "year": fiscal_year.label}
            ) from None
        heads: dict[int, MeetingItem] = {}
        for topic in planned.topics.order_by("order", "id"):
            item = MeetingItem(
                meeting=meeting,
                order=topic.order,
                text=topic.text,
                parent=heads.get(topic.parent_id) if topic.parent_id else None,
            )
            item._history_user = by
            item.save()
            heads[topic.pk] = item
        planned.meeting = meeting
        planned.revision += 1
        planned._history_user = by
        planned._change_reason = "planned.hold"
        planned.save(update_fields=["meeting", "revision"])
    return meeting
