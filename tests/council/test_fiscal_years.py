"""The secretariat opens any fiscal year, past or future, and marks the current one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from council import wareki
from council.models import FiscalYear
from tests.conftest import Cast
from tests.council.test_meetings import meeting_post


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("平成21年度", 2009),
        ("H21", 2009),
        ("令和5年度", 2023),
        ("令和元年度", 2019),
        ("Ｒ５", 2023),
        ("2009", 2009),
        ("２０２３年度", 2023),
        ("平成31年度", 2019),
    ],
)
def test_a_fiscal_year_is_read_in_wareki_or_western(text: str, year: int) -> None:
    assert wareki.parse_fiscal_year(text) == year


@pytest.mark.parametrize("text", ["", "来年", "平成0年度", "平成40年度", "令和", "1800", "12345"])
def test_a_fiscal_year_that_cannot_be_read_gets_a_japanese_error(text: str) -> None:
    with pytest.raises(wareki.WarekiError, match="年度"):
        wareki.parse_fiscal_year(text)


def test_secretariat_opens_a_year_back_in_heisei_and_one_in_the_future(cast: Cast) -> None:
    client = cast.client("secretariat")
    for text in ("平成21年度", "令和5年度"):
        response = client.post(reverse("council:year-list"), {"year": text})
        assert response.status_code == 302
    years = set(FiscalYear.objects.filter(council=cast.council).values_list("year", flat=True))
    assert {2009, 2023} <= years
    page = client.get(reverse("council:year-list")).content.decode()
    assert "平成21年度" in page and "令和5年度" in page
    # The new years are offered wherever years are chosen: the meeting list's filter, say.
    listing = client.get(reverse("council:meeting-list")).content.decode()
    assert "平成21年度" in listing and "令和5年度" in listing


def test_opening_a_year_twice_or_nonsense_is_refused_in_japanese(cast: Cast) -> None:
    client = cast.client("secretariat")
    response = client.post(reverse("council:year-list"), {"year": "令和2年度"})
    assert response.status_code == 400
    assert "令和2年度は既に開始されています。" in response.content.decode()
    response = client.post(reverse("council:year-list"), {"year": "来年度"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "年度は" in page and 'value="来年度"' in page
    assert FiscalYear.objects.filter(council=cast.council).count() == 2


def test_marking_a_year_current_leaves_exactly_one_current(cast: Cast) -> None:
    client = cast.client("secretariat")
    client.post(reverse("council:year-list"), {"year": "令和3年度"})
    response = client.post(reverse("council:year-make-current", kwargs={"year": 2021}))
    assert response.status_code == 302
    current = FiscalYear.objects.filter(council=cast.council, is_current=True)
    assert list(current.values_list("year", flat=True)) == [2021]
    other = FiscalYear.objects.get(council=cast.other_council)
    assert other.is_current  # another council's current year is its own


def test_members_may_not_open_years(cast: Cast) -> None:
    response = cast.client("member_a").post(reverse("council:year-list"), {"year": "令和5年度"})
    assert response.status_code == 403
    assert not FiscalYear.objects.filter(year=2023).exists()


def test_the_meeting_form_links_the_secretariat_to_the_years_page(cast: Cast) -> None:
    url = reverse("council:meeting-create")
    data = meeting_post(cast, date="令和5年8月1日")
    page = cast.client("secretariat").post(url, data).content.decode()
    assert "令和5年度はまだ開始されていません" in page
    assert reverse("council:year-list") in page
    page = cast.client("member_a").post(url, data).content.decode()
    assert "令和5年度はまだ開始されていません" in page
    assert reverse("council:year-list") not in page
