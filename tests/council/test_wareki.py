"""和暦: formatting, parsing, fiscal years, the form field and the template filters."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django import forms
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from council import wareki
from council.fields import WarekiDateField, WarekiDateInput
from council.wareki import WarekiError

date = datetime.date
MEIJI_START = date(1868, 1, 25)
SUPPORTED = st.dates(min_value=MEIJI_START, max_value=date(2100, 12, 31))


# --- formatting ------------------------------------------------------------------------------


def test_a_reiwa_date_prints_era_year_month_day() -> None:
    assert wareki.format_date(date(2020, 8, 6)) == "令和2年8月6日"


def test_first_year_of_reiwa_prints_gannen() -> None:
    assert wareki.format_date(date(2019, 5, 1)) == "令和元年5月1日"


def test_the_last_day_of_heisei_is_heisei_31() -> None:
    assert wareki.format_date(date(2019, 4, 30)) == "平成31年4月30日"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(1868, 1, 25), ("明治", 1)),
        (date(1912, 7, 29), ("明治", 45)),
        (date(1912, 7, 30), ("大正", 1)),
        (date(1926, 12, 24), ("大正", 15)),
        (date(1926, 12, 25), ("昭和", 1)),
        (date(1989, 1, 7), ("昭和", 64)),
        (date(1989, 1, 8), ("平成", 1)),
        (date(2019, 4, 30), ("平成", 31)),
        (date(2019, 5, 1), ("令和", 1)),
        (date(2024, 3, 1), ("令和", 6)),
    ],
)
def test_era_of_switches_on_each_eras_first_day(day: date, expected: tuple[str, int]) -> None:
    assert wareki.era_of(day) == expected


def test_a_date_before_meiji_is_out_of_range() -> None:
    with pytest.raises(WarekiError, match="和暦で表せない"):
        wareki.era_of(date(1868, 1, 24))


def test_seireki_form_adds_the_gregorian_year_in_parentheses() -> None:
    assert wareki.format_date(date(2024, 3, 1), seireki=True) == "令和6年(2024年)3月1日"


def test_seireki_form_keeps_gannen() -> None:
    assert wareki.format_date(date(2019, 5, 1), seireki=True) == "令和元年(2019年)5月1日"


def test_year_month_prints_era_year_and_month() -> None:
    assert wareki.format_year_month(date(2022, 1, 15)) == "令和4年1月"


def test_year_month_in_the_first_year_prints_gannen() -> None:
    assert wareki.format_year_month(date(1989, 1, 8)) == "平成元年1月"


def test_short_form_uses_the_era_letter_and_dots() -> None:
    assert wareki.format_date_short(date(2020, 8, 6)) == "R2.8.6"


def test_short_form_writes_the_first_year_as_1() -> None:
    assert wareki.format_date_short(date(2019, 5, 1)) == "R1.5.1"


def test_month_day_form_prints_month_and_day_only() -> None:
    assert wareki.format_month_day(date(2020, 8, 6)) == "8月6日"
    assert wareki.format_month_day(date(2021, 12, 31)) == "12月31日"


def test_weekday_form_appends_the_japanese_weekday() -> None:
    assert wareki.format_weekday(date(2020, 8, 6)) == "令和2年8月6日(木)"


# --- fiscal years ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2021, 1, 12), 2020),
        (date(2020, 3, 31), 2019),
        (date(2020, 4, 1), 2020),
        (date(2020, 12, 31), 2020),
    ],
)
def test_the_fiscal_year_starts_in_april(day: date, year: int) -> None:
    assert wareki.fiscal_year_of(day) == year


def test_fiscal_2018_is_heisei_30() -> None:
    assert wareki.format_fiscal_year(2018) == "平成30年度"


def test_fiscal_2019_is_reiwa_gannen_because_reiwa_began_during_it() -> None:
    assert wareki.format_fiscal_year(2019) == "令和元年度"


def test_fiscal_2020_is_reiwa_2() -> None:
    assert wareki.format_fiscal_year(2020) == "令和2年度"


def test_fiscal_1988_stays_showa_63_so_that_fiscal_1989_alone_is_heisei_gannen() -> None:
    assert wareki.format_fiscal_year(1988) == "昭和63年度"
    assert wareki.format_fiscal_year(1989) == "平成元年度"


def test_a_fiscal_year_before_meiji_is_refused() -> None:
    with pytest.raises(WarekiError, match="1867年度"):
        wareki.format_fiscal_year(1867)


# --- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和2年8月6日", date(2020, 8, 6)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("R2.8.6", date(2020, 8, 6)),
        ("r2.8.6", date(2020, 8, 6)),
        ("R2/8/6", date(2020, 8, 6)),
        ("R2-8-6", date(2020, 8, 6)),
        ("R02.08.06", date(2020, 8, 6)),
        ("H31.4.30", date(2019, 4, 30)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("S64.1.7", date(1989, 1, 7)),
        ("明治元年1月25日", date(1868, 1, 25)),
        ("2020-08-06", date(2020, 8, 6)),
        ("2020/8/6", date(2020, 8, 6)),
        ("2020年8月6日", date(2020, 8, 6)),
        ("令和6年(2024年)3月1日", date(2024, 3, 1)),
        ("令和元年(2019年)5月1日", date(2019, 5, 1)),
    ],
)
def test_every_accepted_form_parses(text: str, expected: date) -> None:
    assert wareki.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和２年８月６日", date(2020, 8, 6)),  # full-width digits
        ("Ｒ２．８．６", date(2020, 8, 6)),  # full-width letter and dots
        ("ｒ２／８／６", date(2020, 8, 6)),
        ("令和6年（2024年）3月1日", date(2024, 3, 1)),  # full-width parentheses
        (" 令和 2年 8月 6日 ", date(2020, 8, 6)),
        ("令和\u30002年8月6日", date(2020, 8, 6)),  # ideographic space
        ("２０２０－０８－０６", date(2020, 8, 6)),
        ("2020ー08ー06", date(2020, 8, 6)),  # an IME's long-vowel mark typed for a hyphen
        ("㋿2年8月6日", date(2020, 8, 6)),  # the one-character era sign
        ("㍻31年4月30日", date(2019, 4, 30)),
    ],
)
def test_full_width_and_spaced_input_is_normalised(text: str, expected: date) -> None:
    assert wareki.parse(text) == expected


def test_full_width_wareki_parses_to_the_same_date_as_ascii() -> None:
    assert wareki.parse("令和２年８月６日") == wareki.parse("R2.8.6") == date(2020, 8, 6)


@pytest.mark.parametrize(
    "text", ["", "   ", "きのう", "令和2年8月", "2020-08", "X2.8.6", "8/6/2020"]
)
def test_unreadable_text_asks_for_one_of_the_known_forms(text: str) -> None:
    with pytest.raises(WarekiError) as caught:
        wareki.parse(text)
    assert "令和2年8月6日" in str(caught.value)
    assert "R2.8.6" in str(caught.value)
    assert "入力してください" in str(caught.value)


def test_a_day_that_does_not_exist_is_refused_by_name() -> None:
    with pytest.raises(WarekiError) as caught:
        wareki.parse("令和3年2月30日")
    assert str(caught.value) == "令和3年2月30日は存在しない日付です。"


@pytest.mark.parametrize("text", ["2021-02-30", "R3.13.1", "2021年4月31日"])
def test_impossible_days_in_any_form_are_refused(text: str) -> None:
    with pytest.raises(WarekiError, match="存在しない日付"):
        wareki.parse(text)


def test_a_reiwa_date_before_reiwa_began_is_refused_with_its_first_day() -> None:
    with pytest.raises(WarekiError) as caught:
        wareki.parse("令和元年3月13日")
    assert str(caught.value) == "令和元年3月13日は存在しない日付です（令和は2019年5月1日から）。"


def test_a_heisei_date_after_heisei_ended_is_refused_with_its_last_day() -> None:
    with pytest.raises(WarekiError) as caught:
        wareki.parse("平成31年5月1日")
    assert "存在しない" in str(caught.value)
    assert "平成は2019年4月30日まで" in str(caught.value)


def test_heisei_32_is_refused_in_the_short_form_too() -> None:
    with pytest.raises(WarekiError, match="平成は2019年4月30日まで"):
        wareki.parse("H32.1.1")


def test_era_year_zero_is_refused() -> None:
    with pytest.raises(WarekiError, match="令和0年は存在しません"):
        wareki.parse("R0.8.6")


def test_a_gregorian_year_in_parentheses_must_agree_with_the_era_year() -> None:
    with pytest.raises(WarekiError) as caught:
        wareki.parse("令和6年(2023年)3月1日")
    assert "令和6年は西暦2024年" in str(caught.value)
    assert "2023年" in str(caught.value)


def test_a_gregorian_date_before_meiji_is_refused() -> None:
    with pytest.raises(WarekiError, match="明治は1868年1月25日から"):
        wareki.parse("1800-01-01")


def test_parse_errors_are_value_errors() -> None:
    assert issubclass(WarekiError, ValueError)


# --- properties ------------------------------------------------------------------------------


@given(SUPPORTED)
def test_any_date_survives_a_round_trip_through_every_printed_form(d: date) -> None:
    assert wareki.parse(wareki.format_date(d)) == d
    assert wareki.parse(wareki.format_date_short(d)) == d
    assert wareki.parse(wareki.format_date(d, seireki=True)) == d


@given(SUPPORTED)
def test_fiscal_year_of_agrees_with_counting_from_april(d: date) -> None:
    naive = d.year - 1 if date(d.year, 1, 1) <= d < date(d.year, 4, 1) else d.year
    assert wareki.fiscal_year_of(d) == naive


@given(st.dates(min_value=date(1868, 4, 1), max_value=date(2100, 12, 31)))
def test_a_fiscal_year_is_named_by_the_era_in_force_at_its_end_unless_that_era_began_in_january(
    d: date,
) -> None:
    year = wareki.fiscal_year_of(d)
    label = wareki.format_fiscal_year(year)
    era_at_end, _ = wareki.era_of(date(year + 1, 3, 31))
    era_at_new_year, _ = wareki.era_of(date(year, 12, 31))
    # The eras differ only for FY1988: 平成 began on 1989-01-08, in the year's second calendar year.
    assert label.startswith(era_at_end) or (year == 1988 and label.startswith(era_at_new_year))
    assert label.endswith("年度")


@given(st.integers(min_value=1868, max_value=2200), st.integers(min_value=1868, max_value=2200))
def test_no_two_fiscal_years_share_a_name(a: int, b: int) -> None:
    if a != b:
        assert wareki.format_fiscal_year(a) != wareki.format_fiscal_year(b)


@given(st.text(max_size=30))
def test_parse_returns_a_date_or_raises_wareki_error_and_nothing_else(text: str) -> None:
    try:
        result = wareki.parse(text)
    except WarekiError as error:
        assert str(error)
    else:
        assert isinstance(result, date)


# --- form field ------------------------------------------------------------------------------


class MeetingDateForm(forms.Form):
    date = WarekiDateField(label="開催日")


def test_the_field_turns_typed_wareki_into_a_date() -> None:
    form = MeetingDateForm(data={"date": "令和2年8月6日"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date"] == date(2020, 8, 6)


def test_the_field_accepts_iso_dates_too() -> None:
    form = MeetingDateForm(data={"date": "2020-08-06"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date"] == date(2020, 8, 6)


def test_an_impossible_date_is_a_japanese_form_error_and_the_typed_text_is_shown_again() -> None:
    form = MeetingDateForm(data={"date": "令和元年3月13日"})
    assert not form.is_valid()
    assert form.errors["date"] == [
        "令和元年3月13日は存在しない日付です（令和は2019年5月1日から）。"
    ]
    assert form.errors.as_data()["date"][0].code == "invalid"
    assert 'value="令和元年3月13日"' in str(form["date"])


def test_unreadable_text_is_shown_again_exactly_as_typed() -> None:
    form = MeetingDateForm(data={"date": "来週の木曜"})
    assert not form.is_valid()
    assert "入力してください" in form.errors["date"][0]
    assert 'value="来週の木曜"' in str(form["date"])


@pytest.mark.parametrize("blank", ["", "  ", "\u3000"])
def test_a_required_blank_date_gets_the_usual_required_error(blank: str) -> None:
    form = MeetingDateForm(data={"date": blank})
    assert not form.is_valid()
    assert form.errors.as_data()["date"][0].code == "required"


def test_an_optional_empty_date_cleans_to_none() -> None:
    class OptionalForm(forms.Form):
        date = WarekiDateField(required=False)

    form = OptionalForm(data={"date": "  "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date"] is None


def test_the_widget_shows_an_initial_date_in_wareki_as_plain_text() -> None:
    html = str(MeetingDateForm(initial={"date": date(2020, 8, 6)})["date"])
    assert 'value="令和2年8月6日"' in html
    assert 'type="text"' in html
    assert 'inputmode="text"' in html
    assert 'autocomplete="off"' in html
    assert 'placeholder="例: 令和2年8月6日 / R2.8.6"' in html


def test_the_widget_keeps_attributes_given_by_the_form() -> None:
    widget = WarekiDateInput(attrs={"class": "form-control", "placeholder": "R2.8.6"})
    html = widget.render("d", date(2019, 5, 1))
    assert 'value="令和元年5月1日"' in html
    assert 'class="form-control"' in html
    assert 'placeholder="R2.8.6"' in html


def test_an_unchanged_initial_date_is_not_reported_as_changed() -> None:
    form = MeetingDateForm(data={"date": "R2.8.6"}, initial={"date": date(2020, 8, 6)})
    assert not form.has_changed()


# --- template filters ------------------------------------------------------------------------


def render(source: str, **context: Any) -> str:
    return Template("{% load wareki %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ d|wareki }}", "令和2年8月6日"),
        ("{{ d|wareki_seireki }}", "令和2年(2020年)8月6日"),
        ("{{ d|wareki_short }}", "R2.8.6"),
        ("{{ d|wareki_month }}", "令和2年8月"),
        ("{{ d|wareki_weekday }}", "令和2年8月6日(木)"),
        ("{{ d|month_day }}", "8月6日"),
        ("{{ t|clock }}", "9:05"),
        ("{{ d|nendo }}", "令和2年度"),
    ],
)
def test_each_filter_formats_a_date(source: str, expected: str) -> None:
    assert render(source, d=date(2020, 8, 6), t=datetime.time(9, 5)) == expected


@pytest.mark.parametrize("t", [datetime.time(0, 0), datetime.time(9, 5), datetime.time(23, 59)])
def test_clock_prints_as_djangos_time_filter(t: datetime.time) -> None:
    assert render("{{ t|clock }}", t=t) == render('{{ t|time:"G:i" }}', t=t)


def test_clock_of_an_aware_datetime_is_the_time_in_japan() -> None:
    late_utc = datetime.datetime(2020, 8, 5, 16, 30, tzinfo=datetime.UTC)
    assert render("{{ t|clock }}", t=late_utc) == "1:30"
    assert render("{{ t|clock }}", t=late_utc) == render('{{ t|time:"G:i" }}', t=late_utc)


@pytest.mark.parametrize("value", [None, ""])
def test_clock_of_no_time_prints_nothing(value: Any) -> None:
    assert render("{{ t|clock }}", t=value) == ""


def test_nendo_names_a_fiscal_year_given_as_a_number() -> None:
    assert render("{{ y|nendo }}", y=2019) == "令和元年度"


def test_nendo_of_a_january_date_is_the_previous_fiscal_year() -> None:
    assert render("{{ d|nendo }}", d=date(2021, 1, 12)) == "令和2年度"


def test_an_aware_datetime_is_printed_as_the_day_in_japan() -> None:
    late_utc = datetime.datetime(2020, 8, 5, 16, 30, tzinfo=datetime.UTC)  # 01:30 on 6 Aug in JST
    assert render("{{ t|wareki }}", t=late_utc) == "令和2年8月6日"


def test_a_naive_datetime_is_printed_as_its_own_day() -> None:
    assert render("{{ t|wareki }}", t=datetime.datetime(2020, 8, 6, 23, 59)) == "令和2年8月6日"


@pytest.mark.parametrize("value", [None, ""])
@pytest.mark.parametrize("name", ["wareki", "wareki_seireki", "wareki_short", "nendo"])
def test_an_empty_value_prints_nothing(name: str, value: Any) -> None:
    assert render(f"{{{{ v|{name} }}}}", v=value) == ""


def test_a_date_before_meiji_prints_in_iso_form_instead_of_breaking_the_page() -> None:
    assert render("{{ d|wareki }}", d=date(1800, 1, 1)) == "1800-01-01"


def test_the_filters_are_available_without_loading() -> None:
    assert Template("{{ d|wareki }}").render(Context({"d": date(2020, 8, 6)})) == "令和2年8月6日"
