"""Emergency pre-registration (緊急時の事前登録): seen by the case's team and the hub providers
it is registered with, only while the emergency consent is active and the registration is not
ended; printed as the roster, every reading and print logged."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pypdf
import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from council.models import CouncilRole, Organization
from council.permissions import can
from referrals import services
from referrals.models import CaseReadLog, Consent, EmergencyRegistration
from tests.conftest import (
    EMERGENCY_IDENTITY,
    ROLES,
    Cast,
    Emergency,
    emergency_consent,
    make_user,
    open_case,
)

NAME = EMERGENCY_IDENTITY["name"]
LIST = "referrals:emergency-list"
ROSTER = "referrals:emergency-roster-pdf"


def pdf_text(content: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    return "".join("".join(page.extract_text().split()) for page in pages)


def other_provider(cast: Cast) -> Any:
    """Staff of another hub provider of the same council, which the person is not registered
    with."""
    organization = Organization.objects.create(
        council=cast.council, name="別の拠点事業所", category=Organization.Category.SERVICE
    )
    user = make_user("other_provider", None, None)
    CouncilRole.objects.create(
        user=user,
        council=cast.council,
        role=CouncilRole.Role.HUB_PROVIDER,
        organization=organization,
    )
    return user


def form(cast: Cast, **changes: Any) -> dict[str, Any]:
    data = {
        "organizations": [cast.org.pk],
        "risk_summary": "火の不始末のおそれ",
        "crisis_response": "兄に連絡",
        "emergency_contacts": "兄 0258-55-6666",
        "medical_notes": "",
        "preferred_place": "",
        "registered_on": "2026-06-01",
        "review_on": "2027-05-31",
        "revision": "0",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["case_worker", "secretariat", "hub_provider"])
def test_the_team_and_the_registered_provider_see_the_list_and_the_roster(
    cast: Cast, emergency: Emergency, role: str
) -> None:
    client = cast.client(role)
    page = client.get(reverse(LIST))
    assert page.status_code == 200
    assert NAME in page.content.decode() and emergency.case.pseudonym in page.content.decode()
    roster = client.get(reverse(ROSTER))
    assert roster.status_code == 200 and roster["Content-Type"] == "application/pdf"
    text = pdf_text(roster.content)
    assert "緊急時の事前登録者名簿" in text and "令和" in text
    for value in (NAME, "長岡市緊急町1丁目2番3号", "0258-11-2222", "母に連絡し、短期入所へ"):
        assert value in text


@pytest.mark.parametrize("role", ["city", "auditor", "member_a", "past_member"])
def test_city_auditors_and_body_members_are_refused(
    cast: Cast, emergency: Emergency, role: str
) -> None:
    client = cast.client(role)
    assert client.get(reverse(LIST)).status_code == 403
    assert client.get(reverse(ROSTER)).status_code == 403
    detail = client.get(reverse("referrals:case-detail", args=[emergency.case.pk]))
    assert "母に連絡し、短期入所へ" not in detail.content.decode()


def test_another_organisations_provider_and_the_operator_see_none_of_it(
    cast: Cast, emergency: Emergency
) -> None:
    client = cast.client("hub_provider")
    client.force_login(other_provider(cast))
    for c in (client, cast.client("operator")):
        page = c.get(reverse(LIST))
        assert page.status_code == 200 and NAME not in page.content.decode()
        assert NAME not in pdf_text(c.get(reverse(ROSTER)).content)
    assert (
        client.get(
            reverse("referrals:emergency-edit", args=[emergency.registration.pk])
        ).status_code
        == 404
    )


def test_list_visibility_agrees_with_the_rule(cast: Cast, emergency: Emergency) -> None:
    users = [cast.users[role] for role in ROLES[1:]] + [other_provider(cast)]
    for user in users:
        listed = set(EmergencyRegistration.objects.visible_to(user))
        allowed = {r for r in EmergencyRegistration.objects.all() if can(user, "emergency.view", r)}
        assert listed == allowed, user.username
    seeing = {u.username for u in users if EmergencyRegistration.objects.visible_to(u).exists()}
    assert seeing == {"secretariat", "case_worker", "hub_provider"}


def test_revoking_the_consent_hides_the_registration_at_once(
    cast: Cast, emergency: Emergency
) -> None:
    services.consent_revoke(
        case=emergency.case, reason="本人の申し出", by=cast.users["case_worker"]
    )
    for role in ("case_worker", "secretariat", "hub_provider"):
        client = cast.client(role)
        assert NAME not in client.get(reverse(LIST)).content.decode()
        assert NAME not in pdf_text(client.get(reverse(ROSTER)).content)
    edit = reverse("referrals:emergency-edit", args=[emergency.registration.pk])
    assert cast.client("secretariat").get(edit).status_code == 404


def test_revoking_only_another_consent_keeps_it(cast: Cast, emergency: Emergency) -> None:
    Consent.objects.create(
        case=emergency.case,
        scope=Consent.Scope.SHARING,
        given_on=datetime.date(2026, 5, 1),
        taken_by=cast.users["case_worker"],
        form=Consent.Form.WRITTEN,
        revoked_on=datetime.date(2026, 6, 1),
        revoked_by=cast.users["case_worker"],
        revoked_reason="共有は不要",
    )
    assert NAME in cast.client("hub_provider").get(reverse(LIST)).content.decode()


def test_an_ended_registration_is_hidden(cast: Cast, emergency: Emergency) -> None:
    url = reverse("referrals:emergency-end", args=[emergency.registration.pk])
    client = cast.client("case_worker")
    response = client.post(url, {"ended_on": "2026-07-01", "reason": "転居"})
    assert response.status_code == 302
    emergency.registration.refresh_from_db()
    assert emergency.registration.ended_on == datetime.date(2026, 7, 1)
    assert emergency.registration.ended_by == cast.users["case_worker"]
    for role in ("case_worker", "hub_provider"):
        assert NAME not in cast.client(role).get(reverse(LIST)).content.decode()
    assert client.get(url).status_code == 404


def test_ending_needs_a_reason_and_a_date_not_in_the_future(
    cast: Cast, emergency: Emergency
) -> None:
    url = reverse("referrals:emergency-end", args=[emergency.registration.pk])
    client = cast.client("case_worker")
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    for data in ({"ended_on": "2026-07-01", "reason": " "}, {"ended_on": future, "reason": "転居"}):
        response = client.post(url, data)
        assert response.status_code == 400
    response = client.post(url, {"ended_on": "令和8年7月1日", "reason": "転居の予定"})
    assert response.status_code == 400 and "転居の予定" in response.content.decode()
    emergency.registration.refresh_from_db()
    assert emergency.registration.ended_on is None


def test_the_print_is_logged_with_what_pdf(cast: Cast, emergency: Emergency) -> None:
    cast.client("hub_provider").get(reverse(ROSTER))
    logged = CaseReadLog.objects.filter(user=cast.users["hub_provider"], what=CaseReadLog.What.PDF)
    assert [row.case for row in logged] == [emergency.case]
    assert logged.get().path == reverse(ROSTER)


def test_the_list_logs_each_registration_it_shows(cast: Cast, emergency: Emergency) -> None:
    cast.client("case_worker").get(reverse(LIST))
    logged = CaseReadLog.objects.filter(
        user=cast.users["case_worker"], what=CaseReadLog.What.EMERGENCY
    )
    assert [row.case for row in logged] == [emergency.case]


def test_the_case_detail_shows_the_registration_to_its_team(
    cast: Cast, emergency: Emergency
) -> None:
    url = reverse("referrals:case-detail", args=[emergency.case.pk])
    page = cast.client("case_worker").get(url).content.decode()
    assert "母に連絡し、短期入所へ" in page
    assert reverse("referrals:emergency-end", args=[emergency.registration.pk]) in page
    unregistered = reverse("referrals:case-detail", args=[emergency.unregistered.pk])
    page = cast.client("case_worker").get(unregistered).content.decode()
    assert reverse("referrals:emergency-create", args=[emergency.unregistered.pk]) in page
    list_page = cast.client("case_worker").get(reverse("referrals:case-list")).content.decode()
    assert reverse(LIST) in list_page


def test_the_team_registers_a_case_with_its_emergency_consent(
    cast: Cast, emergency: Emergency
) -> None:
    url = reverse("referrals:emergency-create", args=[emergency.unregistered.pk])
    response = cast.client("case_worker").post(url, form(cast))
    assert response.status_code == 302
    registration = EmergencyRegistration.objects.get(case=emergency.unregistered)
    assert list(registration.organizations.all()) == [cast.org]
    assert registration.by == cast.users["case_worker"]
    # Registered already: the form goes to its registration.
    again = cast.client("case_worker").get(url)
    assert again["Location"] == reverse("referrals:emergency-edit", args=[registration.pk])


def test_registering_is_refused_without_an_emergency_consent(
    cast: Cast, emergency: Emergency
) -> None:
    case = open_case(cast.council, cast.users["case_worker"], name="同意共有のみ")
    url = reverse("referrals:emergency-create", args=[case.pk])
    response = cast.client("case_worker").post(url, form(cast))
    assert response.status_code == 400
    assert escape(_(services.EmergencyConsentRequired.message)) in response.content.decode()
    assert "火の不始末のおそれ" in response.content.decode()  # what was typed is kept
    assert not EmergencyRegistration.objects.filter(case=case).exists()


def test_a_review_before_the_registration_is_refused_and_the_text_kept(
    cast: Cast, emergency: Emergency
) -> None:
    url = reverse("referrals:emergency-create", args=[emergency.unregistered.pk])
    response = cast.client("case_worker").post(url, form(cast, review_on="2026-01-01"))
    assert response.status_code == 400
    assert "火の不始末のおそれ" in response.content.decode()
    response = cast.client("case_worker").post(url, form(cast, organizations=[], review_on="x"))
    assert response.status_code == 400
    assert not EmergencyRegistration.objects.filter(case=emergency.unregistered).exists()


def test_a_stale_edit_is_refused_and_keeps_the_text(cast: Cast, emergency: Emergency) -> None:
    url = reverse("referrals:emergency-edit", args=[emergency.registration.pk])
    client = cast.client("case_worker")
    assert client.post(url, form(cast, risk_summary="一度目")).status_code == 302
    response = client.post(url, form(cast, risk_summary="古い版からの編集"))
    assert response.status_code == 400
    assert "古い版からの編集" in response.content.decode()
    emergency.registration.refresh_from_db()
    assert emergency.registration.risk_summary == "一度目"


def test_an_ended_registration_is_registered_again_on_its_row(
    cast: Cast, emergency: Emergency
) -> None:
    worker = cast.users["case_worker"]
    services.emergency_end(
        registration=emergency.registration,
        ended_on=datetime.date(2026, 7, 1),
        reason="入院",
        by=worker,
    )
    emergency_consent(emergency.case, worker)
    url = reverse("referrals:emergency-create", args=[emergency.case.pk])
    response = cast.client("case_worker").post(url, form(cast, revision="1"))
    assert response.status_code == 302
    registration = EmergencyRegistration.objects.get(case=emergency.case)
    assert registration.ended_on is None and registration.end_reason == ""
    assert NAME in cast.client("hub_provider").get(reverse(LIST)).content.decode()


def test_the_service_refuses_without_the_consent(cast: Cast, emergency: Emergency) -> None:
    from referrals.forms import EmergencyRegistrationForm

    case = open_case(cast.council, cast.users["case_worker"], name="同意共有のみ")
    bound = EmergencyRegistrationForm(
        form(cast), instance=EmergencyRegistration(case=case), council=cast.council
    )
    assert bound.is_valid(), bound.errors
    with pytest.raises(services.EmergencyConsentRequired):
        services.emergency_save(form=bound, by=cast.users["case_worker"])
    assert not EmergencyRegistration.objects.filter(case=case).exists()
