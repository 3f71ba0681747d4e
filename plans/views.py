"""A body's year plans: the list, the plan's page, its forms and PDF, and its planned meetings
(their page, their form and the step that holds them)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council.current import council_for
from council.forms import editable_bodies
from council.history import history_url
from council.models import Body
from council.permissions import can, get_for, require
from council.views.helpers import form_data, form_page, page_query, saved
from documents.downloads import pdf_response
from documents.pdf import render_pdf
from plans import services
from plans.filters import YearPlanFilter
from plans.forms import (
    HoldForm,
    PlannedMeetingForm,
    PlannedTopicFormSet,
    PlanRowFormSet,
    YearPlanForm,
)
from plans.models import PlannedMeeting, YearPlan
from plans.report import plan_context

ADD_ROW = "add_row"  # the submit button that saves and comes back with a new empty row

PLANS = YearPlan.objects.select_related("document", "body__council", "fiscal_year")
PLANNED = PlannedMeeting.objects.select_related(
    "plan__body__council", "plan__fiscal_year", "meeting"
)


def plan_list(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "plan.list", council)
    plans = (
        YearPlan.objects.visible_to(request.user)
        .filter(body__council=council)
        .select_related("body", "fiscal_year")
    )
    found = YearPlanFilter(request.GET, queryset=plans, council=council)
    page = Paginator(found.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/plan_list.html",
        {
            "filter": found,
            "page": page,
            "query": page_query(request),
            "can_create": can(request.user, "plan.create", council),
        },
    )


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, "plan.view", PLANS, pk=pk)
    can_edit = can(request.user, "plan.edit", plan)
    document = plan.document
    if document and not can(request.user, "writing.view", document):
        document = None  # another body's draft: not named
    return render(
        request,
        "plans/plan_detail.html",
        {
            **plan_context(plan),
            "document": document
            if document and can(request.user, "writing.view", document)
            else None,
            "can_edit": can_edit,
            "history_url": history_url(request.user, plan),
        },
    )


def _plan_form(request: HttpRequest, plan: YearPlan) -> YearPlanForm:
    council = plan.body.council if plan.pk else council_for(request)
    bodies = editable_bodies(request.user, council)
    if plan.pk:
        bodies = bodies | Body.objects.filter(pk=plan.body_id)
    return YearPlanForm(
        form_data(request), instance=plan, user=request.user, council=council, bodies=bodies
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "plan.create", council)
    form = _plan_form(request, YearPlan())
    if request.method == "POST" and form.is_valid():
        stored = saved(
            request, lambda: services.plan_save(form=form, rows=None, by=request.user), form
        )
        if stored:
            return redirect("plans:plan-edit", pk=stored.pk)  # on to its rows
    return form_page(request, "plans/plan_form.html", {"form": form, "plan": form.instance})


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, "plan.edit", PLANS, pk=pk)
    form = _plan_form(request, plan)
    rows = PlanRowFormSet(
        form_data(request),
        instance=plan,
        prefix="rows",
        form_kwargs={"headings": plan.heading_list},
    )
    if request.method == "POST" and form.is_valid() and rows.is_valid():
        stored = saved(
            request, lambda: services.plan_save(form=form, rows=rows, by=request.user), form
        )
        if stored:
            if ADD_ROW in request.POST:
                return redirect("plans:plan-edit", pk=plan.pk)
            return redirect("plans:plan-detail", pk=plan.pk)
    context = {"form": form, "rows": rows, "plan": plan, "add_row": ADD_ROW}
    return form_page(request, "plans/plan_form.html", context)


def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, "plan.view", PLANS, pk=pk)
    content = render_pdf("pdf/year_plan.html", plan_context(plan))
    return pdf_response(content, f"{plan.body.name} {plan.title}.pdf")


def _planned_page(request: HttpRequest, planned: PlannedMeeting) -> HttpResponse:
    data = form_data(request)
    initial = {}
    if planned.pk is None:
        last = planned.plan.planned_meetings.aggregate(last=Max("number"))["last"] or 0
        initial["number"] = last + 1
    form = PlannedMeetingForm(data, instance=planned, initial=initial)
    topics = PlannedTopicFormSet(data, instance=planned, prefix="topics")
    if request.method == "POST" and form.is_valid() and topics.is_valid():
        stored = saved(
            request,
            lambda: services.planned_meeting_save(form=form, topics=topics, by=request.user),
            form,
        )
        if stored:
            if ADD_ROW in request.POST:
                return redirect("plans:planned-edit", pk=stored.pk)
            return redirect("plans:planned-detail", pk=stored.pk)
    context = {"form": form, "topics": topics, "planned": planned, "plan": planned.plan}
    return form_page(request, "plans/planned_form.html", {**context, "add_row": ADD_ROW})


@require_http_methods(["GET", "POST"])
def planned_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_for(request.user, "plan.edit", PLANS, pk=pk)
    return _planned_page(request, PlannedMeeting(plan=plan))


@require_http_methods(["GET", "POST"])
def planned_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _planned_page(request, get_for(request.user, "planned.edit", PLANNED, pk=pk))


def planned_detail(request: HttpRequest, pk: int) -> HttpResponse:
    planned = get_for(request.user, "planned.view", PLANNED, pk=pk)
    meeting = planned.meeting
    return render(
        request,
        "plans/planned_detail.html",
        {
            "planned": planned,
            "plan": planned.plan,
            "topics": planned.topics.all(),
            "meeting": meeting if meeting and can(request.user, "meeting.view", meeting) else None,
            "can_edit": can(request.user, "planned.edit", planned),
            "history_url": history_url(request.user, planned),
        },
    )


@require_http_methods(["GET", "POST"])
def planned_hold(request: HttpRequest, pk: int) -> HttpResponse:
    planned = get_for(request.user, "planned.hold", PLANNED, pk=pk)
    form = HoldForm(form_data(request))
    if form.is_bound and form.is_valid():
        try:
            services.planned_meeting_hold(
                planned=planned, date=form.cleaned_data["date"], by=request.user
            )
        except services.HoldRefused as refused:
            form.add_error("date", str(refused))
        else:
            messages.success(request, _("The planned meeting is now a meeting."))
            return redirect("plans:planned-detail", pk=planned.pk)
    return form_page(request, "plans/planned_hold.html", {"form": form, "planned": planned})
