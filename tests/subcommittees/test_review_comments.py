"""The review sheet's comments printed in Python give the markup the template loop gave."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from council.models import Body, FiscalYear, Person
from subcommittees.models import ReviewComment
from subcommittees.templatetags.sheet_rows import comment_items

# The loop review_detail.html had before subcommittees/templatetags/sheet_rows.py.
COMMENT_LOOP = (Path(__file__).parent / "reference" / "comment_loop.html").read_text()


def squeeze(html: str) -> str:
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", str(html)).strip()


def comments() -> list[ReviewComment]:
    return [
        ReviewComment(person=Person(pk=7, name="山田 花子"), text="一年間ありがとう\nございました"),
        ReviewComment(
            person=Person(pk=8, name='<b>"斎藤"</b>'), text="<script>x()</script> & 次年度"
        ),
        ReviewComment(person=Person(pk=9, name="佐藤"), text=""),
    ]


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(("can_edit_any", "own_person"), [(True, None), (False, 8), (False, None)])
@pytest.mark.parametrize("rows", [comments, list])
def test_comments_as_the_template_loop(
    language: str, can_edit_any: bool, own_person: int | None, rows: object
) -> None:
    shown = rows()  # type: ignore[operator]
    context = {
        "comments": shown,
        "body": Body(pk=3),
        "fiscal_year": FiscalYear(year=2024),
        "can_edit_any_comment": can_edit_any,
        "own_person": own_person,
    }
    with translation.override(language):
        expected = Template(COMMENT_LOOP).render(Context(context))
        ours = comment_items(shown, 3, 2024, can_edit_any, own_person)
    assert squeeze(ours) == squeeze(expected)


def test_comments_are_escaped_and_only_the_own_comment_is_editable() -> None:
    html = comment_items(comments(), 3, 2024, False, 8)
    assert "<script>" not in html and "&lt;script&gt;x()&lt;/script&gt; &amp; 次年度" in html
    assert "&lt;b&gt;&quot;斎藤&quot;&lt;/b&gt;" in html
    assert "一年間ありがとう<br>ございました" in html
    assert html.count("<a ") == 1
    assert reverse("subcommittees:comment-edit", args=[3, 2024, 8]) in html
