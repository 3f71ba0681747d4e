"""The numbering styles of official documents, counted within their parent."""

from __future__ import annotations

import pytest

from documents import numbering
from documents.numbering import Style


@pytest.mark.parametrize(
    ("style", "first_three", "twelfth"),
    [
        (Style.FW_COMMA, ["１、", "２、", "３、"], "１２、"),
        (Style.FW, ["１", "２", "３"], "１２"),
        (Style.HW_DOT, ["1.", "2.", "3."], "12."),
        (Style.FW_PAREN, ["（１）", "（２）", "（３）"], "（１２）"),
        (Style.HW_PAREN, ["(1)", "(2)", "(3)"], "(12)"),
        (Style.CIRCLED, ["①", "②", "③"], "⑫"),
        (Style.KANA, ["ア", "イ", "ウ"], "シ"),
        (Style.KANA_PAREN, ["(ア)", "(イ)", "(ウ)"], "(シ)"),
        (Style.ROMAN_FW_DOT, ["Ⅰ．", "Ⅱ．", "Ⅲ．"], "Ⅻ．"),
        (Style.ROMAN_DOT, ["Ⅰ.", "Ⅱ.", "Ⅲ."], "Ⅻ."),
        (Style.HW_CLOSE, ["1)", "2)", "3)"], "12)"),
        (Style.NONE, ["", "", ""], ""),
        (Style.MARU, ["〇", "〇", "〇"], "〇"),
    ],
)
def test_each_style_prints_exactly_as_shown(style: str, first_three: list, twelfth: str) -> None:
    assert numbering.labels([(1, style)] * 3) == first_three
    assert numbering.label(style, 12) == twelfth


def test_the_mark_is_the_circle_not_the_small_circle() -> None:
    assert numbering.label(Style.MARU, 1) == "\u3007" != "\u25cb"  # 〇, not ○


def test_numbers_count_within_their_parent_and_restart_under_the_next() -> None:
    items = [
        (1, Style.FW_COMMA),
        (2, Style.FW_PAREN),
        (2, Style.FW_PAREN),
        (3, Style.KANA),
        (4, Style.HW_CLOSE),
        (4, Style.HW_CLOSE),
        (3, Style.KANA),
        (4, Style.HW_CLOSE),
        (1, Style.FW_COMMA),
        (2, Style.FW_PAREN),
    ]
    assert numbering.labels(items) == [
        "１、", "（１）", "（２）", "ア", "1)", "2)", "イ", "1)", "２、", "（１）"
    ]  # fmt: skip


def test_an_unnumbered_part_takes_no_number_from_its_siblings() -> None:
    items = [(1, Style.FW), (1, Style.NONE), (1, Style.FW), (2, Style.MARU), (2, Style.HW_DOT)]
    assert numbering.labels(items) == ["１", "", "２", "〇", "1."]


def test_a_part_may_sit_two_levels_below_its_parent() -> None:
    assert numbering.labels([(1, Style.FW), (3, Style.CIRCLED), (3, Style.CIRCLED)]) == [
        "１",
        "①",
        "②",
    ]


def test_long_runs_fall_back_without_losing_the_count() -> None:
    assert numbering.label(Style.CIRCLED, 50) == "㊿"
    assert numbering.label(Style.CIRCLED, 51) == "(51)"
    assert numbering.label(Style.ROMAN_FW_DOT, 14) == "XIV．"
    assert numbering.label(Style.KANA, 46) == "ン"


@pytest.mark.parametrize(
    ("printed", "before_heading"),
    [("１", "１\u3000"), ("１、", "１、"), ("（１）", "（１）"), ("1.", "1."), ("", "")],
)
def test_the_gap_before_a_heading(printed: str, before_heading: str) -> None:
    assert numbering.with_gap(printed) == before_heading
