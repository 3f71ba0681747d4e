"""Emergency pre-registration (緊急時の事前登録): the list, the roster PDF (名簿) the hub
providers carry, and registering a case, editing and ending its registration.

Who sees a registration is `emergency.view` (referrals/permissions.py); every page and print
writes its CaseReadLog rows, GETs included, as every case page does."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council.current import council_for
from council.models import Council
from council.permissions import can, get_for, require
from council.views.helpers import form_data, form_page, saved
from council.workflow import InvalidTransition, ReasonRequired
from documents.downloads import pdf_response
from documents.pdf import render_pdf
from referrals import services
from referrals.forms import EmergencyEndForm, EmergencyRegistrationForm
from referrals.models import Case, CaseIdentity, CaseReadLog, Consent, EmergencyRegistration
from referrals.views.cases import _cases, _log

What = CaseReadLog.What
ROSTER_TITLE = "緊急時の事前登録者名簿"


def _council(request: HttpRequest) -> Council:
    council = council_for(request)
    require(request.user, "emergency.list", council)
    return council


def _identity(case: Case) -> CaseIdentity | None:
    """The identity, or None once the retention purge removed it."""
    try:
        return case.identity
    except CaseIdentity.DoesNotExist:
        return None


def _rows(request: HttpRequest, council: Council) -> list[dict[str, Any]]:
    """The registrations the user may see, each with its case (loaded with what the rules
    read, so `can()` asks nothing more) and identity: a fixed number of queries."""
    registrations = list(
        EmergencyRegistration.objects.visible_to(request.user)
        .filter(case__council=council)
        .prefetch_related("organizations")
        .order_by("review_on", "pk")
    )
    emergency = Consent.objects.filter(
        case=OuterRef("pk"), scope=Consent.Scope.EMERGENCY, revoked_on=None
    )
    cases = {
        case.pk: case
        for case in _cases()
        .annotate(emergency_consent=Exists(emergency))
        .select_related("identity")
        .filter(pk__in=[registration.case_id for registration in registrations])
    }
    rows = []
    for registration in registrations:
        registration.case = cases[registration.case_id]
        rows.append(
            {
                "registration": registration,
                "case": registration.case,
                "identity": _identity(registration.case),
                "can_edit": can(request.user, "emergency.edit", registration),
            }
        )
    return rows


def _logged(request: HttpRequest, rows: list[dict[str, Any]], what: str) -> None:
    services.case_read_log_many(
        cases=[row["case"] for row in rows],
        user=request.user,
        what=what,
        path=request.get_full_path(),
    )


def emergency_list(request: HttpRequest) -> HttpResponse:
    council = _council(request)
    rows = _rows(request, council)
    _logged(request, rows, What.EMERGENCY)
    return render(
        request,
        "referrals/emergency_list.html",
        {"rows": rows, "today": timezone.localdate()},
    )


def emergency_roster_pdf(request: HttpRequest) -> HttpResponse:
    """The roster (名簿) the providers carry: every registration the user may see, with the
    person's name, address and phone (the EMERGENCY consent allows it). The print is logged."""
    council = _council(request)
    rows = _rows(request, council)
    _logged(request, rows, What.PDF)
    today = timezone.localdate()
    context = {"council": council, "title": ROSTER_TITLE, "today": today, "rows": rows}
    content = render_pdf("pdf/emergency_roster.html", context)
    return pdf_response(content, f"{ROSTER_TITLE}_{today:%Y%m%d}.pdf")


def _registration(request: HttpRequest, pk: int) -> EmergencyRegistration:
    queryset = EmergencyRegistration.objects.select_related("case__council")
    return get_for(request.user, "emergency.edit", queryset, pk=pk)


def _form_page(
    request: HttpRequest, case: Case, registration: EmergencyRegistration, heading: str
) -> HttpResponse:
    form = EmergencyRegistrationForm(
        form_data(request), instance=registration, council=case.council
    )
    if form.is_bound and form.is_valid():
        try:
            stored = saved(
                request, lambda: services.emergency_save(form=form, by=request.user), form
            )
        except services.EmergencyConsentRequired as error:
            form.add_error(None, str(error))
        else:
            if stored is not None:
                return redirect("referrals:case-detail", pk=case.pk)
    _log(request, case, What.EMERGENCY)
    return form_page(
        request,
        "referrals/emergency_form.html",
        {"form": form, "case": case, "heading": heading},
    )


@require_http_methods(["GET", "POST"])
def emergency_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Register the case (its team); a case registered already goes to its registration, an
    ended registration is registered again on the same row."""
    case = get_for(request.user, "case.view", _cases().select_related("council"), pk=pk)
    require(request.user, "emergency.edit", case)
    existing = EmergencyRegistration.objects.filter(case=case).first()
    if existing is not None:
        existing.case = case  # the rules read its consent and team from the loaded case
    if existing is not None and can(request.user, "emergency.view", existing):
        return redirect("referrals:emergency-edit", pk=existing.pk)
    registration = existing or EmergencyRegistration(case=case)
    return _form_page(request, case, registration, _("Register for emergencies"))


@require_http_methods(["GET", "POST"])
def emergency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _registration(request, pk)
    return _form_page(
        request, registration.case, registration, _("Edit the emergency pre-registration")
    )


@require_http_methods(["GET", "POST"])
def emergency_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm on GET, with the date and the reason; on POST end the registration."""
    registration = _registration(request, pk)
    case = registration.case
    form = EmergencyEndForm(form_data(request), registration=registration)
    if form.is_bound and form.is_valid():
        try:
            services.emergency_end(registration=registration, by=request.user, **form.cleaned_data)
        except ReasonRequired as error:
            form.add_error("reason", str(error))
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect("referrals:case-detail", pk=case.pk)
        else:
            messages.success(request, _("The emergency pre-registration was ended."))
            return redirect("referrals:case-detail", pk=case.pk)
    _log(request, case, What.EMERGENCY)
    return form_page(
        request,
        "referrals/emergency_end.html",
        {"form": form, "case": case, "registration": registration},
    )
