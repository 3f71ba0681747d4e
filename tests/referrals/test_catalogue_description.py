"""A programme's structured 業務内容 (issue #21 §1): blocks, figures and facilities typed on the
edit page, then read on the detail page, in the PDF, in the CSV and as HSDS locations."""

from __future__ import annotations

import csv
import datetime
import io
import json
from typing import Any

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from referrals.models import (
    ResourceBlock,
    ResourceFacility,
    ResourceFigure,
    SocialResource,
)
from tests.conftest import Cast, Catalogue
from tests.referrals.test_catalogue import _post
from tests.referrals.test_hsds import validate


def _rows(prefix: str, rows: list[dict[str, Any]], initial: int = 0) -> dict[str, Any]:
    data: dict[str, Any] = {f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": initial}
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
    return data


BLOCKS = [
    {"kind": "heading", "text": "支援の流れ", "ORDER": 1},
    {"kind": "step", "text": "相談を受ける", "ORDER": 2},
    {"kind": "step", "text": "団体を訪問する", "ORDER": 3},
    {"kind": "paragraph", "text": "訪問後に報告書を作る。", "ORDER": 4},
    {"kind": "step", "text": "補助金を交付する", "ORDER": 5},
]
FIGURES = [
    {"label": "支援団体数", "value": "74", "unit": "団体", "as_of": "2022-12-05",
     "as_of_precision": "month", "ORDER": 1},
    {"label": "延支援件数", "value": "1,652", "unit": "件", "as_of": "2022-12-31",
     "as_of_precision": "month", "ORDER": 2},
    {"label": "支援団体数", "value": "12", "unit": "団体", "area": "北区",
     "as_of_precision": "month", "ORDER": 3},
]  # fmt: skip
FACILITIES = [
    {"name": "北の茶の間", "address": "長岡市北町1-2", "opened_on": "2020-04-01",
     "activity_groups": 12, "activity_count": 48, "note": "週2回", "ORDER": 1},
]  # fmt: skip


def _full_post(resource: SocialResource, **facility: Any) -> dict[str, Any]:
    return {
        **_post(resource, operator=resource.operator_id),
        **_rows("blocks", BLOCKS),
        **_rows("figures", FIGURES),
        **_rows("facilities", [{**FACILITIES[0], **facility}]),
    }


@pytest.fixture
def described(cast: Cast, catalogue: Catalogue) -> SocialResource:
    resource = catalogue.resource
    url = reverse("referrals:resource-edit", args=[resource.pk])
    response = cast.client("secretariat").post(url, _full_post(resource))
    assert response.status_code == 302, response.content.decode()[:2000]
    resource.refresh_from_db()
    return resource


def test_the_secretariat_saves_blocks_figures_and_facilities(described: SocialResource) -> None:
    blocks = list(described.blocks.values_list("order", "kind", "text"))
    assert blocks == [(n, b["kind"], b["text"]) for n, b in enumerate(BLOCKS, start=1)]
    first = described.figures.first()
    # Month precision: any day typed is the month's end, printed 令和4年12月末.
    assert first.as_of == datetime.date(2022, 12, 31)
    assert first.text == "支援団体数 74団体（令和4年12月末現在）"
    assert described.figures.get(area="北区").text == "支援団体数（北区） 12団体"
    facility = described.facilities.get()
    assert (facility.opened_on, facility.activity_groups, facility.activity_count) == (
        datetime.date(2020, 4, 1),
        12,
        48,
    )
    assert described.revision == 1
    assert described.history.count() == 2  # the fixture's row and this save


def test_the_detail_page_shows_the_structure(cast: Cast, described: SocialResource) -> None:
    html = cast.client("city").get(reverse("referrals:resource-detail", args=[described.pk]))
    page = html.content.decode()
    assert '<h3 class="h6 text-decoration-underline mt-3">支援の流れ</h3>' in page
    # Two runs of steps: 1, 2 and then 1 again after the paragraph.
    assert "<ol><li>相談を受ける</li><li>団体を訪問する</li></ol>" in page
    assert "<ol><li>補助金を交付する</li></ol>" in page
    assert "令和4年12月末現在" in page and "1,652件" in page
    assert '<th scope="row">北の茶の間</th>' in page and "令和2年4月1日" in page


def test_the_edit_page_offers_the_rows_and_one_empty_row_each(
    cast: Cast, described: SocialResource
) -> None:
    page = cast.client("secretariat").get(reverse("referrals:resource-edit", args=[described.pk]))
    html = page.content.decode()
    for prefix, count in (("blocks", 5), ("figures", 3), ("facilities", 1)):
        assert f'name="{prefix}-TOTAL_FORMS" value="{count + 1}"' in html
        assert f'name="{prefix}-0-DELETE"' in html
        assert f'name="{prefix}-{count}-ORDER"' in html
    assert 'value="北の茶の間"' in html


def test_the_order_boxes_reorder_and_the_delete_box_removes(
    cast: Cast, described: SocialResource
) -> None:
    blocks = list(described.blocks.all())
    rows = [{"id": b.pk, "kind": b.kind, "text": b.text, "ORDER": b.order} for b in blocks]
    rows[0]["ORDER"] = 9  # the heading goes last
    rows[4]["DELETE"] = "on"
    data = {
        **_post(described),
        **_rows("blocks", [*rows, {"kind": "paragraph", "text": ""}], initial=5),
    }
    url = reverse("referrals:resource-edit", args=[described.pk])
    assert cast.client("secretariat").post(url, data).status_code == 302
    assert list(described.blocks.values_list("order", "text")) == [
        (1, "相談を受ける"),
        (2, "団体を訪問する"),
        (3, "訪問後に報告書を作る。"),
        (4, "支援の流れ"),
    ]
    assert ResourceBlock.history.filter(text="補助金を交付する", history_type="-").exists()


def test_a_bad_number_keeps_what_was_typed_and_saves_nothing(
    cast: Cast, catalogue: Catalogue
) -> None:
    resource = catalogue.resource
    url = reverse("referrals:resource-edit", args=[resource.pk])
    response = cast.client("secretariat").post(url, _full_post(resource, activity_count="たくさん"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "整数を入力してください。" in html
    assert "入力した内容はそのまま残っています" in html  # the page says so at its top
    assert 'value="たくさん"' in html and 'value="1,652"' in html and "相談を受ける" in html
    assert not ResourceBlock.objects.exists() and not ResourceFacility.objects.exists()
    resource.refresh_from_db()
    assert resource.revision == 0


def test_a_figure_needs_a_value(cast: Cast, catalogue: Catalogue) -> None:
    resource = catalogue.resource
    data = {**_post(resource), **_rows("figures", [{"label": "支援団体数", "ORDER": 1}])}
    url = reverse("referrals:resource-edit", args=[resource.pk])
    response = cast.client("secretariat").post(url, data)
    assert response.status_code == 400
    assert "このフィールドは必須です。" in response.content.decode()
    assert not ResourceFigure.objects.exists()


def test_the_pdf_prints_the_structure(cast: Cast, described: SocialResource) -> None:
    content = cast.client("city").get(reverse("referrals:resource-pdf")).content
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    for expected in (
        "支援の流れ",
        "相談を受ける",
        "支援団体数74団体（令和4年12月末現在）",
        "延支援件数1,652件（令和4年12月末現在）",
        "支援団体数（北区）12団体",
        "北の茶の間（開所日令和2年4月1日・活動団体数12・活動回数48）",
    ):
        assert expected in text


def test_the_csv_flattens_the_description(cast: Cast, described: SocialResource) -> None:
    content = cast.client("city").get(reverse("referrals:resource-export", args=["csv"])).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert row[2] == "地域活動支援センター"
    assert row[3].splitlines() == [
        "創作的活動又は生産活動の機会の提供",
        "支援の流れ",
        "1. 相談を受ける",
        "2. 団体を訪問する",
        "訪問後に報告書を作る。",
        "1. 補助金を交付する",
        "支援団体数 74団体（令和4年12月末現在）",
        "延支援件数 1,652件（令和4年12月末現在）",
        "支援団体数（北区） 12団体",
    ]
    assert row[4] == "直営3か所・委託1か所"  # the existing columns stay where they were
    assert header[-1] == "施設"
    assert row[-1] == "北の茶の間（開所日 令和2年4月1日・活動団体数 12・活動回数 48）"


def test_facilities_are_the_services_hsds_locations(cast: Cast, described: SocialResource) -> None:
    response = cast.client("city").get(reverse("referrals:resource-hsds"))
    data = json.loads(response.content)
    (location,) = data["locations"]
    validate(location, "location.json")
    for service in data["services"]:
        validate(service, "service.json")
    service = next(s for s in data["services"] if s["name"] == described.name)
    (link,) = service["service_at_locations"]
    assert (link["service_id"], link["location_id"]) == (service["id"], location["id"])
    assert location["name"] == "北の茶の間"
    assert location["location_type"] == "physical"
    assert location["x_address"] == "長岡市北町1-2"
    assert location["description"] == "週2回"
    assert location["organization_id"] == service["organization_id"]
    values = {a["taxonomy_term"]["code"]: a["value"] for a in location["attributes"]}
    assert values == {"opened_on": "2020-04-01", "activity_groups": "12", "activity_count": "48"}
    assert "支援団体数 74団体（令和4年12月末現在）" in service["description"]


def test_the_history_page_lists_the_description_parts(
    cast: Cast, described: SocialResource
) -> None:
    url = reverse("council:history", args=["resource", described.pk])
    html = cast.client("secretariat").get(url).content.decode()
    assert "北の茶の間" in html and "支援団体数" in html


def _add_parts(resource: SocialResource, n: int) -> None:
    ResourceBlock.objects.create(resource=resource, order=1, kind="step", text=f"手順{n}")
    ResourceFigure.objects.create(resource=resource, label="件数", value=str(n), unit="件")
    ResourceFacility.objects.create(resource=resource, name=f"施設{n}", activity_count=n)


@pytest.mark.parametrize(
    ("name", "args"),
    [("resource-export", ["csv"]), ("resource-hsds", []), ("resource-pdf", [])],
)
def test_the_outputs_queries_do_not_grow_with_the_programmes(
    cast: Cast, catalogue: Catalogue, name: str, args: list[str]
) -> None:
    url = reverse(f"referrals:{name}", args=args)
    client = cast.client("city")
    _add_parts(catalogue.resource, 0)

    def measure() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    client.get(url)  # warm: session, content types
    one = measure()
    for n in range(1, 20):
        made = SocialResource.objects.create(council=cast.council, name=f"事業{n}")
        _add_parts(made, n)
    assert measure() == one
