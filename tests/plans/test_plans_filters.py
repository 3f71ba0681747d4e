"""The year plans' list: filtered by fiscal year, body and title, within the council."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plans.models import YearPlan
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def test_the_plan_list_filters_by_body_and_refuses_another_councils(cast: Cast) -> None:
    for body, title in ((cast.body_a, "部会Aの年間計画"), (cast.body_b, "部会Bの年間計画")):
        YearPlan.objects.create(body=body, fiscal_year=cast.year, title=title, headings="内容")
    client = cast.client("secretariat")
    page = client.get(reverse("plans:plan-list"), {"body": cast.body_b.pk}).content.decode()
    assert "部会Bの年間計画" in page and "部会Aの年間計画" not in page
    other_body = cast.other_council.bodies.first()
    YearPlan.objects.create(
        body=other_body, fiscal_year=other_body.council.fiscal_years.first(), title="別市の計画"
    )
    other = client.get(reverse("plans:plan-list"), {"body": other_body.pk})
    assert other.status_code == 200  # an invalid choice, said on the form; nothing leaks
    assert "別市の計画" not in other.content.decode()
