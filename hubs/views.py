"""Thin views for the hub: fetch with permission → form or service → render or redirect."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council import workflow
from council.current import council_for, years_for
from council.exports import table_response
from council.history import history_url
from council.models import Council, DocumentStatus, FiscalYear, HubFunction
from council.permissions import can, get_for, require
from council.views.helpers import (
    back_url,
    form_data,
    form_page,
    saved,
    transition_page,
)
from council.workflow import ACTION_LABELS, NEEDS_REASON
from documents import jobs
from documents.downloads import pdf_response, stored_pdf_response
from documents.published import current_pdf
from hubs import documents, exports, services
from hubs.forms import (
    FigureFormSet,
    FunctionReviewFormSet,
    HubCoordinatorFormSet,
    HubPlanForm,
    HubProviderForm,
    HubReviewForm,
    HubSetupForm,
    figure_initial,
    text_initial,
)
from hubs.models import (
    HubPlan,
    HubProvider,
    HubReview,
    HubSetup,
    HubType,
)


def _council(request: HttpRequest) -> Council:
    council = council_for(request)
    require(request.user, "hub.view", council)
    return council


def _year(council: Council, year: int) -> FiscalYear:
    return get_object_or_404(FiscalYear, council=council, year=year)


# --- the hub page and its PDF --------------------------------------------------------------


def hub_detail(request: HttpRequest) -> HttpResponse:
    council = _council(request)
    fiscal_year, years = years_for(request, council.pk)
    context = documents.hub_context(council, fiscal_year)
    user = request.user
    setup = context["setup"] or HubSetup(council=council)
    review = context["review"] or HubReview(council=council, fiscal_year=fiscal_year)
    providers = HubProvider.objects.filter(organization__council=council)
    return render(
        request,
        "hubs/hub_detail.html",
        {
            **context,
            "years": years,
            "provider_count": providers.count(),
            "can_edit_plans": can(
                user, "hub.edit", HubPlan(council=council, fiscal_year=fiscal_year)
            ),
            "can_edit_setup": can(user, "hubsetup.edit", setup),
            "history_url": history_url(user, context["setup"]),
            "can_edit_review": can(user, "hubreview.edit", review),
            "hub_types": HubType.labels,
        },
    )


def plan_export(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """The year's plans as the hub page shows them."""
    council = _council(request)
    context = documents.hub_context(council, _year(council, year))
    return table_response(fmt, context["title"], exports.plan_table(context["rows"]))


def hub_pdf(request: HttpRequest, year: int) -> HttpResponse:
    council = _council(request)
    filename, _type, content = documents.hub_status_pdf(council, _year(council, year))
    return pdf_response(content, filename)


@require_http_methods(["GET", "POST"])
def setup_edit(request: HttpRequest) -> HttpResponse:
    council = _council(request)
    setup = documents.setup_for(council) or HubSetup(
        council=council, development_type=HubSetup.DevelopmentType.COMBINED
    )
    require(request.user, "hubsetup.edit", setup)
    form = HubSetupForm(form_data(request), instance=setup, council=council)
    if (
        form.is_bound
        and form.is_valid()
        and saved(request, lambda: services.setup_save(form=form, by=request.user), form)
    ):
        return redirect("hubs:hub-detail")
    return form_page(
        request,
        "hubs/setup_form.html",
        {"form": form, "council": council, "cancel": reverse("hubs:hub-detail")},
    )


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, year: int, function: str, hub_type: str) -> HttpResponse:
    """One function × type row of a year; a year's first row starts from the previous year's."""
    if function not in HubFunction.values or hub_type not in HubType.values:
        raise Http404("unknown function or type")
    council = _council(request)
    fiscal_year = _year(council, year)
    documents.setup_for(council)  # caches council.hub_setup for the rule
    key = {"council": council, "fiscal_year": fiscal_year, "function": function}
    plan = HubPlan.objects.filter(**key, hub_type=hub_type).first()
    if plan is None:
        plan = HubPlan(**key, hub_type=hub_type)
        _carry_over(plan)
    plan.council = council
    require(request.user, "hub.edit", plan)
    form = HubPlanForm(form_data(request), instance=plan)
    back = reverse("hubs:hub-detail") + f"?year={year}"
    if (
        form.is_bound
        and form.is_valid()
        and saved(request, lambda: services.plan_save(form=form, by=request.user), form)
    ):
        return redirect(back)
    return form_page(
        request,
        "hubs/plan_form.html",
        {"form": form, "plan": plan, "fiscal_year": fiscal_year, "cancel": back},
    )


def _carry_over(plan: HubPlan) -> None:
    previous = (
        HubPlan.objects.filter(
            council=plan.council,
            function=plan.function,
            hub_type=plan.hub_type,
            fiscal_year__year__lt=plan.fiscal_year.year,
        )
        .order_by("-fiscal_year__year")
        .first()
    )
    if previous is not None:
        for name in ("council_work", "city_plan", "target", "target_note", "priority", "status"):
            setattr(plan, name, getattr(previous, name))


# --- providers -----------------------------------------------------------------------------


def provider_list(request: HttpRequest) -> HttpResponse:
    council = _council(request)
    context = documents.providers_context(council)
    return render(
        request,
        "hubs/provider_list.html",
        {**context, "can_edit": can(request.user, "hubprovider.edit", council)},
    )


def provider_list_pdf(request: HttpRequest) -> HttpResponse:
    filename, _type, content = documents.providers_pdf(_council(request))
    return pdf_response(content, filename)


def provider_export(request: HttpRequest, fmt: str) -> HttpResponse:
    context = documents.providers_context(_council(request))
    return table_response(fmt, context["title"], exports.provider_table(context["providers"]))


