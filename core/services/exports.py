"""Exports of any register to CSV and XLSX, with small-number suppression and an audit event.

A register describes its export as a list of `ExportColumn`s (a heading and a function that
takes a row and returns a value), written with `columns` as {heading: attribute name or function}. Columns marked `people=True` hold counts of people: a
count from 1 to k-1 is written as "fewer than k" (DESIGN invariant 6). Text that a
spreadsheet would run as a formula (= + - @ tab CR or NUL at the start of a cell, or just after a
character some spreadsheet splits cells or rows at: , ; tab or a line break, in a CSV) gets an
apostrophe there, and a CSV cell holding any of those characters is quoted, so an export can never
carry a live formula in any locale (Excel in much of Europe splits a .csv on semicolons, not commas).
An XLSX cell is never split: only its start is defused, so "Q1, -5%" reads as written there.

    file = export(session, user_id=u.id, name="actions", columns=ACTION_COLUMNS, rows=actions,
                  fmt="xlsx", k=settings.min_cell_size, today=clock.today(), filters={...})
    # file.data (bytes), file.filename, file.mimetype; the audit event is in the session.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Callable, Collection, Iterable, Mapping, Sequence

from sqlalchemy.orm import Session

from analysis.suppression import DEFAULT_K, suppress
from core.errors import ValidationFailed
from core.services.audit import record

FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell a spreadsheet would read as a formula: one starting with = + - @ (a formula or a signed number that Excel
# turns into one), or with a tab, CR or NUL, which some programs strip before looking (OWASP's CSV injection list,
# with ASVS 1.2.10's NUL). Spaces and double quotes before it do not stop every program reading it as a formula.
# A CSV cell can also be split where we did not mean: Excel in a semicolon locale (much of Europe) opens a .csv
# splitting every line at ";" and not at ",", whatever the quoting says about the cell before it; tab and line
# breaks are where import dialogs and confused readers split. So the check runs at the start of the text and after
# each of those characters: `x;=HYPERLINK(...)` is written `x;'=HYPERLINK(...)`.
_FORMULA_AT = re.compile(r"(?:^|(?<=[,;\t\r\n]))(?=[ \"]*[=+\-@\t\r\x00])")
# An XLSX cell is never split, so only its start can begin a formula (and a cell written as text is not one anyway:
# the apostrophe is for whoever copies it out or saves the sheet as CSV). "Q1, -5%" stays as written there.
_FORMULA_AT_START = re.compile(r"^(?=[ \"]*[=+\-@\t\r\x00])")
# A CSV cell holding one of these is quoted: the RFC 4180 ones (, " CR LF) and the other separators above, so a
# reader splitting at ";" or tab outside quotes keeps the cell whole when it starts its line.
_CSV_QUOTED = re.compile(r'[,;"\t\r\n]')
# Characters an XLSX file cannot hold (XML 1.0 has no place for them; openpyxl refuses the whole file). Text can
# still carry them from an import or from before forms refused them: each is shown as U+FFFD instead, so one stray
# character in one cell does not make a register's every XLSX export fail.
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SAFE_NAME = re.compile(r"[^a-z0-9-]+")


@dataclass(frozen=True)
class ExportColumn:
    """One column: its heading, how to get the value from a row, and whether it counts people."""

    heading: str
    get: Callable[[Any], Any]
    people: bool = False


def columns(spec: Mapping[str, str | Callable[[Any], Any]], people: Collection[str] = ()) -> list[ExportColumn]:
    """An export's columns, in order, from {heading: the name of the row's attribute shown, or a function of the
    row}; the columns headed in `people` hold counts of people."""
    return [
        ExportColumn(heading, attrgetter(get) if isinstance(get, str) else get, heading in people)
        for heading, get in spec.items()
    ]


def yes_no(value: Any) -> str:
    """A recorded yes or no for an export cell; blank when it was not recorded."""
    return "" if value is None else ("Yes" if value else "No")


def entry_columns(agency_heading: str = "Agency") -> dict[str, Callable[[Any], Any]]:
    """The columns (for `columns`) of what every register entry has: its agency and whether it is restricted."""
    return {
        agency_heading: lambda entry: entry.agency.name if entry.agency else "",
        "Restricted": attrgetter("restricted"),
    }


@dataclass(frozen=True)
class ExportFile:
    filename: str
    mimetype: str
    data: bytes
    rows: int


def safe_text(value: str) -> str:
    """Neutralise text a spreadsheet would treat as a formula, in any of the cells a reader might split it into.

    An apostrophe goes at the start, and after a separator, wherever a formula would start; ordinary text is
    unchanged, and text already made safe is not changed again.
    """
    return _FORMULA_AT.sub("'", value)


def cell_value(value: Any, *, people: bool = False, k: int = DEFAULT_K) -> Any:
    """The value as written: counts of people suppressed, booleans as Yes/No, a formula at the start defused.

    A CSV cell is defused again where it could be split (`_csv_field`); an XLSX cell cannot be.
    """
    if value is None:
        return ""
    if people and isinstance(value, int) and not isinstance(value, bool):
        count = suppress(value, k)
        return count.label if count.suppressed else value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (int, float, dt.date)):
        return value
    text = "; ".join(str(v) for v in value) if isinstance(value, (list, tuple, set)) else str(value)
    return _FORMULA_AT_START.sub("'", text)


def table(columns: Sequence[ExportColumn], rows: Iterable[Any], k: int = DEFAULT_K) -> list[list[Any]]:
    """The header row and the body rows, every cell already suppressed and defused."""
    out: list[list[Any]] = [[c.heading for c in columns]]
    for row in rows:
        out.append([cell_value(c.get(row), people=c.people, k=k) for c in columns])
    return out


def _csv_field(value: Any) -> str:
    """One CSV cell: text defused (again: safe_text changes nothing twice) and quoted if it holds a separator."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    text = safe_text(value)
    return '"' + text.replace('"', '""') + '"' if _CSV_QUOTED.search(text) else text


