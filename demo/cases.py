"""The demo council's cases: ten synthetic persons at every stage, and a few anonymous intakes.

Every name and address says 【デモ用の架空データ】 and the phone numbers start 000: nobody real.
The cases are opened through `case_open` by the demo case worker (soudanin) or the secretariat
(jimukyoku, then their case manager), then walked to their stage through the pipeline's
services with the records each step leaves (demo/pipeline.py). A case is found again by its
identity's name, so a second run writes nothing.
Two open cases are pre-registered for emergencies (with a consent of that scope) with the demo
hub's first provider that carries the emergency function, when the hub is seeded.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.contrib.auth import get_user_model

from council.models import Council, HubFunction
from demo import pipeline
from hubs.models import HubProvider
from referrals import services
from referrals.models import (
    AgeBand,
    AnonymousIntake,
    CaseIdentity,
    Consent,
    DisabilityType,
    EmergencyRegistration,
    IntakeSource,
    Outcome,
    Stage,
)

MARK = "【デモ用の架空データ】"

# (name, kana, birth date, stage, opened, closed, outcome, age band, district, disability, opener)
CASES = [
    ("架空一郎", "カクウイチロウ", (1990, 1, 11), Stage.INTAKE, (2025, 11, 4), None, "",
     AgeBand.FROM_30, "川口地域", DisabilityType.MENTAL, "soudanin"),
    ("見本花子", "ミホンハナコ", (2001, 2, 12), Stage.INTAKE, (2025, 12, 1), None, "",
     AgeBand.FROM_18, "中之島地域", DisabilityType.INTELLECTUAL, "jimukyoku"),
    ("試験次郎", "シケンジロウ", (1978, 3, 13), Stage.PLANNING, (2025, 9, 8), None, "",
     AgeBand.FROM_40, "栃尾地域", DisabilityType.PHYSICAL, "soudanin"),
    ("仮名三枝", "カメイミエ", (1965, 4, 14), Stage.PLANNING, (2025, 8, 20), None, "",
     AgeBand.FROM_50, "川口地域", DisabilityType.MENTAL, "soudanin"),
    ("例示四郎", "レイジシロウ", (1995, 5, 15), Stage.MATCHING, (2025, 6, 2), None, "",
     AgeBand.FROM_30, "川口地域", DisabilityType.MENTAL, "soudanin"),
    ("模擬五月", "モギサツキ", (2008, 6, 16), Stage.MATCHING, (2025, 5, 12), None, "",
     AgeBand.UNDER_18, "与板地域", DisabilityType.DEVELOPMENTAL, "jimukyoku"),
    ("架空六助", "カクウロクスケ", (1958, 7, 17), Stage.FOLLOW_UP, (2025, 4, 7), None, "",
     AgeBand.FROM_65, "寺泊地域", DisabilityType.INTRACTABLE, "soudanin"),
    ("見本七海", "ミホンナナミ", (1988, 8, 18), Stage.FOLLOW_UP, (2025, 4, 21), None, "",
     AgeBand.FROM_30, "山古志地域", DisabilityType.MULTIPLE, "soudanin"),
    ("試験八重", "シケンヤエ", (1972, 9, 19), Stage.CLOSED, (2024, 10, 1), (2025, 9, 30),
     Outcome.SUCCESSFUL, AgeBand.FROM_50, "小国地域", DisabilityType.PHYSICAL, "soudanin"),
    ("仮名九太", "カメイキュウタ", (1999, 10, 20), Stage.CLOSED, (2024, 11, 5), (2025, 7, 31),
     Outcome.CONSENT_REVOKED, AgeBand.FROM_18, "和島地域", DisabilityType.MENTAL, "soudanin"),
]  # fmt: skip
REVOKED = "仮名九太"

# name → (risk summary, crisis response, emergency contacts, medical notes, preferred place)
EMERGENCY = {
    "架空一郎": (
        f"{MARK}夜間に不安が強まり、家を飛び出すことがある",
        f"{MARK}まず母に電話。つながらなければ拠点の短期入所で受け入れる",
        f"{MARK}母 000-0000-1001（日中）、兄 000-0000-1002（夜間）",
        f"{MARK}朝夕に服薬。主治医は架空クリニック",
        f"{MARK}慣れた短期入所先を希望",
    ),
    "仮名三枝": (
        f"{MARK}同居の親が高齢で、介護者の急病時に一人になる",
        f"{MARK}相談支援専門員に連絡し、72時間以内の緊急受入れを調整",
        f"{MARK}長女 000-0000-2001",
        "",
        f"{MARK}グループホームの体験利用を希望",
    ),
}


def _hub_provider(council: Council) -> HubProvider | None:
    providers = HubProvider.objects.filter(organization__council=council).order_by("pk")
    carrying = [p for p in providers if HubFunction.EMERGENCY in p.functions]
    return (carrying or list(providers) or [None])[0]


def seed_emergency(council: Council, worker: Any) -> int:
    """Pre-register the EMERGENCY cases with the hub's provider (none without a seeded hub)."""
    provider = _hub_provider(council)
    if provider is None:
        return 0
    created = 0
    for name, (risk, response, contacts, medical, place) in EMERGENCY.items():
        identity = CaseIdentity.objects.filter(
            case__council=council, name=demo_identity(name)
        ).first()
        if identity is None or EmergencyRegistration.objects.filter(case=identity.case).exists():
            continue
        case = identity.case
        Consent.objects.create(
            case=case,
            scope=Consent.Scope.EMERGENCY,
            given_on=case.opened_on,
            taken_by=worker,
            form=Consent.Form.WRITTEN,
        )
        registration = EmergencyRegistration.objects.create(
            case=case,
            risk_summary=risk,
            crisis_response=response,
            emergency_contacts=contacts,
            medical_notes=medical,
            preferred_place=place,
            registered_on=case.opened_on,
            review_on=case.opened_on.replace(year=case.opened_on.year + 1),
            by=worker,
        )
        registration.organizations.add(provider.organization)
        created += 1
    return created


