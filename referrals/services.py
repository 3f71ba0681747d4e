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
from django.utils.translation import gettext_lazy as _

from council.models import Body, Council
from council.permissions import access_for, require
from council.services import ordered_save, record_save
from council.workflow import InvalidTransition, ReasonRequired, apply
from referrals import anonymise, workflow
from referrals.models import (
    AnonymousIntake,
    Case,
    CaseIdentity,
    CaseIssueLink,
    CaseMatch,
    CasePlan,
    CaseReadLog,
    CaseStageChange,
    Consent,
    EmergencyRegistration,
    FollowUp,
    KeepInTouch,
    Outcome,
    SocialResource,
    Stage,
)


def resource_save(
    *,
    form: ModelForm,
    forms: BaseInlineFormSet,
    blocks: BaseInlineFormSet,
    figures: BaseInlineFormSet,
    facilities: BaseInlineFormSet,
    by: Any,
) -> SocialResource:
    """The programme, its operating forms and its description's blocks, figures and
    facilities, saved together or not at all (a clash on a unique key is named on the form by
    council.views.helpers.saved)."""
    require(by, "resource.edit", form.instance)
    with transaction.atomic():
        resource = record_save(form=form, by=by)
        forms.instance = resource
        forms.save()
        for rows in (blocks, figures, facilities):
            ordered_save(rows, resource, by=by)
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


def case_save(*, form: ModelForm, by: Any) -> Case:
    """The case's record from CaseEditForm: its team's to change, refused if the case moved on
    since the form was opened (a step or a record bumps its revision too)."""
    require(by, "case.edit", form.instance)
    return record_save(form=form, by=by)


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


# --- the referral pipeline ------------------------------------------------------------------


class EvaluationRequired(ValueError):
    message = _("Please give the evaluation.")


class OutcomeRequired(ValueError):
    message = _("Please choose why the case was not successful.")


def _check_preconditions(case: Case, action: str) -> None:
    """What each step needs besides its stage: a consent to plan, a plan to match, an
    accepted match to follow up."""
    if action == "start_plan" and not case.consents.filter(revoked_on=None).exists():
        raise InvalidTransition(_("A plan is started only while the person's consent is active."))
    if action == "start_matching" and not case.plans.exists():
        raise InvalidTransition(_("Write the plan before matching."))
    if (
        action == "start_follow_up"
        and not case.matches.filter(status=CaseMatch.Status.ACCEPTED).exists()
    ):
        raise InvalidTransition(_("A follow-up starts only once a host has accepted a match."))


CLOSING_FIELDS = ["stage", "closed_on", "closed_from", "outcome", "outcome_reason", "evaluation"]


def case_transition(
    *,
    case: Case,
    action: str,
    by: Any,
    reason: str = "",
    evaluation: str = "",
    outcome: str = "",
) -> Case:
    """Move the case one step of the pipeline (referrals/workflow.py): lock it, check who may
    and the current stage (InvalidTransition otherwise, the case unchanged), apply, and record
    who, when and why as a CaseStageChange. `outcome` is the reason among the Outcome choices
    for "not_successful"; `reason` its free text, and a reopening's."""
    if action not in workflow.CASE_FLOW:
        raise InvalidTransition(_("Unknown action."))
    reason, evaluation = reason.strip(), evaluation.strip()
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        require(by, f"case.transition.{action}", locked)
        current = locked.stage
        target = apply(workflow.CASE_FLOW, action, current)
        _check_preconditions(locked, action)
        if action in workflow.NEEDS_REASON and not reason:
            raise ReasonRequired(ReasonRequired.message)
        if action in workflow.NEEDS_EVALUATION and not evaluation:
            raise EvaluationRequired(EvaluationRequired.message)
        if action == "not_successful":
            if outcome not in dict(workflow.UNSUCCESSFUL):
                raise OutcomeRequired(OutcomeRequired.message)
        else:
            outcome = Outcome.SUCCESSFUL if action == "close" else ""
        if target == Stage.CLOSED:
            locked.closed_on = max(timezone.localdate(), locked.opened_on)
            locked.closed_from = current
            locked.outcome = outcome
            locked.outcome_reason = reason
            locked.evaluation = evaluation
        elif action == "reopen":
            target = locked.closed_from or Stage.INTAKE
            locked.closed_on = None
            locked.closed_from = locked.outcome = locked.outcome_reason = locked.evaluation = ""
        locked.stage = target
        locked.revision += 1
        fields = CLOSING_FIELDS if current == Stage.CLOSED or target == Stage.CLOSED else ["stage"]
        locked.save(update_fields=[*fields, "revision"])
        CaseStageChange.objects.create(
            case=locked,
            action=action,
            from_stage=current,
            to_stage=target,
            outcome=outcome,
            reason=reason,
            evaluation=evaluation,
            by=by,
        )
    return locked


def _record(model: type, *, case: Case, by: Any, **fields: Any) -> Any:
    """A pipeline record of the case (plan, match, follow-up, reminder): its team's to write."""
    require(by, "case.edit", case)
    with transaction.atomic():
        record = model.objects.create(case=case, by=by, **fields)
        Case.objects.filter(pk=case.pk).update(revision=F("revision") + 1)
    return record


