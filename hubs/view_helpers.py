"""The form views' shared steps. form_data and form_status have the names and meaning of
council/views/helpers.py's, which replace them at merge."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from council.services import StaleEdit
from council.workflow import InvalidTransition, ReasonRequired
from subcommittees.forms import ReasonForm

T = TypeVar("T")


def form_data(request: HttpRequest) -> QueryDict | None:
    """POST data for a bound form, even an empty POST (every box unticked is a real answer)."""
    return request.POST if request.method == "POST" else None


def form_status(request: HttpRequest) -> int:
    """A form shown again after a POST is a refused input: 400; a form asked for is 200."""
    return 400 if request.method == "POST" else 200


def saved(
    request: HttpRequest, service: Callable[..., T], *, form: BaseForm, **arguments: Any
) -> T | None:
    """What `service(form=form, by=the user, **arguments)` saved, with a "Saved." message; None
    when a newer save came first (the form then says so and is shown again)."""
    try:
        result = service(form=form, by=request.user, **arguments)
    except StaleEdit:
        form.add_error(None, StaleEdit.message)
        return None
    messages.success(request, _("Saved."))
    return result


def transition_page(
    request: HttpRequest,
    *,
    document: Any,
    title: str,
    label: str,
    needs_reason: bool,
    back: str,
    change: Callable[[str], Any],
    refused: tuple[type[Exception], ...] = (InvalidTransition,),
) -> HttpResponse:
    """A workflow step: the confirm page on GET; on POST `change(reason)`, then back to the
    document (a step the state no longer allows is said there)."""
    form = ReasonForm(form_data(request))
    if form.is_bound and form.is_valid():
        try:
            change(form.cleaned_data["reason"])
        except ReasonRequired as error:
            form.add_error("reason", str(error))
        except refused as error:
            messages.error(request, str(error))
            return redirect(back)
        else:
            messages.success(request, _("The status was changed."))
            return redirect(back)
    return render(
        request,
        "subcommittees/transition.html",
        {
            "document": document,
            "title": title,
            "label": label,
            "needs_reason": needs_reason,
            "form": form,
            "back": back,
        },
        status=form_status(request),
    )
