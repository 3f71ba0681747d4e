"""Thin views: fetch with permission → form or service → render or redirect."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council import forms, ical, services, workflow
from council.current import council_for, years_for
from council.filters import BodyFilter, MeetingFilter, OrganizationFilter, PersonFilter
from council.models import (
    Attendance,
    Body,
    BodyYear,
    Council,
    FiscalYear,
    Meeting,
    MeetingAttachment,
    MeetingItem,
    Membership,
    Organization,
    Person,
)
from council.permissions import (
    Access,
    access_for,
    can,
    get_for,
    get_prepared,
    require,
)
from council.prepared import Prepared, PreparedList
from council.schedule import schedule_grid
from council.tables import (
    agenda_rows,
    agenda_values,
    body_card_values,
    body_cards,
    meeting_rows,
    meeting_values,
    member_groups,
    member_values,
    organization_rows,
    organization_values,
    person_rows,
    person_values,
)

CALENDAR_SALT = "council.calendar"


def list_page(
    request: HttpRequest,
    search: Prepared,
    found: Any,
    council: Council,
    per_page: int,
    **arguments: Any,
) -> Page:
    """The asked-for page of a filtered list: its prepared search (council/prepared.py) run
    for the reader, in the council, with the filter's valid choices (FilterSet.arguments)."""
    rows = PreparedList(
        search,
        access=access_for(request.user),
        council_id=council.pk,
        **arguments,
        **found.arguments(),
    )
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def year_for(request: HttpRequest, council_id: int) -> FiscalYear:
    return years_for(request, council_id)[0]


def _data(request: HttpRequest) -> Any:
    """POST data for a bound form, even an empty POST (every box unticked is a real answer)."""
    return request.POST if request.method == "POST" else None


