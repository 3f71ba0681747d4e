"""The demo council's social-resource catalogue (社会資源): ten synthetic programmes.

None of them is taken from a real council's table: each description says 【デモ用の架空データ】.
`seed_catalogue(council)` finds a programme by (council, name), an operating form by
(programme, kind), a description block by its order, a figure by (label, area) and a facility by
its name, and saves only when a value differs (every save writes a history record),
so a second run writes nothing. Nothing it does not name is deleted.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.db import models

from council.models import Council
from referrals.models import (
    OperatingForm,
    ResourceBlock,
    ResourceFacility,
    ResourceFigure,
    SocialResource,
)

MARK = "【デモ用の架空データ】"
CHANGE_REASON = "seed_catalogue"

D, C, M, P = (
    OperatingForm.Kind.DIRECT,
    OperatingForm.Kind.COMMISSIONED,
    OperatingForm.Kind.DESIGNATED,
    OperatingForm.Kind.PARTLY_OWN,
)

# (group, target field, name, description, department, count label, count, forms, accepts)
PROGRAMMES: list[tuple[Any, ...]] = [
    (
        "必須事業",
        "障害者",
        "地域活動支援センター",
        "創作的活動・生産活動の機会の提供と社会との交流の促進。",
        "障害福祉課",
        "設置数",
        7,
        [(D, 3), (M, 3), (C, 1)],
        "在宅の障害のある方",
    ),
    (
        "必須事業",
        "高齢者",
        "地域包括支援センター",
        "高齢者の総合相談、権利擁護、介護予防ケアマネジメント。",
        "長寿はつらつ課",
        "設置数",
        11,
        [(C, 11)],
        "65歳以上の方とその家族",
    ),
    (
        "必須事業",
        "子ども",
        "子育て世代包括支援センター",
        "妊娠期から子育て期までの切れ目ない相談支援。",
        "子ども家庭課",
        "設置数",
        3,
        [(D, 3)],
        "妊婦と子育て中の家庭",
    ),
    (
        "必須事業",
        "生活困窮",
        "自立相談支援事業",
        "生活に困りごとを抱える方の相談を受け、支援プランを作成する。",
        "福祉総務課",
        "",
        None,
        [(C, 1)],
        "生活に困窮している方",
    ),
    (
        "必須事業",
        "多世代",
        "地域づくり支援団体補助",
        "住民主体の通いの場の立ち上げと運営の補助。",
        "福祉総務課",
        "登録団体数",
        74,
        [(D, None)],
        "地域の住民団体",
    ),
    (
        "それ以外",
        "障害者",
        "就労体験の場づくり",
        "企業・農家での短期就労体験の受入れ先を開拓し、体験を調整する。",
        "障害福祉課",
        "実施回数",
        24,
        [(C, 2)],
        "一般就労を目指す障害のある方",
    ),
    (
        "それ以外",
        "多世代",
        "地域の茶の間",
        "誰でも立ち寄れる居場所。開所日は週2回。",
        "長寿はつらつ課",
        "設置数",
        32,
        [(P, 32)],
        "地域の誰でも",
    ),
    (
        "それ以外",
        "子ども",
        "子ども食堂ネットワーク",
        "子ども食堂の運営団体の情報交換と食材提供の調整。",
        "子ども家庭課",
        "登録団体数",
        18,
        [(C, 1)],
        "子ども食堂を運営する団体",
    ),
    (
        "それ以外",
        "高齢者",
        "生活支援コーディネーター",
        "地域の支え合い活動の発掘とつなぎ。",
        "長寿はつらつ課",
        "",
        None,
        [(C, 12)],
        "支え合い活動を始めたい住民",
    ),
    (
        "それ以外",
        "障害者",
        "ピアサポート交流会",
        "当事者同士が経験を語り合う交流会の開催。",
        "障害福祉課",
        "実施回数",
        12,
        [(D, None), (C, 1)],
        "精神障害のある方とその家族",
    ),
]


# The structured 業務内容 of some programmes: blocks after the lead paragraph (kind, text),
# figures (label, value, unit, area, as of: month ends), facilities (name, address, 開所日,
# 活動団体数, 活動回数). Each facility's note carries the mark, as the descriptions do.
HEADING, STEP, PARAGRAPH = (
    ResourceBlock.Kind.HEADING,
    ResourceBlock.Kind.STEP,
    ResourceBlock.Kind.PARAGRAPH,
)
R4_DEC = datetime.date(2022, 12, 31)
BLOCKS: dict[str, list[tuple[str, str]]] = {
    "地域づくり支援団体補助": [
        (HEADING, "補助の流れ"),
        (STEP, "住民団体から申請を受け付ける。"),
        (STEP, "生活支援コーディネーターが活動の場を訪問する。"),
        (STEP, "補助金を交付する。"),
        (PARAGRAPH, "年度末に活動報告を受け、翌年度の継続を相談する。"),
    ],
    "地域の茶の間": [
        (HEADING, "開所の目安"),
        (PARAGRAPH, "週2回、10時から15時まで。運営は地域の住民団体が担う。"),
    ],
    "就労体験の場づくり": [
        (HEADING, "体験までの手順"),
        (STEP, "相談支援専門員から希望を聞き取る。"),
        (STEP, "受入れ先と日程・内容を調整する。"),
        (STEP, "体験後に本人と受入れ先の双方へ振り返りを行う。"),
    ],
}
FIGURES: dict[str, list[tuple[str, str, str, str, datetime.date | None]]] = {
    "地域づくり支援団体補助": [
        ("支援団体数", "74", "団体", "", R4_DEC),
        ("延支援件数", "1,652", "件", "", R4_DEC),
        ("支援団体数", "21", "団体", "北地区", R4_DEC),
        ("支援団体数", "30", "団体", "中央地区", R4_DEC),
        ("支援団体数", "23", "団体", "南地区", R4_DEC),
    ],
    "子ども食堂ネットワーク": [
        ("登録団体数", "18", "団体", "", R4_DEC),
        ("開催か所数", "11", "か所", "", R4_DEC),
    ],
}
FACILITIES: dict[str, list[tuple[str, str, datetime.date, int, int]]] = {
    "地域の茶の間": [
        ("中央の茶の間", "中央地区 1-1（架空）", datetime.date(2015, 6, 1), 5, 96),
        ("北の茶の間", "北地区 2-3（架空）", datetime.date(2018, 4, 1), 3, 88),
        ("みなみの茶の間", "南地区 4-5（架空）", datetime.date(2021, 10, 1), 2, 40),
    ],
}


def seed_catalogue(council: Council) -> Counter[str]:
    stats: Counter[str] = Counter()
    for order, entry in enumerate(PROGRAMMES, start=1):
        group, field, name, text, department, label, count, forms, accepts = entry
        values = {
            "group": group,
            "target_field": field,
            "description": f"{MARK}\n{text}",
            "department": department,
            "count_label": label,
            "count_value": count,
            "accepts": accepts,
            "order": order,
        }
        resource = SocialResource.objects.filter(council=council, name=name).first()
        if resource is None:
            resource = SocialResource(council=council, name=name, **values)
            stats["created"] += 1
        elif any(getattr(resource, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(resource, key, value)
            resource.revision += 1
            stats["updated"] += 1
        else:
            _parts(_forms(resource, forms, stats), stats)
            continue
        resource._change_reason = CHANGE_REASON
        resource.save()
        _parts(_forms(resource, forms, stats), stats)
    return stats


def _parts(resource: SocialResource, stats: Counter) -> None:
    name = resource.name
    blocks = [{"kind": kind, "text": text} for kind, text in BLOCKS.get(name, [])]
    _rows(ResourceBlock, resource, ("order",), blocks, stats)
    figures = [
        {"label": label, "value": value, "unit": unit, "area": area, "as_of": as_of}
        for label, value, unit, area, as_of in FIGURES.get(name, [])
    ]
    _rows(ResourceFigure, resource, ("label", "area"), figures, stats)
    facilities = [
        {
            "name": facility,
            "address": address,
            "opened_on": opened_on,
            "activity_groups": groups,
            "activity_count": count,
            "note": MARK,
        }
        for facility, address, opened_on, groups, count in FACILITIES.get(name, [])
    ]
    _rows(ResourceFacility, resource, ("name",), facilities, stats)


def _rows(
    model: type[models.Model],
    resource: SocialResource,
    key: tuple[str, ...],
    rows: list[dict[str, Any]],
    stats: Counter,
) -> None:
    """Find each row by `key` within the programme; save it only when a value differs."""
    for order, values in enumerate(rows, start=1):
        values = {"order": order, **values}
        row = model.objects.filter(resource=resource, **{k: values[k] for k in key}).first()
        if row is None:
            row = model(resource=resource, **values)
            stats["created"] += 1
        elif any(getattr(row, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            stats["updated"] += 1
        else:
            continue
        row._change_reason = CHANGE_REASON
        row.save()


def _forms(resource: SocialResource, forms: list[tuple[str, int | None]], stats: Counter) -> Any:
    for kind, sites in forms:
        row = OperatingForm.objects.filter(resource=resource, kind=kind).first()
        if row is None:
            row = OperatingForm(resource=resource, kind=kind, sites=sites)
            stats["created"] += 1
        elif row.sites != sites:
            row.sites = sites
            stats["updated"] += 1
        else:
            continue
        row._change_reason = CHANGE_REASON
        row.save()
    return resource
