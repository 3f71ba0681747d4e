"""Every write of the referrals app: the catalogue (a programme with its operating forms, and
its removal), and the cases: anonymous intakes, opening a case with its consent, revoking the
consent, and the read log."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max
from django.forms import BaseInlineFormSet, ModelForm
from django.utils import timezone

from council.models import Body, Council
from council.permissions import access_for, require
from council.services import record_save
from council.workflow import ReasonRequired
from referrals import anonymise
from referrals.models import (
    AnonymousIntake,
    Case,
    CaseIdentity,
    CaseIssueLink,
    CaseReadLog,
    Consent,
    SocialResource,
    Stage,
)


def resource_save(*, form: ModelForm, forms: BaseInlineFormSet, by: Any) -> SocialResource:
    """The programme and its operating forms, saved together or not at all (a clash on a
    unique key is named on the form by council.views.helpers.saved)."""
    require(by, "resource.edit", form.instance)
    with transaction.atomic():
        resource = record_save(form=form, by=by)
        forms.instance = resource
        forms.save()
    return resource


def resource_delete(*, resource: SocialResource, by: Any) -> None:
    """Remove the programme; its operating forms go with it, each leaving a history record."""
    require(by, "resource.edit", resource)
    resource._history_user = by
    resource.delete()


# --- cases --------------------------------------------------------------------------------


def intake_record_anonymous(
    *,
    council: Council,
    received_on: datetime.date,
    count: int,
    source: str,
    note: str = "",
    by: Any,
) -> AnonymousIntake:
    """Consultations counted before any consent: the only trace they leave is a number."""
    require(by, "intake.record", council)
    return AnonymousIntake.objects.create(
        council=council,
        received_on=received_on,
        count=count,
        source=source,
        note=note,
        recorded_by=by,
    )


def case_open(
    *,
    council: Council,
    source: str,
    opened_on: datetime.date,
    age_band: str,
    disability_type: str,
    district: str = "",
    consent_scope: str,
    consent_given_on: datetime.date,
    consent_form: str,
    consent_taken_by: Any,
    name: str,
    name_kana: str = "",
    birth_date: datetime.date | None = None,
    address: str = "",
    phone: str = "",
    by: Any,
) -> Case:
    """Open a case, only with the person's consent recorded (scope, date, who took it, how):
    the case, its consent and its identity are saved together or not at all. Who opens it is
    on it: a case worker as its assigned worker, the secretariat as its case manager."""
    require(by, "case.create", council)
    if consent_taken_by is None or not consent_scope or not consent_form or not consent_given_on:
        raise ValueError("a case is opened only with its consent recorded")
    with transaction.atomic():
        # The council's row serialises the numbering: two intakes never take the same number.
        Council.objects.select_for_update().filter(pk=council.pk).first()
        year = opened_on.year
        last = Case.objects.filter(council=council, year=year).aggregate(n=Max("number"))["n"]
        number = (last or 0) + 1
        case = Case.objects.create(
            council=council,
            year=year,
            number=number,
            pseudonym=Case.pseudonym_for(year, number),
            source=source,
            opened_on=opened_on,
            age_band=age_band,
            district=district,
            disability_type=disability_type,
        )
        Consent.objects.create(
            case=case,
            scope=consent_scope,
            given_on=consent_given_on,
            taken_by=consent_taken_by,
            form=consent_form,
        )
        CaseIdentity.objects.create(
            case=case,
            name=name,
            name_kana=name_kana,
            birth_date=birth_date,
            address=address,
            phone=phone,
        )
        if access_for(by).runs(council.pk):
            case.case_managers.add(by)
        else:
            case.assigned_workers.add(by)
    return case


def consent_revoke(*, case: Case, reason: str, by: Any) -> int:
    """Revoke every active consent of the case, recorded with who and why. Sharing stops on
    the next request: the rules read the consents, not a copy of them. Returns how many."""
    require(by, "consent.revoke", case)
    reason = reason.strip()
    if not reason:
        raise ReasonRequired(ReasonRequired.message)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        revoked = Consent.objects.filter(case=locked, revoked_on=None).update(
            revoked_on=timezone.localdate(), revoked_by=by, revoked_reason=reason
        )
        Case.objects.filter(pk=locked.pk).update(revision=F("revision") + 1)
    return revoked


def case_identities_purge(*, before: datetime.date, by: Any = None, dry_run: bool = False) -> int:
    """Retention: delete the identity of every case closed before `before`, in every council.
    The case (pseudonym, stage, the counts), its consents and its read log stay; the identity
    keeps no history, so nothing of it is left. `by` is None from cron. Returns how many."""
    if by is not None and not access_for(by).operates_site:
        raise PermissionDenied
    expired = CaseIdentity.objects.filter(case__stage=Stage.CLOSED, case__closed_on__lt=before)
    if dry_run:
        return expired.count()
    with transaction.atomic():
        deleted, _ = expired.delete()
    return deleted


class IdentityInText(ValueError):
    """The issue's text contains the case's identity: `problems` name what, not the value."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


class SmallGroup(ValueError):
    """Fewer than three cases share the combination: raised only until it is confirmed."""


def case_raise_issue(
    *,
    case: Case,
    title: str,
    background: str = "",
    owner: Body,
    confirm_small_group: bool = False,
    by: Any,
) -> Any:
    """Raise an anonymised regional issue (地域課題) from the case, linked to it for the count
    the issue shows. Refuses a text holding the case's name, birth date, address or phone;
    until confirmed, refuses a case whose age band, district and disability type fewer than
    three cases share. The issue model is taken by label: referrals imports no other domain
    app."""
    require(by, "case.edit", case)
    if owner.council_id != case.council_id:
        raise ValueError("the owner body must be the case's council's")
    problems = anonymise.identity_problems(case, title, background)
    if problems:
        raise IdentityInText(problems)
    if anonymise.small_group(case) and not confirm_small_group:
        raise SmallGroup(case.pk)
    RegionalIssue = apps.get_model("subcommittees", "RegionalIssue")
    with transaction.atomic():
        issue = RegionalIssue(
            council_id=case.council_id,
            title=title.strip(),
            background=background.strip(),
            origin=RegionalIssue.Origin.CASE,
            owner=owner,
        )
        issue._history_user = by
        issue.save()
        CaseIssueLink.objects.create(case=case, issue=issue, raised_by=by)
    return issue


def case_read_log(*, case: Case, user: Any, what: str, path: str) -> CaseReadLog:
    """One read of one case (the detail, its identity…), written in the request that shows it."""
    return CaseReadLog.objects.create(case=case, user=user, what=what, path=path[:500])


def case_read_log_many(*, cases: Iterable[Case], user: Any, what: str, path: str) -> None:
    """A read of every case a page lists, in one insert whatever the number of rows."""
    CaseReadLog.objects.bulk_create(
        CaseReadLog(case=case, user=user, what=what, path=path[:500]) for case in cases
    )
