"""Template filters for 和暦: {{ meeting.date|wareki }} → 令和2年8月6日.

Like Django's own date filters they never raise: an empty value prints nothing, and a date the
eras cannot name (before 明治) prints in ISO form rather than breaking the page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import template
from django.utils import timezone

from council import wareki as w

register = template.Library()


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        # Stored in UTC; the day printed must be the day in Japan.
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    return None


def _apply(formatter: Callable[[datetime.date], str], value: Any) -> str:
    d = _date(value)
    if d is None:
        return ""
    try:
        return formatter(d)
    except w.WarekiError:
        return d.isoformat()


@register.filter
def wareki(value: Any) -> str:
    return _apply(w.format_date, value)


@register.filter
def wareki_seireki(value: Any) -> str:
    return _apply(lambda d: w.format_date(d, seireki=True), value)


@register.filter
def wareki_short(value: Any) -> str:
    return _apply(w.format_date_short, value)


@register.filter
def wareki_month(value: Any) -> str:
    return _apply(w.format_year_month, value)


@register.filter
def clock(value: Any) -> str:
    """14:00 / 9:30, of a time or a moment (as |time:"G:i"), without Django's general
    formatter: a meeting table calls it once a row, and the formatter was a tenth of its time."""
    if isinstance(value, datetime.datetime):
        # Stored in UTC; the time printed is the time in Japan.
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).time()
    if isinstance(value, datetime.time):
        return f"{value.hour}:{value.minute:02d}"
    return ""


@register.filter
def month_day(value: Any) -> str:
    # One filter rather than {{ d.month }}月{{ d.day }}日: each number printed by a template
    # goes through number localisation, which was 12 % of the schedule grid's time.
    return _apply(w.format_month_day, value)


@register.filter
def wareki_weekday(value: Any) -> str:
    return _apply(w.format_weekday, value)


@register.filter
def nendo(value: Any) -> str:
    """A fiscal year (2020, or any date in it) → 令和2年度."""
    if isinstance(value, int | str) and not isinstance(value, bool):
        try:
            year = int(value)
        except ValueError:
            return ""
        try:
            return w.format_fiscal_year(year)
        except w.WarekiError:
            return f"{year}年度"
    return _apply(lambda d: w.format_fiscal_year(w.fiscal_year_of(d)), value)
