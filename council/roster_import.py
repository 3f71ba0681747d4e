"""A council's roster (organisations, persons, memberships) read from an .xlsx or .csv file.

One row per seat: a person and, optionally, the body and 年度 they sit in. A person on several
rows (one per body) is one person. The columns are named by their Japanese headers (COLUMNS);
only 氏名 is required, and a column left out of the file leaves that field as it is.

A person is matched by 個人ID (the number in the person's page address) when the row gives one,
else by (氏名, 所属); an organisation by its name in the council; a seat by (person, body, 年度).
So a re-import updates what changed and adds nothing twice. Nothing is written unless every row
is valid, and then everything is written in one transaction. Seats missing from a file are kept.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from council import wareki
from council.models import Body, Council, FiscalYear, Membership, Organization, Person
from council.permissions import require
from council.roles import SeatRole

MAX_ROWS = 5000
MAX_UNPACKED = 50 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    help: str


# The file's layout, documented on the upload page and in the template's second sheet.
COLUMNS = [
    Column(
        "個人ID", "person_id", "更新する人の番号（人のページのURLの数字）。空欄なら氏名と所属で照合"
    ),
    Column("氏名", "name", "必須。100文字以内"),
    Column("ふりがな", "name_kana", "100文字以内"),
    Column("所属", "organization", "機関名。200文字以内。ない機関は新しく登録"),
    Column(
        "機関種別", "category", "新しい機関の種別（相談支援事業所、行政など）。空欄なら「その他」"
    ),
    Column("役職", "post", "100文字以内"),
    Column("メール", "email", "メールアドレス"),
    Column("電話", "phone", "30文字以内"),
    Column("委員", "is_council_member", "協議会の委員なら「○」"),
    Column("会議体", "body", "会議体の名称または略称。空欄なら所属の登録だけ"),
    Column("年度", "fiscal_year", "「令和2年度」「R2」「2020」など。開始済みの年度"),
    Column("役割", "role", "会長・副会長・部会長・リーダー・部会員・事務局。空欄なら部会員"),
    Column("就任日", "appointed_on", "「令和2年4月1日」「2020-04-01」など"),
    Column("任期満了日", "term_ends_on", "同上"),
]
HEADERS = {column.header: column for column in COLUMNS}
PERSON_FIELDS = ("name_kana", "post", "email", "phone", "is_council_member")
SEAT_FIELDS = ("role", "appointed_on", "term_ends_on")

ROLE_WORDS = {
    "会長": SeatRole.CHAIR,
    "副会長": SeatRole.VICE_CHAIR,
    "部会長": SeatRole.SUBCOMMITTEE_CHAIR,
    "リーダー": SeatRole.LEADER,
    "部会員": SeatRole.MEMBER,
    "委員": SeatRole.MEMBER,
    "構成員": SeatRole.MEMBER,
    "メンバー": SeatRole.MEMBER,
    "事務局": SeatRole.SECRETARIAT,
} | {role.value: role for role in SeatRole}
CATEGORY_WORDS = {
    "相談支援事業所": Organization.Category.CONSULTATION,
    "障害福祉サービス事業所": Organization.Category.SERVICE,
    "保健・医療": Organization.Category.HEALTH,
    "医療": Organization.Category.HEALTH,
    "教育": Organization.Category.EDUCATION,
    "就労": Organization.Category.EMPLOYMENT,
    "権利擁護": Organization.Category.ADVOCACY,
    "当事者団体": Organization.Category.SELF_ADVOCACY,
    "行政": Organization.Category.GOVERNMENT,
    "その他": Organization.Category.OTHER,
} | {category.value: category for category in Organization.Category}
YES = {"○", "〇", "◯", "はい", "1", "TRUE", "YES", "委員"}
NO = {"", "×", "いいえ", "0", "FALSE", "NO"}
_FISCAL_YEAR = re.compile(
    r"(?P<era>昭和|平成|令和|[SHR])(?P<year>元|\d{1,2})(?:年度?)?|(?P<western>\d{4})(?:年度?)?"
)


class RosterFileError(Exception):
    """The file cannot be read as a table at all (not per row)."""


@dataclass
class ImportRow:
    """One row of the file: what it said, what it means, and what is wrong with it."""

    number: int  # as Excel numbers it: the header is row 1
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    person: dict[str, Any] = field(default_factory=dict)
    seat: dict[str, Any] = field(default_factory=dict)
    person_key: Any = None
    organization: str = ""
    has_organization: bool = False  # the file has a 所属 column
    category: str = ""
    body: Body | None = None
    fiscal_year: FiscalYear | None = None

    @property
    def cells(self) -> list[str]:
        return list(self.values.values())

    def error(self, header: str, message: str) -> None:
        self.errors.append(
            _("Row %(row)s, “%(column)s”: %(message)s")
            % {"row": self.number, "column": header, "message": message}
        )


@dataclass
class RosterPreview:
    headers: list[str]
    rows: list[ImportRow]
    file_errors: list[str]
    counts: dict[str, int]

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(row.errors) for row in self.rows)


# --- reading the file ------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date):  # an Excel date cell
        value = value.date()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _xlsx_rows(data: bytes) -> Iterable[list[str]]:
    from openpyxl import load_workbook

    unreadable = RosterFileError(_("The file could not be read as an Excel (.xlsx) file."))
    try:
        # openpyxl inflates the shared strings whole: refuse a zip that would grow past the limit.
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if sum(info.file_size for info in package.infolist()) > MAX_UNPACKED:
                raise RosterFileError(_("The Excel file is too large when unpacked."))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # styles openpyxl does not know: we read values only
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise unreadable from error
    try:
        for values in workbook.worksheets[0].iter_rows(values_only=True):
            yield [_cell(value) for value in values]
    finally:
        workbook.close()


def _csv_text(data: bytes) -> str:
    """UTF-8 (with or without Excel's BOM), else Shift_JIS as Excel writes it (cp932)."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:  # not text at all (and PostgreSQL refuses NUL in a text column)
            break
        return text
    raise RosterFileError(_("The CSV file is neither UTF-8 nor Shift_JIS text."))


def read_table(name: str, data: bytes) -> list[list[str]]:
    """The file's rows as text cells, the header first; an .xlsx is read by its first sheet."""
    if name.lower().endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.lower().endswith(".csv"):
        rows = ([cell.strip() for cell in row] for row in csv.reader(io.StringIO(_csv_text(data))))
    else:
        raise RosterFileError(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
    table = []
    try:
        for row in rows:
            if len(table) > MAX_ROWS:
                raise RosterFileError(
                    _("The file has more than %(max)s rows: split it.") % {"max": MAX_ROWS}
                )
            table.append(row)
    except csv.Error as error:  # a cell of more than 128 KB, an unclosed quote…
        message = _("The CSV file could not be read: %(error)s") % {"error": error}
        raise RosterFileError(message) from error
    while table and not any(table[-1]):
        table.pop()
    return table


# --- reading one row -------------------------------------------------------------------------


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def parse_fiscal_year(text: str) -> int:
    """令和2年度, R2, 平成21年度, 2020, 2020年度 → the Western year the 年度 starts in."""
    match = _FISCAL_YEAR.fullmatch(_normal(text))
    if not match:
        raise ValueError(text)
    if match["western"]:
        return int(match["western"])
    era = wareki.BY_NAME[match["era"]]
    number = 1 if match["year"] == "元" else int(match["year"])
    if number < 1:
        raise ValueError(text)
    return era.start.year + number - 1


def _text(row: ImportRow, header: str, max_length: int) -> str:
    value = row.values.get(header, "")
    if len(value) > max_length:
        row.error(
            header,
            _("use at most %(max)s characters (it has %(length)s).")
            % {"max": max_length, "length": len(value)},
        )
    return value


def _date(row: ImportRow, header: str) -> Any:
    value = row.values.get(header, "")
    if not value:
        return None
    try:
        return wareki.parse(value)
    except wareki.WarekiError as error:
        row.error(header, str(error))
        return None


@dataclass
class _Council:
    """What rows are checked against, loaded once per file."""

    council: Council
    bodies: dict[str, Body]
    years: dict[int, FiscalYear]
    persons: dict[int, Person]
    by_name: dict[tuple[str, str], list[Person]]

    @classmethod
    def load(cls, council: Council) -> _Council:
        bodies: dict[str, Body] = {}
        for body in Body.objects.filter(council=council):
            bodies[body.name] = body
            if body.short_name:
                bodies.setdefault(body.short_name, body)
        persons = {
            p.pk: p for p in Person.objects.filter(council=council).select_related("organization")
        }
        by_name: dict[tuple[str, str], list[Person]] = {}
        for person in persons.values():
            org = person.organization.name if person.organization_id else ""
            by_name.setdefault((person.name, org), []).append(person)
        years = {y.year: y for y in FiscalYear.objects.filter(council=council)}
        return cls(council, bodies, years, persons, by_name)


def _parse_row(row: ImportRow, known: _Council, present: set[str]) -> None:
    limit = {f.name: f.max_length for f in Person._meta.fields if f.max_length}
    name = _text(row, "氏名", limit["name"])
    if not name:
        row.error("氏名", _("enter the name."))
    row.organization = _text(row, "所属", Organization._meta.get_field("name").max_length)
    row.has_organization = "所属" in present
    for header, key in (("ふりがな", "name_kana"), ("役職", "post"), ("電話", "phone")):
        if header in present:
            row.person[key] = _text(row, header, limit[key])
    if "メール" in present:
        email = _text(row, "メール", limit["email"])
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.error("メール", _("enter a valid e-mail address."))
        row.person["email"] = email
    if "委員" in present:
        flag = _normal(row.values.get("委員", ""))
        if flag not in YES | NO:
            row.error("委員", _("write ○ for a council member, or leave it empty."))
        row.person["is_council_member"] = flag in YES
    category = _normal(row.values.get("機関種別", ""))
    row.category = CATEGORY_WORDS.get(category, Organization.Category.OTHER) if category else ""
    if category and category not in CATEGORY_WORDS:
        row.error("機関種別", _("unknown kind of organisation “%(value)s”.") % {"value": category})

    person_id = _normal(row.values.get("個人ID", ""))
    if person_id:
        person = known.persons.get(int(person_id)) if person_id.isdigit() else None
        if person is None:
            row.error(
                "個人ID", _("no person of this council has the number %(id)s.") % {"id": person_id}
            )
        row.person_key = ("id", int(person_id) if person_id.isdigit() else person_id)
    else:
        matches = known.by_name.get((name, row.organization), [])
        if len(matches) > 1:
            row.error(
                "氏名",
                _(
                    "%(count)s persons of this council have this name and organisation: "
                    "give the 個人ID."
                )
                % {"count": len(matches)},
            )
        row.person_key = (
            ("id", matches[0].pk) if len(matches) == 1 else ("new", name, row.organization)
        )

    body_name, year_text = row.values.get("会議体", ""), row.values.get("年度", "")
    if body_name or year_text:
        row.body = known.bodies.get(body_name)
        if not body_name:
            row.error("会議体", _("enter the body of the seat in this year."))
        elif row.body is None:
            row.error(
                "会議体", _("this council has no body named “%(name)s”.") % {"name": body_name}
            )
        try:
            year = parse_fiscal_year(year_text)
            row.fiscal_year = known.years.get(year)
            if row.fiscal_year is None:
                row.error(
                    "年度",
                    _("%(year)s has not been opened for this council.")
                    % {"year": wareki.format_fiscal_year(year)},
                )
        except (ValueError, wareki.WarekiError):
            row.error("年度", _("write the fiscal year as 令和2年度, R2 or 2020."))
        role = _normal(row.values.get("役割", ""))
        row.seat["role"] = ROLE_WORDS.get(role, SeatRole.MEMBER) if role else SeatRole.MEMBER
        if role and role not in ROLE_WORDS:
            row.error("役割", _("unknown role “%(value)s”.") % {"value": role})
        for header, key in (("就任日", "appointed_on"), ("任期満了日", "term_ends_on")):
            if header in present:
                row.seat[key] = _date(row, header)
        start, end = row.seat.get("appointed_on"), row.seat.get("term_ends_on")
        if start and end and end < start:
            row.error("任期満了日", _("the term cannot end before the appointment."))
    elif any(row.values.get(h) for h in ("役割", "就任日", "任期満了日")):
        row.error("会議体", _("a role or term needs the body and the fiscal year."))
    row.person["name"] = name


def _check_across_rows(rows: list[ImportRow]) -> None:
    """A person on several rows says the same about them on each; a seat appears once."""
    first: dict[Any, ImportRow] = {}
    seats: dict[tuple[Any, int, int], int] = {}
    for row in rows:
        if row.errors:
            continue
        earlier = first.setdefault(row.person_key, row)
        said = {**row.person, "organization": row.organization}
        for key, value in said.items():
            if (
                earlier is not row
                and {**earlier.person, "organization": earlier.organization}.get(key) != value
            ):
                header = next(c.header for c in COLUMNS if c.key == key)
                row.error(
                    header,
                    _("differs from row %(row)s about the same person.") % {"row": earlier.number},
                )
        if row.body and row.fiscal_year:
            seat = (row.person_key, row.body.pk, row.fiscal_year.pk)
            if seat in seats:
                row.error(
                    "会議体",
                    _("the same seat is already on row %(row)s.") % {"row": seats[seat]},
                )
            seats.setdefault(seat, row.number)


def roster_parse(*, council: Council, name: str, data: bytes) -> RosterPreview:
    """Every row with its values and errors, and what importing it would do. Writes nothing."""
    with translation.override("ja"):
        try:
            table = read_table(name, data)
        except RosterFileError as error:
            return RosterPreview([], [], [str(error)], {})
        if not table:
            return RosterPreview([], [], [_("The file is empty.")], {})
        headers = [_normal(h) if _normal(h) in HEADERS else h for h in table[0]]
        present = {h for h in headers if h in HEADERS}
        file_errors = []
        if "氏名" not in present:
            file_errors.append(
                _("The first row must hold the column headers, among them 氏名. Found: %(found)s")
                % {"found": "、".join(h for h in headers if h) or "—"}
            )
            return RosterPreview(headers, [], file_errors, {})
        twice = sorted({h for h in present if headers.count(h) > 1})
        if twice:
            file_errors.append(
                _("These columns appear twice: %(headers)s") % {"headers": "、".join(twice)}
            )
            return RosterPreview(headers, [], file_errors, {})
        known = _Council.load(council)
        rows = []
        for number, cells in enumerate(table[1:], start=2):
            if not any(cells):
                continue
            values = {
                h: (cells[i] if i < len(cells) else "")
                for i, h in enumerate(headers)
                if h in HEADERS
            }
            row = ImportRow(number=number, values=values)
            _parse_row(row, known, present)
            rows.append(row)
        _check_across_rows(rows)
        if not rows:
            file_errors.append(_("The file has no rows below its headers."))
        counts = _counts(rows, known) if not any(r.errors for r in rows) else {"rows": len(rows)}
        return RosterPreview([h for h in headers if h in HEADERS], rows, file_errors, counts)


def _counts(rows: list[ImportRow], known: _Council) -> dict[str, int]:
    orgs = set(Organization.objects.filter(council=known.council).values_list("name", flat=True))
    new_orgs = {r.organization for r in rows if r.organization and r.organization not in orgs}
    keys = {r.person_key for r in rows}
    new_persons = sum(1 for key in keys if key[0] == "new")
    seats = {(m.person_id, m.body_id, m.fiscal_year_id) for m in _seats(known.council)}
    new_seats = sum(
        1
        for r in rows
        if r.body
        and (
            r.person_key[0] == "new" or (r.person_key[1], r.body.pk, r.fiscal_year.pk) not in seats
        )
    )
    return {
        "rows": len(rows),
        "persons": len(keys),
        "new_persons": new_persons,
        "existing_persons": len(keys) - new_persons,
        "new_organizations": len(new_orgs),
        "seats": sum(1 for r in rows if r.body),
        "new_seats": new_seats,
    }


def _seats(council: Council) -> Any:
    return Membership.objects.filter(person__council=council).order_by()


# --- saving ----------------------------------------------------------------------------------


class RosterInvalid(Exception):
    def __init__(self, preview: RosterPreview) -> None:
        super().__init__("the roster has errors")
        self.preview = preview


def _changed(obj: Any, values: dict[str, Any]) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


def _save(obj: Any, by: Any, *, new: bool) -> None:
    obj._history_user = by
    obj._change_reason = "roster import"
    if not new:
        obj.revision += 1  # open edit forms of this record now see it moved on
    obj.save()


def roster_import(*, council: Council, name: str, data: bytes, by: Any) -> dict[str, int]:
    """Import the file: all its rows in one transaction, or nothing (RosterInvalid) when any row
    is wrong. Returns how many organisations, persons and seats were added and updated."""
    require(by, "roster.import", council)
    done = dict.fromkeys(
        ("organizations", "persons", "updated_persons", "seats", "updated_seats"), 0
    )
    with transaction.atomic():
        Council.objects.select_for_update().get(pk=council.pk)  # one import at a time
        preview = roster_parse(council=council, name=name, data=data)
        if not preview.is_valid:
            raise RosterInvalid(preview)
        orgs = {o.name: o for o in Organization.objects.filter(council=council)}
        persons = {p.pk: p for p in Person.objects.filter(council=council)}
        seats = {(m.person_id, m.body_id, m.fiscal_year_id): m for m in _seats(council)}
        made: dict[Any, Person] = {}
        for row in preview.rows:
            org = None
            if row.organization:
                org = orgs.get(row.organization)
                if org is None:
                    org = Organization(
                        council=council,
                        name=row.organization,
                        category=row.category or Organization.Category.OTHER,
                    )
                    _save(org, by, new=True)
                    orgs[org.name] = org
                    done["organizations"] += 1
            person = made.get(row.person_key)
            if person is None:
                values = {**row.person, **({"organization": org} if row.has_organization else {})}
                if row.person_key[0] == "id":
                    person = persons[row.person_key[1]]
                    if _changed(person, values):
                        _save(person, by, new=False)
                        done["updated_persons"] += 1
                else:
                    person = Person(council=council, **values)
                    _save(person, by, new=True)
                    done["persons"] += 1
                made[row.person_key] = person
            if row.body is None:
                continue
            seat = seats.get((person.pk, row.body.pk, row.fiscal_year.pk))
            if seat is None:
                seat = Membership(
                    person=person, body=row.body, fiscal_year=row.fiscal_year, **row.seat
                )
                _save(seat, by, new=True)
                seats[(person.pk, row.body.pk, row.fiscal_year.pk)] = seat
                done["seats"] += 1
            elif _changed(seat, row.seat):
                _save(seat, by, new=False)
                done["updated_seats"] += 1
    return done


def roster_template() -> bytes:
    """An empty roster with the headers, and a sheet explaining each column."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "名簿"
    sheet.append([column.header for column in COLUMNS])
    guide = workbook.create_sheet("説明")
    guide.append(["列", "内容"])
    for column in COLUMNS:
        guide.append([column.header, column.help])
    guide.column_dimensions["B"].width = 80
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


UPLOAD_DIR = "imports"


def roster_uploads_purge(*, older_than: Any, now: Any = None) -> list[str]:
    """Delete checked uploads under MEDIA_ROOT/imports/ that waited longer than `older_than`.

    An upload waits there between preview and confirm; one whose uploader never confirmed
    (closed the tab, session expired) would otherwise stay for good. Returns the deleted names.
    """
    from django.core.files.storage import default_storage
    from django.utils import timezone

    cutoff = (now or timezone.now()) - older_than
    try:
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
    except FileNotFoundError:
        return []
    deleted = []
    for name in sorted(files):
        path = f"{UPLOAD_DIR}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            deleted.append(name)
    return deleted
