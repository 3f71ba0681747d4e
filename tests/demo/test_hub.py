"""seed_hub: the seed's 令和2年度 table, idempotent down to the history tables."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.core.management import call_command

from council.models import Body, Council, FiscalYear, HubFunction, Organization
from demo.hub import SeedError, seed_hub
from hubs.models import (
    HubPlan,
    HubProvider,
    HubSetup,
    HubType,
)
from tests.conftest import Cast


def row_counts() -> dict[str, int]:
    """Every table the seed may touch, history tables included."""
    models = [m for m in apps.get_models() if m._meta.app_label in {"hubs", "council"}]
    return {m._meta.label: m.objects.count() for m in models}


def test_seeding_twice_changes_no_row_and_no_history(cast: Cast) -> None:
    first = seed_hub(cast.council)
    assert first["created"] == 13  # set-up, organisation, provider, 10 plans
    counts = row_counts()
    second = seed_hub(cast.council)
    assert (second["created"], second["updated"]) == (0, 0)
    assert row_counts() == counts
    assert counts["hubs.HistoricalHubPlan"] == 10


def test_the_seed_transcribes_the_2020_table(cast: Cast) -> None:
    seed_hub(cast.council)
    plans = {(p.function, p.hub_type): p for p in HubPlan.objects.filter(fiscal_year=cast.year)}
    assert set(plans) == {(f, t) for f in HubFunction.values for t in HubType.values}
    assert {p.status for p in plans.values()} == {HubPlan.Status.STUDYING}
    assert plans["consultation", "area"].target == datetime.date(2022, 1, 1)
    assert plans["emergency", "area"].target == datetime.date(2022, 4, 1)
    assert (plans["experience", "area"].target, plans["experience", "area"].target_note) == (
        datetime.date(2022, 4, 1),
        "以降",
    )
    assert plans["personnel", "multi"].priority == ""
    assert plans["community", "multi"].priority == HubPlan.Priority.HIGH
    assert plans["emergency", "multi"].city_plan.startswith("・長岡市における「緊急時の定義」")
    assert plans["consultation", "multi"].council_work == plans["consultation", "area"].council_work
    setup = HubSetup.objects.get(council=cast.council)
    assert setup.development_type == HubSetup.DevelopmentType.COMBINED
    assert setup.philosophy.startswith("障害児・者の重度化・高齢化や「親亡き後」を見据え")
    assert setup.owner_body is None  # the cast has no 地域づくり部会
    provider = HubProvider.objects.get()
    assert provider.organization.name == "ながおかホーム"
    assert provider.layer == HubProvider.Layer.REGISTERED
    assert provider.functions == HubFunction.values


def test_the_owning_body_is_found_by_name(cast: Cast) -> None:
    body = Body.objects.create(council=cast.council, name="地域づくり部会", kind="subcommittee")
    seed_hub(cast.council)
    assert HubSetup.objects.get(council=cast.council).owner_body == body


def test_an_existing_organisation_is_reused(cast: Cast) -> None:
    org = Organization.objects.create(
        council=cast.council, name="ながおかホーム", category="service"
    )
    seed_hub(cast.council)
    assert HubProvider.objects.get().organization == org


def test_the_synthetic_2021_rows_need_fiscal_year_2021(cast: Cast) -> None:
    seed_hub(cast.council)
    assert not HubPlan.objects.filter(fiscal_year__year=2021).exists()
    FiscalYear.objects.create(council=cast.council, year=2021)
    stats = seed_hub(cast.council)
    assert stats["created"] == 4
    synthetic = HubPlan.objects.filter(fiscal_year__year=2021)
    assert {(p.function, p.status) for p in synthetic} == {
        ("consultation", "done"),
        ("consultation", "developing"),
        ("emergency", "done"),
        ("emergency", "developing"),
    }
    assert all(p.evidence.startswith("【デモ用の架空データ】") for p in synthetic)
    assert all(p.council_work for p in synthetic)  # carried over from 令和2年度
    assert seed_hub(cast.council)["created"] == 0


def test_without_fiscal_year_2020_the_seed_says_so(cast: Cast) -> None:
    council = Council.objects.create(name="新市協議会", municipality="新市", slug="new")
    FiscalYear.objects.create(council=council, year=2021)
    with pytest.raises(SeedError):
        seed_hub(council)
    assert not HubSetup.objects.filter(council=council).exists()  # rolled back


def test_the_command_seeds_the_council(cast: Cast) -> None:
    call_command("seed_hub", council="nagaoka", verbosity=0)
    assert HubPlan.objects.filter(council=cast.council).count() == 10
