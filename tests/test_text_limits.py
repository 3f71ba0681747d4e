"""Every text has a length limit the form shows and the server enforces, chosen so that the
longest document a limit allows still prints in a few seconds (one PDF, one worker)."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from council.models import (
    BULLET_TEXT,
    BULLETS_PER_MEETING,
    Meeting,
    MeetingItem,
    Membership,
    Person,
)
from documents.models import PARTS_MAX
from proposals import services as proposals
from proposals.models import Proposal, ProposalSection
from subcommittees import services as subcommittees
from subcommittees.models import ReviewComment
from tests.conftest import Cast

PROJECT_APPS = [
    "council",
    "subcommittees",
    "hubs",
    "proposals",
    "networks",
    "plans",
    "referrals",
    "documents",
    "demo",
]
# The most members a body's year has in any real council we know is 18; the worst case
# doubles it, each writing the longest comment, and holds a meeting every month.
ROSTER = 36
MEETINGS = 12
PDF_SECONDS = 10


def text_fields() -> list[tuple[str, models.Field]]:
    return [
        (f"{model._meta.label}.{field.name}", field)
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
    ]


def test_every_text_field_of_every_model_has_a_max_length() -> None:
    fields = text_fields()
    assert any(isinstance(field, models.TextField) for _, field in fields)
    assert [name for name, field in fields if not field.max_length] == []


def review_url(cast: Cast, view: str = "sheet-edit") -> str:
    return reverse(f"subcommittees:{view}", args=[cast.body_a.pk, 2020, "review"])


def test_the_sheet_form_shows_each_limit(cast: Cast) -> None:
    page = cast.client("member_a").get(review_url(cast)).content.decode()
    assert 'maxlength="2000"' in page
    assert "2000文字以内" in page


def test_a_text_longer_than_its_limit_is_refused_in_japanese_and_kept(cast: Cast) -> None:
    typed = "就労パスポートの活用" * 201  # 2010 characters
    response = cast.client("member_a").post(
        review_url(cast), {"results": typed, "revision": cast.review_a.revision}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "この値は 2000 文字以下でなければなりません( 2010 文字になっています)。" in page
    assert typed in page
    cast.review_a.refresh_from_db()
    assert cast.review_a.results == "就労パスポートの周知"


def test_a_comment_longer_than_its_limit_is_refused_and_kept(cast: Cast) -> None:
    typed = "あ" * 1001
    url = reverse("subcommittees:comment-edit", args=[cast.body_a.pk, 2020, cast.person_a.pk])
    response = cast.client("member_a").post(url, {"text": typed, "revision": 0})
    assert response.status_code == 400
    assert "1000 文字以下" in response.content.decode() and typed in response.content.decode()


# --- the longest documents the limits allow, printed ------------------------------------------

SAMPLE = "就労定着支援の現状と課題について部会員より報告があり、意見交換を行った。\n"


def longest(field: models.Field) -> str:
    """A text of exactly the field's limit, in lines like the real sheets'."""
    return (SAMPLE * (field.max_length // len(SAMPLE) + 1))[: field.max_length]


def fill(document: models.Model) -> None:
    """Every text field of the document at its limit."""
    for field in document._meta.concrete_fields:
        if isinstance(field, models.TextField) and field.editable:
            setattr(document, field.name, longest(field))
    document.save()


def seat_roster(cast: Cast) -> list[Person]:
    people = Person.objects.bulk_create(
        Person(council=cast.council, name=f"委員{n:02d}", organization=cast.org)
        for n in range(ROSTER)
    )
    Membership.objects.bulk_create(
        Membership(person=person, body=cast.body_a, fiscal_year=cast.year) for person in people
    )
    return people


def timed(render: Any) -> float:
    start = time.perf_counter()
    pdf = render()
    seconds = time.perf_counter() - start
    assert pdf.startswith(b"%PDF")
    print(f"{seconds:.2f} s, {len(pdf) // 1024} KB")  # shown with -s, for the commit message
    return seconds


@pytest.fixture
def warm_weasyprint(cast: Cast) -> None:
    subcommittees.render_document(cast.policy_a)  # its import and fonts, paid once per process


def test_the_longest_review_sheet_prints_within_10_seconds(
    cast: Cast, warm_weasyprint: None
) -> None:
    fill(cast.review_a)
    ReviewComment.objects.all().delete()
    text = longest(ReviewComment._meta.get_field("text"))
    ReviewComment.objects.bulk_create(
        ReviewComment(sheet=cast.review_a, person=person, text=text) for person in seat_roster(cast)
    )
    assert timed(lambda: subcommittees.render_document(cast.review_a)) < PDF_SECONDS


def test_the_longest_status_report_prints_within_10_seconds(
    cast: Cast, warm_weasyprint: None
) -> None:
    fill(cast.report_a)
    seat_roster(cast)
    Meeting.objects.filter(body=cast.body_a).delete()
    meetings = Meeting.objects.bulk_create(
        Meeting(
            body=cast.body_a,
            fiscal_year=cast.year,
            number=number,
            date=datetime.date(2020, 4, 10) + datetime.timedelta(days=30 * number),
        )
        for number in range(1, MEETINGS + 1)
    )
    bullet = longest(MeetingItem._meta.get_field("text"))
    assert len(bullet) == BULLET_TEXT
    MeetingItem.objects.bulk_create(
        MeetingItem(meeting=meeting, order=order, text=bullet)
        for meeting in meetings
        for order in range(BULLETS_PER_MEETING)
    )
    assert timed(lambda: subcommittees.render_document(cast.report_a)) < PDF_SECONDS


def test_the_longest_proposal_prints_within_10_seconds(cast: Cast, warm_weasyprint: None) -> None:
    proposal = Proposal.objects.create(
        council=cast.council, fiscal_year=cast.year, body=cast.body_a, title="提言" * 50
    )
    fill(proposal)
    heading = "相談機能の強化" * 28
    ProposalSection.objects.bulk_create(
        ProposalSection(proposal=proposal, order=order, level=1 + order % 2, heading=heading)
        for order in range(PARTS_MAX)
    )
    for section in proposal.sections.all():
        fill(section)
    assert timed(lambda: proposals.render(proposal)) < PDF_SECONDS
