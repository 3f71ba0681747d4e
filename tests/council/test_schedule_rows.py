"""The schedule grid's rows printed in Python give the markup the template loop gave."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from council.models import Body, BodyYear, FiscalYear
from council.schedule import ScheduleEntry, ScheduleRow
from council.templatetags.schedule_cells import schedule_trs

# The loop schedule.html had before schedule_trs, kept as the reference.
ROW_LOOP = (Path(__file__).parent / "reference" / "schedule_loop.html").read_text()


def squeeze(html: str) -> str:
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", str(html)).strip()


def rows() -> list[ScheduleRow]:
    held = ScheduleEntry(url="/meetings/5/", date=datetime.date(2024, 5, 9), is_written=False)
    written = ScheduleEntry(url="/meetings/6/", date=datetime.date(2024, 5, 23), is_written=True)
    cells: list[list[ScheduleEntry]] = [[] for _ in range(12)]
    cells[1] = [held, written]
    return [
        ScheduleRow(Body(pk=1, name="全体会"), BodyYear.Status.ACTIVE, cells),
        ScheduleRow(Body(pk=2, name='<i>"就労"</i> & 部会'), BodyYear.Status.PAUSED),
        ScheduleRow(Body(pk=3, name="相談支援部会"), BodyYear.Status.ACTIVE, [[]] * 12),
    ]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_schedule_rows_as_the_template_loop(language: str) -> None:
    with translation.override(language):
        expected = Template(ROW_LOOP).render(
            Context({"rows": rows(), "fiscal_year": FiscalYear(year=2024)})
        )
        ours = schedule_trs(rows(), 2024)
    assert squeeze(ours) == squeeze(expected)
    assert ours.count("<tr>") == 3
    assert "&lt;i&gt;&quot;就労&quot;&lt;/i&gt; &amp; 部会" in ours
    assert ours.count('colspan="12"') == 1
