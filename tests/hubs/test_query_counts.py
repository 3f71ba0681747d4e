"""The hub's pages use a constant number of queries: measure, grow by 20, compare."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import FiscalYear, Organization
from hubs import documents
from hubs.models import HubCoordinator, HubFigure, HubProvider
from tests.conftest import Cast
from tests.hubs.conftest import Hub, make_plans


def grow(cast: Cast, hub: Hub) -> None:
    """20 more providers (with a coordinator), 20 more plans (two more years), 18 more figures."""
    for i in range(20):
        org = Organization.objects.create(
            council=cast.council, name=f"事業所{i}", category=Organization.Category.SERVICE
        )
        provider = HubProvider.objects.create(organization=org, layer="3", functions=["emergency"])
        HubCoordinator.objects.create(provider=provider, name=f"調整役{i}")
    for year in (2021, 2022):
        make_plans(cast, FiscalYear.objects.create(council=cast.council, year=year))
    for function in ("experience", "personnel", "community"):
        for quarter in range(1, 5):
            HubFigure.objects.create(
                review=hub.review, function=function, quarter=quarter, trial_stays=quarter
            )
    for quarter in range(2, 5):
        HubFigure.objects.create(review=hub.review, function="consultation", quarter=quarter)
    for quarter in (1, 3, 4):
        HubFigure.objects.create(review=hub.review, function="emergency", quarter=quarter)


def count(cast: Cast, role: str, url: str) -> int:
    client = cast.client(role)
    client.get(url)  # warm: session, content types
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


# hub-detail, expected queries (11, whatever the data size): session, user, the user's roles and
# memberships (access), council (council_for), the council's years (years_for: the year shown
# and the year switch), set-up + owning body, the year's plans, every year's plan statuses
# (values), review, its figures, provider count.
PAGES = [
    ("hubs:hub-detail", []),
    ("hubs:provider-list", []),
    ("hubs:review-detail", [2020]),
    ("hubs:review-edit", [2020]),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
@pytest.mark.parametrize("role", ["secretariat", "member_a", "city"])
def test_page_queries_do_not_grow(cast: Cast, hub: Hub, name: str, args: list, role: str) -> None:
    url = reverse(name, args=args)
    if name == "hubs:review-edit" and role == "city":
        pytest.skip("the city may not edit")
    small = count(cast, role, url)
    grow(cast, hub)
    assert count(cast, role, url) == small


def test_the_hub_page_stays_within_its_budget(cast: Cast, hub: Hub) -> None:
    grow(cast, hub)
    assert count(cast, "member_a", reverse("hubs:hub-detail")) == 11


def test_pdf_data_queries_do_not_grow(cast: Cast, hub: Hub) -> None:
    def measure() -> int:
        with CaptureQueriesContext(connection) as context:
            documents.hub_context(cast.council, cast.year)
            documents.providers_context(cast.council)
            documents.review_context(hub.review)
        return len(context.captured_queries)

    small = measure()
    grow(cast, hub)
    assert measure() == small
