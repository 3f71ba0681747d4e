"""A programme report (取り組みについて) prints its schedule: the year plan attached to it,
after its parts, in its page and its PDF; the plan's page names the document only to who
may read it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from documents.models import WrittenDocument, WrittenKind
from tests.conftest import Cast, Plans
from tests.hubs.test_pdf import pdf_text_and_fonts, squeeze

pytestmark = pytest.mark.django_db


def programme(cast: Cast) -> WrittenDocument:
    document = WrittenDocument.objects.create(
        council=cast.council,
        fiscal_year=cast.year,
        body=cast.body_a,
        kind=WrittenKind.PROGRAMME,
        title="就労定着支援の取り組みについて",
    )
    document.parts.create(order=1, level=1, numbering="１、", heading="スケジュール")
    return document


def test_the_attached_plan_prints_after_the_documents_parts(
    cast: Cast, plans: Plans, tmp_path: Path
) -> None:
    document = programme(cast)
    plans.plan.document = document
    plans.plan.save()
    response = cast.client("member_a").get(reverse("writings:writing-pdf", args=[document.pk]))
    text, _fonts = pdf_text_and_fonts(tmp_path, response.content)
    flat = squeeze(text)
    assert flat.index("１、スケジュール") < flat.index("研修会")
    for expected in ["令和2年度", "7月", "研修会", "↓", "随時", "事例検討", "<第3回>"]:
        assert expected in flat, expected
    page = cast.client("member_a").get(reverse("writings:writing-detail", args=[document.pk]))
    assert "事例検討" in page.content.decode()


def test_the_plan_names_its_document_only_to_who_may_read_it(cast: Cast, plans: Plans) -> None:
    document = programme(cast)  # 部会A's draft
    plans.plan.document = document
    plans.plan.save()
    url = reverse("plans:plan-detail", args=[plans.plan.pk])
    assert document.title in cast.client("member_a").get(url).content.decode()
    assert document.title not in cast.client("member_b").get(url).content.decode()
