"""The status report's meeting rows printed in Python give the markup the template loop gave."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from council.models import Meeting
from subcommittees.templatetags.sheet_rows import report_meeting_trs

# The loop report_detail.html had before sheet_rows.py, kept as the reference.
LOOP = Template(
    "{% load wareki %}"
    + (Path(__file__).parent / "reference" / "report_meeting_loop.html").read_text()
)


def squeeze(html: str) -> str:
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", str(html)).strip()


def meetings() -> list[Meeting]:
    first = Meeting(pk=11, number=1, date=datetime.date(2020, 8, 6))
    first.shown = ["長岡市障害者自立支援協議会について確認", "一行目\n二行目"]
    second = Meeting(pk=12, number=2, date=datetime.date(2020, 10, 7))
    second.shown = ['<script>alert("x")</script> & 意見聴取']
    third = Meeting(pk=13, number=3, date=datetime.date(2021, 1, 12))
    third.shown = []
    return [first, second, third]


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("rows", [meetings, list])
def test_report_meeting_rows_as_the_template_loop(language: str, rows: object) -> None:
    shown = rows()  # type: ignore[operator]
    with translation.override(language):
        expected = LOOP.render(Context({"meetings": shown}))
        ours = report_meeting_trs(shown)
    assert squeeze(ours) == squeeze(expected)
    assert "<script>" not in ours


def test_report_meeting_rows_print_the_wareki_date_and_each_bullet() -> None:
    html = report_meeting_trs(meetings())
    assert "【第1回】</a> 令和2年8月6日" in html
    assert "<li>一行目<br>二行目</li>" in html
    assert "&lt;script&gt;" in html
    assert html.count("<tr>") == 3
