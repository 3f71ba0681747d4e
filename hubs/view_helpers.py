"""The form views' shared steps. form_data and form_status have the names and meaning of
council/views/helpers.py's, which replace them at merge."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from council.services import StaleEdit

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
