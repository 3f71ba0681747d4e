"""The hub's test data on top of the project's cast, and its pending permission rules.

In these tests the cast's 部会A (就労部会) plays the body that owns the hub (in 長岡市 the
地域づくり部会): member_a sits in the owning body in 令和2年度, member_b in another body.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from council import permissions
from council.models import Organization
from hubs import rules_pending
from hubs.models import (
    HubCoordinator,
    HubFigure,
    HubFunction,
    HubFunctionReview,
    HubPlan,
    HubProvider,
    HubReview,
    HubSetup,
    HubType,
)
from tests.conftest import Cast


@pytest.fixture(autouse=True)
def pending_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    # Until the lead moves hubs/rules_pending.py into council/permissions.py.
    for key, predicate in rules_pending.RULES.items():
        monkeypatch.setitem(permissions.RULES, key, predicate)
    for model, path in rules_pending.COUNCIL_PATH.items():
        monkeypatch.setitem(permissions.COUNCIL_PATH, model, path)


@dataclass
class Hub:
    setup: HubSetup
    plan: HubPlan  # 令和2年度 ①相談 多機能拠点型
    provider: HubProvider
    other_provider: HubProvider  # another council's
    review: HubReview
    figure: HubFigure


def make_plans(cast: Cast, year: Any, **fields: Any) -> list[HubPlan]:
    fields.setdefault("status", HubPlan.Status.STUDYING)
    fields.setdefault("target", datetime.date(2022, 1, 1))
    return [
        HubPlan.objects.create(
            council=cast.council,
            fiscal_year=year,
            function=function,
            hub_type=hub_type,
            council_work=f"{function}の協議会での取り組み",
            city_plan=f"{function} {hub_type}の市の取り組み",
            **fields,
        )
        for function in HubFunction.values
        for hub_type in HubType.values
    ]


@pytest.fixture
def hub(cast: Cast) -> Hub:
    setup = HubSetup.objects.create(
        council=cast.council,
        owner_body=cast.body_a,
        development_type=HubSetup.DevelopmentType.COMBINED,
        philosophy="障害児・者の生活を長岡市全体で支える",
    )
    plans = make_plans(cast, cast.year)
    provider = HubProvider.objects.create(
        organization=cast.org,
        layer=HubProvider.Layer.REGISTERED,
        functions=["consultation", "emergency"],
        registered_on=datetime.date(2021, 4, 1),
    )
    HubCoordinator.objects.create(provider=provider, name="山田", service="緊急時の受け入れ")
    other_org = Organization.objects.create(
        council=cast.other_council, name="別市の事業所", category=Organization.Category.SERVICE
    )
    other_provider = HubProvider.objects.create(
        organization=other_org, layer=HubProvider.Layer.REGISTERED, functions=[]
    )
    review = HubReview.objects.create(
        council=cast.council, fiscal_year=cast.year, meeting=cast.meeting_a, summary="初回の検証"
    )
    figure = HubFigure.objects.create(
        review=review,
        function=HubFunction.CONSULTATION,
        quarter=1,
        advance_registrations=12,
        coordinator_activities=30,
    )
    HubFigure.objects.create(
        review=review, function=HubFunction.EMERGENCY, quarter=2, emergency_acceptances=3
    )
    HubFunctionReview.objects.create(
        review=review, function=HubFunction.EMERGENCY, problems="受け入れ先が不足"
    )
    return Hub(
        setup=setup,
        plan=plans[0],
        provider=provider,
        other_provider=other_provider,
        review=review,
        figure=figure,
    )
