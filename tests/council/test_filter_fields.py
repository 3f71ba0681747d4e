"""The list filters' fields printed in Python give the markup the template loop gave."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from council.filters import MeetingFilter, PersonFilter
from council.models import Meeting, Person
from tests.conftest import Cast

# The include before council/templatetags/filter_fields.py, kept as the reference.
LOOP = Template((Path(__file__).parent / "reference" / "filter_form.html").read_text())


def squeeze(html: str) -> str:
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", str(html)).strip()


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=%E5%B0%B1%E5%8A%B4&month=5",
        # Refused values: errors under their fields, the typed text kept.
        "month=13&body=999999&fiscal_year=abc&status=nope&q=%3Cscript%3Ex%3C%2Fscript%3E",
    ],
)
def test_filter_fields_as_the_template_loop(cast: Cast, language: str, query: str) -> None:
    data = QueryDict(query)
    filters = [
        MeetingFilter(data, queryset=Meeting.objects.all(), council=cast.council),
        PersonFilter(data, queryset=Person.objects.all(), council=cast.council),
    ]
    with translation.override(language):
        for shown in filters:
            shown.is_valid()
            expected = LOOP.render(Context({"filter": shown}))
            ours = render_to_string("includes/filter_form.html", {"filter": shown})
            assert squeeze(ours) == squeeze(expected)
            assert "<script>" not in ours


def test_refused_filter_values_show_their_errors(cast: Cast) -> None:
    shown = MeetingFilter(
        QueryDict("month=13"), queryset=Meeting.objects.all(), council=cast.council
    )
    shown.is_valid()
    with translation.override("ja"):
        html = render_to_string("includes/filter_form.html", {"filter": shown})
    assert html.count('class="invalid-feedback d-block"') == 1
    assert 'for="id_month"' in html
