"""和暦 (Japanese era dates): formatting for official documents and a forgiving parser.

Eras change mid-year; a fiscal year (年度, April–March) that an era begins in is named by the
new era, so FY2019 is 令和元年度 although it began under 平成.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from typing import NamedTuple


class Era(NamedTuple):
    name: str
    letter: str
    start: datetime.date


# 明治 is dated from 1868-01-25 (明治元年1月1日 in the old calendar, converted); the app has no use
# for earlier dates, so they are out of range rather than given a pre-Meiji era.
ERAS = (
    Era("明治", "M", datetime.date(1868, 1, 25)),
    Era("大正", "T", datetime.date(1912, 7, 30)),
    Era("昭和", "S", datetime.date(1926, 12, 25)),
    Era("平成", "H", datetime.date(1989, 1, 8)),
    Era("令和", "R", datetime.date(2019, 5, 1)),
)
BY_NAME = {era.name: era for era in ERAS} | {era.letter: era for era in ERAS}
WEEKDAYS = "月火水木金土日"
# The years a council may open: FiscalYear's check constraint (平成元年度 onwards).
FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 1989, 2200
FORMAT_HELP = "日付は「令和2年8月6日」「R2.8.6」「2020-08-06」のいずれかの形で入力してください。"


class WarekiError(ValueError):
    """A date that cannot be read or does not exist; the message is for the user (Japanese)."""


def format_plain(d: datetime.date) -> str:
    """2019年5月1日: the Gregorian form used inside messages."""
    return f"{d.year}年{d.month}月{d.day}日"


def _era_index(d: datetime.date) -> int:
    for index in range(len(ERAS) - 1, -1, -1):
        if d >= ERAS[index].start:
            return index
    raise WarekiError(
        f"{format_plain(d)}は和暦で表せない日付です（明治は{format_plain(ERAS[0].start)}から）。"
    )


def _year(n: int) -> str:
    return "元" if n == 1 else str(n)


def era_of(d: datetime.date) -> tuple[str, int]:
    era = ERAS[_era_index(d)]
    return era.name, d.year - era.start.year + 1


def format_date(d: datetime.date, *, seireki: bool = False) -> str:
    """令和2年8月6日; with seireki: 令和6年(2024年)3月1日."""
    name, year = era_of(d)
    western = f"({d.year}年)" if seireki else ""
    return f"{name}{_year(year)}年{western}{d.month}月{d.day}日"


def format_year_month(d: datetime.date) -> str:
    """令和4年1月, for targets and schedules."""
    name, year = era_of(d)
    return f"{name}{_year(year)}年{d.month}月"


def format_date_short(d: datetime.date) -> str:
    """R2.8.6, as typed in the seed's sheets (the first year is 1 here, never 元)."""
    era = ERAS[_era_index(d)]
    return f"{era.letter}{d.year - era.start.year + 1}.{d.month}.{d.day}"


def format_month_day(d: datetime.date) -> str:
    """8月6日, for cells of a schedule whose year the heading already names."""
    return f"{d.month}月{d.day}日"


# Tables print a date a row (50 on a page of meetings), and a council's meetings fall on a few
# hundred dates a year: remembered, a date costs a dict lookup instead of an era search.
@functools.lru_cache(maxsize=4096)
def format_weekday(d: datetime.date) -> str:
    """令和2年8月6日(木), as meeting notices print it."""
    return f"{format_date(d)}({WEEKDAYS[d.weekday()]})"


def fiscal_year_of(d: datetime.date) -> int:
    """The Gregorian year in which d's 年度 (April–March) starts."""
    return d.year if d.month >= 4 else d.year - 1


def format_fiscal_year(year: int) -> str:
    """2020 → 令和2年度.

    An era that begins during the year names all of it (FY2019 is 令和元年度), but only if it
    began in the year's first calendar year: FY1988 stays 昭和63年度 (平成 began in January 1989),
    otherwise FY1988 and FY1989 would both be 平成元年度. So: the era in force on 31 December.
    """
    try:
        era = ERAS[_era_index(datetime.date(year, 12, 31))]
    except WarekiError:
        raise WarekiError(f"{year}年度は和暦で表せません。") from None
    return f"{era.name}{_year(year - era.start.year + 1)}年度"


