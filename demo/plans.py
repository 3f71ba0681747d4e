"""The demo council's year plan: 地域づくり部会's 令和2年度 plan, its month rows and two planned
meetings. Synthetic (【デモ用の架空データ】 in its note); made once, so a second run writes
nothing."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import models

from council.models import Body, Council, FiscalYear
from plans.models import PlannedMeeting, PlannedTopic, PlanRow, YearPlan

CHANGE_REASON = "seed_plans"
BODY = "地域づくり部会"
TITLE = "令和2年度 地域づくり部会 年間計画"
HEADINGS = "部会\nワーキング\n研修・行事"
ROWS = [  # (month, label, cells: a box's entries one a line)
    ((2020, 10), "", ["14日（水）\n中間報告", "日（ ）", "地域資源マップ作り\n↓"]),
    ((2020, 11), "", ["↓", "↓", "↓"]),
    ((2020, 12), "", ["↓", "9日（水）", "まとめ"]),
    ((2021, 2), "", ["17日（水）\n振り返り", "", "報告会"]),
    (None, "随時", ["地域課題の検討", "", ""]),
]
PLANNED = [  # (number, from, until, theme, [(topic, sub-item)])
    (4, (2020, 10), (2020, 11), "地域資源の見える化", [
        ("地域資源マップの進め方", False), ("掲載する項目の整理", True),
        ("関係機関への照会", False),
    ]),
    (5, (2020, 12), (2021, 1), "一年の振り返り", [("取り組みの評価", False)]),
]  # fmt: skip


def _month(value: tuple[int, int] | None) -> datetime.date | None:
    return datetime.date(*value, 1) if value else None


def _save(obj: models.Model, stats: Counter[str]) -> None:
    obj._change_reason = CHANGE_REASON
    obj.save()
    stats["created"] += 1


def seed_plans(council: Council) -> Counter[str]:
    stats: Counter[str] = Counter()
    body = Body.objects.filter(council=council, name=BODY).first()
    year = FiscalYear.objects.filter(council=council, year=2020).first()
    if body is None or year is None or YearPlan.objects.filter(body=body, title=TITLE).exists():
        return stats
    plan = YearPlan(
        body=body, fiscal_year=year, title=TITLE, headings=HEADINGS, note="【デモ用の架空データ】"
    )
    _save(plan, stats)
    for order, (month, label, cells) in enumerate(ROWS, start=1):
        _save(PlanRow(plan=plan, order=order, month=_month(month), label=label, cells=cells), stats)
    for number, starts, ends, theme, topics in PLANNED:
        planned = PlannedMeeting(
            plan=plan, number=number, starts=_month(starts), ends=_month(ends), title=theme
        )
        _save(planned, stats)
        head = None
        for order, (text, sub_item) in enumerate(topics, start=1):
            topic = PlannedTopic(
                planned=planned, order=order, text=text, parent=head if sub_item else None
            )
            _save(topic, stats)
            head = head if sub_item else topic
    return stats
