"""Retention (issue #21 §3): a closed case's identity is purged after the configured period,
leaving the pseudonymised case, its consents and its read log."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from referrals import services
from referrals.models import Case, CaseIdentity, CaseReadLog, Stage
from tests.conftest import Cases, Cast, open_case


def close(case: Case, on: datetime.date) -> None:
    Case.objects.filter(pk=case.pk).update(stage=Stage.CLOSED, closed_on=on, outcome="successful")


@pytest.fixture
def aged(cast: Cast) -> dict[str, Case]:
    worker = cast.users["case_worker"]
    today = timezone.localdate()
    old = open_case(cast.council, worker, name="古川一郎", opened_on=datetime.date(2015, 4, 1),
                    consent_given_on=datetime.date(2015, 4, 1))  # fmt: skip
    close(old, today.replace(year=today.year - 6))
    recent = open_case(cast.council, worker, name="新田二郎", opened_on=datetime.date(2020, 4, 1),
                       consent_given_on=datetime.date(2020, 4, 1))  # fmt: skip
    close(recent, today.replace(year=today.year - 2))
    still_open = open_case(cast.council, worker, name="開田三郎")
    services.case_read_log(case=old, user=worker, what="detail", path="/referrals/cases/")
    return {"old": old, "recent": recent, "open": still_open}


def test_an_old_closed_case_loses_its_identity_and_keeps_the_rest(aged: dict[str, Case]) -> None:
    out = StringIO()
    call_command("purge_case_identities", stdout=out)
    assert "1 identities" in out.getvalue()
    old = Case.objects.get(pk=aged["old"].pk)
    assert not CaseIdentity.objects.filter(case=old).exists()
    assert old.pseudonym == aged["old"].pseudonym and old.stage == Stage.CLOSED
    assert old.consents.count() == 1
    assert CaseReadLog.objects.filter(case=old).count() == 1


def test_a_recent_closed_case_and_an_open_one_keep_their_identity(aged: dict[str, Case]) -> None:
    call_command("purge_case_identities", stdout=StringIO())
    assert set(CaseIdentity.objects.values_list("name", flat=True)) == {"新田二郎", "開田三郎"}


def test_a_dry_run_deletes_nothing(aged: dict[str, Case]) -> None:
    out = StringIO()
    call_command("purge_case_identities", "--dry-run", stdout=out)
    assert "1 identities" in out.getvalue() and "dry run" in out.getvalue()
    assert CaseIdentity.objects.count() == 3


def test_the_period_comes_from_settings_or_years(aged: dict[str, Case], settings: object) -> None:
    settings.CASE_IDENTITY_RETENTION_YEARS = 10  # type: ignore[attr-defined]
    call_command("purge_case_identities", "--years", "7", stdout=StringIO())
    assert CaseIdentity.objects.count() == 3
    call_command("purge_case_identities", "--years", "1", stdout=StringIO())
    assert set(CaseIdentity.objects.values_list("name", flat=True)) == {"開田三郎"}


def test_only_the_site_operator_purges_from_the_web(cases: Cases, cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        services.case_identities_purge(
            before=datetime.date(2100, 1, 1), by=cast.users["secretariat"]
        )
