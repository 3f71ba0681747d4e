"""The case pages: the list, a case (its identity only for those who may see it), opening a
case with its consent, revoking the consent, anonymous intakes and the privacy officer's read
log.

Every page that shows a case writes a CaseReadLog row in the same request, GETs included:
the audit log is the one write a GET makes (docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council.current import council_for
from council.forms import ReasonForm
from council.models import Council
from council.permissions import can, get_for, require
from council.views.helpers import form_data, form_page, page_query, saved
from council.workflow import InvalidTransition, ReasonRequired, allowed_actions
from referrals import anonymise, services, workflow
from referrals.filters import CaseFilter
from referrals.forms import (
    AnonymousIntakeForm,
    CaseEditForm,
    CaseIssueForm,
    CaseMatchForm,
    CaseOpenForm,
    CasePlanForm,
    CaseTransitionForm,
    FollowUpDoneForm,
    FollowUpForm,
    KeepInTouchDoneForm,
    KeepInTouchForm,
)
from referrals.models import (
    AnonymousIntake,
    Case,
    CaseIdentity,
    CaseIssueLink,
    CaseMatch,
    CaseReadLog,
    EmergencyRegistration,
    FollowUp,
    KeepInTouch,
    SocialResource,
    Stage,
)

What = CaseReadLog.What


def _council(request: HttpRequest, perm: str) -> Council:
    council = council_for(request)
    require(request.user, perm, council)
    return council


def _cases() -> QuerySet:
    return Case.objects.for_rules()


def _log(request: HttpRequest, case: Case, what: str = What.PIPELINE) -> None:
    """The read-log row of a case page: who, when, what, and the page's address."""
    services.case_read_log(case=case, user=request.user, what=what, path=request.get_full_path())


def case_list(request: HttpRequest) -> HttpResponse:
    council = _council(request, "case.list")
    visible = Case.objects.visible_to(request.user).filter(council=council)
    found = CaseFilter(request.GET, queryset=visible.order_by("-year", "-number"))
    page = Paginator(found.qs, 50).get_page(request.GET.get("page"))
    by_stage = dict(visible.order_by().values_list("stage").annotate(n=Count("pk")))
    counts = [(label, by_stage.get(value, 0)) for value, label in Stage.choices]
    intakes = AnonymousIntake.objects.filter(council=council).aggregate(n=Sum("count"))["n"]
    services.case_read_log_many(
        cases=page.object_list, user=request.user, what=What.LIST, path=request.get_full_path()
    )
    return render(
        request,
        "referrals/case_list.html",
        {
            "filter": found,
            "page": page,
            "query": page_query(request),
            "counts": counts,
            "total": sum(by_stage.values()),
            "intakes": intakes or 0,
            "can_create": can(request.user, "case.create", council),
            "can_record_intake": can(request.user, "intake.record", council),
            "can_read_log": can(request.user, "readlog.view", council),
            "can_emergency": can(request.user, "emergency.list", council),
        },
    )


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = _cases().select_related("council", "referred_organization")
    case = get_for(request.user, "case.view", queryset, pk=pk)
    can_record = can(request.user, "case.record", case)
    can_identity = can(request.user, "case.identity", case)
    identity = CaseIdentity.objects.filter(case=case).first() if can_identity else None
    consents, pipeline = [], {}
    if can_record:
        consents = list(case.consents.select_related("taken_by", "revoked_by"))
        pipeline = {
            "plans": list(case.plans.select_related("by")),
            "matches": list(case.matches.select_related("resource", "by")),
            "follow_ups": list(case.follow_ups.select_related("by")),
            "reminders": list(case.keep_in_touch.select_related("by")),
            "stage_changes": list(case.stage_changes.select_related("by")),
        }
    actions = [
        (action, workflow.LABELS[action])
        for action in allowed_actions(workflow.CASE_FLOW, case.stage)
        if can(request.user, f"case.transition.{action}", case)
    ]
    emergency = _emergency(request, case)
    _log(request, case, What.IDENTITY if identity else What.DETAIL)
    return render(
        request,
        "referrals/case_detail.html",
        {
            "case": case,
            **emergency,
            "can_record": can_record,
            "identity": identity,
            "can_identity": can_identity,
            "consents": consents,
            "can_revoke": can(request.user, "consent.revoke", case),
            "can_raise_issue": can(request.user, "case.edit", case),
            "issues_raised": _issues_raised(request, case) if can_record else [],
            "can_edit": can(request.user, "case.edit", case),
            "actions": actions,
            # Steps that ask for something go to their confirm page; the rest post from here.
            "input_actions": workflow.NEEDS_REASON | workflow.NEEDS_EVALUATION | {"not_successful"},
            **pipeline,
        },
    )


