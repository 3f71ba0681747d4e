"""The catalogue as a table (CSV/XLSX through council.exports): one row per programme, its
structured description flattened to text (also what the HSDS export writes)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from council import wareki
from council.exports import Table
from referrals.models import ResourceBlock, ResourceFacility, SocialResource


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


def description_text(resource: SocialResource) -> str:
    """業務内容 as one text, from the prefetched blocks and figures: the lead paragraph, the
    blocks a line each (steps numbered 1. 2. 3. within a run), then each figure
    (支援団体数 74団体（令和4年12月末現在）). Facilities have their own column."""
    lines = [resource.description] if resource.description else []
    for kind, texts in resource.description_parts():
        if kind == ResourceBlock.Kind.STEP:
            lines += [f"{n}. {text}" for n, text in enumerate(texts, start=1)]
        else:
            lines += texts
    lines += [figure.text for figure in resource.figures.all()]
    return "\n".join(lines)


def facility_text(facility: ResourceFacility) -> str:
    """北の茶の間（開所日 令和2年4月1日・活動団体数 12・活動回数 48）, as the city's tables
    print a facility (so the words are Japanese, as in operating_text's か所)."""
    figures = []
    if facility.opened_on:
        figures.append(f"開所日 {wareki.format_date(facility.opened_on)}")
    if facility.activity_groups is not None:
        figures.append(f"活動団体数 {facility.activity_groups}")
    if facility.activity_count is not None:
        figures.append(f"活動回数 {facility.activity_count}")
    return facility.name + (f"（{'・'.join(figures)}）" if figures else "")


def facilities_text(resource: SocialResource) -> str:
    return "\n".join(facility_text(facility) for facility in resource.facilities.all())


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
        _("Facilities"),
    ]
    rows = [
        [
            r.group,
            r.target_field,
            r.name,
            description_text(r),
            operating_text(r),
            count_text(r),
            r.department,
            r.operator.name if r.operator else "",
            r.accepts,
            r.capacity,
            r.free_places,
            r.contact,
            facilities_text(r),
        ]
        for r in resources
    ]
    return headers, rows
