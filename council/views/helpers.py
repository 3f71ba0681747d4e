"""The small pieces every form view repeats."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from council import services
from council.current import council_for, years_for
from council.forms import ReasonForm
from council.models import FiscalYear
from council.permissions import require
from council.workflow import InvalidTransition, ReasonRequired

T = TypeVar("T")
logger = logging.getLogger(__name__)


def form_data(request: HttpRequest) -> QueryDict | None:
    """POST data for a bound form, even an empty POST (every box unticked is a real answer)."""
    return request.POST if request.method == "POST" else None


def form_status(request: HttpRequest) -> int:
    """400 when a form comes back refused after a POST, else 200."""
    return 400 if request.method == "POST" else 200


def form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The form page again: blank on GET, with the errors (and status 400) after a POST."""
    return render(request, template, context, status=form_status(request))


def save_or_show(
    request: HttpRequest,
    *,
    form: Any,
    template: str,
    success: str,
    context: dict[str, Any],
    reason: str = "",
) -> HttpResponse:
    """The edit views' tail: validate, save with the revision check and go to `success`
    (`{pk}` filled with the saved record's), or show the form again."""
    if request.method == "POST" and form.is_valid():
        obj = saved(
            request, lambda: services.record_save(form=form, by=request.user, reason=reason), form
        )
        if obj is not None:
            return redirect(success.format(pk=obj.pk) if "{pk}" in success else success)
    return form_page(request, template, {**context, "form": form})


def create_page(
    request: HttpRequest, *, perm: str, form_class: type, template: str, success: str
) -> HttpResponse:
    """A new record of the shown council: its blank form, then save_or_show."""
    council = council_for(request)
    require(request.user, perm, council)
    return save_or_show(
        request,
        form=form_class(form_data(request), council=council),
        template=template,
        success=success,
        context={"council": council},
    )


def saved(request: HttpRequest, save: Callable[[], T], form: Any, message: str = "") -> T | None:
    """What save() saved, with `message` (default "Saved.") shown; None, with the error on the
    form, when someone else saved the record since the form was shown (the revision check), or
    took its unique key (a meeting's number, a first comment) between its checks and its save."""
    try:
        with transaction.atomic():  # a savepoint: a refused insert leaves the connection usable
            result = save()
    except services.StaleEdit as stale:
        form.add_error(None, services.StaleEdit.message)
        if stale.current is not None:
            # The message asks to compare, then save again: the page goes on from the revision
            # it was refused at, so that save is taken (and any later one checked against it).
            form.data = form.data.copy()
            form.data[form.add_prefix("revision")] = stale.current
        return None
    except IntegrityError:
        logger.info("a concurrent save took the unique key of %s", type(form).__name__)
        form.full_clean()  # the form's own checks now see the other save, and name the clash
        if not form.errors:
            form.add_error(None, services.StaleEdit.message)
        return None
    messages.success(request, message or _("Saved."))
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
    then: Callable[[Any], str] | None = None,
) -> HttpResponse:
    """A workflow step: the confirm page on GET; on POST `change(reason)`, then back to the
    document (a step the state no longer allows is said there), or to `then(what change
    returned)`: a step queued as a job goes to the job's page."""
    form = ReasonForm(form_data(request))
    if form.is_bound and form.is_valid():
        try:
            result = change(form.cleaned_data["reason"])
        except ReasonRequired as error:
            form.add_error("reason", str(error))
        except refused as error:
            messages.error(request, str(error))
            return redirect(back)
        else:
            if then is not None:
                return redirect(then(result))
            messages.success(request, _("The status was changed."))
            return redirect(back)
    context = {"document": document, "title": title, "label": label, "back": back}
    return render(
        request,
        "includes/transition_page.html",
        {**context, "needs_reason": needs_reason, "form": form},
        status=form_status(request),
    )


def reset_outcome(
    request: HttpRequest,
    person: Any,
    reset: services.PasswordReset,
    *,
    invited: bool,
    back: str = "",
) -> HttpResponse:
    """After an invitation or a reset: back to `back` (the person's page unless told) saying
    where the e-mail went, or the page with the link to hand over."""
    back = back or reverse("council:person-detail", args=[person.pk])
    if reset.emailed:
        sent = (
            _("An invitation was e-mailed to %(email)s.")
            if invited
            else _("A password reset e-mail was sent to %(email)s.")
        )
        messages.success(request, sent % {"email": person.user.email})
        return redirect(back)
    return render(
        request,
        "council/person_password_reset.html",
        {"person": person, "reset": reset, "invited": invited, "back": back},
    )


def back_url(obj: Any, detail: str, listing: str) -> str:
    """Where a form's Cancel leads: the record's own page once it exists, else the list."""
    return reverse(detail, args=[obj.pk]) if obj.pk else reverse(listing)


def page_query(request: HttpRequest) -> str:
    """The list's query string without its page number, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def year_for(request: HttpRequest, council_id: int) -> FiscalYear:
    """The fiscal year the page shows (?year=, else the current one)."""
    return years_for(request, council_id)[0]