def _issues_raised(request: HttpRequest, case: Case) -> list[Any]:
    """The regional issues the case raised that the reader may open (the chain's next step:
    an issue's page leads on to its action plans and proposals)."""
    links = case.issue_links.select_related("issue")
    return [link.issue for link in links if can(request.user, "issue.view", link.issue)]


def issue_cases(request: HttpRequest, pk: int) -> HttpResponse:
    """The chain backwards: the cases that raised a regional issue, those of them the reader
    may see (case.view), by pseudonym. Each row is a read of a case, so it is logged."""
    link = CaseIssueLink.objects.select_related("issue", "issue__council").filter(issue_id=pk)
    first = link.first()
    if first is None or not can(request.user, "issue.view", first.issue):
        raise Http404("no case raised this issue")
    issue = first.issue
    require(request.user, "case.list", issue.council)
    cases = list(
        Case.objects.visible_to(request.user)
        .filter(council=issue.council, issue_links__issue=issue)
        .order_by("-year", "-number")
    )
    services.case_read_log_many(
        cases=cases, user=request.user, what=What.LIST, path=request.get_full_path()
    )
    return render(
        request,
        "referrals/issue_cases.html",
        {"issue": issue, "cases": cases, "total": link.count()},
    )


def _emergency(request: HttpRequest, case: Case) -> dict[str, Any]:
    """The case's emergency pre-registration, for those who may see it, and whether the user
    may register the case (its team, when it is not registered or its registration ended)."""
    registration = (
        EmergencyRegistration.objects.filter(case=case).prefetch_related("organizations").first()
    )
    if registration is not None:
        registration.case = case
    shown = registration is not None and can(request.user, "emergency.view", registration)
    may_edit = can(request.user, "emergency.edit", case)
    return {
        "emergency": registration if shown else None,
        "can_edit_emergency": shown and may_edit,
        "can_register_emergency": may_edit and not shown,
    }


# --- the referral pipeline: a step, and the records of each stage --------------------------


@require_http_methods(["GET", "POST"])
def case_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """A step of the pipeline: the confirm page on GET (with the reason, the evaluation or
    the outcome it needs); on POST the step, or back to the case with why it was refused."""
    if action not in workflow.CASE_FLOW:
        raise Http404("unknown action")
    case = get_for(request.user, "case.view", _cases(), pk=pk)
    require(request.user, f"case.transition.{action}", case)
    form = CaseTransitionForm(form_data(request), action=action)
    if form.is_bound and form.is_valid():
        try:
            services.case_transition(case=case, action=action, by=request.user, **form.cleaned_data)
        except (ReasonRequired, services.EvaluationRequired, services.OutcomeRequired) as error:
            form.add_error(None, str(error))
        except InvalidTransition as error:
            messages.error(request, str(error))
            return redirect("referrals:case-detail", pk=case.pk)
        else:
            messages.success(request, _("The case moved to its next stage."))
            return redirect("referrals:case-detail", pk=case.pk)
    _log(request, case)
    return form_page(
        request,
        "referrals/case_transition.html",
        {"form": form, "case": case, "label": workflow.LABELS[action]},
    )


def _record_page(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type,
    add: Callable[..., Any],
    heading: str,
    **kw: Any,
) -> HttpResponse:
    """A pipeline record's form: the case's team writes it (case.edit)."""
    case = get_for(request.user, "case.view", _cases(), pk=pk)
    require(request.user, "case.edit", case)
    form = form_class(form_data(request), **kw)
    if form.is_bound and form.is_valid():
        add(case=case, by=request.user, **form.cleaned_data)
        messages.success(request, _("The record was added to the case."))
        return redirect("referrals:case-detail", pk=case.pk)
    _log(request, case)
    return form_page(
        request, "referrals/case_record_form.html", {"form": form, "case": case, "heading": heading}
    )


