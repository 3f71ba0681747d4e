"""The secretariat invites a person to a login (role, bodies, the reset e-mail as invitation),
deactivates and reactivates it; members see their own terms on the dashboard."""

from __future__ import annotations

import datetime

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext

from council.models import Council, CouncilRole, Membership, Organization, Person
from tests.conftest import PASSWORD, Cast
from tests.council.test_passwords import NEW_PASSWORD, logs_in, reset_link, set_password_through


def can_log_in(username: str) -> bool:
    return ModelBackend().authenticate(None, username=username, password=PASSWORD) is not None


def invite(cast: Cast, person: Person, **data: object) -> object:
    url = reverse("council:person-account-invite", args=[person.pk])
    return cast.client("secretariat").post(url, data)


def test_an_invited_person_gets_an_email_chooses_a_password_and_sits_in_their_body(
    cast: Cast,
) -> None:
    person = Person.objects.create(council=cast.council, name="高橋", email="t@example.jp")
    response = invite(
        cast,
        person,
        username="takahashi",
        email="t@example.jp",
        role="member",
        bodies=[cast.body_b.pk],
    )
    assert response.status_code == 302
    person.refresh_from_db()
    user = person.user
    assert user.username == "takahashi" and not user.has_usable_password()
    assert CouncilRole.objects.get(user=user).role == "member"
    assert Membership.objects.filter(
        person=person, body=cast.body_b, fiscal_year=cast.year
    ).exists()
    (message,) = mail.outbox
    assert message.to == ["t@example.jp"]
    set_password_through(reset_link(message.body), NEW_PASSWORD)
    assert logs_in("takahashi", NEW_PASSWORD)
    client = Client()
    client.force_login(User.objects.get(pk=user.pk))
    page = client.get(reverse("council:dashboard")).content.decode()
    assert "自分の所属と任期" in page and "相談支援部会" in page


def test_without_an_email_the_invitation_is_a_one_time_link_on_the_page(cast: Cast) -> None:
    person = Person.objects.create(council=cast.council, name="伊藤")
    response = invite(cast, person, username="ito", email="", role="city")
    assert response.status_code == 200 and mail.outbox == []
    page = response.content.decode()
    assert "招待リンク" in page and "ito" in page
    set_password_through(reset_link(page), NEW_PASSWORD)
    assert logs_in("ito", NEW_PASSWORD)
    assert CouncilRole.objects.get(user__username="ito").role == "city"


def test_a_taken_user_name_is_refused_in_japanese_and_nothing_is_created(cast: Cast) -> None:
    person = Person.objects.create(council=cast.council, name="伊藤")
    users = User.objects.count()
    response = invite(cast, person, username="Member_A", email="", role="member")
    assert response.status_code == 400
    assert "すでに使われています" in response.content.decode()
    assert User.objects.count() == users and Person.objects.get(pk=person.pk).user is None


def test_the_secretariat_deactivates_an_account_and_its_login_stops(cast: Cast) -> None:
    member = cast.client("member_b")
    url = reverse("council:person-account-active", args=[cast.person_b.pk, "deactivate"])
    assert cast.client("secretariat").post(url).status_code == 302
    assert not User.objects.get(username="member_b").is_active
    assert member.get(reverse("council:dashboard")).status_code == 302  # logged out
    assert not can_log_in("member_b")
    page = cast.client("secretariat").get(reverse("council:person-detail", args=[cast.person_b.pk]))
    assert "アカウントを再び有効にする" in page.content.decode()
    again = reverse("council:person-account-active", args=[cast.person_b.pk, "activate"])
    assert cast.client("secretariat").post(again).status_code == 302
    assert can_log_in("member_b")


def test_the_secretariat_cannot_deactivate_its_own_account(cast: Cast) -> None:
    person = Person.objects.create(
        council=cast.council, name="事務局員", user=cast.users["secretariat"]
    )
    url = reverse("council:person-account-active", args=[person.pk, "deactivate"])
    assert cast.client("secretariat").post(url).status_code == 403
    assert User.objects.get(username="secretariat").is_active


def test_a_member_sees_their_own_terms_on_the_dashboard(cast: Cast) -> None:
    Membership.objects.filter(pk=cast.membership_a.pk).update(
        appointed_on=datetime.date(2020, 4, 1), term_ends_on=datetime.date(2022, 3, 31)
    )
    page = cast.client("member_a").get(reverse("council:dashboard")).content.decode()
    assert "自分の所属と任期" in page and "就労部会" in page and "令和4年3月31日" in page
    other = cast.client("member_b").get(reverse("council:dashboard")).content.decode()
    assert "令和4年3月31日" not in other
    assert (
        "自分の所属と任期"
        not in cast.client("city").get(reverse("council:dashboard")).content.decode()
    )


def test_a_hub_provider_is_invited_with_its_organisation(cast: Cast) -> None:
    home = Organization.objects.create(council=cast.council, name="拠点ホーム")
    person = Person.objects.create(council=cast.council, name="拠点の職員")
    response = invite(
        cast, person, username="hub2", email="", role="hub_provider", organization=home.pk
    )
    assert response.status_code == 200
    assert CouncilRole.objects.get(user__username="hub2").organization == home


def test_a_hub_provider_without_an_organisation_is_refused_and_nothing_is_created(
    cast: Cast,
) -> None:
    person = Person.objects.create(council=cast.council, name="拠点の職員")
    response = invite(cast, person, username="hub3", email="", role="hub_provider")
    assert response.status_code == 400
    assert escape(gettext("Choose the hub provider's organisation.")) in response.content.decode()
    assert not User.objects.filter(username="hub3").exists()


def test_the_privacy_officer_flag_goes_to_a_secretariat_account_only(cast: Cast) -> None:
    officer = Person.objects.create(council=cast.council, name="個人情報保護担当")
    invite(cast, officer, username="po", email="", role="secretariat", is_privacy_officer="on")
    assert CouncilRole.objects.get(user__username="po").is_privacy_officer
    member = Person.objects.create(council=cast.council, name="委員")
    response = invite(cast, member, username="m9", email="", role="member", is_privacy_officer="on")
    assert response.status_code == 400
    assert gettext("Only a secretariat account can be one.") in response.content.decode()
    assert not User.objects.filter(username="m9").exists()


def test_an_organisation_of_another_council_cannot_be_chosen(cast: Cast) -> None:
    other = Council.objects.create(name="他市協議会", slug="other-org-test")
    foreign = Organization.objects.create(council=other, name="他市の事業所")
    person = Person.objects.create(council=cast.council, name="拠点の職員")
    response = invite(
        cast, person, username="hub4", email="", role="hub_provider", organization=foreign.pk
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="hub4").exists()