def _edit(
    request: HttpRequest,
    *,
    form: Any,
    template: str,
    success: str,
    context: dict[str, Any],
    reason: str = "",
) -> HttpResponse:
    """Shared tail of the edit views: validate, save with the revision check, or re-show."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.record_save(form=form, by=request.user, reason=reason)
        except services.StaleEdit:
            form.add_error(None, services.StaleEdit.message)
        else:
            messages.success(request, _("Saved."))
            return redirect(success.format(pk=obj.pk) if "{pk}" in success else success)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)


# --- dashboard and schedule ----------------------------------------------------------------


def needs_action(
    access: Access, council_id: int, fiscal_year_id: int, today: datetime.date
) -> QuerySet[Meeting]:
    """The dashboard's "Needs my action": past meetings whose minutes are still a draft in
    bodies the reader can edit (all of them for the secretariat)."""
    actions = (
        Meeting.objects.visible_to(access)
        .filter(
            fiscal_year_id=fiscal_year_id,
            cancelled=False,
            date__lte=today,
            minutes_status__in=[Meeting.MinutesStatus.DRAFT, Meeting.MinutesStatus.CONFIRMED],
        )
        .order_by("date")
    )
    if not access.runs(council_id):
        actions = actions.filter(
            body__in=[b for b, y in access.memberships if y == fiscal_year_id],
            minutes_status=Meeting.MinutesStatus.DRAFT,
        )
        if access.is_read_only or access.role(council_id) != "member":
            actions = actions.none()
    return actions


# Rows as values (council/tables.py): bodies and meetings carry long texts the page never shows,
# and model rows made the template resolve properties and filters per item.
BODY_CARDS = Prepared(
    lambda fiscal_year_id: body_card_values(BodyYear.objects.filter(fiscal_year_id=fiscal_year_id))
)
UPCOMING = Prepared(
    lambda access, council_id, today: agenda_values(
        Meeting.objects.visible_to(access).filter(body__council_id=council_id).upcoming(today)[:8]
    )
)
ACTIONS = Prepared(lambda **args: agenda_values(needs_action(**args)[:10]))
ACTION_COUNT = Prepared(needs_action)


def dashboard(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    fiscal_year, years = years_for(request, council.pk)
    access = access_for(request.user)
    today = timezone.localdate()
    actions = {
        "access": access,
        "council_id": council.pk,
        "fiscal_year_id": fiscal_year.pk,
        "today": today,
    }
    return render(
        request,
        "council/dashboard.html",
        {
            "council": council,
            "fiscal_year": fiscal_year,
            "bodies": body_cards(BODY_CARDS(fiscal_year_id=fiscal_year.pk), fiscal_year.year),
            "upcoming": agenda_rows(UPCOMING(access=access, council_id=council.pk, today=today)),
            "actions": agenda_rows(ACTIONS(**actions)),
            "action_count": ACTION_COUNT.count(**actions),
            "years": years,
        },
    )


def schedule(request: HttpRequest, year: int | None = None) -> HttpResponse:
    council = council_for(request)
    fiscal_year, years = years_for(request, council.pk, year)
    require(request.user, "council.view", council)
    return render(
        request,
        "council/schedule.html",
        {
            "council": council,
            "fiscal_year": fiscal_year,
            "months": fiscal_year.months(),
            "rows": schedule_grid(fiscal_year=fiscal_year, user=request.user),
            "years": years,
        },
    )


# --- bodies --------------------------------------------------------------------------------


def body_list(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    fiscal_year = year_for(request, council.pk)
    bodies = Body.objects.visible_to(request.user).filter(council=council).select_related("parent")
    body_filter = BodyFilter(request.GET, queryset=bodies)
    status = BodyYear.statuses(fiscal_year)
    labels = dict(BodyYear.Status.choices)
    rows = [(body, labels.get(status.get(body.pk))) for body in body_filter.qs]
    return render(
        request,
        "council/body_list.html",
        {
            "council": council,
            "fiscal_year": fiscal_year,
            "filter": body_filter,
            "rows": rows,
            "can_create": can(request.user, "body.create", council),
        },
    )


# The body page's queries, prepared (council/prepared.py).
BODY = Prepared(
    lambda access, pk: Body.objects.visible_to(access).select_related("parent").filter(pk=pk)
)
ROSTER = Prepared(
    lambda body_id, fiscal_year_id: member_values(
        Membership.objects.filter(body_id=body_id, fiscal_year_id=fiscal_year_id)
    )
)
BODY_YEAR = Prepared(
    lambda body_id, fiscal_year_id: BodyYear.objects.filter(
        body_id=body_id, fiscal_year_id=fiscal_year_id
    ).order_by()[:2]
)
BODY_MEETINGS = Prepared(
    lambda access, body_id, fiscal_year_id: meeting_values(
        Meeting.objects.visible_to(access)
        .filter(body_id=body_id, fiscal_year_id=fiscal_year_id)
        .order_by("number")
    )
)
# (id, name) pairs: the list prints nothing else of them.
CHILDREN = Prepared(
    lambda body_id: (
        Body.objects.filter(parent_id=body_id).order_by("order", "name").values_list("pk", "name")
    )
)


def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_prepared(request.user, "body.view", BODY, pk=pk)
    fiscal_year, years = years_for(request, body.council_id)
    this_year = {"body_id": body.pk, "fiscal_year_id": fiscal_year.pk}
    members_by_org = member_groups(ROSTER(**this_year), _("(no organisation)"))
    access = access_for(request.user)
    probe = Meeting(body=body, fiscal_year=fiscal_year)
    return render(
        request,
        "council/body_detail.html",
        {
            "body": body,
            "fiscal_year": fiscal_year,
            "body_year": BODY_YEAR.one_or_none(**this_year),
            "members_by_org": members_by_org,
            "member_count": sum(len(members) for _org, members in members_by_org),
            "meeting_rows": meeting_rows(BODY_MEETINGS(access=access, **this_year)),
            "children": CHILDREN(body_id=body.pk),
            "years": years,
            "can_edit": can(request.user, "body.edit", body),
            "can_edit_members": can(request.user, "membership.create", body),
            "can_add_meeting": can(request.user, "meeting.edit", probe),
            "can_view_history": can(request.user, "history.view", body),
            "calendar_token": signing.dumps(request.user.pk, salt=CALENDAR_SALT),
        },
    )


@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "body.create", council)
    form = forms.BodyForm(_data(request), council=council)
    return _edit(
        request,
        form=form,
        template="council/body_form.html",
        success="/bodies/{pk}/",
        context={"council": council},
    )


@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_for(request.user, "body.edit", Body.objects.all(), pk=pk)
    form = forms.BodyForm(_data(request), instance=body, council=body.council)
    return _edit(
        request,
        form=form,
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
    form = forms.BodyYearForm(_data(request), instance=body_year)
    return _edit(
        request,
        form=form,
        template="council/body_year_form.html",
        success=reverse("council:body-detail", args=[body.pk]) + f"?year={year}",
        context={"body": body, "fiscal_year": fiscal_year},
    )


def body_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_for(request.user, "body.view", Body.objects.all(), pk=pk)
    return _calendar_response(request, body)


@login_not_required
def body_calendar_feed(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    """Calendar apps cannot log in, so the feed URL carries a signed user id instead."""
    from django.contrib.auth import get_user_model

    try:
        user_pk = signing.loads(token, salt=CALENDAR_SALT)
    except signing.BadSignature:
        raise Http404("bad token") from None
    user = get_object_or_404(get_user_model(), pk=user_pk, is_active=True)
    body = get_for(user, "body.view", Body.objects.all(), pk=pk)
    return _calendar_response(request, body, user=user)


def _calendar_response(request: HttpRequest, body: Body, user: Any = None) -> HttpResponse:
    meetings = Meeting.objects.visible_to(user or request.user).filter(body=body).order_by("date")
    content = ical.body_calendar(body, meetings, host=request.get_host())
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="body-{body.pk}.ics"'
    return response


# --- memberships ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def membership_create(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_for(request.user, "membership.create", Body.objects.all(), pk=pk)
    fiscal_year = year_for(request, body.council_id)
    form = forms.MembershipForm(_data(request), body=body, fiscal_year=fiscal_year)
    return _edit(
        request,
        form=form,
        template="council/membership_form.html",
        success=reverse("council:body-detail", args=[body.pk]) + f"?year={fiscal_year.year}",
        context={"body": body, "fiscal_year": fiscal_year},
    )


@require_http_methods(["GET", "POST"])
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_for(
        request.user,
        "membership.edit",
        Membership.objects.select_related("body", "fiscal_year", "person"),
        pk=pk,
    )
    form = forms.MembershipForm(
        _data(request),
        instance=membership,
        body=membership.body,
        fiscal_year=membership.fiscal_year,
    )
    return _edit(
        request,
        form=form,
        template="council/membership_form.html",
        success=reverse("council:body-detail", args=[membership.body_id])
        + f"?year={membership.fiscal_year.year}",
        context={"body": membership.body, "fiscal_year": membership.fiscal_year},
    )


@require_http_methods(["GET", "POST"])
def membership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_for(
        request.user,
        "membership.delete",
        Membership.objects.select_related("body", "fiscal_year", "person"),
        pk=pk,
    )
    if request.method == "POST":
        target = reverse("council:body-detail", args=[membership.body_id])
        target += f"?year={membership.fiscal_year.year}"
        membership.delete()
        messages.success(request, _("The member was removed."))
        return redirect(target)
    return render(request, "council/membership_confirm_delete.html", {"membership": membership})


# --- meetings ------------------------------------------------------------------------------


def meeting_search(
    access: Access, council_id: int, today: datetime.date, **arguments: Any
) -> QuerySet[Any]:
    """The meeting list's rows: the council's meetings the reader may see, newest first,
    narrowed by the filter's valid choices (MeetingFilter.arguments)."""
    meetings = (
        Meeting.objects.visible_to(access)
        .filter(body__council_id=council_id)
        .order_by("-date", "body__order")
    )
    meeting_filter = MeetingFilter(queryset=meetings, council=council_id, today=today)
    return meeting_values(meeting_filter.filter_arguments(meetings, arguments))


