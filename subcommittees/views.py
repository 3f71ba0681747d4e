"""Thin views for a body's yearly documents: fetch with permission → form/service → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council import exports, workflow
from council.current import council_for
from council.forms import editable_bodies
from council.history import history_url
from council.models import BodyYear, DocumentStatus, FiscalYear, Person, PublishedPDF
from council.permissions import access_for, can, get_for, require, runs
from council.services import record_save
from council.views.helpers import (
    back_url,
    form_data,
    form_page,
    saved,
    transition_page,
)
from documents import jobs
from documents.downloads import pdf_response, stored_pdf_response
from documents.published import current_pdf, earlier_publications
from subcommittees import annual, documents, printouts, rollover, services
from subcommittees.forms import (
    DOCUMENT_FORMS,
    ActionPlanForm,
    ActionPlanRowFormSet,
    CommentForm,
    IssueEventForm,
    RegionalIssueForm,
)
from subcommittees.models import (
    ActionPlan,
    ActivityPolicy,
    RegionalIssue,
    ReviewComment,
)
from subcommittees.tables import issue_rows, issue_table

SHEETS = ("policy", "report", "review")


def _body_year(request: HttpRequest, pk: int, year: int, *sheets: str) -> BodyYear:
    """The body's year, with its documents of these kinds joined (None where not written yet);
    a body the user may not see is a 404, as a year it did not exist is."""
    related = [documents.KINDS[kind].year_relation for kind in sheets]
    queryset = BodyYear.objects.select_related("body__council", "fiscal_year", *related)
    return get_for(request.user, "body.view", queryset, body_id=pk, fiscal_year__year=year)


def _sheet(body_year: BodyYear, kind: str) -> Any:
    """The year's document of that kind, read with the year (_body_year), or None."""
    return getattr(body_year, documents.KINDS[kind].year_relation, None)


def _document(request: HttpRequest, pk: int, year: int, kind: str, perm: str) -> Any:
    """The body's document of that kind and year; an unsaved one only for editing."""
    if kind not in SHEETS:
        raise Http404("unknown document")
    body_year = _body_year(request, pk, year, kind)
    model = documents.KINDS[kind].model
    document = _sheet(body_year, kind)
    if document is None:
        if perm != "sheet.edit":
            raise Http404("not written yet")
        document = model(body_year=body_year)
    document.body_year = body_year
    if not can(request.user, "sheet.view", document):
        raise Http404("not visible")
    require(request.user, perm, document)
    return document


