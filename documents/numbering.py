"""The numbering styles of official Japanese documents, and numbers that count within their
parent: １、 / １ / 1. / （１） / (1) / ① / ア / (ア) / Ⅰ． / Ⅰ. / 1) / none, and the 〇 mark.

A document is a list of (level, style) in reading order. A number counts among the numbered
siblings under the same parent (the last item of the level above), so an unnumbered part
(style NONE) or a marked one (〇) takes no number, and a new parent starts again at 1. The
label prints exactly as the style shows it: full-width digits stay full-width, half-width
half-width, and nothing is normalised (no NFKC)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
# ①…㊿: the circled numbers Unicode has, in three runs.
CIRCLED = (
    "".join(chr(c) for c in range(0x2460, 0x2474))
    + "".join(chr(c) for c in range(0x3251, 0x3260))
    + "".join(chr(c) for c in range(0x32B1, 0x32C0))
)
# Ⅰ…Ⅻ as single characters, as documents print them.
ROMAN = "".join(chr(c) for c in range(0x2160, 0x216C))
# ア, イ, ウ…: the gojūon order official documents count in.
KANA = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
)


class Style(models.TextChoices):
    """The value is what the style prints for 1; the label adds what it is for."""

    FW_COMMA = "１、", "１、"
    FW = "１", "１"
    HW_DOT = "1.", "1."
    FW_PAREN = "（１）", "（１）"
    HW_PAREN = "(1)", "(1)"
    CIRCLED = "①", "①"
    KANA = "ア", "ア"
    KANA_PAREN = "(ア)", "(ア)"
    ROMAN_FW_DOT = "Ⅰ．", "Ⅰ．"
    ROMAN_DOT = "Ⅰ.", "Ⅰ."
    HW_CLOSE = "1)", "1)"
    MARU = "〇", _("〇 (a mark, not a number)")
    NONE = "none", _("No number")


def _fullwidth(n: int) -> str:
    return str(n).translate(FULLWIDTH)


def _circled(n: int) -> str:
    return CIRCLED[n - 1] if n <= len(CIRCLED) else f"({n})"


def _roman(n: int) -> str:
    if n <= len(ROMAN):
        return ROMAN[n - 1]
    # Past Ⅻ there is no single character: ASCII numerals, as typewriters printed them.
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                           (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def _kana(n: int) -> str:
    return KANA[n - 1] if n <= len(KANA) else _fullwidth(n)


FORMATS: dict[str, Callable[[int], str]] = {
    Style.FW_COMMA: lambda n: f"{_fullwidth(n)}、",
    Style.FW: _fullwidth,
    Style.HW_DOT: lambda n: f"{n}.",
    Style.FW_PAREN: lambda n: f"（{_fullwidth(n)}）",
    Style.HW_PAREN: lambda n: f"({n})",
    Style.CIRCLED: _circled,
    Style.KANA: _kana,
    Style.KANA_PAREN: lambda n: f"({_kana(n)})",
    Style.ROMAN_FW_DOT: lambda n: f"{_roman(n)}．",
    Style.ROMAN_DOT: lambda n: f"{_roman(n)}.",
    Style.HW_CLOSE: lambda n: f"{n})",
}
UNCOUNTED = {Style.MARU: "〇", Style.NONE: ""}


def label(style: str, n: int) -> str:
    """The printed number `n` in `style` ("" for none, 〇 for the mark)."""
    if style in UNCOUNTED:
        return UNCOUNTED[style]
    return FORMATS[style](n)


def is_counted(style: str) -> bool:
    return style not in UNCOUNTED


def labels(items: Iterable[tuple[int, str]]) -> list[str]:
    """The printed numbers of (level, style) items in reading order, counted within their
    parent. Levels start at 1; an item may sit more than one level below the one above it
    (a 〇 straight under a １): it counts from 1 there."""
    counters: list[int] = []  # counters[i]: numbered siblings so far at level i + 1
    out = []
    for level, style in items:
        del counters[level:]  # a parent's new item starts its children again
        while len(counters) < level:
            counters.append(0)
        if is_counted(style):
            counters[level - 1] += 1
        out.append(label(style, counters[level - 1]))
    return out


def with_gap(printed: str) -> str:
    """The label and the space before the heading: none after a closing mark (、．.)）),
    an ideographic space after a bare number (１　相談)."""
    if not printed or printed[-1] in "、．.)）":
        return printed
    return printed + "　"
