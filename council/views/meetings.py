"""Meetings: the list, a meeting's page, its edit form and its attendance."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council import exports, forms, services, workflow
from council.current import council_for
from council.filters import MeetingFilter
from council.history import history_url
from council.models import Attendance, Council, Meeting, MeetingAttachment, Membership, Person
from council.permissions import can, get_for, require
from council.views.helpers import form_data, form_page, page_query, saved


def meeting_for(request: HttpRequest, perm: str, pk: int) -> Meeting:
    meetings = Meeting.objects.select_related("body__council", "fiscal_year")
    return get_for(request.user, perm, meetings, pk=pk)


def _meeting_filter(request: HttpRequest, council: Council) -> MeetingFilter:
    """The list's meetings: the page and its export read this one FilterSet."""
    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(body__council=council)
        .for_tables()
        .order_by("-date", "body__order")
    )
    return MeetingFilter(
        request.GET, queryset=meetings, council=council, today=timezone.localdate()
    )


def meeting_list(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    meeting_filter = _meeting_filter(request, council)
    page = Paginator(meeting_filter.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "council/meeting_list.html",
        {
            "council": council,
            "filter": meeting_filter,
            "page": page,
            "query": page_query(request),
            "can_create": can(request.user, "meeting.create", council),
        },
    )


def meeting_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every page of the filtered list, as CSV or XLSX."""
    council = council_for(request)
    meetings = _meeting_filter(request, council).qs
    return exports.table_response(fmt, f"{council.name} 会議一覧", exports.meeting_table(meetings))


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = meeting_for(request, "meeting.view", pk)
    items = meeting.items.all()
    if not can(user, "meeting.view_closed_items", meeting):
        items = items.open()
    # The other part of a 二部構成, either way the link was made, as far as the user may see.
    joint = (
        Meeting.objects.visible_to(user)
        .filter(Q(pk=meeting.joint_with_id) | Q(joint_with=meeting))
        .select_related("body")
    )
    # Names only: a meeting of 30 attended needs no 90 model instances to print them.
    attendances = (
        Attendance.objects.filter(meeting=meeting)
        .order_by("person__organization__name", "person__name")
        .values("present", name=F("person__name"), organization=F("person__organization__name"))
    )
    minutes_actions = [
        (action, workflow.MINUTES_ACTION_LABELS[action])
        for action in workflow.allowed_actions(workflow.MINUTES, meeting.minutes_status)
        if can(user, f"minutes.{action}", meeting)
    ]
    return render(
        request,
        "council/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "joint": list(joint.order_by("part", "date")),
            "present": [a for a in attendances if a["present"]],
            "absent": [a for a in attendances if not a["present"]],
            "attachments": MeetingAttachment.objects.filter(meeting=meeting),
            "can_edit": can(user, "meeting.edit", meeting),
            "can_view_minutes": can(user, "minutes.view", meeting),
            "can_edit_minutes": can(user, "minutes.edit", meeting)
            and meeting.minutes_status == Meeting.MinutesStatus.DRAFT,
            "history_url": history_url(user, meeting),
            "minutes_actions": minutes_actions,
        },
    )


def meeting_attendance_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The attendance as the meeting's page lists it, to whoever may read that page."""
    meeting = meeting_for(request, "meeting.view", pk)
    title = f"{meeting.body.name} {meeting.number_label} 出欠"
    return exports.table_response(fmt, title, exports.attendance_table(meeting))


def _meeting_form_page(request: HttpRequest, meeting: Meeting, council: Council) -> HttpResponse:
    data = form_data(request)
    initial = {}
    if meeting.pk is None:
        body_id = request.GET.get("body")
        if body_id and body_id.isdigit():
            initial["body"] = int(body_id)
    form = forms.MeetingForm(
        data, instance=meeting, initial=initial, user=request.user, council=council
    )
    items = forms.MeetingItemFormSet(data, instance=meeting, prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        stored = saved(
            request, lambda: services.meeting_save(form=form, items=items, by=request.user), form
        )
        if stored:
            late = services.closed_year(stored)
            if late:
                messages.warning(request, late)
            return redirect("council:meeting-detail", pk=stored.pk)
    context = {
        "form": form,
        "items": items,
        "meeting": meeting,
        "council": council,
        "can_open_years": can(request.user, "year.open", council),
    }
    return form_page(request, "council/meeting_form.html", context)


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "meeting.create", council)
    return _meeting_form_page(request, Meeting(), council)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, "meeting.edit", pk)
    return _meeting_form_page(request, meeting, meeting.body.council)


@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, "meeting.edit", pk)
    member_ids = Membership.objects.filter(
        body=meeting.body, fiscal_year=meeting.fiscal_year
    ).values("person_id")
    recorded_ids = Attendance.objects.filter(meeting=meeting).values("person_id")
    people = (
        (Person.objects.filter(pk__in=member_ids) | Person.objects.filter(pk__in=recorded_ids))
        .select_related("organization")
        .order_by("organization__name", "name")
    )
    present = Attendance.objects.filter(meeting=meeting, present=True).values_list(
        "person_id", flat=True
    )
    ticked = list(people) if request.GET.get("all") == "1" else list(present)
    form = forms.AttendanceForm(
        form_data(request),
        people=people,
        revision=meeting.revision,
        initial={"present": ticked},
    )
    if request.method == "POST" and form.is_valid():
        stored = saved(
            request,
            lambda: services.meeting_attendance_set(
                meeting=meeting,
                present=list(form.cleaned_data["present"]),
                revision=form.cleaned_data["revision"],
                by=request.user,
            ),
            form,
            _("Attendance saved."),
        )
        if stored:
            return redirect("council:meeting-detail", pk=meeting.pk)
    return form_page(request, "council/meeting_attendance.html", {"meeting": meeting, "form": form})
