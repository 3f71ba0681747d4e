"""The demo council's liaison network (委託相談支援事業所との連絡会議): a profile, attendance
figures for its five 令和2年度 meetings, two study visits and the plan (企画書) they came from.

The report transcribes only the meetings' dates: everything here is synthetic and says
【デモ用の架空データ】 (the profile's role, each attendance note, each visit's purpose). Rows are
found by a natural key and saved only when a value differs, so a second run writes nothing.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db import models

from council.models import Body, Council, FiscalYear, Meeting
from documents.models import Block, WrittenDocument, WrittenKind
from networks.models import (
    NetworkProfile,
    StudyVisit,
)

MARK = "【デモ用の架空データ】"
CHANGE_REASON = "seed_networks"
NETWORK = "委託相談支援事業所との連絡会議"

PROFILE = {
    "started_on": datetime.date(2019, 4, 1),  # 平成31年4月: the 地区担当制 began (the seed)
    "purpose_citation": "長岡市障害者自立支援協議会設置要綱に基づく連絡会議",
    "members_role": f"{MARK}\n各事業所の地区担当として把握した地域の課題を持ち寄り、部会へつなぐ。",
}
PURPOSES = [
    "委託相談支援事業所と行政が地区担当制の現状を共有する。",
    "現場の課題を整理し、相談体制部会へ報告する。",
    "事業所間の連携を深め、困難事例への対応を協議する。",
]
COMPOSITION = [
    ("委託相談支援事業所", 5, "ヶ所"),
    ("基幹相談支援センター", 1, "ヶ所"),
    ("行政", 2, "課"),
]
# number: (organisations, persons, attendance note)
ATTENDANCE = {
    1: (7, 12, "各区役所の担当者も参加"),
    2: (7, 11, ""),
    3: (8, 14, "地域包括支援センターも参加"),
    4: (7, 10, ""),
    5: (8, 13, "書面での意見提出1機関"),
}
# The 企画書 both visits came from, written in the structured-document engine: (level,
# numbering, heading, text, blocks as (kind, marker, label, text)).
PLAN = {
    "kind": WrittenKind.PLAN,
    "date": datetime.date(2020, 9, 1),
    "title": "＜先進地視察研修＞企画書",
    "subtitle": "〔令和2年度　委託相談支援事業所との連絡会議〕",
    "preamble": f"{MARK}地区担当制の運用を見直すため、先行する市を視察する。",
}
PLAN_PARTS = [  # the closing 以上 is the document's own (DocumentHead.closing)
    (1, "１、", "目的", "", [(Block.Kind.BULLET, "◆", "", "地区担当制の運用と課題を学ぶ。")]),
    (1, "１、", "視察先", "", []),
    (2, "(1)", "新潟市", "令和2年11月", [(Block.Kind.FIELD, "", "内容", "地区担当制の運用")]),
    (2, "(1)", "上越市", "令和3年1月", [(Block.Kind.FIELD, "", "内容", "基幹との役割分担")]),
    (1, "１、", "参加者", "委託相談支援事業所、行政", []),
]
VISITS = [
    {
        "month": datetime.date(2020, 11, 1),
        "destination": "新潟市",
        "title": "地区担当制の運用",
        "purpose": f"{MARK}先行する市の地区担当制の運用と課題を学ぶ。",
        "participants": "委託相談支援事業所5名、行政2名",
        "keywords": "地区担当制、アウトリーチ",
        "reported_separately": False,
        "findings": [
            "担当地区ごとに民生委員との定例会を持っている。",
            "相談の入口を一本化し、事業所間で引き継ぐ。",
        ],
    },
    {
        "month": datetime.date(2021, 1, 1),
        "destination": "上越市",
        "title": "基幹相談支援センターとの役割分担",
        "purpose": f"{MARK}基幹相談支援センターと委託相談の役割分担を学ぶ。",
        "participants": "委託相談支援事業所3名",
        "keywords": "重層的支援、役割分担",
        "reported_separately": True,
        "findings": [],
    },
]


def _save(obj: models.Model, values: dict[str, Any], stats: Counter[str]) -> models.Model:
    """Set the values and save, only when one differs (every save writes a history record)."""
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if obj.pk and not changed:
        return obj
    for key, value in changed.items():
        setattr(obj, key, value)
    if obj.pk and hasattr(obj, "revision"):
        obj.revision += 1  # an open edit form must see that the row moved on
    stats["updated" if obj.pk else "created"] += 1
    obj._change_reason = CHANGE_REASON
    obj.save()
    return obj


def _rows(
    manager: Any, wanted: list[dict[str, Any]], fields: list[str], stats: Counter[str]
) -> None:
    """Replace a record's ordered rows, only when they differ (rows have no natural key)."""
    current = [{f: getattr(row, f) for f in fields} for row in manager.order_by("order", "id")]
    if current == wanted:
        return
    for row in manager.all():
        row._change_reason = CHANGE_REASON
        row.delete()
    for order, values in enumerate(wanted, start=1):
        row = manager.model(**{manager.field.name: manager.instance}, order=order, **values)
        row._change_reason = CHANGE_REASON
        row.save()
    stats["created"] += len(wanted)


def seed_networks(council: Council) -> Counter[str]:
    stats: Counter[str] = Counter()
    body = Body.objects.filter(council=council, name=NETWORK).first()
    year = FiscalYear.objects.filter(council=council, year=2020).first()
    if body is None or year is None:
        return stats
    profile = NetworkProfile.objects.filter(body=body).first() or NetworkProfile(body=body)
    profile = _save(profile, PROFILE, stats)
    _rows(profile.purposes, [{"text": text} for text in PURPOSES], ["text"], stats)
    composition = [
        {"organization_type": kind, "count": count, "unit": unit}
        for kind, count, unit in COMPOSITION
    ]
    _rows(profile.composition, composition, ["organization_type", "count", "unit"], stats)
    for meeting in Meeting.objects.filter(body=body, fiscal_year=year, number__in=ATTENDANCE):
        organizations, persons, note = ATTENDANCE[meeting.number]
        values = {
            "organization_count": organizations,
            "person_count": persons,
            "attendance_note": f"{MARK}{note}" if note else MARK,
        }
        _save(meeting, values, stats)
    plan = _plan(council, body, year, stats)
    for entry in VISITS:
        values = {k: v for k, v in entry.items() if k != "findings"} | {"plan": plan}
        key = {"body": body, "fiscal_year": year, "destination": entry["destination"]}
        visit = StudyVisit.objects.filter(**key).first() or StudyVisit(**key)
        visit = _save(visit, values, stats)
        _rows(visit.findings, [{"text": t} for t in entry["findings"]], ["text"], stats)
    return stats


def _plan(council: Council, body: Body, year: FiscalYear, stats: Counter[str]) -> WrittenDocument:
    """The plan with its parts and blocks, written once (a second run finds it by title)."""
    plan = WrittenDocument.objects.filter(council=council, title=PLAN["title"]).first()
    if plan is not None:
        return plan
    plan = WrittenDocument.objects.create(council=council, fiscal_year=year, body=body, **PLAN)
    for order, (level, numbering, heading, text, blocks) in enumerate(PLAN_PARTS, start=1):
        part = plan.parts.create(
            order=order, level=level, numbering=numbering, heading=heading, text=text
        )
        for position, (kind, marker, label, block_text) in enumerate(blocks, start=1):
            part.blocks.create(
                order=position, kind=kind, marker=marker, label=label, text=block_text
            )
    stats["created"] += 1
    return plan
