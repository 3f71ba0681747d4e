"""The catalogue as Open Referral HSDS JSON: every record validates against the vendored HSDS 3.0
schemas (hsds_schema/), ids survive a second export, the list's filters and visibility apply,
and Japanese stays Japanese."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from council.models import CouncilRole
from referrals.hsds import stable_id
from referrals.models import OperatingForm, SocialResource
from tests.conftest import PASSWORD, Cast, Catalogue
from tests.referrals.test_catalogue import names

SCHEMAS = Path(__file__).parent / "hsds_schema"
TAXONOMIES = ["group", "target_field", "operating_form", "count", "category"]


@functools.cache
def registry() -> Registry:
    """The vendored files under their own names, as their `$ref`s name them ("phone.json");
    they declare no dialect, and HSDS 3.0's OpenAPI file says 2020-12."""
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in SCHEMAS.glob("*.json")
    ]
    return Registry().with_resources(resources)


def validate(record: dict[str, Any], schema: str) -> None:
    validator = Draft202012Validator(
        {"$ref": schema}, registry=registry(), format_checker=FormatChecker()
    )
    validator.validate(record)


def export(cast: Cast, query: str = "", role: str = "city") -> dict[str, Any]:
    response = cast.client(role).get(reverse("referrals:resource-hsds") + query)
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def full(cast: Cast, catalogue: Catalogue) -> list[SocialResource]:
    """The fixture's programme with every field filled, and two more as on the list's tests."""
    resource = catalogue.resource
    resource.accepts = "在宅の障害のある方"
    resource.capacity = 20
    resource.free_places = 3
    resource.contact = "相談支援専門員を通じて申し込む"
    resource.save()
    salon = SocialResource.objects.create(
        council=cast.council,
        group="それ以外",
        target_field="高齢者",
        name="地域サロン",
        description="通いの場の立ち上げを支援する",
        department="長寿支援課",
        count_label="登録団体数",
        count_value=74,
    )
    OperatingForm.objects.create(resource=salon, kind=OperatingForm.Kind.DESIGNATED, sites=3)
    SocialResource.objects.create(
        council=cast.council,
        group="必須事業",
        target_field="子ども",
        name="子ども食堂",
        department="こども家庭課",
        accepts="小学生以下の子どもとその家族",
    )
    return [resource, salon]


def test_every_record_validates_against_the_hsds_schemas(
    cast: Cast, full: list[SocialResource]
) -> None:
    data = export(cast)
    assert data["version"] == "3.0"
    assert len(data["services"]) == 3
    assert len(data["organizations"]) == 1
    for organization in data["organizations"]:
        validate(organization, "organization.json")
    for service in data["services"]:
        validate(service, "service.json")
    # These programmes have no facilities, and none is made up from the site counts.
    assert data["locations"] == []


def test_the_schemas_are_resolved_so_a_bad_nested_record_fails() -> None:
    # A $ref that resolved to nothing would let everything pass: a contact's id must be a UUID.
    service = {"id": "5d1b0f8e-6d3a-4a62-9a3e-0c8f4c7a1b2c", "name": "x", "status": "active"}
    validate(service, "service.json")
    with pytest.raises(ValidationError):
        validate({**service, "contacts": [{"id": "not-a-uuid"}]}, "service.json")
    with pytest.raises(ValidationError):
        validate({**service, "status": "open"}, "service.json")


def test_our_fields_map_to_hsds_as_docs_hsds_md_says(
    cast: Cast, full: list[SocialResource]
) -> None:
    data = export(cast)
    service = next(s for s in data["services"] if s["name"] == "地域活動支援センター")
    organization = data["organizations"][0]
    assert organization["name"] == cast.org.name
    assert service["organization_id"] == organization["id"]
    assert service["description"] == "創作的活動又は生産活動の機会の提供"
    assert service["eligibility_description"] == "在宅の障害のある方"
    assert service["application_process"] == "相談支援専門員を通じて申し込む"
    assert [c["department"] for c in service["contacts"]] == ["障害福祉課"]
    assert (service["x_capacity"], service["x_free_places"]) == (20, 3)
    taxonomies = {stable_id(cast.council, "taxonomy", code): code for code in TAXONOMIES}
    by_taxonomy: dict[str, list[tuple[str, str | None]]] = {}
    for attribute in service["attributes"]:
        assert attribute["link_id"] == service["id"]
        term = attribute["taxonomy_term"]
        code = taxonomies[term["taxonomy_id"]]
        by_taxonomy.setdefault(code, []).append(
            (term.get("code", term["name"]), attribute.get("value"))
        )
    assert by_taxonomy == {
        "group": [("必須事業", None)],
        "target_field": [("障害者", None)],
        "operating_form": [("direct", "3"), ("commissioned", "1")],
        "count": [("設置数", "7")],
    }
    # Names are printed in the reader's language; here Japanese, as the site is.
    printed = {a["taxonomy_term"]["taxonomy"] for a in service["attributes"]}
    assert printed == {"区分", "対象分野", "運営形態", "件数"}
    assert "直営" in {a["taxonomy_term"]["name"] for a in service["attributes"]}


