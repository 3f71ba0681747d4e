"""The hub's lists as files: a year's plans (one row per function × type) and the providers."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from council.exports import Cell, Table
from council.templatetags.wareki import wareki
from hubs.documents import FunctionRow, Progress
from hubs.models import HubProvider


def progress_text(progress: Progress) -> str:
    """The progress line of the hub page (hubs/_function_rows.html), in words."""
    months = progress.months
    if progress.kind == "done":
        return _("Developed")
    if progress.kind == "none":
        return _("No target month")
    if progress.kind == "overdue":
        past = ngettext(
            "%(months)s month past the target", "%(months)s months past the target", months
        )
        return f"{_('Overdue')} {past % {'months': months}}"
    if months == 0:
        return _("The target is this month")
    return ngettext("%(months)s month left", "%(months)s months left", months) % {"months": months}


def plan_table(rows: list[FunctionRow]) -> Table:
    """What the hub page shows of each plan of the year, each text whole (not merged)."""
    headers = [
        _("Function"),
        _("Hub type"),
        _("Status"),
        _("Target"),
        _("Target month (ISO)"),
        _("Progress"),
        _("Priority"),
        _("The council's work"),
        _("The city's plan"),
    ]
    table: list[list[Cell]] = []
    for row in rows:
        for cell in row.cells:
            plan = cell.plan
            table.append(
                [
                    row.label,
                    cell.label,
                    plan.get_status_display(),
                    cell.target,
                    plan.target,
                    progress_text(cell.progress),
                    plan.get_priority_display(),
                    plan.council_work,
                    plan.city_plan,
                ]
            )
    return headers, table


def provider_table(providers: list[HubProvider]) -> Table:
    headers = [
        _("Organisation"),
        _("Layer"),
        _("Functions carried"),
        _("Registered on"),
        _("Registered on (ISO)"),
        _("Coordinators"),
    ]
    rows: list[list[Cell]] = [
        [
            p.organization.name,
            p.get_layer_display(),
            "、".join(p.function_labels),
            wareki(p.registered_on),
            p.registered_on,
            # the prefetched coordinators (providers_context): no query per provider
            "、".join(c.name for c in p.coordinators.all()),
        ]
        for p in providers
    ]
    return headers, rows
