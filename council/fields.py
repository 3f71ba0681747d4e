"""A date field that reads 和暦 as people type it (令和2年8月6日, R2.8.6) and shows it back."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

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