# (received on, count, source, note)
INTAKES = [
    ((2025, 10, 3), 2, IntakeSource.CONFERENCE, f"{MARK}同意前の相談（件数のみ）"),
    ((2025, 11, 14), 1, IntakeSource.HUB, f"{MARK}緊急時の電話相談（件数のみ）"),
    ((2025, 12, 5), 3, IntakeSource.CONFERENCE, f"{MARK}家族からの問い合わせ（件数のみ）"),
]


def demo_identity(name: str) -> str:
    """How a demo person's name is stored and shown: marked, so nobody takes it for real."""
    return f"{name}{MARK}"


def demo_address(number: int) -> str:
    return f"{MARK}長岡市架空町{number}丁目{number}番{number}号"


def seed_cases(council: Council) -> Counter[str]:
    stats: Counter[str] = Counter()
    logins = get_user_model().objects.filter(username__in=["soudanin", "jimukyoku"])
    users = {user.username: user for user in logins}
    for number, entry in enumerate(CASES, start=1):
        name, kana, born, stage, opened, closed, outcome, band, district, kind, opener = entry
        stored = demo_identity(name)
        if CaseIdentity.objects.filter(case__council=council, name=stored).exists():
            continue
        by = users[opener]
        opened_on = datetime.date(*opened)
        case = services.case_open(
            council=council,
            source=IntakeSource.CONFERENCE if number % 3 else IntakeSource.HUB,
            opened_on=opened_on,
            age_band=band,
            disability_type=kind,
            district=district,
            consent_scope=Consent.Scope.SHARING,
            consent_given_on=opened_on,
            consent_form=Consent.Form.WRITTEN,
            consent_taken_by=by,
            name=stored,
            name_kana=kana,
            birth_date=datetime.date(*born),
            address=demo_address(number),
            phone=f"000-0000-{number:04d}",
            by=by,
        )
        if opener == "jimukyoku":
            case.assigned_workers.add(users["soudanin"])
        pipeline.walk(
            case,
            stage=stage,
            closed_on=datetime.date(*closed) if closed else None,
            outcome=outcome,
            by=by,
            number=number,
        )
        if name == REVOKED:
            services.consent_revoke(case=case, reason=f"{MARK}本人の申し出", by=by)
        stats["created"] += 1
    stats["created"] += seed_emergency(council, users["soudanin"])
    for received, count, source, note in INTAKES:
        _, created = AnonymousIntake.objects.get_or_create(
            council=council,
            received_on=datetime.date(*received),
            note=note,
            defaults={"count": count, "source": source, "recorded_by": users["soudanin"]},
        )
        stats["created"] += created
    return stats