def test_the_same_terms_share_one_id_across_programmes(
    cast: Cast, full: list[SocialResource]
) -> None:
    services = export(cast)["services"]
    ids = {
        a["taxonomy_term"]["name"]: a["taxonomy_term_id"] for s in services for a in s["attributes"]
    }
    must = [
        a["taxonomy_term_id"]
        for s in services
        for a in s["attributes"]
        if a["taxonomy_term"]["name"] == "必須事業"
    ]
    assert len(must) == 2 and len(set(must)) == 1
    assert ids["必須事業"] != ids["それ以外"]


def test_a_second_export_gives_the_same_ids(cast: Cast, full: list[SocialResource]) -> None:
    def ids(data: dict[str, Any]) -> list[str]:
        found = [o["id"] for o in data["organizations"]]
        for service in data["services"]:
            found.append(service["id"])
            found += [c["id"] for c in service.get("contacts", [])]
            found += [a["id"] for a in service["attributes"]]
        return found

    first = ids(export(cast))
    second = ids(export(cast, role="secretariat"))
    assert first == second
    assert len(set(first)) == len(first)


@pytest.mark.parametrize(
    "query",
    ["", "?group=必須事業", "?target_field=高齢者", "?operating_form=direct", "?text=小学生"],
)
def test_the_filters_restrict_the_rows_as_on_the_list_page(
    cast: Cast, full: list[SocialResource], query: str
) -> None:
    exported = [s["name"] for s in export(cast, query)["services"]]
    assert exported == names(cast, query)
    assert exported  # each query finds something, so the comparison says something


def test_an_organisation_is_listed_only_with_a_programme_it_runs(
    cast: Cast, full: list[SocialResource]
) -> None:
    assert export(cast, "?target_field=高齢者")["organizations"] == []


def test_a_reader_of_another_council_gets_none_of_ours(
    cast: Cast, full: list[SocialResource]
) -> None:
    stranger = User.objects.create_user("stranger", password=PASSWORD)
    CouncilRole.objects.create(
        user=stranger, council=cast.other_council, role=CouncilRole.Role.CITY
    )
    client = cast.client("anonymous")
    client.force_login(stranger)
    response = client.get(reverse("referrals:resource-hsds"))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert [s["name"] for s in data["services"]] == ["別市の事業"]
    assert data["organizations"] == []
    ours = client.get(reverse("referrals:resource-hsds") + f"?council={cast.council.slug}")
    assert ours.status_code == 404


def test_the_file_is_utf8_json_kept_in_japanese_as_a_download(
    cast: Cast, full: list[SocialResource]
) -> None:
    response = cast.client("member_b").get(reverse("referrals:resource-hsds"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f"attachment; filename*=UTF-8''{cast.council.slug}-hsds-{today}.json"
    )
    assert "地域活動支援センター".encode() in response.content
    assert b"\\u" not in response.content


def test_the_list_page_links_the_file_with_its_filters(cast: Cast, catalogue: Catalogue) -> None:
    page = cast.client("city").get(reverse("referrals:resource-list") + "?group=必須事業")
    html = page.content.decode()
    link = reverse("referrals:resource-hsds") + "?group="
    assert link in html
    assert "Open Referral" in html  # the link's accessible name says what the file is


def test_the_export_queries_do_not_grow_with_the_rows(cast: Cast, catalogue: Catalogue) -> None:
    client = cast.client("city")
    url = reverse("referrals:resource-hsds")

    def measure() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    client.get(url)  # warm: session, content types
    small = measure()
    for n in range(20):
        made = SocialResource.objects.create(
            council=cast.council, name=f"事業{n}", operator=cast.org, department="障害福祉課"
        )
        OperatingForm.objects.create(resource=made, kind=OperatingForm.Kind.DIRECT, sites=n)
    assert measure() == small
