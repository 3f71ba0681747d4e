"""A date field that reads 和暦 as people type it (令和2年8月6日, R2.8.6) and shows it back."""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council import wareki


class WarekiDateInput(forms.DateInput):
    # Plain text, not type="date": browsers' date pickers are Gregorian-only and reject 和暦.
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        defaults = {
            "inputmode": "text",
            "autocomplete": "off",
            "placeholder": "例: 令和2年8月6日 / R2.8.6",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=format)

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            try:
                return wareki.format_date(value)
            except wareki.WarekiError:
                return value.isoformat()
        # A string is what the user typed (a failed form): show it back untouched.
        return super().format_value(value)


# A council's records start in 昭和 at the earliest; a date decades ahead is a typing slip
# (令和999年), and one the documents could not print back.
EARLIEST = datetime.date(1926, 12, 25)
YEARS_AHEAD = 20


class WarekiDateField(forms.DateField):
    widget = WarekiDateInput

    def validate(self, value: datetime.date | None) -> None:
        super().validate(value)
        if value is None:
            return
        latest = timezone.localdate().replace(month=12, day=31)
        latest = latest.replace(year=latest.year + YEARS_AHEAD)
        if not EARLIEST <= value <= latest:
            raise forms.ValidationError(
                f"{wareki.format_plain(value)}は範囲外です（{wareki.format_plain(EARLIEST)}から"
                f"{wareki.format_plain(latest)}までの日付を入力してください）。",
                code="out_of_range",
            )

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, str):
            value = value.strip()  # a stray (full-width) space alone means "left blank"
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return wareki.parse(str(value))
        except wareki.WarekiError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


# Dashes an IME may type for 2022-01 (wareki.parse folds them too, but only for full dates).
DASHES = str.maketrans(dict.fromkeys("ー−‐–—", "-"))


def parse_month(text: str) -> datetime.date:
    """令和4年1月, R4.1, 2022-01 or 2022年1月 → 2022-01-01 (a full date is taken to its month)."""
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).translate(DASHES)
    if cleaned.endswith("月"):
        cleaned += "1日"
    elif match := re.fullmatch(r"(?:\d{4}|[A-Za-z]\d{1,2})([./-])\d{1,2}", cleaned):
        cleaned += f"{match[1]}1"
    return wareki.parse(cleaned).replace(day=1)


class WarekiMonthInput(forms.TextInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {
            "inputmode": "text",
            "autocomplete": "off",
            "placeholder": "例: 令和4年1月 / R4.1",
        }
        super().__init__(attrs={**defaults, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.date):
            try:
                return wareki.format_year_month(value)
            except wareki.WarekiError:
                return value.strftime("%Y-%m")
        return super().format_value(value)


class WarekiMonthField(WarekiDateField):
    """A month typed as 令和4年1月, R4.1, 2022-01 or 2022年1月 (a full date is taken to its
    month), kept as the 1st of that month."""

    widget = WarekiMonthInput

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        try:
            return parse_month(str(value))
        except wareki.WarekiError:
            raise forms.ValidationError(
                _("Enter a month such as 令和4年1月, R4.1 or 2022-01."), code="invalid"
            ) from None
