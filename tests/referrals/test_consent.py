"""The consent gate: no case without a recorded consent, and revoking it stops sharing at once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from council.permissions import can
from referrals import services
from referrals.models import AnonymousIntake, Case, CaseIdentity, Consent, IntakeSource
from tests.conftest import IDENTITY_STRINGS, Cases, Cast, open_case


def test_a_case_is_not_opened_without_its_consent(cast: Cast) -> None:
    with pytest.raises(ValueError):
        open_case(cast.council, cast.users["case_worker"], consent_taken_by=None)
    with pytest.raises(TypeError):
        services.case_open(council=cast.council, by=cast.users["case_worker"], name="山田")
    assert not Case.objects.exists() and not CaseIdentity.objects.exists()


def test_the_intake_form_without_consent_opens_no_case(cast: Cast) -> None:
    response = cast.client("case_worker").post(
        reverse("referrals:case-create"),
        {"source": "conference", "opened_on": "2026-05-01", "age_band": "30_39",
         "disability_type": "mental", "name": "山田一郎"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not Case.objects.exists() and not CaseIdentity.objects.exists()


def test_a_case_worker_opens_a_case_with_consent_and_identity(cast: Cast) -> None:
    response = cast.client("case_worker").post(
        reverse("referrals:case-create"),
        {"consent_scope": "sharing", "consent_given_on": "2026-05-01", "consent_form": "written",
         "source": "hub", "opened_on": "2026-05-02", "age_band": "30_39",
         "disability_type": "mental", "district": "川口地域", "name": "山田一郎",
         "phone": "0258-00-1111"},
    )  # fmt: skip
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/referrals/cases/{case.pk}/"
    consent = case.consents.get()
    assert (consent.scope, consent.form, consent.taken_by) == (
        Consent.Scope.SHARING,
        Consent.Form.WRITTEN,
        cast.users["case_worker"],
    )
    assert case.identity.name == "山田一郎" and case.pseudonym == "ケース-2026-0001"
    assert list(case.assigned_workers.all()) == [cast.users["case_worker"]]


def test_a_consent_given_after_the_opening_is_refused(cast: Cast) -> None:
    response = cast.client("case_worker").post(
        reverse("referrals:case-create"),
        {"consent_scope": "sharing", "consent_given_on": "2026-06-01", "consent_form": "oral",
         "source": "hub", "opened_on": "2026-05-02", "age_band": "30_39",
         "disability_type": "mental", "name": "山田一郎"},
    )  # fmt: skip
    assert response.status_code == 400 and not Case.objects.exists()


def test_before_consent_only_a_count_is_kept(cast: Cast) -> None:
    response = cast.client("secretariat").post(
        reverse("referrals:intake-record"),
        {"received_on": "2026-05-01", "count": "3", "source": "conference", "note": ""},
    )
    assert response.status_code == 302
    intake = AnonymousIntake.objects.get()
    assert (intake.count, intake.source) == (3, IntakeSource.CONFERENCE)
    assert not Case.objects.exists()
    assert "3" in cast.client("city").get(reverse("referrals:case-list")).content.decode()


def _revoke(cast: Cast, case: Case, role: str = "case_worker") -> None:
    url = reverse("referrals:consent-revoke", args=[case.pk])
    response = cast.client(role).post(url, {"reason": "本人から同意撤回の申し出"})
    assert response.status_code == 302


def test_revoking_stops_the_hub_provider_at_once(cast: Cast, cases: Cases) -> None:
    provider = cast.client("hub_provider")
    detail = reverse("referrals:case-detail", args=[cases.referred.pk])
    assert provider.get(detail).status_code == 200
    _revoke(cast, cases.referred)
    assert provider.get(detail).status_code == 404
    listing = provider.get(reverse("referrals:case-list")).content.decode()
    assert cases.referred.pseudonym not in listing


def test_the_assigned_worker_keeps_the_pseudonym_and_loses_the_identity(
    cast: Cast, cases: Cases
) -> None:
    worker = cast.client("case_worker")
    detail = reverse("referrals:case-detail", args=[cases.referred.pk])
    assert "山本花子" in worker.get(detail).content.decode()
    _revoke(cast, cases.referred)
    page = worker.get(detail).content.decode()
    assert cases.referred.pseudonym in page
    assert all(text not in page for text in IDENTITY_STRINGS)
    assert "川口地域" not in page  # the pseudonymised record goes too: only the pseudonym stays
    case = Case.objects.get(pk=cases.referred.pk)
    assert not can(cast.users["case_worker"], "case.edit", case)


def test_the_case_manager_keeps_the_record_but_not_the_identity(cast: Cast, cases: Cases) -> None:
    _revoke(cast, cases.referred, role="secretariat")
    page = cast.client("secretariat").get(
        reverse("referrals:case-detail", args=[cases.referred.pk])
    )
    text = page.content.decode()
    assert "川口地域" in text and "本人から同意撤回の申し出" in text
    assert all(value not in text for value in IDENTITY_STRINGS)


def test_the_revocation_is_recorded_with_who_when_and_why(cast: Cast, cases: Cases) -> None:
    _revoke(cast, cases.referred)
    consent = Consent.objects.get(case=cases.referred)
    assert consent.revoked_on == datetime.date.today()
    assert consent.revoked_by == cast.users["case_worker"]
    assert consent.revoked_reason == "本人から同意撤回の申し出"


def test_a_revocation_without_a_reason_is_refused_and_changes_nothing(
    cast: Cast, cases: Cases
) -> None:
    url = reverse("referrals:consent-revoke", args=[cases.referred.pk])
    assert cast.client("case_worker").post(url, {"reason": " "}).status_code == 400
    assert Consent.objects.get(case=cases.referred).revoked_on is None
