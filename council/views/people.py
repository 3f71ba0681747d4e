"""Organisations (機関) and persons (委員・関係者): lists, pages and edit forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from council import exports, forms, services
from council.current import council_for
from council.filters import OrganizationFilter, PersonFilter
from council.history import history_url
from council.models import Council, FiscalYear, Membership, Organization, Person
from council.permissions import can, get_for
from council.views.helpers import (
    create_page,
    form_data,
    form_page,
    page_query,
    reset_outcome,
    save_or_show,
)


def _organization_filter(request: HttpRequest, council: Council) -> OrganizationFilter:
    organizations = (
        Organization.objects.visible_to(request.user)
        .filter(council=council)
        .only("name", "category", "consultation_layer")
    )
    return OrganizationFilter(request.GET, queryset=organizations)


def organization_list(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    org_filter = _organization_filter(request, council)
    return render(
        request,
        "council/organization_list.html",
        {
            "filter": org_filter,
            "page": Paginator(org_filter.qs, 100).get_page(request.GET.get("page")),
            "query": page_query(request),
            "can_create": can(request.user, "organization.create", council),
        },
    )


def organization_export(request: HttpRequest, fmt: str) -> HttpResponse:
    council = council_for(request)
    organizations = _organization_filter(request, council).qs
    table = exports.organization_table(organizations)
    return exports.table_response(fmt, f"{council.name} 関係機関一覧", table)


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_for(request.user, "organization.view", Organization.objects.all(), pk=pk)
    current = FiscalYear.objects.filter(council_id=organization.council_id, is_current=True)
    persons = organization.persons.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(fiscal_year__in=current).select_related("body"),
        )
    )
    return render(
        request,
        "council/organization_detail.html",
        {
            "organization": organization,
            "persons": persons,
            "can_edit": can(request.user, "organization.edit", organization),
            "history_url": history_url(request.user, organization),
        },
    )


@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    return create_page(
        request,
        perm="organization.create",
        form_class=forms.OrganizationForm,
        template="council/organization_form.html",
        success="/organizations/{pk}/",
    )


@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_for(request.user, "organization.edit", Organization.objects.all(), pk=pk)
    form = forms.OrganizationForm(
        form_data(request), instance=organization, council=organization.council
    )
    return save_or_show(
        request,
        form=form,
        template="council/organization_form.html",
        success=reverse("council:organization-detail", args=[organization.pk]),
        context={"organization": organization},
    )


def _person_filter(request: HttpRequest, council: Council) -> PersonFilter:
    persons = (
        Person.objects.visible_to(request.user)
        .filter(council=council)
        .select_related("organization")
        .only("name", "post", "is_council_member", "organization__name")
    )
    return PersonFilter(request.GET, queryset=persons)


def person_list(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    person_filter = _person_filter(request, council)
    return render(
        request,
        "council/person_list.html",
        {
            "filter": person_filter,
            "page": Paginator(person_filter.qs, 100).get_page(request.GET.get("page")),
            "query": page_query(request),
            "can_create": can(request.user, "person.create", council),
            "can_import": can(request.user, "roster.import", council),
        },
    )


def person_export(request: HttpRequest, fmt: str) -> HttpResponse:
    council = council_for(request)
    persons = _person_filter(request, council).qs
    table = exports.person_table(persons)
    return exports.table_response(fmt, f"{council.name} 委員・関係者一覧", table)


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_for(
        request.user, "person.view", Person.objects.select_related("organization", "user"), pk=pk
    )
    memberships = person.memberships.select_related("body", "fiscal_year").order_by(
        "-fiscal_year__year", "body__order"
    )
    return render(
        request,
        "council/person_detail.html",
        {
            "person": person,
            "memberships": memberships,
            "can_edit": can(request.user, "person.edit", person),
            "can_view_contact": can(request.user, "person.view_contact", person),
            "history_url": history_url(request.user, person),
            "can_reset_password": can(request.user, "account.reset", person),
            "can_invite": can(request.user, "account.invite", person),
            "can_deactivate": person.user_id and can(request.user, "account.deactivate", person),
            "can_activate": person.user_id and can(request.user, "account.activate", person),
        },
    )


@require_POST
def person_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat sends a person's account the reset e-mail, or sees a link to hand over."""
    person = get_for(
        request.user, "account.reset", Person.objects.select_related("council", "user"), pk=pk
    )
    reset = services.account_password_reset(
        person=person, by=request.user, domain=request.get_host(), secure=request.is_secure()
    )
    return reset_outcome(request, person, reset, invited=False)


@require_http_methods(["GET", "POST"])
def person_account_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat gives a person a login: a role, the bodies they sit in this year, and
    the password-reset e-mail as the invitation (or a link to hand over)."""
    person = get_for(
        request.user, "account.invite", Person.objects.select_related("council"), pk=pk
    )
    fiscal_year = person.council.current_fiscal_year()
    form = forms.AccountInviteForm(form_data(request), person=person, fiscal_year=fiscal_year)
    if request.method == "POST" and form.is_valid():
        reset = services.account_invite(
            person=person,
            **form.cleaned_data,
            fiscal_year=fiscal_year,
            by=request.user,
            domain=request.get_host(),
            secure=request.is_secure(),
        )
        person.refresh_from_db()
        return reset_outcome(request, person, reset, invited=True)
    context = {"form": form, "person": person, "fiscal_year": fiscal_year}
    return form_page(request, "council/person_account_invite.html", context)


@require_POST
def person_account_active(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Deactivate a person's account, or reactivate it."""
    if action not in ("deactivate", "activate"):
        raise Http404("no such action")
    people = Person.objects.select_related("council", "user")
    person = get_for(request.user, f"account.{action}", people, pk=pk)
    services.account_set_active(person=person, active=action == "activate", by=request.user)
    done = (
        _("The account is deactivated.")
        if action == "deactivate"
        else _("The account is active again.")
    )
    messages.success(request, done)
    return redirect("council:person-detail", pk=person.pk)


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    return create_page(
        request,
        perm="person.create",
        form_class=forms.PersonForm,
        template="council/person_form.html",
        success="/persons/{pk}/",
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_for(request.user, "person.edit", Person.objects.all(), pk=pk)
    return save_or_show(
        request,
        form=forms.PersonForm(form_data(request), instance=person, council=person.council),
        template="council/person_form.html",
        success=reverse("council:person-detail", args=[person.pk]),
        context={"person": person},
    )
