"""A city of wards: 市連絡会 → 北区・南区ネットワーク, and a ward's 事務局 that runs 北区 only
(CouncilRole.bodies): it keeps its ward's bodies, reads the rest as a member without seats."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from council.models import Body, BodyYear, CouncilRole, Meeting, Person
from council.permissions import access_for, can
from tests.conftest import Cast, Wards
from tests.test_permission_matrix import VIEW_PERMS

WARD = "ward_secretariat"


def under(parent: str) -> str:
    """The body list's label for a nested list, in the page's language."""
    return gettext("Under %(parent)s") % {"parent": parent}


def edit_meeting(client: Any, meeting: Meeting, place: str) -> int:
    url = reverse("council:meeting-edit", args=[meeting.pk])
    data = {
        "items-TOTAL_FORMS": 0,
        "items-INITIAL_FORMS": 0,
        "date": meeting.date.isoformat(),
        "number": meeting.number,
        "body": meeting.body_id,
        "mode": "venue",
        "observers": 0,
        "revision": meeting.revision,
        "place": place,
    }
    return client.post(url, data).status_code


def test_the_ward_secretariat_edits_its_wards_meetings_and_those_of_the_bodies_beneath(
    cast: Cast, wards: Wards
) -> None:
    client = cast.client(WARD)
    for meeting in (wards.north_meeting, wards.north_group_meeting):
        assert edit_meeting(client, meeting, "北区役所") == 302
        meeting.refresh_from_db()
        assert meeting.place == "北区役所"


def test_the_ward_secretariat_edits_its_wards_body_year_and_draft_sheet(
    cast: Cast, wards: Wards
) -> None:
    client = cast.client(WARD)
    url = reverse("council:body-year-edit", args=[wards.north.pk, 2020])
    response = client.post(url, {"status": "paused", "note": "休止", "revision": 0})
    assert response.status_code == 302
    assert BodyYear.objects.get(body=wards.north, fiscal_year=cast.year).status == "paused"
    sheet = reverse("subcommittees:sheet-edit", args=[wards.north.pk, 2020, "report"])
    assert client.get(sheet).status_code == 200


def test_the_ward_secretariat_may_not_edit_the_other_wards_records(
    cast: Cast, wards: Wards
) -> None:
    client = cast.client(WARD)
    assert edit_meeting(client, wards.south_meeting, "南区役所") == 403  # public: seen, refused
    wards.south_meeting.refresh_from_db()
    assert wards.south_meeting.place == ""
    year_url = reverse("council:body-year-edit", args=[wards.south.pk, 2020])
    assert client.post(year_url, {"status": "ended", "revision": 0}).status_code == 403
    assert client.get(reverse("council:body-edit", args=[wards.south.pk])).status_code == 403
    # A draft of another ward, or its closed meeting, is not shown to exist.
    sheet = reverse("subcommittees:sheet-edit", args=[wards.south.pk, 2020, "report"])
    assert client.get(sheet).status_code == 404
    closed = reverse("council:meeting-edit", args=[wards.south_closed.pk])
    assert client.get(closed).status_code == 404
    # Nor the liaison meeting above its ward, nor the cast's subcommittees.
    assert edit_meeting(client, cast.meeting_b, "会場") == 403


def test_the_ward_secretariat_may_not_run_the_council(cast: Cast, wards: Wards) -> None:
    client = cast.client(WARD)
    assert client.get(reverse("council:council-settings")).status_code == 403
    assert client.get(reverse("council:year-list")).status_code == 403
    assert client.post(reverse("council:year-list"), {"year": "令和3年度"}).status_code == 403
    assert not cast.council.fiscal_years.filter(year=2021).exists()
    assert client.get(reverse("council:body-create")).status_code == 403
    assert client.get(reverse("council:person-create")).status_code == 403
    rollover = reverse("subcommittees:year-rollover", args=[2020])
    assert client.get(rollover).status_code == 403
    invite = Person.objects.create(council=cast.council, name="北区の新任")
    url = reverse("council:person-account-invite", args=[invite.pk])
    assert client.get(url).status_code == 403


def test_the_ward_secretariat_reads_the_other_wards_published_material_only(
    cast: Cast, wards: Wards
) -> None:
    client = cast.client(WARD)
    policy = reverse("subcommittees:sheet-detail", args=[wards.south.pk, 2020, "policy"])
    assert client.get(policy).status_code == 200
    report = reverse("subcommittees:sheet-detail", args=[wards.south.pk, 2020, "report"])
    assert client.get(report).status_code == 404
    own_report = reverse("subcommittees:sheet-detail", args=[wards.north.pk, 2020, "report"])
    assert client.get(own_report).status_code == 200
    meetings = client.get(reverse("council:meeting-list")).content.decode()
    assert reverse("council:meeting-detail", args=[wards.south_meeting.pk]) in meetings
    assert reverse("council:meeting-detail", args=[wards.south_closed.pk]) not in meetings
    detail = reverse("council:meeting-detail", args=[wards.south_closed.pk])
    assert client.get(detail).status_code == 404
    # History is the overseers': its own ward's, not the other's.
    assert client.get(reverse("council:history", args=["body", wards.north.pk])).status_code == 200
    assert client.get(reverse("council:history", args=["body", wards.south.pk])).status_code == 403


@pytest.mark.parametrize("model", list(VIEW_PERMS), ids=lambda m: m.__name__)
def test_the_ward_secretariats_lists_agree_with_the_rule(
    cast: Cast, wards: Wards, model: Any
) -> None:
    user = cast.users[WARD]
    listed = set(model.objects.visible_to(user))
    allowed = {obj for obj in model.objects.all() if can(user, VIEW_PERMS[model], obj)}
    assert listed == allowed


def test_the_ward_secretariat_records_meetings_of_its_ward_only(cast: Cast, wards: Wards) -> None:
    page = cast.client(WARD).get(reverse("council:meeting-create")).content.decode()
    select = page[page.index('name="body"') :]
    select = select[: select.index("</select>")]  # later selects (joint_with) list meetings
    offered = set(re.findall(r'<option value="(\d+)"', select))
    assert offered == {str(wards.north.pk), str(wards.north_group.pk)}


def test_the_limit_covers_the_ward_and_its_descendants_in_one_more_query(
    cast: Cast, wards: Wards
) -> None:
    user = User.objects.get(username=WARD)
    with CaptureQueriesContext(connection) as context:
        access = access_for(user)
    assert len(context.captured_queries) == 2
    assert access.limits == {cast.council.pk: frozenset({wards.north.pk, wards.north_group.pk})}
    assert access.runs(cast.council.pk, wards.north_group.pk)
    assert not access.runs(cast.council.pk, wards.south.pk)
    assert not access.runs(cast.council.pk)  # the council's own business


def test_the_unlimited_secretariat_is_unchanged(cast: Cast, wards: Wards) -> None:
    user = User.objects.get(username="secretariat")
    with CaptureQueriesContext(connection) as context:
        access = access_for(user)
    assert len(context.captured_queries) == 1
    assert access.limits == {}
    client = cast.client("secretariat")
    assert edit_meeting(client, wards.south_meeting, "南区役所") == 302
    assert edit_meeting(client, wards.north_meeting, "北区役所") == 302
    assert client.get(reverse("council:council-settings")).status_code == 200
    closed = reverse("council:meeting-detail", args=[wards.south_closed.pk])
    assert client.get(closed).status_code == 200


def test_the_body_list_nests_the_wards_under_the_liaison_meeting(cast: Cast, wards: Wards) -> None:
    html = cast.client("city").get(reverse("council:body-list")).content.decode()
    liaison = html[html.index(">市連絡会</a>") :]
    nested = liaison[: liaison.index("</ul>")]
    assert f'aria-label="{under("市連絡会")}"' in nested
    assert "北区ネットワーク" in nested
    assert nested.index("北区ネットワーク") < nested.index("北区くらし部会")
    # The plenary's list holds the liaison meeting, which holds the wards.
    plenary = html[html.index(">全体会</a>") :]
    assert plenary.index(f'aria-label="{under("全体会")}"') < plenary.index("市連絡会")


def test_a_filtered_body_names_its_parent(cast: Cast, wards: Wards) -> None:
    url = reverse("council:body-list") + "?kind=ward"
    html = cast.client("city").get(url).content.decode()
    assert "南区ネットワーク" in html and under("市連絡会") in html
    assert ">全体会</a>" not in html


def test_a_body_cannot_be_placed_under_a_body_beneath_it(cast: Cast, wards: Wards) -> None:
    url = reverse("council:body-edit", args=[wards.liaison.pk])
    data = {
        "name": "市連絡会",
        "kind": "liaison",
        "parent": wards.north_group.pk,
        "order": 50,
        "revision": 0,
    }
    response = cast.client("secretariat").post(url, data)
    assert response.status_code == 400
    assert "会議体をその会議体自身の下に置くことはできません" in response.content.decode()
    wards.liaison.refresh_from_db()
    assert wards.liaison.parent_id == cast.plenary.pk


def test_a_body_cannot_be_placed_under_another_councils_body(cast: Cast, wards: Wards) -> None:
    url = reverse("council:body-edit", args=[wards.south.pk])
    foreign = Body.objects.get(council=cast.other_council)
    data = {"name": "南区ネットワーク", "kind": "ward", "parent": foreign.pk, "order": 53}
    response = cast.client("secretariat").post(url, {**data, "revision": 0})
    assert response.status_code == 400
    wards.south.refresh_from_db()
    assert wards.south.parent_id == wards.liaison.pk


def invite(client: Any, person: Person, **data: Any) -> Any:
    url = reverse("council:person-account-invite", args=[person.pk])
    return client.post(url, {"username": "south_sec", "role": "secretariat", **data})


def test_the_secretariat_invites_a_ward_secretariat_for_the_bodies_it_runs(
    cast: Cast, wards: Wards
) -> None:
    person = Person.objects.create(council=cast.council, name="南区の事務局")
    response = invite(cast.client("secretariat"), person, covered_bodies=[wards.south.pk])
    assert response.status_code == 200  # no e-mail: the link to hand over
    role = CouncilRole.objects.get(user__username="south_sec")
    assert set(role.bodies.all()) == {wards.south}
    access = access_for(role.user)
    assert access.runs(cast.council.pk, wards.south.pk)
    assert not access.runs(cast.council.pk, wards.north.pk)


def test_only_a_secretariat_is_limited_to_bodies(cast: Cast, wards: Wards) -> None:
    person = Person.objects.create(council=cast.council, name="北区の委員")
    response = invite(
        cast.client("secretariat"), person, role="member", covered_bodies=[wards.north.pk]
    )
    assert response.status_code == 400
    assert not CouncilRole.objects.filter(user__username="south_sec").exists()
