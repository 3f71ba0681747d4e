"""Bodies (会議体): the list, a body's page for a year, and their edit forms."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council import exports, forms
from council.current import council_for, years_for
from council.filters import BodyFilter
from council.history import history_url
from council.models import Body, BodyYear, FiscalYear, Meeting, Membership
from council.permissions import can, get_for
from council.views.helpers import create_page, form_data, save_or_show, year_for


@dataclass
class BodyNode:
    """A body of the list with its status this year and the listed bodies beneath it."""

    body: Body
    status: str | None
    children: list[BodyNode] = field(default_factory=list)


def body_tree(bodies: list[Body], statuses: dict[int, str]) -> list[BodyNode]:
    """The listed bodies as a tree, in their order: a body whose parent is not listed (a
    filter left it out) stands at the top and names its parent."""
    labels = dict(BodyYear.Status.choices)
    nodes = {body.pk: BodyNode(body, labels.get(statuses.get(body.pk))) for body in bodies}
    roots = []
    for body in bodies:
        parent = nodes.get(body.parent_id)
        (parent.children if parent else roots).append(nodes[body.pk])
    return roots


def body_list(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    fiscal_year = year_for(request, council.pk)
    bodies = Body.objects.visible_to(request.user).filter(council=council).select_related("parent")
    body_filter = BodyFilter(request.GET, queryset=bodies, council=council)
    tree = body_tree(list(body_filter.qs), BodyYear.statuses(fiscal_year))
    return render(
        request,
        "council/body_list.html",
        {
            "council": council,
            "fiscal_year": fiscal_year,
            "filter": body_filter,
            "tree": tree,
            "can_create": can(request.user, "body.create", council),
        },
    )


def member_groups(memberships: list[Membership]) -> list[tuple[str, list[Membership]]]:
    """The roster grouped by organisation, each group where its first member comes."""
    groups: dict[str, list[Membership]] = {}
    for membership in memberships:
        organization = membership.person.organization
        name = organization.name if organization else _("(no organisation)")
        groups.setdefault(name, []).append(membership)
    return list(groups.items())


def _roster(body: Body, fiscal_year: FiscalYear) -> list[Membership]:
    return list(
        Membership.objects.filter(body=body, fiscal_year=fiscal_year)
        .select_related("person__organization")
        .order_by("order", "id")
    )


def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_for(request.user, "body.view", Body.objects.select_related("parent"), pk=pk)
    fiscal_year, years = years_for(request, body.council_id)
    roster = _roster(body, fiscal_year)
    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(body=body, fiscal_year=fiscal_year)
        .for_tables()
        .order_by("number")
    )
    probe = Meeting(body=body, fiscal_year=fiscal_year)
    return render(
        request,
        "council/body_detail.html",
        {
            "body": body,
            "fiscal_year": fiscal_year,
            "body_year": BodyYear.objects.filter(body=body, fiscal_year=fiscal_year).one_or_none(),
            "members_by_org": member_groups(roster),
            "member_count": len(roster),
            "roster_query": f"year={fiscal_year.year}",
            "meetings": meetings,
            "children": body.children.order_by("order", "name").only("name"),
            "years": years,
            "can_edit": can(request.user, "body.edit", body),
            "can_edit_members": can(request.user, "membership.create", body),
            # The button leads to meeting-create: offered only to who may open it, too.
            "can_add_meeting": can(request.user, "meeting.create", body.council)
            and can(request.user, "meeting.edit", probe),
            "history_url": history_url(request.user, body),
        },
    )


def body_roster_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The members of the year the page shows (?year=), in its order."""
    body = get_for(request.user, "body.view", Body.objects.all(), pk=pk)
    fiscal_year = year_for(request, body.council_id)
    table = exports.roster_table(member_groups(_roster(body, fiscal_year)))
    return exports.table_response(fmt, f"{body.name} {fiscal_year.label} 名簿", table)


@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest) -> HttpResponse:
    return create_page(
        request,
        perm="body.create",
        form_class=forms.BodyForm,
        template="council/body_form.html",
        success="/bodies/{pk}/",
    )


@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_for(request.user, "body.edit", Body.objects.all(), pk=pk)
    return save_or_show(
        request,
        form=forms.BodyForm(form_data(request), instance=body, council=body.council),
        template="council/body_form.html",
        success=reverse("council:body-detail", args=[body.pk]),
        context={"council": body.council, "body": body},
    )


@require_http_methods(["GET", "POST"])
def body_year_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    body = get_for(request.user, "bodyyear.edit", Body.objects.all(), pk=pk)
    fiscal_year = get_object_or_404(FiscalYear, council_id=body.council_id, year=year)
    body_year = BodyYear.objects.filter(body=body, fiscal_year=fiscal_year).first() or BodyYear(
        body=body, fiscal_year=fiscal_year
    )
    return save_or_show(
        request,
        form=forms.BodyYearForm(form_data(request), instance=body_year),
        template="council/body_year_form.html",
        success=reverse("council:body-detail", args=[body.pk]) + f"?year={year}",
        context={"body": body, "fiscal_year": fiscal_year},
    )
