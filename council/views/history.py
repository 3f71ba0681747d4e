"""Every change to one record (and a meeting's bullets): who, when, old → new."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from council.models import Body, Meeting, MeetingItem, Membership, Organization, Person
from council.permissions import get_for

HISTORY_MODELS: dict[str, type] = {
    "body": Body,
    "meeting": Meeting,
    "organization": Organization,
    "person": Person,
    "membership": Membership,
}
# What the permission rule reads of each (permissions._council_id), fetched with the record.
HISTORY_RELATED = {Meeting: ("body",), Membership: ("body",)}


def history(request: HttpRequest, model: str, pk: int) -> HttpResponse:
    if model not in HISTORY_MODELS:
        raise Http404("unknown model")
    cls = HISTORY_MODELS[model]
    records = cls.objects.select_related(*HISTORY_RELATED.get(cls, ()))
    obj = get_for(request.user, "history.view", records, pk=pk)
    changes = list(
        cls.history.filter(id=obj.pk).select_related("history_user").order_by("history_date")
    )
    if isinstance(obj, Meeting):
        changes += MeetingItem.history.filter(meeting_id=obj.pk).select_related("history_user")
        changes.sort(key=lambda r: r.history_date)
    entries = []
    previous_by_id: dict[Any, Any] = {}
    for record in changes:
        key = (type(record), record.id)
        previous = previous_by_id.get(key)
        fields = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=["revision"])
            fields = [
                (record.instance_type._meta.get_field(c.field).verbose_name, c.old, c.new)
                for c in delta.changes
            ]
        entries.append({"record": record, "changes": fields, "label": record._meta.verbose_name})
        previous_by_id[key] = record
    entries.reverse()
    return render(request, "council/history.html", {"object": obj, "entries": entries})
