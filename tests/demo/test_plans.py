"""The demo year plan: 地域づくり部会's month rows and two planned meetings; re-run-safe."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command

from demo.plans import BODY, TITLE
from plans.models import YearPlan


def history_rows() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.label.startswith("plans.Historical")
    }


@pytest.mark.django_db
def test_the_demo_plan_has_month_rows_a_final_row_and_two_planned_meetings() -> None:
    call_command("seed_demo", verbosity=0)
    plan = YearPlan.objects.get(body__name=BODY, title=TITLE)
    rows = list(plan.rows.all())
    assert [r.month.month if r.month else r.label for r in rows] == [10, 11, 12, 2, "随時"]
    planned = list(plan.planned_meetings.all())
    assert [p.period for p in planned] == ["令和2年10月～11月", "令和2年12月～令和3年1月"]
    assert [t.mark for t in planned[0].topics.all()] == ["○", "・", "○"]
    before = history_rows()
    call_command("seed_demo", verbosity=0)
    assert history_rows() == before
