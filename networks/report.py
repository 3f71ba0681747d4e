"""What a network's 実施状況報告 (PDF) prints, read once for the whole report."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from council.models import Body, FiscalYear, Meeting, MeetingItem
from documents import numbering, writings
from documents.models import WrittenDocument, WrittenKind
from networks.models import NetworkProfile, StudyVisit


def report_context(user: Any, body: Body, fiscal_year: FiscalYear) -> dict[str, Any]:
    """What the 実施状況報告 prints: the profile, the year's meetings the reader may see with
    their open items (a closed item's follow-ups stay closed), the visits and their keywords,
    and the plans (企画書) attached."""
    profile = NetworkProfile.objects.filter(body=body).one_or_none()
    meetings = list(
        Meeting.objects.visible_to(user)
        .filter(body=body, fiscal_year=fiscal_year)
        .select_related("joint_with__body")
        .prefetch_related("joined_by__body")
        .order_by("number")
    )
    items: dict[int, list[MeetingItem]] = {}
    for item in MeetingItem.objects.filter(meeting__in=meetings).open().order_by("order", "id"):
        items.setdefault(item.meeting_id, []).append(item)
    # The other part of a 二部構成 is named only to those who may see that meeting.
    partner_ids = set(
        Meeting.objects.visible_to(user)
        .filter(Q(joined_by__in=meetings) | Q(joint_with__in=meetings))
        .values_list("pk", flat=True)
    )
    for meeting in meetings:
        meeting.open_items = items.get(meeting.pk, [])
        partners = [meeting.joint_with, *meeting.joined_by.all()]
        meeting.partners = [m for m in partners if m and m.pk in partner_ids]
    visits = list(
        StudyVisit.objects.visible_to(user)
        .filter(body=body, fiscal_year=fiscal_year)
        .prefetch_related("findings")
    )
    keywords = list(dict.fromkeys(word for visit in visits for word in visit.keyword_list))
    # Attached: the plans the visits came from, and the network's own plans of the year.
    plans = (
        WrittenDocument.objects.visible_to(user)
        .filter(
            Q(study_visits__in=visits) | Q(body=body, fiscal_year=fiscal_year),
            kind=WrittenKind.PLAN,
        )
        .distinct()
        .select_related("council", "body", "author_body")
        .order_by("date", "pk")
    )
    return {
        "council": body.council,
        "body": body,
        "fiscal_year": fiscal_year,
        "profile": profile,
        "purposes": [
            (f"{numbering.label(numbering.Style.FW, n)}．", purpose)
            for n, purpose in enumerate(profile.purposes.all() if profile else [], start=1)
        ],
        "composition": list(profile.composition.all()) if profile else [],
        "meetings": meetings,
        "visits": visits,
        "keywords": keywords,
        "plans": [writings.context(plan, user) for plan in plans],
    }