def year_detail(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """A body's year at a glance: its three documents, action plans, and what may be done."""
    body_year = _body_year(request, pk, year, *SHEETS)
    user = request.user
    rows = []
    for kind in SHEETS:
        model = documents.KINDS[kind].model
        document = _sheet(body_year, kind)
        probe = document or model(body_year=body_year)
        probe.body_year = body_year
        visible = can(user, "sheet.view", probe)
        rows.append(
            {
                "kind": documents.KINDS[kind],
                "document": document if visible else None,
                "can_edit": can(user, "sheet.edit", probe),
                "actions": _actions(user, document) if document and visible else [],
            }
        )
    plans = list(ActionPlan.objects.filter(body_year=body_year))
    for plan in plans:
        plan.body_year = body_year  # what the rule reads of it, without joining it again
    plans = [plan for plan in plans if can(user, "sheet.view", plan)]
    return render(
        request,
        "subcommittees/year_detail.html",
        {
            "body_year": body_year,
            "body": body_year.body,
            "fiscal_year": body_year.fiscal_year,
            "rows": rows,
            "plans": plans,
            "can_add_plan": can(user, "sheet.edit", ActionPlan(body_year=body_year)),
        },
    )


def _actions(user: Any, document: Any) -> list[tuple[str, str]]:
    return [
        (action, workflow.ACTION_LABELS[action])
        for action in workflow.allowed_actions(workflow.SHEET, document.status)
        if can(user, f"sheet.{action}", document)
    ]


def sheet_detail(request: HttpRequest, pk: int, year: int, kind: str) -> HttpResponse:
    document = _document(request, pk, year, kind, "sheet.view")
    publication = documents.publication_of(document)  # read once: records, flag, link
    context = documents.context(document, documents.shown(document, publication))
    user = request.user
    own_person = None
    if kind == "review":
        person_id = access_for(user).person_id
        probe = ReviewComment(sheet=document, person_id=person_id)
        if person_id and can(user, "comment.write", probe):
            own_person = person_id
    return render(
        request,
        f"subcommittees/{kind}_detail.html",
        {
            **context,
            "can_edit": can(user, "sheet.edit", document),
            "actions": _actions(user, document),
            "published": publication,
            "own_person": own_person,
            "added_after_publication": documents.added_after_publication(document, publication),
            # Each earlier publication, for those who read history (reopening kept them).
            "earlier_publications": list(earlier_publications(document))
            if document.pk and can(user, "history.view", document.body_year.body)
            else [],
            "can_edit_any_comment": can(user, "sheet.edit", document)
            and runs(access_for(user), document),
            "history_url": history_url(user, document),
        },
    )


@require_http_methods(["GET", "POST"])
def sheet_edit(request: HttpRequest, pk: int, year: int, kind: str) -> HttpResponse:
    document = _document(request, pk, year, kind, "sheet.edit")
    if document.pk is None and isinstance(document, documents.KINDS["review"].model):
        policy = ActivityPolicy.objects.filter(body_year=document.body_year).first()
        document.policy = policy.policy if policy else ""
    form = DOCUMENT_FORMS[kind](form_data(request), instance=document)
    if request.method == "POST" and form.is_valid():
        stored = saved(request, lambda: record_save(form=form, by=request.user), form)
        if stored:
            return redirect("subcommittees:sheet-detail", pk=pk, year=year, kind=kind)
    return form_page(
        request,
        "subcommittees/sheet_form.html",
        {
            "form": form,
            "document": document,
            "title": documents.document_title(document),
            "cancel": reverse("subcommittees:year-detail", args=[pk, year]),
        },
    )


def sheet_pdf(request: HttpRequest, pk: int, year: int, kind: str) -> HttpResponse:
    """Published: exactly the stored PDF. Otherwise a fresh rendering of the draft."""
    document = _document(request, pk, year, kind, "sheet.view")
    return _document_pdf(request, document)


def _document_pdf(request: HttpRequest, document: Any) -> HttpResponse:
    title = documents.document_title(document)
    frozen = current_pdf(document) if document.pk else None
    if frozen is not None:
        return stored_pdf_response(request, frozen, f"{title}.pdf")
    # A published document without its frozen copy (imported data) is rendered, never frozen
    # by a read: `freeze_published` freezes those.
    draft = document.status != DocumentStatus.PUBLISHED
    return pdf_response(
        services.render_document(document), f"{title}{'（下書き）' if draft else ''}.pdf"
    )


def published_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    pdf = get_for(request.user, "pdf.view", PublishedPDF.objects.all(), pk=pk)
    return stored_pdf_response(request, pdf)


@require_http_methods(["GET", "POST"])
def sheet_transition(
    request: HttpRequest, pk: int, year: int, kind: str, action: str
) -> HttpResponse:
    if action not in workflow.SHEET:
        raise Http404("unknown action")
    document = _document(request, pk, year, kind, f"sheet.{action}")
    back = reverse("subcommittees:sheet-detail", args=[pk, year, kind])
    return _transition_page(request, document, action, back)


def _transition_page(request: HttpRequest, document: Any, action: str, back: str) -> HttpResponse:
    title = documents.document_title(document)

    def publish(reason: str) -> Any:
        return jobs.start_step(
            services.publish_job,
            documents.kind_of(document).slug,
            document.pk,
            request.user.pk,
            table=workflow.SHEET,
            action=action,
            status=document.status,
            user=request.user,
            title=_("Publishing %(title)s") % {"title": title},
            back=back,
        )

    def change(reason: str) -> Any:
        return services.document_transition(
            document=document, action=action, by=request.user, reason=reason
        )

    return transition_page(
        request,
        document=document,
        title=title,
        label=workflow.ACTION_LABELS[action],
        needs_reason=action in workflow.NEEDS_REASON,
        back=back,
        change=publish if action == "publish" else change,
        then=jobs.page if action == "publish" else None,
    )


@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, pk: int, year: int, person: int) -> HttpResponse:
    """One member's comment on the review sheet: their own, or any for the secretariat."""
    sheet = _document(request, pk, year, "review", "sheet.view")
    author = get_object_or_404(Person, pk=person, council_id=sheet.body_year.body.council_id)
    comment = ReviewComment.objects.filter(sheet=sheet, person=author).first() or ReviewComment(
        sheet=sheet, person=author
    )
    require(request.user, "comment.write", comment)
    form = CommentForm(
        form_data(request), initial={"text": comment.text, "revision": comment.revision}
    )
    back = reverse("subcommittees:sheet-detail", args=[pk, year, "review"])

    def save() -> ReviewComment:
        return services.comment_save(
            sheet=sheet,
            person=author,
            text=form.cleaned_data["text"],
            revision=form.cleaned_data["revision"],
            by=request.user,
        )

    if request.method == "POST" and form.is_valid():
        stored = saved(request, save, form, _("Your comment was saved."))
        if stored:
            return redirect(back)
    return form_page(
        request,
        "subcommittees/comment_form.html",
        {
            "form": form,
            "sheet": sheet,
            "author": author,
            "cancel": back,
            "title": documents.document_title(sheet),
        },
    )


