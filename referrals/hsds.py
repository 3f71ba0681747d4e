"""The catalogue as Open Referral HSDS 3.0 JSON, for the city's other systems (docs/hsds.md).

HSDS 3.0 defines each record's JSON but no file that holds many: we write one object with an
array per record type, as the specification's own examples do ({"services": [...]}), each record
valid against its schema and the arrays joined by id (service.organization_id). Ids are uuid5 of
the council's slug and our primary key, so a second export gives the same ids and a consumer can
update its copy in place.

A programme's facilities (ResourceFacility) are its `locations`: one physical location each,
linked to its service by a `service_at_locations` entry; the service's `description` is the
whole 業務内容 as text (exports.description_text). docs/hsds.md has the field-by-field mapping.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.utils.translation import gettext as _

from council.models import Council, Organization
from referrals import exports
from referrals.models import ResourceFacility, SocialResource

HSDS_VERSION = "3.0"
CONTENT_TYPE = "application/json; charset=utf-8"
# Fixed once for this application: every id we publish is uuid5(NAMESPACE, a path of ours).
NAMESPACE = uuid.UUID("f47dc183-9734-4af6-8e9c-5dd0ed1d86ba")

Record = dict[str, Any]


class Term(NamedTuple):
    """A term of one of our own vocabularies, as an HSDS attribute: 直営 with 3 sites."""

    taxonomy: str  # our code of the vocabulary: "operating_form"
    taxonomy_name: str
    name: str
    code: str = ""
    value: int | str | None = None


def stable_id(council: Council, *path: object) -> str:
    """The same UUID for the same council and path on every export: ("service", 12) → …"""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in (council.slug, *path))))


def dataset(council: Council, resources: Iterable[SocialResource]) -> Record:
    """The programmes (with operator and operating forms loaded) as an HSDS dataset."""
    services: list[Record] = []
    organizations: dict[int, Record] = {}
    locations: list[Record] = []
    for resource in resources:
        services.append(_service(council, resource))
        locations += [_location(council, resource, f) for f in resource.facilities.all()]
        operator = resource.operator
        if operator is not None and operator.pk not in organizations:
            organizations[operator.pk] = _organization(council, operator)
    return {
        "version": HSDS_VERSION,
        "organizations": list(organizations.values()),
        "services": services,
        "locations": locations,
    }


def hsds_file(
    council: Council, resources: Iterable[SocialResource], today: datetime.date
) -> tuple[str, str, bytes]:
    """(filename, content type, bytes); Japanese stays as it is, not \\u escapes."""
    content = json.dumps(dataset(council, resources), ensure_ascii=False, indent=2)
    return f"{council.slug}-hsds-{today.isoformat()}.json", CONTENT_TYPE, content.encode()


def _service(council: Council, resource: SocialResource) -> Record:
    service_id = stable_id(council, "service", resource.pk)
    service: Record = {
        "id": service_id,
        "name": resource.name,
        "description": exports.description_text(resource),
        "status": "active",  # the catalogue lists the programmes that run now
    }
    if resource.operator_id is not None:
        service["organization_id"] = stable_id(council, "organization", resource.operator_id)
    if resource.accepts:
        service["eligibility_description"] = resource.accepts
    if resource.contact:
        service["application_process"] = resource.contact
    if resource.department:
        service["contacts"] = [
            {
                "id": stable_id(council, "service", resource.pk, "contact"),
                "service_id": service_id,
                "department": resource.department,
            }
        ]
    service["attributes"] = [
        _attribute(council, service_id, "service", term) for term in _terms(resource)
    ]
    facilities = resource.facilities.all()
    if facilities:
        service["service_at_locations"] = [
            {
                "id": stable_id(council, "service", resource.pk, "location", facility.pk),
                "service_id": service_id,
                "location_id": stable_id(council, "location", facility.pk),
            }
            for facility in facilities
        ]
    # HSDS 3.0 has no field for room (3.1's service_capacity is not released): documented
    # additional properties, which its schemas allow.
    if resource.capacity is not None:
        service["x_capacity"] = resource.capacity
    if resource.free_places is not None:
        service["x_free_places"] = resource.free_places
    return service


def _terms(resource: SocialResource) -> list[Term]:
    terms = []
    if resource.group:
        terms.append(Term("group", _("Group"), resource.group))
    if resource.target_field:
        terms.append(Term("target_field", _("Target field"), resource.target_field))
    for row in resource.operating_forms.all():
        name = row.get_kind_display()
        terms.append(Term("operating_form", _("Operating form"), name, row.kind, row.sites))
    if resource.count_value is not None:
        # The label varies by programme (設置数 / 登録団体数 / 実施回数): each is a term.
        label = resource.count_label or _("Count")
        terms.append(Term("count", _("Count"), label, value=resource.count_value))
    return terms


def _location(council: Council, resource: SocialResource, facility: ResourceFacility) -> Record:
    """A facility as a physical location; its figures as attributes of our `facility` taxonomy."""
    location_id = stable_id(council, "location", facility.pk)
    location: Record = {"id": location_id, "location_type": "physical", "name": facility.name}
    if resource.operator_id is not None:
        location["organization_id"] = stable_id(council, "organization", resource.operator_id)
    if facility.note:
        location["description"] = facility.note
    # HSDS's address needs its parts (city, postal code, state…); ours is one line as typed.
    if facility.address:
        location["x_address"] = facility.address
    figures = [  # (name, code, value) of a Term
        (_("Opening date"), "opened_on", facility.opened_on and facility.opened_on.isoformat()),
        (_("Active groups"), "activity_groups", facility.activity_groups),
        (_("Activities held"), "activity_count", facility.activity_count),
    ]
    location["attributes"] = [
        _attribute(council, location_id, "location", Term("facility", _("Facility"), *figure))
        for figure in figures
        if figure[2] is not None
    ]
    return location


def _organization(council: Council, organization: Organization) -> Record:
    organization_id = stable_id(council, "organization", organization.pk)
    category = Term(
        "category", _("Category"), organization.get_category_display(), organization.category
    )
    return {
        "id": organization_id,
        "name": organization.name,
        "description": "",  # required; our note on an organisation is internal, not published
        "attributes": [_attribute(council, organization_id, "organization", category)],
    }


def _attribute(council: Council, link_id: str, link_entity: str, term: Term) -> Record:
    """A term of one of our own vocabularies applied to a record, with its value if any."""
    taxonomy_id = stable_id(council, "taxonomy", term.taxonomy)
    # A term with a code is known by it: its id does not change with the language of its name.
    key = term.code or term.name
    term_id = stable_id(council, "taxonomy", term.taxonomy, key)
    taxonomy_term: Record = {"id": term_id, "name": term.name, "description": ""}
    if term.code:
        taxonomy_term["code"] = term.code
    taxonomy_term["taxonomy"] = term.taxonomy_name
    taxonomy_term["taxonomy_id"] = taxonomy_id
    taxonomy_term["taxonomy_detail"] = {
        "id": taxonomy_id,
        "name": term.taxonomy_name,
        "description": "",
    }
    attribute: Record = {
        "id": stable_id(council, link_entity, link_id, "attribute", term.taxonomy, key),
        "link_id": link_id,
        "link_entity": link_entity,
        "taxonomy_term_id": term_id,
        "taxonomy_term": taxonomy_term,
    }
    if term.value is not None:
        attribute["value"] = str(term.value)
    return attribute
