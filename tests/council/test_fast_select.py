"""The filter selects and text boxes rendered in Python give the same markup as Django's
templates."""

from __future__ import annotations

import re

import pytest
from django import forms

from council.filters import fast_input, fast_options

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
    attrs = {"class": "form-select", "id": "id_x", "required": True, "data-x": '"<>'}
    django_widget = widget_class(choices=CHOICES, attrs=attrs)
    ours = widget_class(choices=CHOICES, attrs=attrs)
    fast_options(ours)
    expected = squeeze(django_widget.render("x", value))
    assert squeeze(ours.render("x", value)) == expected
    assert "<script>" not in expected and "&lt;script&gt;" in expected


@pytest.mark.parametrize("widget_class", [forms.TextInput, forms.NumberInput, forms.DateInput])
@pytest.mark.parametrize("value", [None, "", "就労", '"><script>alert(1)</script>', 3])
def test_same_markup_as_djangos_text_box(widget_class: type, value: object) -> None:
    attrs = {"class": "form-control", "id": "id_q", "required": True, "disabled": False}
    django_widget = widget_class(attrs=attrs)
    ours = widget_class(attrs=attrs)
    fast_input(ours)
    expected = django_widget.render("q", value, attrs={"aria-describedby": "help"})
    assert ours.render("q", value, attrs={"aria-describedby": "help"}) == expected
    assert "<script>" not in expected
