"""The proposal list: each reader sees what the rule lets them see, narrowed by the filter, at
a constant number of queries."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Body, FiscalYear
from council.permissions import can
from proposals.models import Proposal, ProposalStatus
from tests.conftest import ROLES, Cast, Proposals

URL = reverse("proposals:proposal-list")


def listed(cast: Cast, role: str, query: str = "") -> set[str]:
    page = cast.client(role).get(URL + query).content.decode()
    return set(re.findall(r'<a href="/proposals/\d+/">([^<]*)</a>', page))


def older(cast: Cast) -> Proposal:
    """部会B's reported proposal of 2019, with Latin letters and a % in its title."""
    year = FiscalYear.objects.create(council=cast.council, year=2019)
    return Proposal.objects.create(
        council=cast.council,
        fiscal_year=year,
        body=cast.body_b,
        title="NPOとの連携 100%",
        status=ProposalStatus.REPORTED,
        date=datetime.date(2019, 6, 1),
    )


@pytest.mark.parametrize("role", ROLES[1:])
def test_each_reader_sees_the_proposals_the_rule_lets_them_see(
    cast: Cast, proposals: Proposals, role: str
) -> None:
    older(cast)
    user = cast.users[role]
    allowed = {p.title for p in Proposal.objects.all() if can(user, "proposal.view", p)}
    assert listed(cast, role) == allowed


def test_the_filter_narrows_by_year_body_status_and_title(cast: Cast, proposals: Proposals) -> None:
    npo = older(cast)
    both = {"下書きの提言", "提出済みの提言"}
    everything = {*both, npo.title}
    other_body = Body.objects.create(council=cast.other_council, name="別市の部会")
    for query, titles in [
        ("", everything),
        ("?status=draft", {"下書きの提言"}),
        (f"?fiscal_year={npo.fiscal_year_id}", {npo.title}),
        (f"?body={cast.body_a.pk}", both),
        (f"?fiscal_year={cast.year.pk}&body={cast.body_b.pk}", set()),
        ("?title=npo", {npo.title}),  # any case, as icontains
        ("?title=%25", {npo.title}),  # a % is a character, not a wildcard
        ("?title=_", set()),
        ("?title=提言", both),
        ("?status=reported&title=NPO", {npo.title}),
        # refused choices filter nothing (the form says why)
        ("?body=abc", everything),
        (f"?body={other_body.pk}", everything),
        ("?fiscal_year=99999999999999999999", everything),
        ("?status=bogus", everything),
    ]:
        assert listed(cast, "secretariat", query) == titles, query


def test_the_list_pages_fifty_at_a_time(cast: Cast) -> None:
    for i in range(55):
        Proposal.objects.create(
            council=cast.council, fiscal_year=cast.year, body=cast.body_a, title=f"提言{i:02d}"
        )
    first, second = listed(cast, "secretariat"), listed(cast, "secretariat", "?page=2")
    assert len(first) == 50 and len(second) == 5
    assert first | second == {f"提言{i:02d}" for i in range(55)}


def count(cast: Cast) -> int:
    client = cast.client("member_a")
    client.get(URL)  # warm: session, content types
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL).status_code == 200
    return len(context.captured_queries)


def test_the_list_queries_do_not_grow_and_an_empty_list_reads_no_page(cast: Cast) -> None:
    empty = count(cast)
    Proposal.objects.create(
        council=cast.council, fiscal_year=cast.year, body=cast.body_a, title="一件目"
    )
    one = count(cast)
    for i in range(30):
        Proposal.objects.create(
            council=cast.council, fiscal_year=cast.year, body=cast.body_a, title=f"提言{i}"
        )
    assert count(cast) == one == empty + 1  # the page's rows: not read when there are none


def test_a_choice_from_another_council_is_refused_in_japanese(
    cast: Cast, proposals: Proposals
) -> None:
    other_body = Body.objects.create(council=cast.other_council, name="別市の部会")
    other_year = FiscalYear.objects.get(council=cast.other_council)
    client = cast.client("secretariat")
    for query in (
        f"?body={other_body.pk}",
        "?body=abc",
        f"?fiscal_year={other_year.pk}",
        "?fiscal_year=99999999999999999999",
    ):
        page = client.get(URL + query).content.decode()
        assert "正しく選択してください" in page, query
        assert 'class="form-select' in page
    chosen = client.get(URL + f"?body={cast.body_a.pk}").content.decode()
    assert "正しく選択してください" not in chosen
    assert f'<option value="{cast.body_a.pk}" selected>' in chosen
    assert "別市の部会" not in chosen  # the other council's bodies are not offered