# Two shapes: era + year (kanji or letter, 年月日 or dots/slashes/hyphens), or a 4-digit year.
_ERA_DATE = re.compile(
    r"(?P<era>明治|大正|昭和|平成|令和|[MTSHR])(?P<year>元|\d{1,3})"
    r"(?:年(?:\((?P<western>\d{4})年\))?(?P<month>\d{1,2})月(?P<day>\d{1,2})日?"
    r"|[./-](?P<month2>\d{1,2})[./-](?P<day2>\d{1,2}))",
    re.ASCII,
)
_WESTERN_DATE = re.compile(
    r"(?P<year>\d{4})(?:[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})"
    r"|年(?P<month2>\d{1,2})月(?P<day2>\d{1,2})日?)",
    re.ASCII,
)
# NFKC folds full-width digits, letters, （）and ㋿; these dashes an IME may type it leaves alone.
_DASHES = str.maketrans(dict.fromkeys("ー−‐–—", "-"))


def _make(year: int, month: int, day: int, shown: str) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise WarekiError(f"{shown}は存在しない日付です。") from None


def parse(text: str) -> datetime.date:
    """Read 令和2年8月6日, 令和元年5月1日, R2.8.6, H31/4/30, 2020-08-06, 2020年8月6日…"""
    cleaned = unicodedata.normalize("NFKC", text or "").translate(_DASHES)
    cleaned = re.sub(r"\s+", "", cleaned).upper()
    if match := _WESTERN_DATE.fullmatch(cleaned):
        month = match["month"] or match["month2"]
        day = match["day"] or match["day2"]
        d = _make(int(match["year"]), int(month), int(day), f"{match['year']}年{month}月{day}日")
        _era_index(d)  # refuse what the formatters could not print back
        return d
    match = _ERA_DATE.fullmatch(cleaned)
    if not match:
        raise WarekiError(FORMAT_HELP)
    era = BY_NAME[match["era"]]
    era_year = 1 if match["year"] == "元" else int(match["year"])
    month = int(match["month"] or match["month2"])
    day = int(match["day"] or match["day2"])
    shown = f"{era.name}{_year(era_year)}年{month}月{day}日"
    if era_year < 1:
        raise WarekiError(f"{era.name}0年は存在しません（最初の年は「元年」または「1年」）。")
    d = _make(era.start.year + era_year - 1, month, day, shown)
    if d < era.start:
        raise WarekiError(
            f"{shown}は存在しない日付です（{era.name}は{format_plain(era.start)}から）。"
        )
    following = ERAS.index(era) + 1
    if following < len(ERAS) and d >= ERAS[following].start:
        last = ERAS[following].start - datetime.timedelta(days=1)
        raise WarekiError(f"{shown}は存在しない日付です（{era.name}は{format_plain(last)}まで）。")
    if match["western"] and int(match["western"]) != d.year:
        raise WarekiError(
            f"{era.name}{_year(era_year)}年は西暦{d.year}年です（括弧内が{match['western']}年）。"
        )
    return d


_FISCAL_YEAR = re.compile(
    r"(?:(?P<era>明治|大正|昭和|平成|令和|[MTSHR])(?P<year>元|\d{1,3})|(?P<western>\d{4}))(?:年度?)?",
    re.ASCII,
)
FISCAL_YEAR_HELP = "年度は「平成21年度」「R5」「2023」のいずれかの形で入力してください。"


def parse_fiscal_year(text: str) -> int:
    """平成21年度, H21, 令和元年度, 2009 or 2009年度 → the Western year the 年度 starts in.

    An era's last year counts too (平成31年度 is 2019, named 令和元年度 when printed)."""
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).upper()
    match = _FISCAL_YEAR.fullmatch(cleaned)
    if not match:
        raise WarekiError(FISCAL_YEAR_HELP)
    if match["western"]:
        year = int(match["western"])
    else:
        era = BY_NAME[match["era"]]
        era_year = 1 if match["year"] == "元" else int(match["year"])
        following = ERAS.index(era) + 1
        last = ERAS[following].start.year if following < len(ERAS) else 9999
        if era_year < 1 or era.start.year + era_year - 1 > last:
            raise WarekiError(f"{era.name}{match['year']}年度は存在しない年度です。")
        year = era.start.year + era_year - 1
    if not FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR:
        raise WarekiError(
            f"{year}年度は開始できません（{FIRST_FISCAL_YEAR}年度から{LAST_FISCAL_YEAR}年度まで）。"
        )
    return year