def case_plan_add(*, case: Case, by: Any, **fields: Any) -> CasePlan:
    return _record(CasePlan, case=case, by=by, **fields)


def case_match_add(*, case: Case, by: Any, **fields: Any) -> CaseMatch:
    """A candidate (status "proposed"): the host's answer is recorded by case_match_decide."""
    resource = fields.get("resource")
    if resource is not None and resource.council_id != case.council_id:
        raise ValueError("a match is made from the case's own council's catalogue")
    return _record(CaseMatch, case=case, by=by, **fields)


MATCH_DECISIONS = {"accept": CaseMatch.Status.ACCEPTED, "decline": CaseMatch.Status.DECLINED}


def case_match_decide(*, match: CaseMatch, decision: str, by: Any) -> CaseMatch:
    """The host's answer to a proposed match: accepted or declined, once."""
    with transaction.atomic():
        locked = CaseMatch.objects.select_for_update().select_related("case").get(pk=match.pk)
        require(by, "case.edit", locked.case)
        if locked.status != CaseMatch.Status.PROPOSED or decision not in MATCH_DECISIONS:
            raise InvalidTransition(_("This match has already been decided."))
        locked.status = MATCH_DECISIONS[decision]
        locked.save(update_fields=["status"])
        Case.objects.filter(pk=locked.case_id).update(revision=F("revision") + 1)
    return locked


def case_follow_up_add(*, case: Case, by: Any, **fields: Any) -> FollowUp:
    return _record(FollowUp, case=case, by=by, **fields)


def case_keep_in_touch_add(*, case: Case, by: Any, **fields: Any) -> KeepInTouch:
    """A reminder to keep light contact: open or closed, the case's team keeps them."""
    return _record(KeepInTouch, case=case, by=by, **fields)


class AlreadyDone(ValueError):
    message = _("This was already marked done.")


def _mark_done(model: type, *, record: Any, by: Any, **fields: Any) -> Any:
    """Mark a visit or a reminder done, once: the update is conditional on it still being
    open, so two people marking it at once cannot overwrite each other's notes."""
    require(by, "case.edit", record.case)
    with transaction.atomic():
        if not model.objects.filter(pk=record.pk, done_on=None).update(**fields):
            raise AlreadyDone(AlreadyDone.message)
        Case.objects.filter(pk=record.case_id).update(revision=F("revision") + 1)
    return model.objects.get(pk=record.pk)


def follow_up_done(*, follow_up: FollowUp, by: Any, **fields: Any) -> FollowUp:
    """The visit happened: its day and what it found."""
    return _mark_done(FollowUp, record=follow_up, by=by, **fields)


def keep_in_touch_done(*, reminder: KeepInTouch, by: Any, **fields: Any) -> KeepInTouch:
    return _mark_done(KeepInTouch, record=reminder, by=by, **fields)


# --- emergency pre-registration (緊急時の事前登録) -------------------------------------------


class EmergencyConsentRequired(ValueError):
    message = _(
        "An emergency pre-registration needs the person's consent to it: record a consent "
        "covering emergency pre-registration first."
    )


def _emergency_consent_active(case: Case) -> bool:
    return case.consents.filter(scope=Consent.Scope.EMERGENCY, revoked_on=None).exists()


def emergency_save(*, form: ModelForm, by: Any) -> EmergencyRegistration:
    """Register the case for emergencies, or save its registration (the revision check of
    record_save), only while the person's emergency consent is active. Saving an ended
    registration registers the case again."""
    registration = form.instance
    require(by, "emergency.edit", registration.case)
    with transaction.atomic():
        Case.objects.select_for_update(of=("self",)).filter(pk=registration.case_id).first()
        if not _emergency_consent_active(registration.case):
            raise EmergencyConsentRequired(EmergencyConsentRequired.message)
        if registration.pk is None:
            registration.by = by
        registration.ended_on = registration.ended_by = None
        registration.end_reason = ""
        saved = record_save(form=form, by=by)
    return saved


def emergency_end(
    *, registration: EmergencyRegistration, ended_on: datetime.date, reason: str, by: Any
) -> EmergencyRegistration:
    """End the registration, with the date and why: it leaves the list and the roster."""
    require(by, "emergency.edit", registration)
    reason = reason.strip()
    if not reason:
        raise ReasonRequired(ReasonRequired.message)
    with transaction.atomic():
        locked = EmergencyRegistration.objects.select_for_update().get(pk=registration.pk)
        if locked.ended_on is not None:
            raise InvalidTransition(_("This registration has already ended."))
        if ended_on < locked.registered_on:
            raise ValueError("a registration ends on or after the day it was made")
        locked.ended_on = ended_on
        locked.end_reason = reason
        locked.ended_by = by
        locked.revision += 1
        locked.save(update_fields=["ended_on", "end_reason", "ended_by", "revision"])
    return locked
