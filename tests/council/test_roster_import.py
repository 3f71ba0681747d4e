"""The roster import: a real .xlsx of 300 persons (made here with openpyxl), CSV in the
encodings Excel writes, a preview that saves nothing, one transaction, and re-imports that
update and never duplicate."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from council import roster_import
from council.models import Membership, Organization, Person
from tests.conftest import Cast

HEADERS = ["個人ID", "氏名", "ふりがな", "所属", "役職", "会議体", "年度", "役割", "就任日"]


def roster_rows(count: int = 300) -> list[list[Any]]:
    """`count` persons in 30 organisations; every tenth sits in both 部会 (two rows)."""
    rows = []
    for n in range(count):
        person = ["", f"委員{n:03d}", f"いいん{n:03d}", f"事業所{n % 30:02d}", "相談員"]
        body = "就労部会" if n % 2 else "相談支援部会"
        rows.append([*person, body, "令和2年度", "部会員", "2020-04-01"])
        if n % 10 == 0:
            rows.append(
                [*person, "就労部会" if body != "就労部会" else "相談支援部会", 2020, "", ""]
            )
    return rows


def xlsx(rows: list[list[Any]], headers: list[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_bytes(rows: list[list[Any]], encoding: str) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows([HEADERS, *rows])
    return text.getvalue().encode(encoding)


def upload(client: Client, data: bytes, name: str = "名簿.xlsx") -> Any:
    return client.post(reverse("council:roster-import"), {"file": SimpleUploadedFile(name, data)})


def confirm(client: Client, preview: Any) -> Any:
    return client.post(reverse("council:roster-import-confirm"), {"key": preview.context["key"]})


def snapshot() -> tuple[int, ...]:
    return (
        Person.objects.count(),
        Organization.objects.count(),
        Membership.objects.count(),
        Person.history.count(),
        Membership.history.count(),
    )


def test_the_preview_counts_the_rows_and_saves_nothing(cast: Cast) -> None:
    before = snapshot()
    response = upload(cast.client("secretariat"), xlsx(roster_rows()))
    assert response.status_code == 200
    counts = response.context["preview"].counts
    assert counts["rows"] == 330 and counts["new_persons"] == 300
    assert counts["new_organizations"] == 30 and counts["new_seats"] == 330
    assert "委員299" in response.content.decode()
    assert snapshot() == before


def test_confirming_imports_300_persons_in_one_go_and_a_reimport_changes_nothing(
    cast: Cast,
) -> None:
    client = cast.client("secretariat")
    persons = Person.objects.count()
    data = xlsx(roster_rows())
    response = confirm(client, upload(client, data))
    assert response.status_code == 302
    assert Person.objects.count() == persons + 300
    imported = Person.objects.filter(name__startswith="委員")
    assert imported.filter(organization__name="事業所07").count() == 10
    assert Membership.objects.filter(person__in=imported).count() == 330
    seat = Membership.objects.get(person__name="委員001", body=cast.body_a)
    assert seat.appointed_on.isoformat() == "2020-04-01"
    assert not default_storage.listdir("imports")[1], "the waiting file is removed"

    before = snapshot()
    again = upload(client, data)
    assert again.context["preview"].counts["new_persons"] == 0
    assert confirm(client, again).status_code == 302
    assert snapshot() == before, "no row added, none saved again"


def test_a_reimport_updates_the_person_it_matches_by_id(cast: Cast) -> None:
    rows = [
        [
            cast.person_b.pk,
            "鈴木一郎",
            "すずきいちろう",
            "相談支援センターふかさわ",
            "所長",
            "",
            "",
            "",
            "",
        ]
    ]
    done = roster_import.roster_import(
        council=cast.council, name="a.xlsx", data=xlsx(rows), by=cast.users["secretariat"]
    )
    assert done["updated_persons"] == 1 and done["persons"] == 0
    cast.person_b.refresh_from_db()
    assert (cast.person_b.name, cast.person_b.post) == ("鈴木一郎", "所長")
    assert cast.person_b.user == cast.users["member_b"]


def test_one_invalid_row_blocks_the_whole_import_with_japanese_errors(cast: Cast) -> None:
    rows = roster_rows(20)
    rows[1][5] = "存在しない部会"  # row 3 of the file
    rows[2][6] = "令和九十九年度"
    rows[3][1] = ""
    rows[4][3] = "長" * 201
    rows[5][6] = "平成21年度"  # a year this council has not opened
    before = snapshot()
    client = cast.client("secretariat")
    response = upload(client, xlsx(rows))
    assert response.status_code == 400
    page = response.content.decode()
    assert "3行目「会議体」" in page and "存在しない部会" in page
    assert "4行目「年度」" in page
    assert "5行目「氏名」" in page
    assert "6行目「所属」" in page and "200文字" in page
    assert "7行目「年度」" in page and "平成21年度" in page
    assert "key" not in response.context or not response.context["key"]
    with pytest.raises(roster_import.RosterInvalid):
        roster_import.roster_import(
            council=cast.council, name="a.xlsx", data=xlsx(rows), by=cast.users["secretariat"]
        )
    assert snapshot() == before


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_in_utf8_with_or_without_bom_and_in_shift_jis_is_read(
    cast: Cast, encoding: str
) -> None:
    client = cast.client("secretariat")
    response = upload(client, csv_bytes(roster_rows(30), encoding), name="meibo.csv")
    assert response.status_code == 200
    assert response.context["preview"].counts["new_persons"] == 30
    assert confirm(client, response).status_code == 302
    assert Person.objects.filter(name="委員029", organization__name="事業所29").exists()


def test_a_file_that_is_not_a_table_gets_a_japanese_error(cast: Cast) -> None:
    response = upload(cast.client("secretariat"), b"not a zip", name="meibo.xlsx")
    assert response.status_code == 400
    assert "Excel" in response.content.decode()
    missing = upload(cast.client("secretariat"), xlsx([["x"]], headers=["名前"]))
    assert missing.status_code == 400 and "氏名" in missing.content.decode()


@pytest.mark.parametrize(
    "data", [b"\xe6\xb0\x8f\xe5\x90\x8d\n\x00\x01", "氏名\n".encode() + b"a" * 200_000]
)
def test_a_csv_with_nul_bytes_or_a_giant_cell_gets_an_error_not_a_500(
    cast: Cast, data: bytes
) -> None:
    before = snapshot()
    response = upload(cast.client("secretariat"), data, name="meibo.csv")
    assert response.status_code == 400 and "CSV" in response.content.decode()
    assert snapshot() == before


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_unread(cast: Cast) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/sharedStrings.xml", b"0" * (roster_import.MAX_UNPACKED + 1))
    response = upload(cast.client("secretariat"), bomb.getvalue())
    assert response.status_code == 400 and "大きすぎ" in response.content.decode()


def test_confirm_reads_only_the_uploaders_own_waiting_file(cast: Cast) -> None:
    secretariat = cast.client("secretariat")
    preview = upload(secretariat, xlsx(roster_rows(5)))
    other = Client()
    other.force_login(cast.users["secretariat"])  # the same user, another session
    before = snapshot()
    response = other.post(reverse("council:roster-import-confirm"), {"key": preview.context["key"]})
    assert response.status_code == 400 and snapshot() == before
    forged = secretariat.post(reverse("council:roster-import-confirm"), {"key": "x" * 32})
    assert forged.status_code == 400 and snapshot() == before
    assert confirm(secretariat, preview).status_code == 302


def test_the_template_has_every_column_and_reads_back(cast: Cast) -> None:
    response = cast.client("secretariat").get(reverse("council:roster-template"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    headers = [cell.value for cell in workbook["名簿"][1]]
    assert headers == [column.header for column in roster_import.COLUMNS]
    preview = roster_import.roster_parse(
        council=cast.council, name="t.xlsx", data=xlsx([], headers)
    )
    assert preview.rows == [] and preview.file_errors  # headers understood, no rows


def test_the_person_list_links_the_import_for_the_secretariat_only(cast: Cast) -> None:
    url = reverse("council:person-list")
    link = reverse("council:roster-import")
    assert link in cast.client("secretariat").get(url).content.decode()
    assert link not in cast.client("member_a").get(url).content.decode()
