"""A list as a file: (headers, rows) → CSV (UTF-8 with BOM, for Excel) or XLSX (openpyxl).

The views build the rows from the same FilterSet and `visible_to()` queryset as the page, so a
file holds what its reader may see there. Cells are str, int, date or None; a date stays a date
in the XLSX (Excel sorts and filters it) and is printed in ISO form in the CSV.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from council.models import Attendance, Meeting, Membership, Organization, Person
from council.templatetags.wareki import clock, wareki

Cell = str | int | datetime.date | None
Table = tuple[list[str], list[list[Cell]]]

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
# A cell starting with one of these is read by Excel as a formula: user text must stay text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def table_file(
    fmt: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> tuple[str, str, bytes]:
    """(filename, content type, bytes) of the table as `fmt` ("csv" or "xlsx")."""
    if fmt == "csv":
        return f"{title}.csv", CSV, _csv_bytes(headers, rows)
    if fmt == "xlsx":
        return f"{title}.xlsx", XLSX, _xlsx_bytes(title, headers, rows)
    raise ValueError(f"unknown export format {fmt!r}")


def table_response(fmt: str, title: str, table: Table) -> HttpResponse:
    """The download; an unknown format is a 404, like any URL that names nothing."""
    if fmt not in FORMATS:
        raise Http404("unknown export format")
    filename, content_type, content = table_file(fmt, title, *table)
    response = HttpResponse(content, content_type=content_type)
    # RFC 5987, as documents/downloads.py: Japanese file names survive every browser.
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    # utf-8-sig writes the BOM: without it Excel reads the file as Shift_JIS and garbles it.
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(FORMULA_START) else text


def _xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    # openpyxl costs ~0.1 s to import: only a download of a workbook pays for it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(title))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str) and cell.data_type == "f":
                cell.data_type = "s"  # text that starts with "=" is text, never a formula
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in a sheet's name, and names longer than 31.
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet1"


# --- the core's lists ------------------------------------------------------------------------


def meeting_table(meetings: Iterable[Meeting]) -> Table:
    """The meeting list's columns (includes/meeting_table.html), with the date also as a date."""
    headers = [
        _("Body"),
        _("No."),
        _("Date"),
        _("Date (ISO)"),
        _("Place"),
        _("Status"),
        _("Public"),
    ]
    rows: list[list[Cell]] = []
    for meeting in meetings:
        # The weekday as the source printed it, when it was typed (Meeting.weekday_label).
        date = wareki(meeting.date) + meeting.weekday_label
        if meeting.start_time:
            date += f" {clock(meeting.start_time)}"
        rows.append(
            [
                meeting.body.display_name,
                meeting.number_label,
                date,
                meeting.date,
                "" if meeting.is_written else meeting.place,
                meeting.get_status_display(),
                _("Open to the public") if meeting.is_public else _("Closed"),
            ]
        )
    return headers, rows


def organization_table(organizations: Iterable[Organization]) -> Table:
    headers = [_("Name"), _("Category"), _("Consultation layer")]
    rows: list[list[Cell]] = [
        [o.name, o.get_category_display(), o.get_consultation_layer_display()]
        for o in organizations
    ]
    return headers, rows


def person_table(persons: Iterable[Person]) -> Table:
    headers = [_("Name"), _("Organisation"), _("Post"), _("Council member")]
    rows: list[list[Cell]] = [
        [
            p.name,
            p.organization.name if p.organization else "",
            p.post,
            _("Yes") if p.is_council_member else "",
        ]
        for p in persons
    ]
    return headers, rows


def roster_table(groups: Iterable[tuple[str, list[Membership]]]) -> Table:
    """A body's members of a year, in the page's order (grouped by organisation)."""
    headers = [_("Organisation"), _("Name"), _("Role")]
    rows: list[list[Cell]] = []
    for organization, memberships in groups:
        for m in memberships:
            role = _("Secretariat") if m.is_secretariat else m.get_role_display()
            if m.is_substitute:
                role += " " + _("(substitute)")
            rows.append([organization, m.person.name, role])
    return headers, rows


def attendance_table(meeting: Meeting) -> Table:
    """Present, then absent, as the meeting's page lists them (one query: names only); the
    page lists none for a written meeting (書面開催), and neither does the file."""
    attendances = (
        Attendance.objects.filter(meeting=meeting)
        .order_by("-present", "person__organization__name", "person__name")
        .values_list("person__organization__name", "person__name", "present")
    )
    if meeting.is_written:
        attendances = attendances.none()
    headers = [_("Organisation"), _("Name"), _("Present or absent")]
    rows: list[list[Cell]] = [
        [organization or "", name, _("Present") if present else _("Absent")]
        for organization, name, present in attendances
    ]
    return headers, rows
