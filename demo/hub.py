"""The demo council's hub (令和2年度), loaded from fixtures/nagaoka_hub_r2.toml.

`seed_hub(council)` finds every row by its natural key and saves it only when a value differs,
because django-simple-history writes a history record on every save(): a second run writes
nothing, history included.

- the set-up by its council; the owning body by name (left alone if the council has none);
- an organisation by (council, name), its provider registration by organisation;
- a plan row by (council, fiscal year, function, type).

The 令和2年度 plans need FiscalYear 2020 (loaded by seed_demo). The synthetic 令和3年度 rows are
loaded only if FiscalYear 2021 exists. Nothing the fixture does not name is deleted.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction

from council.models import Body, Council, FiscalYear, HubFunction, Organization, Revisioned
from hubs.models import (
    HubPlan,
    HubProvider,
    HubSetup,
    HubType,
)
from proposals.models import Proposal, ProposalSection

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "nagaoka_hub_r2.toml"
CHANGE_REASON = "seed_hub"  # shown in the history views as the reason for the change


class SeedError(ValueError):
    """The fixture refers to something the council does not have."""


def seed_hub(council: Council, *, fixture: Path = FIXTURE) -> Counter[str]:
    """Load (or refresh) the hub's demo data into `council`; returns created/updated counts."""
    data = tomllib.loads(fixture.read_text(encoding="utf-8"))
    stats: Counter[str] = Counter()
    with transaction.atomic():
        _load(council, data, stats)
    return stats


def _load(council: Council, data: dict[str, Any], stats: Counter[str]) -> None:
    setup = data["setup"]
    values = {
        "development_type": setup["development_type"],
        "philosophy": setup.get("philosophy", ""),
        "reason": setup.get("reason", ""),
        "roles": setup.get("roles", ""),
    }
    owner = Body.objects.filter(council=council, name=setup.get("owner_body", "")).first()
    if owner is not None:
        values["owner_body"] = owner
    _upsert(stats, HubSetup, {"council": council}, values)

    for entry in data.get("providers", []):
        organization = _upsert(
            stats,
            Organization,
            {"council": council, "name": entry["organization"]},
            {"category": entry["category"]},
        )
        _upsert(
            stats,
            HubProvider,
            {"organization": organization},
            {
                "layer": entry["layer"],
                "functions": _functions(entry["functions"]),
                "registered_on": entry.get("registered_on"),
                "changed_on": entry.get("changed_on"),
                "note": entry.get("note", ""),
            },
        )

    years = {y.year: y for y in FiscalYear.objects.filter(council=council)}
    for entry in data.get("plans", []):
        year = years.get(entry["year"])
        if year is None:
            raise SeedError(f"{council}: no fiscal year {entry['year']} (run seed_demo first)")
        common = entry.get("city_plan_common", "")
        for hub_type in HubType.values:
            row = entry[hub_type]
            city_plan = "\n".join(part for part in (common, row.get("city_plan", "")) if part)
            _upsert(
                stats,
                HubPlan,
                {
                    "council": council,
                    "fiscal_year": year,
                    "function": _function(entry["function"]),
                    "hub_type": hub_type,
                },
                {
                    "council_work": entry.get("council_work", ""),
                    "city_plan": city_plan,
                    "target": row.get("target"),
                    "target_note": row.get("target_note", ""),
                    "priority": entry.get("priority", ""),
                    "status": entry["status"],
                    "evidence": row.get("evidence", ""),
                },
            )

    # SYNTHETIC rows (see the fixture): only into a year the council already has.
    for entry in data.get("synthetic_plans", []):
        year = years.get(entry["year"])
        if year is None:
            continue
        key = {"council": council, "function": entry["function"], "hub_type": entry["hub_type"]}
        base = (
            HubPlan.objects.filter(**key, fiscal_year__year__lt=entry["year"])
            .order_by("-fiscal_year__year")
            .first()
        )
        carried = {
            name: getattr(base, name) if base else HubPlan._meta.get_field(name).get_default()
            for name in ("council_work", "city_plan", "target", "target_note", "priority")
        }
        _upsert(
            stats,
            HubPlan,
            {**key, "fiscal_year": year},
            {**carried, "status": entry["status"], "evidence": entry.get("evidence", "")},
        )

    for entry in data.get("synthetic_proposals", []):
        _load_proposal(council, years, entry, stats)


def _load_proposal(
    council: Council, years: dict[int, FiscalYear], entry: dict[str, Any], stats: Counter[str]
) -> None:
    """Created once with its sections; afterwards it is the users' to edit, and left alone."""
    year = years.get(entry["year"])
    body = Body.objects.filter(council=council, name=entry["body"]).first()
    if year is None or body is None:
        return
    if Proposal.objects.filter(council=council, title=entry["title"]).exists():
        return
    proposal = Proposal(
        council=council,
        fiscal_year=year,
        body=body,
        date=entry["date"],
        title=entry["title"],
        addressee=entry.get("addressee", ""),
        signer_name=entry.get("chair", ""),
        preamble=entry.get("preamble", ""),
        status=entry.get("status", "draft"),
        functions=_functions(entry.get("functions", [])),
    )
    proposal._change_reason = CHANGE_REASON
    proposal.save()
    for order, section in enumerate(entry["sections"], start=1):
        row = ProposalSection(proposal=proposal, order=order, **section)
        row._change_reason = CHANGE_REASON
        row.save()
    stats["created"] += 1 + len(entry["sections"])


def _function(value: str) -> str:
    if value not in HubFunction.values:
        raise SeedError(f"unknown hub function {value!r}")
    return value


def _functions(values: list[str]) -> list[str]:
    chosen = {_function(v) for v in values}
    return [value for value in HubFunction.values if value in chosen]


def _upsert(
    stats: Counter[str], model: type[models.Model], key: dict[str, Any], values: dict[str, Any]
) -> Any:
    """update_or_create, except that a row whose values already match is not saved."""
    obj = model.objects.filter(**key).first()
    if obj is None:
        obj = model(**{**values, **key})
        stats["created"] += 1
    else:
        changed = {f: v for f, v in values.items() if not _same(obj, f, v)}
        if not changed:
            return obj
        for name, value in changed.items():
            setattr(obj, name, value)
        if isinstance(obj, Revisioned):
            obj.revision += 1  # an open edit form must see that the row moved on
        stats["updated"] += 1
    obj._change_reason = CHANGE_REASON
    obj.save()
    return obj


def _same(obj: models.Model, name: str, value: Any) -> bool:
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) == (value.pk if value is not None else None)
    return getattr(obj, name) == value
