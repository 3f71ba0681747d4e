"""Every change to one record and the records that belong with it: who, when, old → new."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from council.history import HISTORY, entries
from council.permissions import get_for


@require_GET
def history(request: HttpRequest, model: str, pk: int) -> HttpResponse:
    tracked = HISTORY.get(model)
    if tracked is None:
        raise Http404("unknown model")
    records = tracked.model.objects.select_related(*tracked.select)
    obj = get_for(request.user, "history.view", records, pk=pk)
    context = {
        "object": obj,
        "model_name": tracked.model._meta.verbose_name,
        "entries": entries(tracked, obj),
    }
    return render(request, "council/history.html", context)