MEETING_SEARCH = Prepared(meeting_search, shape=("status", "cased"))


def meeting_list(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    today = timezone.localdate()
    meeting_filter = MeetingFilter(request.GET, council=council, today=today)
    page = list_page(request, MEETING_SEARCH, meeting_filter, council, 50, today=today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "council/meeting_list.html",
        {
            "council": council,
            "filter": meeting_filter,
            "page": page,
            "rows": meeting_rows(page.object_list),
            "query": query.urlencode(),
            "can_create": can(request.user, "meeting.create", council),
        },
    )


def _meeting(request: HttpRequest, perm: str, pk: int) -> Meeting:
    return get_for(
        request.user, perm, Meeting.objects.select_related("body__council", "fiscal_year"), pk=pk
    )


# The meeting page's queries, prepared (council/prepared.py).
MEETING = Prepared(
    lambda access, pk: (
        Meeting.objects.visible_to(access)
        .select_related("body__council", "fiscal_year")
        .filter(pk=pk)
    )
)
ITEMS = Prepared(
    lambda meeting_id, closed_too: MeetingItem.objects.filter(meeting_id=meeting_id).filter(
        Q() if closed_too else Q(is_closed=False)
    )
)
# Names only, as values: a meeting of 30 attended built 90 model instances to print them.
ATTENDANCE = Prepared(
    lambda meeting_id: (
        Attendance.objects.filter(meeting_id=meeting_id)
        .order_by("person__organization__name", "person__name")
        .values_list("present", "person__name", "person__organization__name")
    )
)
ATTACHMENTS = Prepared(lambda meeting_id: MeetingAttachment.objects.filter(meeting_id=meeting_id))


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_prepared(request.user, "meeting.view", MEETING, pk=pk)
    user = request.user
    closed_too = can(user, "meeting.view_closed_items", meeting)
    items = ITEMS(meeting_id=meeting.pk, closed_too=closed_too)
    attendances = ATTENDANCE(meeting_id=meeting.pk)
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
            "present": [(name, org) for present, name, org in attendances if present],
            "absent": [name for present, name, _org in attendances if not present],
            "attachments": ATTACHMENTS(meeting_id=meeting.pk),
            "can_edit": can(user, "meeting.edit", meeting),
            "can_view_minutes": can(user, "minutes.view", meeting),
            "can_edit_minutes": can(user, "minutes.edit", meeting)
            and meeting.minutes_status == Meeting.MinutesStatus.DRAFT,
            "can_view_history": can(user, "history.view", meeting),
            "minutes_actions": minutes_actions,
        },
    )


