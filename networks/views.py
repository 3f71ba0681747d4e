"""A network's profile page and edit form, its study visits, and its 実施状況報告 (PDF)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from council.current import council_for, years_for
from council.forms import editable_bodies
from council.history import history_url
from council.models import Body, Council, FiscalYear
from council.permissions import can, get_for, require
from council.views.helpers import back_url, form_data, form_page, page_query, saved
from documents.downloads import pdf_response
from documents.pdf import render_pdf
from networks import services
from networks.filters import StudyVisitFilter
from networks.forms import (
    CompositionFormSet,
    FindingFormSet,
    NetworkProfileForm,
    PurposeFormSet,
    StudyVisitForm,
)
from networks.models import NetworkProfile, StudyVisit
from networks.report import report_context

NETWORK_BODIES = Body.objects.filter(kind__in=Body.NETWORK_KINDS).select_related("council")


def _profile(body: Body) -> NetworkProfile | None:
    return NetworkProfile.objects.filter(body=body).one_or_none()


def _visits(request: HttpRequest, body: Body, fiscal_year: FiscalYear) -> list[StudyVisit]:
    visits = StudyVisit.objects.visible_to(request.user).filter(body=body, fiscal_year=fiscal_year)
    return list(visits.select_related("body").prefetch_related("findings"))


def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_for(request.user, "network.view", NETWORK_BODIES, pk=pk)
    fiscal_year, years = years_for(request, body.council_id)
    profile = _profile(body)
    return render(
        request,
        "networks/profile_detail.html",
        {
            "body": body,
            "profile": profile,
            "purposes": profile.purposes.all() if profile else [],
            "composition": profile.composition.all() if profile else [],
            "fiscal_year": fiscal_year,
            "years": years,
            "visits": _visits(request, body, fiscal_year),
            "can_edit": can(request.user, "network.edit", body),
            "can_add_visit": can(request.user, "visit.create", body.council)
            and can(request.user, "visit.edit", StudyVisit(body=body, fiscal_year=fiscal_year)),
            "history_url": history_url(request.user, profile),
        },
    )


@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_for(request.user, "network.edit", NETWORK_BODIES, pk=pk)
    profile = _profile(body) or NetworkProfile(body=body)
    data = form_data(request)
    form = NetworkProfileForm(data, instance=profile)
    purposes = PurposeFormSet(data, instance=profile, prefix="purposes")
    composition = CompositionFormSet(data, instance=profile, prefix="composition")
    if request.method == "POST" and all(f.is_valid() for f in (form, purposes, composition)):
        stored = saved(
            request,
            lambda: services.profile_save(
                form=form, purposes=purposes, composition=composition, by=request.user
            ),
            form,
        )
        if stored:
            return redirect("networks:profile-detail", pk=body.pk)
    context = {"body": body, "form": form, "purposes": purposes, "composition": composition}
    return form_page(request, "networks/profile_form.html", context)


def visit_list(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "visit.list", council)
    visits = (
        StudyVisit.objects.visible_to(request.user)
        .filter(body__council=council)
        .select_related("body", "fiscal_year")
        .order_by("-month", "body__order", "id")
    )
    found = StudyVisitFilter(request.GET, queryset=visits, council=council)
    page = Paginator(found.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "networks/visit_list.html",
        {
            "filter": found,
            "page": page,
            "query": page_query(request),
            "can_create": can(request.user, "visit.create", council),
        },
    )


def _visit(request: HttpRequest, perm: str, pk: int) -> StudyVisit:
    visits = StudyVisit.objects.select_related("body__council", "fiscal_year")
    return get_for(request.user, perm, visits, pk=pk)


def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, "visit.view", pk)
    plan = visit.plan if visit.plan and can(request.user, "writing.view", visit.plan) else None
    return render(
        request,
        "networks/visit_detail.html",
        {
            "visit": visit,
            "findings": visit.findings.all(),
            "plan": plan,
            "can_edit": can(request.user, "visit.edit", visit),
            "history_url": history_url(request.user, visit),
        },
    )


def _visit_form_page(request: HttpRequest, visit: StudyVisit, council: Council) -> HttpResponse:
    data = form_data(request)
    initial = {}
    body_id = request.GET.get("body")
    if visit.pk is None and body_id and body_id.isdigit():
        initial["body"] = int(body_id)
    bodies = editable_bodies(request.user, council)
    if visit.pk:
        bodies = bodies | Body.objects.filter(pk=visit.body_id)
    form = StudyVisitForm(
        data, instance=visit, initial=initial, user=request.user, council=council, bodies=bodies
    )
    findings = FindingFormSet(data, instance=visit, prefix="findings")
    if request.method == "POST" and form.is_valid() and findings.is_valid():
        stored = saved(
            request,
            lambda: services.visit_save(form=form, findings=findings, by=request.user),
            form,
        )
        if stored:
            return redirect("networks:visit-detail", pk=stored.pk)
    context = {
        "form": form,
        "findings": findings,
        "visit": visit,
        "cancel": back_url(visit, "networks:visit-detail", "networks:visit-list"),
    }
    return form_page(request, "networks/visit_form.html", context)


@require_http_methods(["GET", "POST"])
def visit_create(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "visit.create", council)
    return _visit_form_page(request, StudyVisit(), council)


@require_http_methods(["GET", "POST"])
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit(request, "visit.edit", pk)
    return _visit_form_page(request, visit, visit.body.council)


def report_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    body = get_for(request.user, "network.view", NETWORK_BODIES, pk=pk)
    fiscal_year, _years = years_for(request, body.council_id, year)
    context = report_context(request.user, body, fiscal_year)
    content = render_pdf("pdf/network_report.html", context)
    return pdf_response(content, f"{body.name} {fiscal_year.label} 実施状況報告.pdf")