@require_http_methods(["GET", "POST"])
def case_plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_page(
        request, pk, form_class=CasePlanForm, add=services.case_plan_add, heading=_("Add a plan")
    )


@require_http_methods(["GET", "POST"])
def case_match_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Candidates from the catalogue the user may read, of the case's council."""
    council_id = Case.objects.filter(pk=pk).values_list("council_id", flat=True).first()
    resources = SocialResource.objects.visible_to(request.user).filter(council_id=council_id)
    return _record_page(
        request,
        pk,
        form_class=CaseMatchForm,
        add=services.case_match_add,
        heading=_("Add a match"),
        resources=resources,
    )


@require_http_methods(["GET", "POST"])
def case_follow_up_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_page(
        request,
        pk,
        form_class=FollowUpForm,
        add=services.case_follow_up_add,
        heading=_("Add a follow-up"),
    )


@require_http_methods(["GET", "POST"])
def case_keep_in_touch_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_page(
        request,
        pk,
        form_class=KeepInTouchForm,
        add=services.case_keep_in_touch_add,
        heading=_("Add a keep-in-touch reminder"),
    )


def _done_page(
    request: HttpRequest,
    pk: int,
    *,
    model: type,
    form_class: type,
    done: Callable[..., Any],
    heading: str,
) -> HttpResponse:
    """Mark a follow-up visit or a reminder done (the case's team, case.edit): the day, and
    its notes; once done it stays done."""
    case_id = model.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404("no such record")
    case = get_for(request.user, "case.view", _cases(), pk=case_id)
    require(request.user, "case.edit", case)
    record = model.objects.get(pk=pk)
    if record.done_on is not None:
        messages.info(request, _("This was already marked done."))
        return redirect("referrals:case-detail", pk=case.pk)
    form = form_class(form_data(request), instance=record)
    if form.is_bound and form.is_valid():
        try:
            done(record, by=request.user, **form.cleaned_data)
        except services.AlreadyDone as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("It was marked done."))
        return redirect("referrals:case-detail", pk=case.pk)
    _log(request, case)
    return form_page(
        request, "referrals/case_record_form.html", {"form": form, "case": case, "heading": heading}
    )


@require_http_methods(["GET", "POST"])
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    return _done_page(
        request,
        pk,
        model=FollowUp,
        form_class=FollowUpDoneForm,
        done=lambda record, **kw: services.follow_up_done(follow_up=record, **kw),
        heading=_("Record the follow-up visit"),
    )


@require_http_methods(["GET", "POST"])
def keep_in_touch_done(request: HttpRequest, pk: int) -> HttpResponse:
    return _done_page(
        request,
        pk,
        model=KeepInTouch,
        form_class=KeepInTouchDoneForm,
        done=lambda record, **kw: services.keep_in_touch_done(reminder=record, **kw),
        heading=_("Mark the reminder done"),
    )


@require_http_methods(["GET", "POST"])
def case_match_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """The host's answer to a proposed match: confirm on GET, record on POST."""
    if decision not in services.MATCH_DECISIONS:
        raise Http404("unknown decision")
    case_id = CaseMatch.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404("no such match")
    case = get_for(request.user, "case.view", _cases(), pk=case_id)
    require(request.user, "case.edit", case)
    match = CaseMatch.objects.select_related("resource").get(pk=pk)
    if request.method == "POST":
        try:
            services.case_match_decide(match=match, decision=decision, by=request.user)
        except InvalidTransition as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The host's answer was recorded."))
        return redirect("referrals:case-detail", pk=case.pk)
    _log(request, case)
    label = _("Accepted by the host") if decision == "accept" else _("Declined by the host")
    return render(
        request,
        "referrals/case_match_decide.html",
        {"case": case, "match": match, "label": label},
    )


