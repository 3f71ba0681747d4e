"""Who sits in a body in a year: add, edit and remove a member."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council import forms
from council.models import Body, Membership
from council.permissions import get_for
from council.views.helpers import form_data, save_or_show, year_for

TEMPLATE = "council/membership_form.html"


def _roster_url(membership: Membership) -> str:
    url = reverse("council:body-detail", args=[membership.body_id])
    return f"{url}?year={membership.fiscal_year.year}"


def _membership(request: HttpRequest, perm: str, pk: int) -> Membership:
    memberships = Membership.objects.select_related("body", "fiscal_year", "person")
    return get_for(request.user, perm, memberships, pk=pk)


@require_http_methods(["GET", "POST"])
def membership_create(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_for(request.user, "membership.create", Body.objects.all(), pk=pk)
    fiscal_year = year_for(request, body.council_id)
    form = forms.MembershipForm(form_data(request), body=body, fiscal_year=fiscal_year)
    return save_or_show(
        request,
        form=form,
        template=TEMPLATE,
        success=_roster_url(Membership(body=body, fiscal_year=fiscal_year)),
        context={"body": body, "fiscal_year": fiscal_year},
    )


@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, "membership.edit", pk)
    form = forms.MembershipForm(
        form_data(request),
        instance=membership,
        body=membership.body,
        fiscal_year=membership.fiscal_year,
    )
    return save_or_show(
        request,
        form=form,
        template=TEMPLATE,
        success=_roster_url(membership),
        context={"body": membership.body, "fiscal_year": membership.fiscal_year},
    )


@require_http_methods(["GET", "POST"])
def membership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, "membership.delete", pk)
    if request.method == "POST":
        target = _roster_url(membership)
        membership.delete()
        messages.success(request, _("The member was removed."))
        return redirect(target)
    return render(request, "council/membership_confirm_delete.html", {"membership": membership})
