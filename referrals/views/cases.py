"""The case pages: the list, a case (its identity only for those who may see it), opening a
case with its consent, revoking the consent, anonymous intakes and the privacy officer's read
log.

Every page that shows a case writes a CaseReadLog row in the same request, GETs included:
the audit log is the one write a GET makes (docs/architecture.md)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from council.current import council_for
from council.forms import ReasonForm
from council.models import Council
from council.permissions import can, get_for, require
from council.views.helpers import form_data, form_page, page_query
from council.workflow import ReasonRequired
from referrals import anonymise, services
from referrals.filters import CaseFilter
from referrals.forms import AnonymousIntakeForm, CaseIssueForm, CaseOpenForm
from referrals.models import (
    AnonymousIntake,
    Case,
    CaseIdentity,
    CaseReadLog,
    Consent,
    Stage,
)

What = CaseReadLog.What


def _council(request: HttpRequest, perm: str) -> Council:
    council = council_for(request)
    require(request.user, perm, council)
    return council


def _cases() -> QuerySet:
    """Cases with what the rules read already loaded: whether a consent is active, and the
    workers and managers (so `can()` asks the database nothing more)."""
    return Case.objects.annotate(
        consent_active=Exists(Consent.objects.filter(case=OuterRef("pk"), revoked_on=None))
    ).prefetch_related("assigned_workers", "case_managers")


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
        },
    )


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = _cases().select_related("council", "referred_organization")
    case = get_for(request.user, "case.view", queryset, pk=pk)
    can_record = can(request.user, "case.record", case)
    can_identity = can(request.user, "case.identity", case)
    identity = CaseIdentity.objects.filter(case=case).first() if can_identity else None
    consents = []
    if can_record:
        consents = list(case.consents.select_related("taken_by", "revoked_by"))
    services.case_read_log(
        case=case,
        user=request.user,
        what=What.IDENTITY if identity else What.DETAIL,
        path=request.get_full_path(),
    )
    return render(
        request,
        "referrals/case_detail.html",
        {
            "case": case,
            "can_record": can_record,
            "identity": identity,
            "can_identity": can_identity,
            "consents": consents,
            "can_revoke": can(request.user, "consent.revoke", case),
            "can_raise_issue": can(request.user, "case.edit", case),
            "issues_raised": case.issue_links.count() if can_record else None,
        },
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
    services.case_read_log(
        case=case, user=request.user, what=What.REVOKE, path=request.get_full_path()
    )
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
    services.case_read_log(
        case=case, user=request.user, what=What.DETAIL, path=request.get_full_path()
    )
    return form_page(
        request,
        "referrals/case_issue_form.html",
        {"form": form, "case": case, "small_group": small, "k": anonymise.K},
    )