@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    """相談受付: a case exists only with its consent recorded; before it, count the intake."""
    council = _council(request, "case.create")
    form = CaseOpenForm(form_data(request))
    if form.is_bound and form.is_valid():
        case = services.case_open(
            council=council, consent_taken_by=request.user, by=request.user, **form.cleaned_data
        )
        messages.success(request, _("The case was opened."))
        return redirect("referrals:case-detail", pk=case.pk)
    return form_page(request, "referrals/case_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's record: its workers, managers and referral (never its identity)."""
    case = get_for(request.user, "case.view", _cases(), pk=pk)
    require(request.user, "case.edit", case)
    form = CaseEditForm(form_data(request), instance=case)
    if (
        form.is_bound
        and form.is_valid()
        and saved(request, lambda: services.case_save(form=form, by=request.user), form)
    ):
        return redirect("referrals:case-detail", pk=case.pk)
    _log(request, case)
    return form_page(request, "referrals/case_edit.html", {"form": form, "case": case})


@require_http_methods(["GET", "POST"])
def consent_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm on GET; on POST revoke every active consent, with the reason."""
    case = get_for(request.user, "consent.revoke", _cases(), pk=pk)
    form = ReasonForm(form_data(request))
    if form.is_bound and form.is_valid():
        try:
            services.consent_revoke(case=case, reason=form.cleaned_data["reason"], by=request.user)
        except ReasonRequired as error:
            form.add_error("reason", str(error))
        else:
            messages.success(request, _("The consent was revoked: the case is no longer shared."))
            return redirect("referrals:case-detail", pk=case.pk)
    _log(request, case, What.REVOKE)
    return form_page(request, "referrals/consent_revoke.html", {"form": form, "case": case})


@require_http_methods(["GET", "POST"])
def intake_record(request: HttpRequest) -> HttpResponse:
    """Consultations counted before any consent: a number, never a person."""
    council = _council(request, "intake.record")
    form = AnonymousIntakeForm(form_data(request))
    if form.is_bound and form.is_valid():
        services.intake_record_anonymous(council=council, by=request.user, **form.cleaned_data)
        messages.success(request, _("The intake was counted."))
        return redirect("referrals:intake-record")
    recent = AnonymousIntake.objects.filter(council=council)[:20]
    return form_page(request, "referrals/intake_form.html", {"form": form, "recent": recent})


def readlog_list(request: HttpRequest) -> HttpResponse:
    """Who read which case, when and what: the council's privacy officer's page. Reading it is
    logged too (it names the cases' pseudonyms)."""
    council = _council(request, "readlog.view")
    reads = CaseReadLog.objects.filter(case__council=council).select_related("case", "user")
    page = Paginator(reads, 100).get_page(request.GET.get("page"))
    shown = {row.case_id: row.case for row in page.object_list}
    services.case_read_log_many(
        cases=shown.values(), user=request.user, what=What.READ_LOG, path=request.get_full_path()
    )
    return render(
        request,
        "referrals/readlog_list.html",
        {"page": page, "query": page_query(request)},
    )


@require_http_methods(["GET", "POST"])
def case_raise_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Raise an anonymised regional issue from the case: refused while the text holds its
    identity; when fewer than three cases share its combination, only once confirmed."""
    case = get_for(request.user, "case.edit", _cases().select_related("council"), pk=pk)
    small = anonymise.small_group(case)
    form = CaseIssueForm(form_data(request), council=case.council, small_group=small)
    if form.is_bound and form.is_valid():
        try:
            issue = services.case_raise_issue(case=case, by=request.user, **form.cleaned_data)
        except services.IdentityInText as error:
            for problem in error.problems:
                form.add_error(None, problem)
        except services.SmallGroup:
            form.add_error("confirm_small_group", _("Confirm that the issue names nobody."))
        else:
            messages.success(request, _("The regional issue was raised; the case is linked to it."))
            return redirect("subcommittees:issue-detail", pk=issue.pk)
    _log(request, case, What.DETAIL)
    return form_page(
        request,
        "referrals/case_issue_form.html",
        {"form": form, "case": case, "small_group": small, "k": anonymise.K},
    )
