"""The demo council's yearly documents and regional issues, loaded by `seed_demo`.

Reads the fixture's [[documents]], [[issues]] and [[action_plans]] (see fixtures/nagaoka_r2.toml)
after `seed_demo` has loaded the bodies, persons, memberships and meetings. Every row is found by
a natural key and saved only when it differs, through the command's `upsert`, so a second run
writes nothing, history included:

- a document by its BodyYear (one 活動方針, 検討状況報告書 and 振り返り・評価シート per body-year),
- a comment by (sheet, person), an issue by (council, owner, title), an issue's step by
  (issue, fiscal year, status), a plan by its position among its body-year's plans (oldest first),
  a plan's row by (plan, order).

Nothing the fixture does not name is deleted: comments, steps and plans added in the demo survive.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Protocol

from django.core.management.base import CommandError
from django.db import models

from council.models import (
    Body,
    BodyYear,
    Council,
    DocumentStatus,
    FiscalYear,
    Meeting,
    Membership,
    Person,
)
from subcommittees.models import (
    ActionPlan,
    ActionPlanRow,
    ActivityPolicy,
    IssueEvent,
    RegionalIssue,
    ReviewComment,
    ReviewSheet,
    StatusReport,
)

PersonKey = tuple[str, str]  # (surname, organisation name), as in seed_demo


class Seeder(Protocol):
    """What this loader needs from the `seed_demo` command."""

    stats: Counter[str]
    change_reason: str

    def upsert(
        self, model: type[models.Model], key: dict[str, Any], values: dict[str, Any]
    ) -> Any: ...


def load_documents(
    seeder: Seeder,
    data: dict[str, Any],
    *,
    council: Council,
    years: dict[int, FiscalYear],
    bodies: dict[str, Body],
    persons: dict[PersonKey, Person],
) -> None:
    for entry in data.get("documents", []):
        body_year = _body_year(bodies, years, entry)
        report = entry.get("status_report")
        if report is not None:
            _load_report(seeder, body_year, report)
        sheet = entry.get("review_sheet")
        if sheet is not None:
            _load_review(seeder, body_year, sheet, persons)
        policy = entry.get("activity_policy")
        if policy is not None:
            _load_policy(seeder, body_year, policy, report or {})
    issues = {
        issue.title: issue
        for issue in (
            _load_issue(seeder, council, years, bodies, entry) for entry in data.get("issues", [])
        )
    }
    positions: Counter[int] = Counter()  # plans seen so far per body-year
    for entry in data.get("action_plans", []):
        body_year = _body_year(bodies, years, entry)
        _load_plan(seeder, body_year, positions[body_year.pk], issues, entry)
        positions[body_year.pk] += 1


# --- documents -------------------------------------------------------------------------------


def _load_report(seeder: Seeder, body_year: BodyYear, entry: dict[str, Any]) -> None:
    seeder.upsert(
        StatusReport,
        {"body_year": body_year},
        {
            "status": entry.get("status", DocumentStatus.PUBLISHED),
            "updated_on": entry.get("updated_on"),
            "approach": entry.get("approach", ""),
            "concrete_actions": entry.get("concrete_actions", ""),
            "direction": entry.get("direction", ""),
            "notes_to_steering": entry.get("notes_to_steering", ""),
        },
    )


def _load_review(
    seeder: Seeder,
    body_year: BodyYear,
    entry: dict[str, Any],
    persons: dict[PersonKey, Person],
) -> None:
    sheet = seeder.upsert(
        ReviewSheet,
        {"body_year": body_year},
        {
            "status": entry.get("status", DocumentStatus.PUBLISHED),
            "created_on": entry.get("created_on"),
            "policy": entry.get("policy", ""),
            "results": entry.get("results", ""),
            "functions": _ordered(
                entry.get("functions", []), body_year.body.council.functions, "function"
            ),
            "next_year": entry.get("next_year", ""),
            "next_policy": entry.get("next_policy", ""),
            "next_activities": entry.get("next_activities", ""),
            "handover": entry.get("handover", ""),
            "end_reason": entry.get("end_reason", ""),
        },
    )
    members = set(
        Membership.objects.filter(
            body_id=body_year.body_id, fiscal_year_id=body_year.fiscal_year_id
        ).values_list("person_id", flat=True)
    )
    for comment in entry.get("comments", []):
        person = _ref(persons, (comment["person"]["name"], comment["person"]["org"]))
        if person.pk not in members:
            raise CommandError(f"{person.name} is not a member of {body_year}: cannot comment.")
        seeder.upsert(ReviewComment, {"sheet": sheet, "person": person}, {"text": comment["text"]})


def _load_policy(
    seeder: Seeder, body_year: BodyYear, entry: dict[str, Any], report: dict[str, Any]
) -> None:
    """The year's 活動方針; policy and activities default to the report's 取組方針, 具体的取組."""
    seeder.upsert(
        ActivityPolicy,
        {"body_year": body_year},
        {
            "status": entry.get("status", DocumentStatus.PUBLISHED),
            "history_text": entry.get("history_text", ""),
            "policy": entry.get("policy", report.get("approach", "")),
            "activities": entry.get("activities", report.get("concrete_actions", "")),
        },
    )


# --- regional issues and action plans ----------------------------------------------------------


def _load_issue(
    seeder: Seeder,
    council: Council,
    years: dict[int, FiscalYear],
    bodies: dict[str, Body],
    entry: dict[str, Any],
) -> RegionalIssue:
    owner = _ref(bodies, entry["owner"])
    issue = seeder.upsert(
        RegionalIssue,
        {"council": council, "owner": owner, "title": entry["title"]},
        {
            "label": entry.get("label", ""),
            "background": entry.get("background", ""),
            "origin": entry.get("origin", RegionalIssue.Origin.CASE),
            "origin_detail": entry.get("origin_detail", ""),
            "tags": _ordered(entry.get("tags", []), RegionalIssue.Tag.values, "tag"),
            "outcome": entry.get("outcome", ""),
        },
    )
    wanted = {meeting.pk for meeting in _meetings(bodies, years, entry.get("meetings", []))}
    current = set(issue.meetings.values_list("pk", flat=True))
    if wanted != current:
        # simple_history writes one record per m2m change: only when the set really differs.
        issue._change_reason = seeder.change_reason
        issue.meetings.set(wanted)
        seeder.stats["updated" if current else "created"] += 1
    seen: set[tuple[int, str]] = set()
    for event in entry.get("events", []):
        if (event["year"], event["status"]) in seen:
            raise CommandError(f"{issue.title}: two {event['status']} steps in {event['year']}.")
        seen.add((event["year"], event["status"]))
        seeder.upsert(
            IssueEvent,
            {"issue": issue, "fiscal_year": _ref(years, event["year"]), "status": event["status"]},
            {"date": event.get("date"), "note": event.get("note", "")},
        )
    return issue


def _load_plan(
    seeder: Seeder,
    body_year: BodyYear,
    position: int,
    issues: dict[str, RegionalIssue],
    entry: dict[str, Any],
) -> None:
    stored = list(
        ActionPlan.objects.filter(body_year=body_year).order_by("id").values_list("pk", flat=True)
    )
    plan = seeder.upsert(
        ActionPlan,
        {"pk": stored[position] if position < len(stored) else None},
        {
            "body_year": body_year,
            "status": entry.get("status", DocumentStatus.PUBLISHED),
            "issue": _ref(issues, entry["issue"]) if "issue" in entry else None,
            "goal": entry["goal"],
        },
    )
    for order, row in enumerate(entry.get("rows", []), start=1):
        seeder.upsert(
            ActionPlanRow,
            {"plan": plan, "order": order},
            {
                "problem": row["problem"],
                "target": row.get("target", ""),
                "action": row.get("action", ""),
                "due": row.get("due", ""),
                "progress": row.get("progress", ActionPlanRow.Progress.NOT_STARTED),
                "progress_note": row.get("progress_note", ""),
            },
        )


# --- helpers -----------------------------------------------------------------------------------


def _body_year(
    bodies: dict[str, Body], years: dict[int, FiscalYear], entry: dict[str, Any]
) -> BodyYear:
    body, year = _ref(bodies, entry["body"]), _ref(years, entry["year"])
    body_year = BodyYear.objects.filter(body=body, fiscal_year=year).first()
    if body_year is None:
        raise CommandError(f"{body.name} has no {year.label} in the fixture ([bodies.years]).")
    return body_year


def _meetings(
    bodies: dict[str, Body], years: dict[int, FiscalYear], refs: list[dict[str, Any]]
) -> list[Meeting]:
    found = []
    for ref in refs:
        body, year = _ref(bodies, ref["body"]), _ref(years, ref["year"])
        meetings = {
            m.number: m
            for m in Meeting.objects.filter(body=body, fiscal_year=year, number__in=ref["numbers"])
        }
        found += [_ref(meetings, number) for number in ref["numbers"]]
    return found


def _ordered(given: list[str], choices: list[str], what: str) -> list[str]:
    """The given choices in their canonical order, so a stored list compares equal."""
    unknown = set(given) - set(choices)
    if unknown:
        raise CommandError(f"unknown {what}: {', '.join(sorted(unknown))}")
    return [choice for choice in choices if choice in given]


def _ref(mapping: dict[Any, Any], key: Any) -> Any:
    try:
        return mapping[key]
    except KeyError:
        raise CommandError(f"demo fixture: unknown reference {key!r}") from None
