"""The catalogue as a table (CSV/XLSX through council.exports): one row per programme."""

from __future__ import annotations

from django.utils.translation import gettext as _

from council.exports import Table
from referrals.models import SocialResource


def operating_text(resource: SocialResource) -> str:
    """直営3か所・委託1か所, from the prefetched operating forms."""
    parts = []
    for row in resource.operating_forms.all():
        label = row.get_kind_display()
        parts.append(f"{label}{row.sites}か所" if row.sites is not None else label)
    return "・".join(parts)


def count_text(resource: SocialResource) -> str:
    if resource.count_value is None:
        return ""
    return f"{resource.count_label}{resource.count_value}".strip()


def resource_table(resources: list[SocialResource]) -> Table:
    headers = [
        _("Group"),
        _("Target field"),
        _("Programme name"),
        _("Description"),
        _("Operating form"),
        _("Count"),
        _("Responsible department"),
        _("Operating organisation"),
        _("Who it accepts"),
        _("Capacity"),
        _("Free places"),
        _("Contact route"),
    ]
    rows = [
        [
            r.group,
            r.target_field,
            r.name,
            r.description,
            operating_text(r),
            count_text(r),
            r.department,
            r.operator.name if r.operator else "",
            r.accepts,
            r.capacity,
            r.free_places,
            r.contact,
        ]
        for r in resources
    ]
    return headers, rows
