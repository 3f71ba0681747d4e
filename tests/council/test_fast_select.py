"""The filter selects rendered in Python give the same markup as Django's templates."""

from __future__ import annotations

import re

import pytest
from django import forms

from council.filters import fast_options

CHOICES = [
    ("", "---------"),
    ("1", "全体会"),
    ("2", '<script>alert("x")</script> & 部会'),
    ("部会", [("3", "就労部会"), ("4", "相談支援部会")]),
]


def squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("widget_class", [forms.Select, forms.SelectMultiple])
@pytest.mark.parametrize("value", [None, "2", ["1", "4"]])
def test_same_markup_as_djangos_select(widget_class: type, value: object) -> None:
    django_widget = widget_class(choices=CHOICES, attrs={"class": "form-select", "id": "id_x"})
    ours = widget_class(choices=CHOICES, attrs={"class": "form-select", "id": "id_x"})
    fast_options(ours)
    expected = squeeze(django_widget.render("x", value))
    assert squeeze(ours.render("x", value)) == expected
    assert "<script>" not in expected and "&lt;script&gt;" in expected
