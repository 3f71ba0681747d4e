"""The social-resource catalogue: the list's filters, the secretariat's edits (revision check,
history, removal) and the list as CSV/XLSX holding the page's rows."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pypdf
import pytest
from django.urls import reverse

from referrals.models import OperatingForm, SocialResource
from tests.conftest import Cast, Catalogue


@pytest.fixture
def more(cast: Cast, catalogue: Catalogue) -> list[SocialResource]:
    made = [
        SocialResource.objects.create(
            council=cast.council,
            group="それ以外",
            target_field="高齢者",
            name="地域サロン",
            description="通いの場の立ち上げを支援する",
            department="長寿支援課",
        ),
        SocialResource.objects.create(
            council=cast.council,
            group="必須事業",
            target_field="子ども",
            name="子ども食堂",
            department="こども家庭課",
            accepts="小学生以下の子どもとその家族",
        ),
    ]
    OperatingForm.objects.create(resource=made[0], kind=OperatingForm.Kind.DESIGNATED, sites=3)
    return made


def names(cast: Cast, query: str = "", role: str = "city") -> list[str]:
    response = cast.client(role).get(reverse("referrals:resource-list") + query)
    assert response.status_code == 200
    return re.findall(r'resources/\d+/">([^<]+)</a>', response.content.decode())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["地域活動支援センター", "地域サロン", "子ども食堂"]),
        ("?group=必須事業", ["地域活動支援センター", "子ども食堂"]),
        ("?target_field=高齢者", ["地域サロン"]),
        ("?operating_form=direct", ["地域活動支援センター"]),
        ("?operating_form=designated", ["地域サロン"]),
        ("?department=こども家庭課", ["子ども食堂"]),
        ("?text=通いの場", ["地域サロン"]),
        ("?text=小学生", ["子ども食堂"]),
    ],
)
def test_the_list_filters(
    cast: Cast, more: list[SocialResource], query: str, expected: list
) -> None:
    assert names(cast, query) == expected


def test_another_councils_programme_is_not_listed(cast: Cast, catalogue: Catalogue) -> None:
    assert "別市の事業" not in names(cast)


def test_an_unknown_filter_value_is_a_form_error_not_a_500(
    cast: Cast, catalogue: Catalogue
) -> None:
    response = cast.client("city").get(reverse("referrals:resource-list") + "?group=nonsense")
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()


def test_the_navigation_links_the_catalogue(cast: Cast) -> None:
    page = cast.client("member_a").get(reverse("council:dashboard"), follow=True)
    assert reverse("referrals:resource-list") in page.content.decode()


PARTS = ("blocks", "figures", "facilities")  # the description's formsets' prefixes


def _post(resource: SocialResource, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": resource.name,
        "group": resource.group,
        "target_field": resource.target_field,
        "description": resource.description,
        "department": resource.department,
        "order": 0,
        "revision": resource.revision,
        "forms-TOTAL_FORMS": 0,
        "forms-INITIAL_FORMS": 0,
        **{f"{prefix}-{key}": 0 for prefix in PARTS for key in ("TOTAL_FORMS", "INITIAL_FORMS")},
    }
    data.update(changes)
    return data


def test_the_secretariat_adds_a_programme_with_its_operating_forms(cast: Cast) -> None:
    data = {
        **_post(SocialResource(name="ふれあい農園", revision=0)),
        "forms-TOTAL_FORMS": 2,
        "forms-0-kind": "direct",
        "forms-0-sites": 3,
        "forms-1-kind": "commissioned",
        "forms-1-sites": 1,
    }
    response = cast.client("secretariat").post(reverse("referrals:resource-create"), data)
    assert response.status_code == 302
    resource = SocialResource.objects.get(name="ふれあい農園")
    assert resource.council == cast.council
    assert sorted(resource.operating_forms.values_list("kind", "sites")) == [
        ("commissioned", 1),
        ("direct", 3),
    ]
    detail = cast.client("city").get(response["Location"]).content.decode()
    assert "直営3か所・委託1か所" in detail


def test_an_edit_from_a_stale_page_is_refused(cast: Cast, catalogue: Catalogue) -> None:
    resource = catalogue.resource
    url = reverse("referrals:resource-edit", args=[resource.pk])
    client = cast.client("secretariat")
    assert client.post(url, _post(resource, name="新しい名前")).status_code == 302
    stale = client.post(url, _post(resource, name="古いページから"))
    assert stale.status_code == 400
    resource.refresh_from_db()
    assert resource.name == "新しい名前"
    assert resource.history.count() == 2


def test_a_duplicate_name_is_a_form_error(cast: Cast, more: list[SocialResource]) -> None:
    response = cast.client("secretariat").post(
        reverse("referrals:resource-create"), _post(SocialResource(name="地域サロン", revision=0))
    )
    assert response.status_code == 400
    assert SocialResource.objects.filter(name="地域サロン").count() == 1


def test_removing_a_programme_keeps_its_history(cast: Cast, catalogue: Catalogue) -> None:
    pk = catalogue.resource.pk
    client = cast.client("secretariat")
    assert client.get(reverse("referrals:resource-delete", args=[pk])).status_code == 200
    assert SocialResource.objects.filter(pk=pk).exists()  # a GET never writes
    assert client.post(reverse("referrals:resource-delete", args=[pk])).status_code == 302
    assert not SocialResource.objects.filter(pk=pk).exists()
    assert SocialResource.history.filter(id=pk, history_type="-").exists()


@pytest.mark.parametrize("query", ["", "?group=必須事業", "?text=サロン"])
def test_the_csv_holds_the_pages_rows(cast: Cast, more: list[SocialResource], query: str) -> None:
    url = reverse("referrals:resource-export", args=["csv"]) + query
    content = cast.client("city").get(url).content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == names(cast, query)


def test_the_xlsx_holds_the_pages_rows(cast: Cast, more: list[SocialResource]) -> None:
    url = reverse("referrals:resource-export", args=["xlsx"]) + "?target_field=障害者"
    book = openpyxl.load_workbook(io.BytesIO(cast.client("city").get(url).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert [row[2] for row in rows[1:]] == names(cast, "?target_field=障害者")
    assert rows[1][4] == "直営3か所・委託1か所"


def test_the_pdf_table_holds_the_filtered_rows(cast: Cast, more: list[SocialResource]) -> None:
    url = reverse("referrals:resource-pdf") + "?group=必須事業"
    content = cast.client("city").get(url).content
    text = "".join(
        "".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(content)).pages
    )
    for heading in ("対象分野", "事業名", "業務内容", "運営形態", "設置数等", "所管課"):
        assert heading in text
    assert "地域活動支援センター" in text and "子ども食堂" in text
    assert "直営3か所・委託1か所" in text
    assert "地域サロン" not in text
    assert "令和" in text
