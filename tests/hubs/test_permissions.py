"""The hub's permission rules in plain sentences (its URLs are rows of
tests/test_permission_matrix.py; member_a sits in the body that owns the hub)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from council.models import FiscalYear, Membership
from council.permissions import can
from hubs.models import (
    HubCoordinator,
    HubFigure,
    HubFunctionReview,
    HubPlan,
    HubProvider,
    HubReview,
    HubSetup,
)
from proposals.models import Proposal
from tests.conftest import ROLES, Cast
from tests.hubs.conftest import Hub

# --- the rules in sentences ----------------------------------------------------------------


def plan_url(year: int = 2020, function: str = "emergency", hub_type: str = "area") -> str:
    return reverse("hubs:plan-edit", args=[year, function, hub_type])


def plan_post(plan: HubPlan | None = None, **fields: Any) -> dict[str, Any]:
    data = {
        "council_work": "部会で緊急対応フローチャートを確認した。",
        "city_plan": "・緊急時の受け入れ・対応について、関係者へ説明と協力を依頼する。",
        "target": "令和4年4月",
        "target_note": "",
        "priority": "high",
        "status": "developing",
        "evidence": "",
        "revision": plan.revision if plan else 0,
    }
    return {**data, **fields}


def test_member_of_the_owning_body_edits_a_plan_row(cast: Cast, hub: Hub) -> None:
    plan = HubPlan.objects.get(fiscal_year=cast.year, function="emergency", hub_type="area")
    response = cast.client("member_a").post(plan_url(), plan_post(plan))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == HubPlan.Status.DEVELOPING
    assert plan.target == datetime.date(2022, 4, 1)
    assert plan.revision == 1
    assert plan.history.count() == 2


def test_member_of_another_body_cannot_edit_a_plan_row(cast: Cast, hub: Hub) -> None:
    plan = HubPlan.objects.get(fiscal_year=cast.year, function="emergency", hub_type="area")
    response = cast.client("member_b").post(plan_url(), plan_post(plan))
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == HubPlan.Status.STUDYING


def test_an_auditors_post_to_a_plan_row_is_refused(cast: Cast, hub: Hub) -> None:
    plan = HubPlan.objects.get(fiscal_year=cast.year, function="emergency", hub_type="area")
    assert cast.client("auditor").post(plan_url(), plan_post(plan)).status_code == 403
    plan.refresh_from_db()
    assert plan.status == HubPlan.Status.STUDYING


def test_city_reads_the_hub_but_cannot_edit_a_plan_row(cast: Cast, hub: Hub) -> None:
    client = cast.client("city")
    page = client.get(reverse("hubs:hub-detail"))
    assert page.status_code == 200
    assert plan_url() not in page.content.decode()  # no edit link for a reader
    assert client.get(plan_url()).status_code == 403


def test_the_owning_bodys_member_sees_the_edit_links(cast: Cast, hub: Hub) -> None:
    page = cast.client("member_a").get(reverse("hubs:hub-detail")).content.decode()
    assert plan_url() in page
    assert reverse("hubs:review-edit", args=[2020]) in page
    assert reverse("hubs:setup-edit") not in page  # the set-up is the secretariat's


def test_member_cannot_edit_plans_of_a_year_they_do_not_sit_in(cast: Cast, hub: Hub) -> None:
    FiscalYear.objects.create(council=cast.council, year=2021)
    assert cast.client("member_a").get(plan_url(2021)).status_code == 403
    assert cast.client("secretariat").get(plan_url(2021)).status_code == 200


def test_a_new_years_member_creates_the_years_row(cast: Cast, hub: Hub) -> None:
    year = FiscalYear.objects.create(council=cast.council, year=2021)
    Membership.objects.create(person=cast.person_a, body=cast.body_a, fiscal_year=year)
    response = cast.client("member_a").post(plan_url(2021), plan_post(status="done"))
    assert response.status_code == 302
    new = HubPlan.objects.get(fiscal_year=year, function="emergency", hub_type="area")
    assert new.status == HubPlan.Status.DONE
    old = HubPlan.objects.get(fiscal_year=cast.year, function="emergency", hub_type="area")
    assert old.status == HubPlan.Status.STUDYING  # last year's row keeps its status


def test_a_hub_without_owning_body_is_edited_by_the_secretariat_only(cast: Cast, hub: Hub) -> None:
    HubSetup.objects.filter(pk=hub.setup.pk).update(owner_body=None)
    assert cast.client("member_a").get(plan_url()).status_code == 403
    assert cast.client("secretariat").get(plan_url()).status_code == 200


def test_a_submitted_review_is_no_longer_editable_by_the_members(cast: Cast, hub: Hub) -> None:
    HubReview.objects.filter(pk=hub.review.pk).update(status="submitted")
    url = reverse("hubs:review-edit", args=[2020])
    assert cast.client("member_a").get(url).status_code == 403
    assert cast.client("secretariat").get(url).status_code == 403


def test_an_unknown_function_or_type_is_not_found(cast: Cast, hub: Hub) -> None:
    client = cast.client("secretariat")
    assert client.get(plan_url(function="housing")).status_code == 404
    assert client.get(plan_url(hub_type="both")).status_code == 404
    assert client.get(plan_url(year=2030)).status_code == 404


VIEW_PERMS = {
    HubSetup: "hub.view",
    HubPlan: "hub.view",
    HubProvider: "hub.view",
    HubCoordinator: "hub.view",
    HubReview: "hubreview.view",
    HubFigure: "hubreview.view",
    HubFunctionReview: "hubreview.view",
    Proposal: "proposal.view",
}


@pytest.mark.parametrize("role", ROLES[1:])
@pytest.mark.parametrize("model", list(VIEW_PERMS), ids=lambda m: m.__name__)
def test_list_visibility_agrees_with_the_rule(
    cast: Cast, hub: Hub, proposals: Any, role: str, model: Any
) -> None:
    user = cast.users[role]
    listed = set(model.objects.visible_to(user))
    allowed = {obj for obj in model.objects.all() if can(user, VIEW_PERMS[model], obj)}
    assert listed == allowed
    assert listed, "the test data must hold something to see"