# --- action plans --------------------------------------------------------------------------


def _plan(request: HttpRequest, pk: int, perm: str) -> ActionPlan:
    plans = ActionPlan.objects.select_related(
        "body_year__body__council", "body_year__fiscal_year", "issue"
    )
    return get_for(request.user, perm, plans, pk=pk)


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, "sheet.view")
    return render(
        request,
        "subcommittees/plan_detail.html",
        {
            **documents.context(plan),
            "can_edit": can(request.user, "sheet.edit", plan),
            "actions": _actions(request.user, plan),
            "published": current_pdf(plan),
            "history_url": history_url(request.user, plan),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    body_year = _body_year(request, pk, year)
    plan = ActionPlan(body_year=body_year)
    require(request.user, "sheet.edit", plan)
    return _plan_form(request, plan)


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_form(request, _plan(request, pk, "sheet.edit"))


def _plan_form(request: HttpRequest, plan: ActionPlan) -> HttpResponse:
    data = form_data(request)
    form = ActionPlanForm(data, instance=plan)
    form.fields["issue"].queryset = RegionalIssue.objects.filter(
        council_id=plan.body_year.body.council_id
    )
    rows = ActionPlanRowFormSet(data, instance=plan, prefix="rows")

    @transaction.atomic
    def save() -> ActionPlan:
        saved = record_save(form=form, by=request.user)
        rows.instance = saved
        rows.save()
        return saved

    if request.method == "POST" and form.is_valid() and rows.is_valid():
        stored = saved(request, save, form)
        if stored:
            return redirect("subcommittees:plan-detail", pk=stored.pk)
    back = reverse(
        "subcommittees:year-detail", args=[plan.body_year.body_id, plan.body_year.fiscal_year.year]
    )
    return form_page(
        request,
        "subcommittees/plan_form.html",
        {"form": form, "rows": rows, "plan": plan, "cancel": back},
    )


def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _document_pdf(request, _plan(request, pk, "sheet.view"))


@require_http_methods(["GET", "POST"])
def plan_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in workflow.SHEET:
        raise Http404("unknown action")
    plan = _plan(request, pk, f"sheet.{action}")
    return _transition_page(request, plan, action, reverse("subcommittees:plan-detail", args=[pk]))


# --- regional issues -----------------------------------------------------------------------


def issue_list(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "issue.view", council)
    return render(
        request,
        "subcommittees/issue_list.html",
        {
            "issues": issue_rows(council),
            "council": council,
            "can_create": can(request.user, "issue.create", council),
        },
    )


def issue_list_pdf(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "issue.view", council)
    return pdf_response(printouts.render_issue_list(council), f"{council.name} 地域課題一覧.pdf")


def issue_export(request: HttpRequest, fmt: str) -> HttpResponse:
    council = council_for(request)
    require(request.user, "issue.view", council)
    table = issue_table(issue_rows(council))
    return exports.table_response(fmt, f"{council.name} 地域課題一覧", table)


def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(
        RegionalIssue.objects.visible_to(request.user).select_related("owner", "council"), pk=pk
    )
    require(request.user, "issue.view", issue)
    return render(
        request,
        "subcommittees/issue_detail.html",
        {
            "issue": issue,
            "events": issue.events.select_related("fiscal_year"),
            "can_edit": can(request.user, "issue.edit", issue),
            # How many cases raised it (the referrals app's links, by their reverse name: a
            # count, never which cases, and no import of that app).
            "case_count": issue.case_links.count(),
            "can_list_cases": can(request.user, "case.list", issue.council),
            # The chain onwards: the proposals that answer it, and the city's answer to them.
            "proposals": issue.proposals.visible_to(request.user),
            "history_url": history_url(request.user, issue),
            "meetings": issue.meetings.visible_to(request.user).listed().select_related("body"),
            "plans": issue.action_plans.visible_to(request.user).select_related(
                "body_year__body", "body_year__fiscal_year"
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def issue_create(request: HttpRequest) -> HttpResponse:
    council = council_for(request)
    require(request.user, "issue.create", council)
    return _issue_form(request, RegionalIssue(council=council), council)


@require_http_methods(["GET", "POST"])
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_for(request.user, "issue.edit", RegionalIssue.objects.all(), pk=pk)
    return _issue_form(request, issue, issue.council)


def _issue_form(request: HttpRequest, issue: RegionalIssue, council: Any) -> HttpResponse:
    form = RegionalIssueForm(
        form_data(request),
        instance=issue,
        council=council,
        owners=editable_bodies(request.user, council),
    )
    if request.method == "POST" and form.is_valid():
        stored = saved(request, lambda: record_save(form=form, by=request.user), form)
        if stored:
            return redirect("subcommittees:issue-detail", pk=stored.pk)
    back = back_url(issue, "subcommittees:issue-detail", "subcommittees:issue-list")
    return form_page(
        request,
        "subcommittees/issue_form.html",
        {"form": form, "issue": issue, "cancel": back},
    )


@require_http_methods(["GET", "POST"])
def issue_step_add(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_for(request.user, "issue.edit", RegionalIssue.objects.all(), pk=pk)
    form = IssueEventForm(form_data(request), issue=issue)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The step was recorded."))
        return redirect("subcommittees:issue-detail", pk=issue.pk)
    return form_page(
        request,
        "subcommittees/issue_step_form.html",
        {"form": form, "issue": issue, "cancel": reverse("subcommittees:issue-detail", args=[pk])},
    )


def body_summary_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The body's year on one page, like the seed's leaflet, from what the reader may see."""
    body_year = _body_year(request, pk, year)
    content = printouts.render_body_summary(body_year, request.user)
    return pdf_response(content, f"{body_year.fiscal_year.label} {body_year.body.name} 概要.pdf")


@require_http_methods(["GET", "POST"])
def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    """What the report holds, and a button that has the worker assemble it (a few seconds:
    the job's page shows the progress and then the download)."""
    council = council_for(request)
    require(request.user, "annual_report.view", council)
    fiscal_year = get_object_or_404(FiscalYear, council=council, year=year)
    if request.method == "POST":
        job = jobs.start(
            annual.build,
            council.pk,
            fiscal_year.year,
            request.user.pk,
            user=request.user,
            title=f"{fiscal_year.label} {council.name} 年次報告書",
            back=request.path,
        )
        return redirect("documents:job", job_id=job.id)
    return render(
        request,
        "subcommittees/annual_report.html",
        {"council": council, "fiscal_year": fiscal_year},
    )


# --- year rollover -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def year_rollover(request: HttpRequest, year: int) -> HttpResponse:
    council = council_for(request)
    require(request.user, "year.rollover", council)
    from_year = get_object_or_404(FiscalYear, council=council, year=year)
    if request.method == "POST":
        try:
            rollover.year_rollover(council=council, from_year=from_year, by=request.user)
        except rollover.RolloverError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The next fiscal year was opened."))
            return redirect("council:dashboard")
    try:
        plan = rollover.plan_rollover(council=council, from_year=from_year)
    except rollover.RolloverError as error:
        plan, problem = None, str(error)
    else:
        problem = ""
    return render(
        request,
        "subcommittees/rollover.html",
        {"council": council, "from_year": from_year, "plan": plan, "problem": problem},
    )


def year_unpublished(request: HttpRequest, year: int) -> HttpResponse:
    """What is left to publish of the year: its drafts and approved documents, and the minutes
    of its held meetings, each linked to the page where it is published."""
    council = council_for(request)
    require(request.user, "year.unpublished", council)
    fiscal_year = get_object_or_404(FiscalYear, council=council, year=year)
    sheets, minutes = documents.unpublished(fiscal_year, timezone.localdate())
    rows = [
        {
            "kind": kind,
            "document": document,
            "url": reverse("subcommittees:plan-detail", args=[document.pk])
            if kind.slug == "plan"
            else reverse(
                "subcommittees:sheet-detail",
                args=[document.body_year.body_id, year, kind.slug],
            ),
        }
        for kind, document in sheets
    ]
    return render(
        request,
        "subcommittees/year_unpublished.html",
        {"council": council, "fiscal_year": fiscal_year, "rows": rows, "minutes": minutes},
    )
