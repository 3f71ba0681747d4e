"""The demo liaison network: a profile, attendance figures, two study visits; re-run-safe."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from demo.networks import MARK, NETWORK
from networks.models import NetworkProfile, StudyVisit


def history_rows() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.label.startswith(("networks.Historical", "council.HistoricalMeeting"))
    }


@pytest.mark.django_db
def test_the_demo_network_has_a_profile_counts_and_two_marked_visits(settings: Any) -> None:
    call_command("seed_demo", verbosity=0)
    profile = NetworkProfile.objects.get(body__name=NETWORK)
    assert profile.purposes.count() == 3 and profile.composition.count() == 3
    meetings = profile.body.meetings.filter(fiscal_year__year=2020).order_by("number")
    assert (meetings[0].organization_count, meetings[0].person_count) == (7, 12)
    assert all(m.attendance_note.startswith(MARK) for m in meetings)
    visits = StudyVisit.objects.filter(body=profile.body)
    assert visits.count() == 2 and all(MARK in v.purpose for v in visits)
    plan = visits[0].plan
    assert plan is not None and {v.plan_id for v in visits} == {plan.pk}
    assert [p.numbering for p in plan.parts.all()][:3] == ["１、", "１、", "(1)"]
    before = history_rows()
    call_command("seed_demo", verbosity=0)
    assert history_rows() == before
