"""`seed_demo` loads the 長岡市 令和2年度 demo council from the seed, idempotently."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from council.accounts import DEMO_PASSWORD
from council.models import (
    Body,
    BodyYear,
    Council,
    CouncilRole,
    Meeting,
    Membership,
    Person,
)
from referrals.models import SocialResource

pytestmark = pytest.mark.django_db

JOSEIKAI = "精神障害にも対応した地域包括ケアシステム協議の場準備会"


@pytest.fixture
def council(settings: Any) -> Council:
    # Hashing five demo passwords with the production hasher would dominate the test time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0)
    return Council.objects.get(slug="nagaoka")


def meetings(council: Council, body: str, year: int = 2020) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            body__council=council, body__name=body, fiscal_year__year=year
        ).order_by("number")
    )


def test_bodies_and_meeting_counts_match_the_schedule_grid(council: Council) -> None:
    assert council.bodies.count() == 10
    assert council.current_fiscal_year().year == 2020
    expected = {
        "全体会": 3,
        "運営会議": 7,
        "相談体制部会": 6,
        "相談支援部会": 6,
        "どこでだれと暮らしたいか部会": 0,
        "就労部会": 4,
        "地域づくり部会": 3,
        JOSEIKAI: 6,
        "委託相談支援事業所との連絡会議": 5,
        "相談支援ミーティング": 5,
    }
    # Bodies come in the grid's row order.
    assert list(council.bodies.order_by("order").values_list("name", flat=True)) == list(expected)
    assert {name: len(meetings(council, name)) for name in expected} == expected


def test_bodies_form_a_tree(council: Council) -> None:
    plenary = Body.objects.get(council=council, name="全体会")
    steering = Body.objects.get(council=council, name="運営会議")
    assert plenary.parent is None and steering.parent == plenary
    assert Body.objects.get(council=council, name="就労部会").parent == steering
    assert Body.objects.get(council=council, name=JOSEIKAI).kind == Body.Kind.FORUM
    assert Body.objects.get(council=council, name="就労部会").theme == "就労定着のためにできること"


def test_shuro_bukai_meetings_keep_the_reports_dates(council: Council) -> None:
    dates = [m.date for m in meetings(council, "就労部会")]
    # 第4回: 令和3年1月12日 in the report (the grid says 1月13日).
    assert dates == [
        datetime.date(2020, 8, 6),
        datetime.date(2020, 10, 7),
        datetime.date(2020, 11, 30),
        datetime.date(2021, 1, 12),
    ]


def test_steering_meeting_of_16_december_was_held_in_writing(council: Council) -> None:
    written = [m for m in meetings(council, "運営会議") if m.is_written]
    assert [(m.number, m.date) for m in written] == [(5, datetime.date(2020, 12, 16))]


def test_dokodare_is_paused_in_2020_with_no_meetings(council: Council) -> None:
    dokodare = Body.objects.get(council=council, short_name="どこだれ部会")
    year = BodyYear.objects.get(body=dokodare, fiscal_year__year=2020)
    assert year.status == BodyYear.Status.PAUSED
    assert "協議の場準備会を実施するため、どこだれ部会は休止とした" in year.note
    assert not dokodare.meetings.exists()
    others = BodyYear.objects.filter(fiscal_year__year=2020).exclude(body=dokodare)
    assert set(others.values_list("status", flat=True)) == {BodyYear.Status.ACTIVE}


def test_first_shuro_meeting_has_the_seeds_bullets_in_order(council: Council) -> None:
    first = meetings(council, "就労部会")[0]
    texts = list(first.items.order_by("order").values_list("text", flat=True))
    assert len(texts) == 3
    assert texts[0] == "長岡市障害者自立支援協議会について確認"
    assert texts[1].startswith("事務局では今年度の取り組みとして【就労定着支援】をテーマに")
    assert texts[2].startswith("今年度の部会の取り組みとしては、当初の予定通りに")
    assert not any(text.startswith("・") for text in texts)


def test_junbikai_first_meeting_is_in_fiscal_2019(council: Council) -> None:
    # Printed 「令和元年3月13日」, which does not exist; read as 令和2年3月13日 (令和元年度).
    first = Meeting.objects.get(body__name=JOSEIKAI, number=1)
    assert first.fiscal_year.year == 2019
    assert first.date == datetime.date(2020, 3, 13)
    assert not first.fiscal_year.is_current


def test_nunokawa_is_one_person_in_several_bodies(council: Council) -> None:
    nunokawa = Person.objects.get(
        council=council, name="布川", organization__name="長岡市障害者基幹相談支援センター"
    )
    bodies = set(nunokawa.memberships.values_list("body__name", flat=True))
    assert bodies == {"就労部会", "相談体制部会", "相談支援部会", "地域づくり部会", JOSEIKAI}
    assert {m.role for m in nunokawa.memberships.all()} == {Membership.Role.SECRETARIAT}


def test_secretariat_memberships_are_marked(council: Council) -> None:
    shuro = Membership.objects.filter(body__name="就労部会", fiscal_year__year=2020)
    assert list(
        shuro.filter(role=Membership.Role.SECRETARIAT).values_list("person__name", flat=True)
    ) == [
        "今井",
        "山田",
        "斎藤",
        "近藤",
        "布川",
    ]
    assert shuro.get(person__name="佐々木").role == Membership.Role.MEMBER
    # The same person can be secretariat in one body and a plain member in another.
    imai = Person.objects.get(name="今井", organization__name="越路ハイム地域生活支援センター")
    roles = dict(imai.memberships.values_list("body__name", "role"))
    assert roles == {"就労部会": "secretariat", "相談支援部会": "member"}


@pytest.mark.parametrize(
    ("username", "role"),
    [
        ("jimukyoku", CouncilRole.Role.SECRETARIAT),
        ("shuro", CouncilRole.Role.MEMBER),
        ("soudan", CouncilRole.Role.MEMBER),
        ("city", CouncilRole.Role.CITY),
        ("kansa", CouncilRole.Role.AUDITOR),
        ("soudanin", CouncilRole.Role.CASE_WORKER),
    ],
)
def test_demo_users_log_in_with_the_demo_password(
    council: Council, username: str, role: str
) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("council:dashboard")).status_code == 200
    user = User.objects.get(username=username)
    assert CouncilRole.objects.get(user=user, council=council).role == role
    assert user.last_name and user.first_name


def test_member_accounts_sit_in_their_own_body_only(council: Council) -> None:
    def bodies(username: str) -> set[str]:
        person = Person.objects.get(user__username=username)
        return set(person.memberships.values_list("body__name", flat=True))

    assert "就労部会" in bodies("shuro") and "相談支援部会" not in bodies("shuro")
    assert "相談支援部会" in bodies("soudan") and "就労部会" not in bodies("soudan")
    for username in ("shuro", "soudan"):
        person = Person.objects.get(user__username=username)
        assert not person.memberships.filter(role=Membership.Role.SECRETARIAT).exists()


def test_running_twice_changes_no_row_and_writes_no_history(council: Council) -> None:
    models = [m for m in apps.get_models() if m._meta.managed]  # with the Historical* tables
    assert any(model.__name__.startswith("Historical") for model in models)
    before = {model._meta.label: model._default_manager.count() for model in models}
    out = StringIO()
    call_command("seed_demo", stdout=out)
    after = {model._meta.label: model._default_manager.count() for model in models}
    assert after == before
    assert "0 created, 0 updated" in out.getvalue()


def test_a_changed_row_is_updated_in_place(council: Council) -> None:
    meeting = meetings(council, "就労部会")[3]
    Meeting.objects.filter(pk=meeting.pk).update(date=datetime.date(2021, 1, 13))
    meeting.items.all().delete()
    call_command("seed_demo", verbosity=0)
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2021, 1, 12)
    assert meeting.items.count() == 1
    assert meeting.revision == 1


def test_the_catalogue_has_ten_marked_programmes(council: Council) -> None:
    resources = SocialResource.objects.filter(council=council)
    assert resources.count() == 10
    assert all(r.description.startswith("【デモ用の架空データ】") for r in resources)
    centre = resources.get(name="地域活動支援センター")
    assert sorted(centre.operating_forms.values_list("kind", "sites")) == [
        ("commissioned", 1),
        ("designated", 3),
        ("direct", 3),
    ]


def test_some_demo_programmes_have_a_structured_description(council: Council) -> None:
    resources = SocialResource.objects.filter(council=council)
    grants = resources.get(name="地域づくり支援団体補助")
    figures = [figure.text for figure in grants.figures.all()]
    assert figures[:2] == [
        "支援団体数 74団体（令和4年12月末現在）",
        "延支援件数 1,652件（令和4年12月末現在）",
    ]
    assert {f.area for f in grants.figures.all()} > {""}  # and per-area counts
    assert [kind for kind, _ in grants.description_parts()] == ["heading", "step", "paragraph"]
    salons = resources.get(name="地域の茶の間").facilities.all()
    assert len(salons) == 3
    assert all(f.note.startswith("【デモ用の架空データ】") and f.opened_on for f in salons)


def test_the_demo_cases_are_synthetic_and_at_every_stage(council: Council) -> None:
    from demo.cases import MARK
    from referrals.models import AnonymousIntake, Case, CaseIdentity, Stage

    cases = Case.objects.filter(council=council)
    assert set(cases.values_list("stage", flat=True)) == set(Stage.values)
    assert cases.count() == 10
    for identity in CaseIdentity.objects.filter(case__council=council):
        assert MARK in identity.name and MARK in identity.address
        assert identity.phone.startswith("000-")
    revoked = cases.exclude(consents__revoked_on=None).get()
    assert revoked.stage == Stage.CLOSED and revoked.outcome == "consent_revoked"
    worker = User.objects.get(username="soudanin")
    assert cases.filter(assigned_workers=worker).count() == 10
    assert cases.filter(case_managers__username="jimukyoku").count() == 2
    assert AnonymousIntake.objects.filter(council=council).count() == 3


def test_the_demo_cases_carry_the_records_of_the_steps_they_went_through(
    council: Council,
) -> None:
    from referrals.models import Case, Stage

    cases = Case.objects.filter(council=council)
    for case in cases:
        steps = list(case.stage_changes.order_by("at"))
        assert [s.to_stage for s in steps][-1:] == (
            [] if case.stage == Stage.INTAKE else [case.stage]
        )
        assert all(step.at.date() >= case.opened_on for step in steps)
        past_intake = case.stage != Stage.INTAKE
        assert case.plans.exists() == past_intake
    following = cases.filter(stage=Stage.FOLLOW_UP)
    for case in following:
        assert case.matches.filter(status="accepted").count() == 1
        assert case.follow_ups.filter(done_on=None).count() == 1  # the visit still to make
    connected = cases.get(stage=Stage.CLOSED, outcome="successful")
    assert connected.closed_on == datetime.date(2025, 9, 30)
    assert connected.stage_changes.last().at.date() == connected.closed_on
    assert connected.keep_in_touch.count() == 1 and connected.evaluation
    assert cases.filter(stage=Stage.MATCHING, matches__status="proposed").count() == 2


def test_two_demo_cases_are_pre_registered_with_the_hubs_provider(council: Council) -> None:
    from demo.cases import MARK
    from hubs.models import HubProvider
    from referrals.models import EmergencyRegistration

    registrations = EmergencyRegistration.objects.shown().filter(case__council=council)
    assert registrations.count() == 2
    providers = set(
        HubProvider.objects.filter(organization__council=council).values_list(
            "organization", flat=True
        )
    )
    for registration in registrations:
        assert MARK in registration.risk_summary
        assert set(registration.organizations.values_list("pk", flat=True)) <= providers
