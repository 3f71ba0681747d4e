"""Thin views for the social-resource catalogue: fetch with permission → form or service →
render or redirect."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council.current import council_for
from council.exports import table_response
from council.history import history_url
from council.models import Council
from council.permissions import can, get_for, require
from council.views.helpers import back_url, form_data, form_page, saved
from documents.downloads import pdf_response
from documents.pdf import render_pdf
from referrals import exports, hsds, services
from referrals.filters import ResourceFilter
from referrals.forms import (
    OperatingFormFormSet,
    ResourceBlockFormSet,
    ResourceFacilityFormSet,
    ResourceFigureFormSet,
    SocialResourceForm,
)
from referrals.models import SocialResource


def _council(request: HttpRequest) -> Council:
    council = council_for(request)
    require(request.user, "resource.view", council)
    return council


# The description's parts, for the pages and files that print them: one query each, however
# many programmes.
DESCRIBED = ("blocks", "figures", "facilities")


def _filtered(request: HttpRequest, council: Council, described: bool = False) -> ResourceFilter:
    readable: QuerySet = (
        SocialResource.objects.visible_to(request.user)
        .filter(council=council)
        .select_related("operator")
        .prefetch_related("operating_forms", *(DESCRIBED if described else ()))
    )
    return ResourceFilter(request.GET, queryset=readable, council=council)


def resource_list(request: HttpRequest) -> HttpResponse:
    council = _council(request)
    found = _filtered(request, council)
    page = Paginator(found.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "referrals/resource_list.html",
        {
            "filter": found,
            "page": page,
            "query": query.urlencode(),
            "can_edit": can(request.user, "resource.edit", council),
        },
    )


def resource_export(request: HttpRequest, fmt: str) -> HttpResponse:
    found = _filtered(request, _council(request), described=True)
    title = _("Social resources")
    return table_response(fmt, title, exports.resource_table(list(found.qs)))


def resource_hsds(request: HttpRequest) -> HttpResponse:
    """The filtered list as Open Referral HSDS JSON, for the city's other systems."""
    council = _council(request)
    resources = _filtered(request, council, described=True).qs
    filename, content_type, content = hsds.hsds_file(council, resources, timezone.localdate())
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def resource_pdf(request: HttpRequest) -> HttpResponse:
    """The filtered list as a committee's programme table (A4 landscape, one table a group)."""
    council = _council(request)
    groups: dict[str, list[dict]] = {}
    for resource in _filtered(request, council, described=True).qs:
        groups.setdefault(resource.group, []).append(
            {
                "resource": resource,
                "parts": resource.description_parts(),
                "facilities": [exports.facility_text(f) for f in resource.facilities.all()],
                "operating": exports.operating_text(resource),
                "count": exports.count_text(resource),
            }
        )
    title = "社会資源一覧"
    context = {
        "council": council,
        "title": title,
        "today": timezone.localdate(),
        "groups": list(groups.items()),
    }
    return pdf_response(render_pdf("pdf/resource_table.html", context), f"{title}.pdf")


def _resource(request: HttpRequest, pk: int, perm: str) -> SocialResource:
    queryset = SocialResource.objects.select_related("council", "operator")
    return get_for(request.user, perm, queryset, pk=pk)


def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource(request, pk, "resource.view")
    return render(
        request,
        "referrals/resource_detail.html",
        {
            "resource": resource,
            "parts": resource.description_parts(),
            "figures": resource.figures.all(),
            "facilities": resource.facilities.all(),
            "operating": exports.operating_text(resource),
            "can_edit": can(request.user, "resource.edit", resource),
            "history_url": history_url(request.user, resource),
        },
    )


@require_http_methods(["GET", "POST"])
def resource_create(request: HttpRequest) -> HttpResponse:
    council = _council(request)
    require(request.user, "resource.edit", council)
    return _resource_form(request, SocialResource(council=council), council)


@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource(request, pk, "resource.edit")
    return _resource_form(request, resource, resource.council)


def _resource_form(
    request: HttpRequest, resource: SocialResource, council: Council
) -> HttpResponse:
    data = form_data(request)
    form = SocialResourceForm(data, instance=resource, council=council)
    rows = OperatingFormFormSet(data, instance=resource, prefix="forms")
    parts = {
        "blocks": ResourceBlockFormSet(data, instance=resource, prefix="blocks"),
        "figures": ResourceFigureFormSet(data, instance=resource, prefix="figures"),
        "facilities": ResourceFacilityFormSet(data, instance=resource, prefix="facilities"),
    }
    # Every formset is validated, so that each shows its errors on the same page.
    valid = [form.is_bound and form.is_valid(), rows.is_valid()]
    valid += [formset.is_valid() for formset in parts.values()]
    if all(valid):
        stored = saved(
            request,
            lambda: services.resource_save(form=form, forms=rows, by=request.user, **parts),
            form,
        )
        if stored:
            return redirect("referrals:resource-detail", pk=stored.pk)
    back = back_url(resource, "referrals:resource-detail", "referrals:resource-list")
    return form_page(
        request,
        "referrals/resource_form.html",
        {
            "form": form,
            "rows": rows,
            **parts,
            "parts_invalid": form.is_bound and not all(valid[1:]),
            "resource": resource,
            "cancel": back,
        },
    )


@require_http_methods(["GET", "POST"])
def resource_delete(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _resource(request, pk, "resource.edit")
    if request.method == "POST":
        services.resource_delete(resource=resource, by=request.user)
        messages.success(request, _("The programme was removed from the catalogue."))
        return redirect("referrals:resource-list")
    return render(request, "referrals/resource_confirm_delete.html", {"resource": resource})