def _provider(request: HttpRequest, pk: int, perm: str) -> HubProvider:
    queryset = HubProvider.objects.select_related("organization__council")
    return get_for(request.user, perm, queryset, pk=pk)


def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _provider(request, pk, "hub.view")
    return render(
        request,
        "hubs/provider_detail.html",
        {
            "provider": provider,
            "coordinators": provider.coordinators.order_by("id"),
            "can_edit": can(request.user, "hubprovider.edit", provider),
            "history_url": history_url(request.user, provider),
        },
    )


@require_http_methods(["GET", "POST"])
def provider_create(request: HttpRequest) -> HttpResponse:
    council = _council(request)
    require(request.user, "hubprovider.edit", council)
    return _provider_form(request, HubProvider(), council)


@require_http_methods(["GET", "POST"])
def provider_edit(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _provider(request, pk, "hubprovider.edit")
    return _provider_form(request, provider, provider.organization.council)


def _provider_form(request: HttpRequest, provider: HubProvider, council: Council) -> HttpResponse:
    data = form_data(request)
    form = HubProviderForm(data, instance=provider, council=council)
    coordinators = HubCoordinatorFormSet(data, instance=provider, prefix="coordinators")
    if form.is_bound and form.is_valid() and coordinators.is_valid():
        stored = saved(
            request,
            lambda: services.provider_save(form=form, coordinators=coordinators, by=request.user),
            form,
        )
        if stored:
            return redirect("hubs:provider-detail", pk=stored.pk)
    back = back_url(provider, "hubs:provider-detail", "hubs:provider-list")
    return form_page(
        request,
        "hubs/provider_form.html",
        {"form": form, "coordinators": coordinators, "provider": provider, "cancel": back},
    )


# --- the yearly review (運用状況の検証及び検討) ---------------------------------------------


def _review(request: HttpRequest, year: int, perm: str) -> HubReview:
    council = _council(request)
    review = get_object_or_404(
        HubReview.objects.select_related("council", "fiscal_year", "meeting__body"),
        council=council,
        fiscal_year__year=year,
    )
    review.council = council
    documents.setup_for(council)
    require(request.user, perm, review)
    return review


def _actions(user: Any, review: HubReview) -> list[tuple[str, str]]:
    return [
        (action, ACTION_LABELS[action])
        for action in workflow.allowed_actions(workflow.SHEET, review.status)
        if can(user, f"hubreview.{action}", review)
    ]


def review_detail(request: HttpRequest, year: int) -> HttpResponse:
    review = _review(request, year, "hubreview.view")
    return render(
        request,
        "hubs/review_detail.html",
        {
            **documents.review_context(review),
            "can_edit": can(request.user, "hubreview.edit", review),
            "actions": _actions(request.user, review),
            "history_url": history_url(request.user, review),
            "published": current_pdf(review),
        },
    )


@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, year: int) -> HttpResponse:
    council = _council(request)
    fiscal_year = _year(council, year)
    documents.setup_for(council)
    review = HubReview.objects.filter(council=council, fiscal_year=fiscal_year).first()
    review = review or HubReview(council=council, fiscal_year=fiscal_year)
    review.council = council
    require(request.user, "hubreview.edit", review)
    data = form_data(request)
    form = HubReviewForm(data, instance=review, council=council, fiscal_year=fiscal_year)
    figures = FigureFormSet(data, initial=figure_initial(review), prefix="figures")
    texts = FunctionReviewFormSet(data, initial=text_initial(review), prefix="texts")
    back = reverse("hubs:review-detail", args=[year]) if review.pk else reverse("hubs:hub-detail")
    valid = form.is_bound and all([form.is_valid(), figures.is_valid(), texts.is_valid()])
    if valid and saved(
        request,
        lambda: services.review_save(
            form=form,
            figures=[f.cleaned_data for f in figures],
            texts=[f.cleaned_data for f in texts],
            by=request.user,
        ),
        form,
    ):
        return redirect("hubs:review-detail", year=year)
    return form_page(
        request,
        "hubs/review_form.html",
        {
            "form": form,
            "figures": figures,
            "texts": texts,
            "review": review,
            "fiscal_year": fiscal_year,
            "cancel": back,
            "metric_labels": list(documents.METRIC_LABELS.values()),
        },
    )


def review_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """Published: exactly the stored PDF. Otherwise a fresh rendering of the draft."""
    review = _review(request, year, "hubreview.view")
    frozen = current_pdf(review)
    if frozen is not None:
        return stored_pdf_response(request, frozen, f"{review.title}.pdf")
    _filename, _type, content = documents.review_pdf(review)
    draft = review.status != DocumentStatus.PUBLISHED  # else imported data, not frozen yet
    return pdf_response(content, f"{review.title}{'（下書き）' if draft else ''}.pdf")


@require_http_methods(["GET", "POST"])
def review_transition(request: HttpRequest, year: int, action: str) -> HttpResponse:
    if action not in workflow.SHEET:
        raise Http404("unknown action")
    review = _review(request, year, f"hubreview.{action}")
    back = reverse("hubs:review-detail", args=[year])

    def publish(reason: str) -> Any:
        return jobs.start_step(
            services.publish_job,
            review.pk,
            request.user.pk,
            table=workflow.SHEET,
            action=action,
            status=review.status,
            user=request.user,
            title=_("Publishing %(title)s") % {"title": review.title},
            back=back,
        )

    def change(reason: str) -> Any:
        return services.review_transition(
            review=review, action=action, by=request.user, reason=reason
        )

    return transition_page(
        request,
        document=review,
        title=review.title,
        label=ACTION_LABELS[action],
        needs_reason=action in NEEDS_REASON,
        back=back,
        change=publish if action == "publish" else change,
        then=jobs.page if action == "publish" else None,
    )
