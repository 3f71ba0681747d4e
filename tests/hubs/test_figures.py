"""Quarterly figures: non-negative counts, quarters 1–4, one row per function and quarter."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from hubs.forms import FigureFormSet, figure_initial
from hubs.models import HubFigure, HubFunctionReview, HubReview
from tests.conftest import Cast
from tests.hubs.conftest import Hub


def review_post(review: HubReview, **changes: Any) -> dict[str, Any]:
    """The review form as the page sends it, all 20 figure rows and 5 text rows."""
    data: dict[str, Any] = {
        "meeting": review.meeting_id or "",
        "summary": review.summary,
        "revision": review.revision,
        "figures-TOTAL_FORMS": "20",
        "figures-INITIAL_FORMS": "20",
        "texts-TOTAL_FORMS": "5",
        "texts-INITIAL_FORMS": "5",
    }
    for i, row in enumerate(figure_initial(review)):
        for name, value in row.items():
            data[f"figures-{i}-{name}"] = "" if value is None else value
    for i, function in enumerate(
        ["consultation", "emergency", "experience", "personnel", "community"]
    ):
        text = review.function_reviews.filter(function=function).first() if review.pk else None
        data[f"texts-{i}-function"] = function
        for name in ("worked", "problems", "decisions"):
            data[f"texts-{i}-{name}"] = getattr(text, name) if text else ""
    return {**data, **changes}


def formset(**changes: Any) -> Any:
    data = {"figures-TOTAL_FORMS": "1", "figures-INITIAL_FORMS": "0"}
    data.update({"figures-0-function": "consultation", "figures-0-quarter": "1"})
    data.update({f"figures-0-{k}": v for k, v in changes.items()})
    return FigureFormSet(data, prefix="figures")


def test_figures_accept_zero_and_blank() -> None:
    assert formset(advance_registrations="0", trial_stays="").is_valid()


def test_a_negative_figure_is_refused() -> None:
    figures = formset(emergency_acceptances="-1")
    assert not figures.is_valid()
    assert "emergency_acceptances" in figures.forms[0].errors


@pytest.mark.parametrize("quarter", ["0", "5", ""])
def test_the_quarter_must_be_1_to_4(quarter: str) -> None:
    figures = formset(quarter=quarter)
    assert not figures.is_valid()
    assert "quarter" in figures.forms[0].errors


def test_the_same_function_and_quarter_twice_is_refused() -> None:
    data = {"figures-TOTAL_FORMS": "2", "figures-INITIAL_FORMS": "0"}
    for i in (0, 1):
        data.update({f"figures-{i}-function": "emergency", f"figures-{i}-quarter": "2"})
    figures = FigureFormSet(data, prefix="figures")
    assert not figures.is_valid()
    assert figures.non_form_errors()


def test_the_database_refuses_a_fifth_quarter_too(hub: Hub) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        HubFigure.objects.create(review=hub.review, function="consultation", quarter=5)


def test_the_owning_bodys_member_records_figures_and_texts(cast: Cast, hub: Hub) -> None:
    data = review_post(
        hub.review,
        **{
            "figures-0-advance_registrations": "15",  # ①, quarter 1: was 12
            "figures-5-emergency_acceptances": "4",  # ②, quarter 2: was 3
            "figures-19-coordinator_activities": "7",  # ⑤, quarter 4: new
            "texts-2-worked": "体験の場を1か所確保した。",
        },
    )
    history_before = HubFigure.history.count()
    response = cast.client("member_a").post(reverse("hubs:review-edit", args=[2020]), data)
    assert response.status_code == 302
    hub.figure.refresh_from_db()
    assert hub.figure.advance_registrations == 15
    assert (
        HubFigure.objects.get(
            review=hub.review, function="community", quarter=4
        ).coordinator_activities
        == 7
    )
    assert HubFigure.objects.filter(review=hub.review).count() == 3  # blank rows are not stored
    assert HubFigure.history.count() == history_before + 3  # two changed, one new; no others
    assert HubFunctionReview.objects.get(review=hub.review, function="experience").worked


def test_a_negative_figure_is_shown_back_and_nothing_is_saved(cast: Cast, hub: Hub) -> None:
    data = review_post(hub.review, **{"figures-0-advance_registrations": "-3", "summary": "新"})
    response = cast.client("secretariat").post(reverse("hubs:review-edit", args=[2020]), data)
    assert response.status_code == 400
    hub.figure.refresh_from_db()
    hub.review.refresh_from_db()
    assert hub.figure.advance_registrations == 12
    assert hub.review.summary == "初回の検証"


def test_a_tampered_quarter_is_refused(cast: Cast, hub: Hub) -> None:
    data = review_post(hub.review, **{"figures-3-quarter": "5"})
    response = cast.client("secretariat").post(reverse("hubs:review-edit", args=[2020]), data)
    assert response.status_code == 400
    assert not HubFigure.objects.filter(quarter=5).exists()


def test_a_stale_review_form_is_refused(cast: Cast, hub: Hub) -> None:
    data = review_post(hub.review, summary="古い版から")
    HubReview.objects.filter(pk=hub.review.pk).update(revision=5)
    response = cast.client("secretariat").post(reverse("hubs:review-edit", args=[2020]), data)
    assert response.status_code == 400
    hub.review.refresh_from_db()
    assert hub.review.summary == "初回の検証"


def test_the_first_review_of_a_year_is_created_from_the_form(cast: Cast) -> None:
    client = cast.client("secretariat")
    url = reverse("hubs:review-edit", args=[2020])
    page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count('type="number"') == 80
    data = review_post(HubReview(council=cast.council, fiscal_year=cast.year))
    data["figures-0-advance_registrations"] = "2"
    assert client.post(url, data).status_code == 302
    review = HubReview.objects.get(council=cast.council, fiscal_year=cast.year)
    assert review.status == "draft"
    assert review.figures.get().advance_registrations == 2


def test_a_function_review_text_longer_than_its_limit_is_refused_and_kept(
    cast: Cast, hub: Hub
) -> None:
    typed = "受け入れ先の確保" * 126  # 1008 characters
    data = review_post(hub.review, **{"texts-1-problems": typed})
    response = cast.client("secretariat").post(reverse("hubs:review-edit", args=[2020]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "この値は 1000 文字以下でなければなりません" in page and typed in page
    assert "1000文字以内" in page
    assert HubFunctionReview.objects.get(function="emergency").problems == "受け入れ先が不足"