def _meeting_form_page(request: HttpRequest, meeting: Meeting, council: Council) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
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
        try:
            saved = services.meeting_save(form=form, items=items, by=request.user)
        except services.StaleEdit:
            form.add_error(None, services.StaleEdit.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("council:meeting-detail", pk=saved.pk)
    return render(
        request,
        "council/meeting_form.html",
        {"form": form, "items": items, "meeting": meeting, "council": council},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "meeting.create", council)
    return _meeting_form_page(request, Meeting(), council)


@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, "meeting.edit", pk)
    return _meeting_form_page(request, meeting, meeting.body.council)


@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, "meeting.edit", pk)
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
    form = forms.AttendanceForm(_data(request), people=people, initial={"present": list(present)})
    if request.method == "POST" and form.is_valid():
        services.meeting_attendance_set(
            meeting=meeting, present=list(form.cleaned_data["present"]), by=request.user
        )
        messages.success(request, _("Attendance saved."))
        return redirect("council:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "council/meeting_attendance.html",
        {"meeting": meeting, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, "minutes.edit", pk)
    if meeting.minutes_status != Meeting.MinutesStatus.DRAFT:
        messages.error(request, _("Only draft minutes can be edited. Reopen them first."))
        return redirect("council:meeting-detail", pk=meeting.pk)
    form = forms.MinutesForm(_data(request), instance=meeting)
    return _edit(
        request,
        form=form,
        template="council/meeting_minutes.html",
        success=reverse("council:meeting-detail", args=[meeting.pk]),
        context={"meeting": meeting},
    )


@require_http_methods(["GET", "POST"])
def meeting_minutes_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in workflow.MINUTES:
        raise Http404("unknown action")
    meeting = _meeting(request, f"minutes.{action}", pk)
    if request.method == "POST":
        try:
            services.meeting_minutes_transition(meeting=meeting, action=action, by=request.user)
        except workflow.InvalidTransition as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The minutes status was changed."))
        return redirect("council:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "council/meeting_minutes_transition.html",
        {"meeting": meeting, "action": action, "label": workflow.MINUTES_ACTION_LABELS[action]},
    )


@require_http_methods(["GET", "POST"])
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, "attachment.add", pk)
    form = forms.AttachmentForm(_data(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.attachment_add(meeting=meeting, form=form, by=request.user)
        messages.success(request, _("The paper was attached."))
        return redirect("council:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "council/attachment_form.html",
        {"meeting": meeting, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_for(
        request.user,
        "attachment.view",
        MeetingAttachment.objects.select_related("meeting__body"),
        pk=pk,
    )
    extension = {
        "application/pdf": "pdf",
        "image/png": "png",
        "image/jpeg": "jpg",
    }.get(attachment.content_type, attachment.file.name.rsplit(".", 1)[-1])
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"{attachment.label or 'shiryo'}_{attachment.title}.{extension}",
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_for(
        request.user,
        "attachment.delete",
        MeetingAttachment.objects.select_related("meeting__body"),
        pk=pk,
    )
    if request.method == "POST":
        services.attachment_delete(attachment=attachment, by=request.user)
        messages.success(request, _("The paper was removed."))
        return redirect("council:meeting-detail", pk=attachment.meeting_id)
    return render(request, "council/attachment_confirm_delete.html", {"attachment": attachment})


# --- organisations and persons -------------------------------------------------------------


def organization_list(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    organizations = Organization.objects.visible_to(request.user).filter(council=council)
    org_filter = OrganizationFilter(request.GET, queryset=organizations)
    page = Paginator(organization_values(org_filter.qs), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "council/organization_list.html",
        {
            "filter": org_filter,
            "page": page,
            "rows": organization_rows(page.object_list),
            "can_create": can(request.user, "organization.create", council),
        },
    )


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
            "can_view_history": can(request.user, "history.view", organization),
        },
    )


@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "organization.create", council)
    form = forms.OrganizationForm(_data(request), council=council)
    return _edit(
        request,
        form=form,
        template="council/organization_form.html",
        success="/organizations/{pk}/",
        context={},
    )


@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_for(request.user, "organization.edit", Organization.objects.all(), pk=pk)
    form = forms.OrganizationForm(
        _data(request), instance=organization, council=organization.council
    )
    return _edit(
        request,
        form=form,
        template="council/organization_form.html",
        success=reverse("council:organization-detail", args=[organization.pk]),
        context={"organization": organization},
    )


def person_search(access: Access, council_id: int, **arguments: Any) -> QuerySet[Any]:
    """The person list's rows, narrowed by the filter's valid choices (PersonFilter.arguments)."""
    persons = Person.objects.visible_to(access).filter(council_id=council_id)
    person_filter = PersonFilter(queryset=persons, council=council_id)
    return person_values(person_filter.filter_arguments(persons, arguments))


PERSON_SEARCH = Prepared(person_search)


def person_list(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    person_filter = PersonFilter(request.GET, council=council)
    page = list_page(request, PERSON_SEARCH, person_filter, council, 100)
    return render(
        request,
        "council/person_list.html",
        {
            "filter": person_filter,
            "page": page,
            "rows": person_rows(page.object_list),
            "can_create": can(request.user, "person.create", council),
        },
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_for(
        request.user, "person.view", Person.objects.select_related("organization"), pk=pk
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
            "can_view_history": can(request.user, "history.view", person),
        },
    )


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "person.create", council)
    form = forms.PersonForm(_data(request), council=council)
    return _edit(
        request,
        form=form,
        template="council/person_form.html",
        success="/persons/{pk}/",
        context={},
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_for(request.user, "person.edit", Person.objects.all(), pk=pk)
    form = forms.PersonForm(_data(request), instance=person, council=person.council)
    return _edit(
        request,
        form=form,
        template="council/person_form.html",
        success=reverse("council:person-detail", args=[person.pk]),
        context={"person": person},
    )


# --- history -------------------------------------------------------------------------------

HISTORY_MODELS: dict[str, type] = {
    "body": Body,
    "meeting": Meeting,
    "organization": Organization,
    "person": Person,
    "membership": Membership,
}
# What the permission rule reads of each (permissions._council_id), fetched with the record.
HISTORY_RELATED = {Meeting: ("body",), Membership: ("body",)}


def _history_queries(model: type) -> tuple[Prepared, Prepared]:
    """The record (visible to the reader) and its history, oldest first, prepared."""
    related = HISTORY_RELATED.get(model, ())
    record = Prepared(
        lambda access, pk: model.objects.visible_to(access).select_related(*related).filter(pk=pk)
    )
    history = Prepared(
        lambda pk: (
            model.history.filter(id=pk).select_related("history_user").order_by("history_date")
        )
    )
    return record, history


HISTORY_QUERIES = {name: _history_queries(model) for name, model in HISTORY_MODELS.items()}
ITEM_HISTORY = Prepared(
    lambda meeting_id: MeetingItem.history.filter(meeting_id=meeting_id).select_related(
        "history_user"
    )
)


def history(request: HttpRequest, model: str, pk: int) -> HttpResponse:
    """Every change to one record (and a meeting's bullets): who, when, old → new."""
    if model not in HISTORY_MODELS:
        raise Http404("unknown model")
    record, history = HISTORY_QUERIES[model]
    obj = get_prepared(request.user, "history.view", record, pk=pk)
    records = history(pk=obj.pk)
    if isinstance(obj, Meeting):
        records += ITEM_HISTORY(meeting_id=obj.pk)
        records.sort(key=lambda r: r.history_date)
    entries = []
    previous_by_id: dict[int, Any] = {}
    for record in records:
        previous = previous_by_id.get((type(record), record.id))
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=["revision"])
            changes = [
                (record.instance_type._meta.get_field(c.field).verbose_name, c.old, c.new)
                for c in delta.changes
            ]
        entries.append({"record": record, "changes": changes, "label": record._meta.verbose_name})
        previous_by_id[(type(record), record.id)] = record
    entries.reverse()
    return render(request, "council/history.html", {"object": obj, "entries": entries})
