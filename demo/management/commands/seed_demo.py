"""Load the demo council (長岡市, 令和2年度) from fixtures/nagaoka_r2.toml.

The bodies, organisations, persons, memberships, meetings and demo users are loaded here; the
bodies' yearly documents, regional issues and action plans by `demo.documents`; the hub
(fixtures/nagaoka_hub_r2.toml) and a demo proposal by `demo.hub`.

Every row is found by its natural key and created or updated; a row whose values already match
is not saved again, because django-simple-history writes a history record on every save().
Running the command twice therefore changes nothing, not even the history tables.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from council.accounts import DEMO_PASSWORD
from council.models import (
    Body,
    BodyYear,
    Council,
    CouncilRole,
    FiscalYear,
    Meeting,
    MeetingItem,
    Membership,
    Organization,
    Person,
    Revisioned,
)
from demo.cases import seed_cases
from demo.catalogue import seed_catalogue
from demo.documents import load_documents
from demo.hub import seed_hub
from demo.networks import seed_networks
from demo.plans import seed_plans
from documents.registry import freeze_published
from subcommittees.models import ActionPlan, ReviewSheet, StatusReport

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "nagaoka_r2.toml"
CHANGE_REASON = "seed_demo"  # shown in the history views as the reason for the change

PersonKey = tuple[str, str]  # (surname, organisation name)


class Command(BaseCommand):
    help = (
        "Load (or refresh) the demo council 長岡市障害者自立支援協議会 令和2年度; safe to re-run."
    )
    change_reason = CHANGE_REASON

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo accounts share a published password: never create them on a real server.
        if not (settings.DEBUG or settings.DEMO_MODE or settings.TESTING):
            raise CommandError("seed_demo runs only with DEBUG=1 or DEMO_MODE=1 (demo accounts).")
        data = tomllib.loads(FIXTURE.read_text(encoding="utf-8"))
        self.stats: Counter[str] = Counter()
        with transaction.atomic():
            council = self.load(data)
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"seed_demo: {council.name}: {council.fiscal_years.count()} fiscal years, "
                f"{council.bodies.count()} bodies, {council.organizations.count()} organisations, "
                f"{council.persons.count()} persons, "
                f"{Membership.objects.filter(body__council=council).count()} memberships, "
                f"{Meeting.objects.filter(body__council=council).count()} meetings, "
                f"{StatusReport.objects.filter(body_year__body__council=council).count()} "
                "status reports, "
                f"{ReviewSheet.objects.filter(body_year__body__council=council).count()} "
                "review sheets, "
                f"{council.regional_issues.count()} regional issues, "
                f"{ActionPlan.objects.filter(body_year__body__council=council).count()} "
                "action plans, "
                f"{council.roles.count()} demo users; "
                f"{self.stats['created']} created, {self.stats['updated']} updated, "
                f"{self.stats['frozen']} documents frozen."
            )

    def load(self, data: dict[str, Any]) -> Council:
        council = self.upsert(Council, {"slug": data["council"]["slug"]}, data["council"])
        years = self.load_fiscal_years(council, data["fiscal_years"])
        bodies = self.load_bodies(council, years, data["bodies"])
        persons = self.load_organizations(council, data["organizations"])
        for group in data["memberships"]:
            body, year = lookup(bodies, group["body"]), lookup(years, group["year"])
            for order, entry in enumerate(group["members"], start=1):
                person = lookup(persons, (entry["name"], entry["org"]))
                self.upsert(
                    Membership,
                    {"person": person, "body": body, "fiscal_year": year},
                    {"role": entry.get("role", Membership.Role.MEMBER), "order": order},
                )
        for entry in data["meetings"]:
            self.load_meeting(lookup(bodies, entry["body"]), lookup(years, entry["year"]), entry)
        load_documents(self, data, council=council, years=years, bodies=bodies, persons=persons)
        self.load_users(council, persons, data["users"])
        for key, count in seed_hub(council).items():
            self.stats[key] += count
        for key, count in seed_catalogue(council).items():
            self.stats[key] += count
        for key, count in seed_cases(council).items():
            self.stats[key] += count
        for key, count in seed_networks(council).items():
            self.stats[key] += count
        for key, count in seed_plans(council).items():
            self.stats[key] += count
        # The fixture's 公開 documents are frozen by the same service as a 公開 in the app, so
        # each has its stored PDF and printed records (a re-run freezes only new ones).
        self.stats["frozen"] += freeze_published(council.pk)
        return council

    # --- helpers -----------------------------------------------------------------------------

    def upsert(self, model: type[models.Model], key: dict[str, Any], values: dict[str, Any]) -> Any:
        """update_or_create, except that a row whose values already match is not saved."""
        obj = model.objects.filter(**key).first()
        if obj is None:
            obj = model(**{**values, **key})
            self.stats["created"] += 1
        else:
            changed = {f: v for f, v in values.items() if not same(obj, f, v)}
            if not changed:
                return obj
            for field, value in changed.items():
                setattr(obj, field, value)
            if isinstance(obj, Revisioned):
                obj.revision += 1  # an open edit form must see that the row moved on
            self.stats["updated"] += 1
        obj._change_reason = CHANGE_REASON
        obj.save()
        return obj

    def load_fiscal_years(self, council: Council, entries: list[dict]) -> dict[int, FiscalYear]:
        # The non-current years first: only one year per council may be current at a time.
        ordered = sorted(entries, key=lambda e: e["is_current"])
        return {
            e["year"]: self.upsert(
                FiscalYear, {"council": council, "year": e["year"]}, {"is_current": e["is_current"]}
            )
            for e in ordered
        }

    def load_bodies(
        self, council: Council, years: dict[int, FiscalYear], entries: list[dict]
    ) -> dict[str, Body]:
        bodies: dict[str, Body] = {}
        for entry in entries:  # parents come before their children in the file
            parent = entry.get("parent")
            body = self.upsert(
                Body,
                {"council": council, "name": entry["name"]},
                {
                    "short_name": entry.get("short_name", ""),
                    "kind": entry["kind"],
                    "parent": lookup(bodies, parent) if parent else None,
                    "theme": entry.get("theme", ""),
                    "description": entry.get("description", ""),
                    "order": entry["order"],
                },
            )
            bodies[body.name] = bodies[body.short_name or body.name] = body
            for year, state in entry.get("years", {}).items():
                self.upsert(
                    BodyYear,
                    {"body": body, "fiscal_year": lookup(years, int(year))},
                    {"status": state["status"], "note": state.get("note", "")},
                )
        return bodies

    def load_organizations(self, council: Council, entries: list[dict]) -> dict[PersonKey, Person]:
        """The organisations and the persons listed under them."""
        persons: dict[PersonKey, Person] = {}
        for entry in entries:
            org = self.upsert(
                Organization,
                {"council": council, "name": entry["name"]},
                {
                    "category": entry["category"],
                    "consultation_layer": entry.get("layer", ""),
                    "note": entry.get("note", ""),
                },
            )
            for listed in entry.get("persons", []):
                person = {"name": listed} if isinstance(listed, str) else listed
                persons[(person["name"], org.name)] = self.upsert(
                    Person,
                    {"council": council, "name": person["name"], "organization": org},
                    {"post": person.get("post", "")},
                )
        return persons

    def load_meeting(self, body: Body, year: FiscalYear, entry: dict[str, Any]) -> None:
        meeting = self.upsert(
            Meeting,
            {"body": body, "fiscal_year": year, "number": entry["number"]},
            {
                "date": entry["date"],
                "mode": entry.get("mode", Meeting.Mode.VENUE),
                "note": entry.get("note", ""),
            },
        )
        # Items have no natural key: replace the whole list, and only when it differs.
        wanted = [(order, text, False) for order, text in enumerate(entry.get("items", []), 1)]
        current = list(
            meeting.items.order_by("order", "id").values_list("order", "text", "is_closed")
        )
        if current == wanted:
            return
        for item in meeting.items.all():
            item._change_reason = CHANGE_REASON
            item.delete()
        for order, text, is_closed in wanted:
            item = MeetingItem(meeting=meeting, order=order, text=text, is_closed=is_closed)
            item._change_reason = CHANGE_REASON
            item.save()
        if current:
            self.stats["updated"] += 1  # the meeting's list of items changed
        else:
            self.stats["created"] += len(wanted)

    def load_users(
        self, council: Council, persons: dict[PersonKey, Person], entries: list[dict]
    ) -> None:
        user_model = get_user_model()
        for entry in entries:
            user = user_model.objects.filter(username=entry["username"]).first()
            if user is None:
                # The password is set only here, so a changed demo password survives a re-run.
                user = user_model.objects.create_user(
                    entry["username"],
                    password=DEMO_PASSWORD,
                    first_name=entry["first_name"],
                    last_name=entry["last_name"],
                )
                self.stats["created"] += 1
            self.upsert(CouncilRole, {"user": user, "council": council}, {"role": entry["role"]})
            if "person" in entry:
                person = lookup(persons, (entry["person"]["name"], entry["person"]["org"]))
                # A login belongs to one person: unlink it elsewhere before linking it here.
                for other in Person.objects.filter(user=user).exclude(pk=person.pk):
                    self.upsert(Person, {"pk": other.pk}, {"user": None})
                self.upsert(Person, {"pk": person.pk}, {"user": user})


def same(obj: models.Model, name: str, value: Any) -> bool:
    """Whether obj.name already equals value; relations compare by id, without a query."""
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) == (value.pk if value is not None else None)
    return getattr(obj, name) == value


def lookup(mapping: dict[Any, Any], key: Any) -> Any:
    """mapping[key], with an error that names the fixture's broken reference."""
    try:
        return mapping[key]
    except KeyError:
        raise CommandError(f"{FIXTURE.name}: unknown reference {key!r}") from None