def to_csv(cells: list[list[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark so spreadsheet programs read it as UTF-8, safe in every locale's Excel.

    Written by hand, not with the csv module, whose minimal quoting knows only the comma as a separator.
    """
    lines = []
    for line in cells:
        fields = [_csv_field(v) for v in line]
        # As the csv module does: a line of one empty cell is written "" so it is not read as no line at all.
        lines.append('""' if fields == [""] else ",".join(fields))
    return ("\ufeff" + "".join(f"{line}\r\n" for line in lines)).encode("utf-8")


def to_xlsx(cells: list[list[Any]], sheet_title: str) -> bytes:
    """A one-sheet workbook: bold frozen header, dates as dates, nothing a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", sheet_title)[:31] or "Export")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    for number, line in enumerate(cells):
        row = []
        for value in line:
            if isinstance(value, str):
                value = _NOT_IN_XLSX.sub("\ufffd", value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            if number == 0:
                cell.font = bold
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            row.append(cell)
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(
    session: Session,
    *,
    user_id: int | None,
    name: str,
    columns: Sequence[ExportColumn],
    rows: Iterable[Any],
    fmt: str,
    today: dt.date,
    k: int = DEFAULT_K,
    title: str = "",
    filters: Mapping[str, Any] | None = None,
) -> ExportFile:
    """Build a CSV or XLSX export and add its audit event (the caller commits)."""
    if fmt not in FORMATS:
        raise ValidationFailed({"format": "Choose CSV or XLSX"}, "Choose CSV or XLSX")
    cells = table(columns, rows, k)
    data = to_csv(cells) if fmt == "csv" else to_xlsx(cells, title or name)
    slug = _SAFE_NAME.sub("-", name.lower()).strip("-") or "export"
    record(
        session,
        user_id,
        "export",
        slug,
        "",
        format=fmt,
        rows=len(cells) - 1,
        filters={key: str(value) for key, value in (filters or {}).items() if value not in (None, "")},
    )
    return ExportFile(f"{slug}-{today.isoformat()}.{fmt}", FORMATS[fmt], data, len(cells) - 1)
