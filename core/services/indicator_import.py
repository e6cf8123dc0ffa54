"""Importing indicator values from a CSV file: every row checked, all or nothing, re-imports update.

The file
--------
A CSV file (comma, semicolon or tab separated; UTF-8, with or without the byte-order mark
Excel writes for "CSV UTF-8") whose first non-blank row is the heading row:

    indicator, agency, period, value, note

- indicator (required): the indicator's code (e.g. "CSC-03") or its exact name.
  Also accepted as a heading: "indicator code", "code", "indicator name".
- period (required): see PERIOD FORMATS below.
- value (required): a number. Thousands separators ("1,234"), a minus sign or brackets for a
  negative ("(12)"), and a "%" sign for indicators measured in per cent are accepted. A value
  must be possible in the indicator's unit (`value_problem`): a percentage from 0 to 100, a count,
  a length of time or a rate not below zero, a count of people a whole number.
- agency (optional): if given, it must be the agency the indicator belongs to (a check that
  the right file went to the right indicators).
- note (optional): a short note kept with the value.
Headings are matched ignoring case, spaces and underscores. Blank lines are skipped. Row
numbers in messages are the spreadsheet's (the heading row is row 1).

PERIOD FORMATS
--------------
| kind               | write it as (examples)                              | stored as   |
|--------------------|-----------------------------------------------------|-------------|
| month              | 2025-04, 2025/04, 04/2025, Apr 2025, April 2025, Apr-25, 01/04/2025 | 2025-04 |
| calendar quarter   | 2025-Q1, 2025 Q1, Q1 2025 (Q1 = January to March)   | 2025-Q1     |
| financial quarter  | 2025-26 Q1, Q1 2025/26 (Q1 = April to June 2025)    | 2025-26 Q1  |
| financial year     | 2025-26, 2025/26, 2025/2026, FY2025-26 (April to March) | 2025-26 |
| calendar year      | 2025                                                | 2025        |

A full date is accepted only on the first of a month (Excel turns "2025-04" into 01/04/2025).
"2025-26" always means the financial year, April 2025 to March 2026 (for an indicator
reported monthly, "2009-10" is October 2009; for others it is the financial year). An indicator's
frequency limits the kinds it accepts (monthly: months; quarterly: either kind of quarter;
annual: either kind of year). The same stretch of time written two ways (2025-Q2 and
2025-26 Q1) is refused rather than stored twice. A period that starts after the current month (by
the app's clock, in England) is refused: no value can be known for it yet.

What happens
------------
Nothing is written unless every row is right: the result of a failed import is the list of
row-by-row errors (row, column, message in plain words). A value for an indicator and period
already stored is updated (upsert). One audit event records who imported what, with the
counts and the old and new values changed.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from typing import Any, Collection, Iterable, Optional, Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from core.control_characters import multi_line_problem
from core.errors import LearningLoopError
from core.models import Indicator, IndicatorValue
from core.services.audit import record
from core.services.deadlines import LONDON
from core.services.exports import safe_text

MAX_BYTES = 4 * 1024 * 1024
MAX_ROWS = 20_000
MAX_ERRORS_SHOWN = 100
MAX_CHANGES_LOGGED = 500
NOTE_MAX = 500

PERIOD_EXAMPLES: tuple[tuple[str, str, str], ...] = (
    ("Month", "2025-04, Apr 2025, 04/2025", "2025-04"),
    ("Calendar quarter (Q1 is January to March)", "2025-Q1, Q1 2025", "2025-Q1"),
    ("Financial quarter (Q1 is April to June)", "2025-26 Q1, Q1 2025/26", "2025-26 Q1"),
    ("Financial year (April to March)", "2025-26, 2025/26, FY2025-26", "2025-26"),
    ("Calendar year", "2025", "2025"),
)
PERCENT_UNITS = frozenset({"%", "percent", "percentage", "per cent"})

# Which period kinds an indicator's frequency accepts (unknown frequencies accept any kind).
FREQUENCY_KINDS: dict[str, frozenset[str]] = {
    "monthly": frozenset({"month"}),
    "quarterly": frozenset({"quarter", "financial_quarter"}),
    "annual": frozenset({"year", "financial_year"}),
    "annually": frozenset({"year", "financial_year"}),
    "yearly": frozenset({"year", "financial_year"}),
}
KIND_LABELS = {
    "month": "a month",
    "quarter": "a calendar quarter",
    "financial_quarter": "a financial quarter",
    "year": "a calendar year",
    "financial_year": "a financial year",
}
KIND_MONTHS = {"month": 1, "quarter": 3, "financial_quarter": 3, "year": 12, "financial_year": 12}

HEADINGS: dict[str, str] = {
    "indicator": "indicator",
    "indicator code": "indicator",
    "code": "indicator",
    "indicator name": "indicator",
    "indicator id": "indicator",
    "agency": "agency",
    "agency name": "agency",
    "partner": "agency",
    "partner agency": "agency",
    "organisation": "agency",
    "period": "period",
    "reporting period": "period",
    "period label": "period",
    "value": "value",
    "figure": "value",
    "note": "note",
    "notes": "note",
    "comment": "note",
    "comments": "note",
}
REQUIRED = ("indicator", "period", "value")
OPTIONAL = ("agency", "note")


# ---------------------------------------------------------------------------------------------
# Periods and values (pure)


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: where it starts, how it is written when stored, and its kind."""

    start: dt.date
    label: str
    kind: str

    @property
    def months(self) -> int:
        return KIND_MONTHS[self.kind]

    @property
    def span(self) -> tuple[dt.date, int]:
        """The stretch of time covered (start, length in months): equal spans are the same period."""
        return (self.start, self.months)

    def describe(self) -> str:
        """Plain words: 'April 2025', 'April to June 2025', 'April 2025 to March 2026'."""
        end_month = (self.start.month - 1 + self.months - 1) % 12 + 1
        end_year = self.start.year + (self.start.month - 1 + self.months - 1) // 12
        first = calendar.month_name[self.start.month]
        last = calendar.month_name[end_month]
        if self.months == 1:
            return f"{first} {self.start.year}"
        if end_year == self.start.year:
            return f"{first} to {last} {end_year}"
        return f"{first} {self.start.year} to {last} {end_year}"


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9


def _year(text: str) -> Optional[int]:
    value = int(text)
    if len(text) == 2:
        value += 2000
    return value if 2000 <= value <= 2100 else None


def _fy_end_ok(first: int, second: str) -> bool:
    """'2025-26' and '2025/2026' are financial years only when the second year follows the first."""
    expected = first + 1
    return int(second) == (expected % 100 if len(second) == 2 else expected)


def _month(year: int, month: int) -> Period:
    return Period(dt.date(year, month, 1), f"{year:04d}-{month:02d}", "month")


def _quarter(year: int, q: int) -> Period:
    return Period(dt.date(year, 3 * q - 2, 1), f"{year:04d}-Q{q}", "quarter")


def _financial_quarter(first_year: int, q: int) -> Period:
    month = 3 * q + 1  # Q1 starts in April
    year = first_year if month <= 12 else first_year + 1
    month = month if month <= 12 else month - 12
    return Period(dt.date(year, month, 1), f"{first_year:04d}-{(first_year + 1) % 100:02d} Q{q}", "financial_quarter")


def _financial_year(first_year: int) -> Period:
    return Period(dt.date(first_year, 4, 1), f"{first_year:04d}-{(first_year + 1) % 100:02d}", "financial_year")


_FY = r"(?:FY\s*)?(\d{4})\s*[-/]\s*(\d{2}|\d{4})"


def _not_fy(raw: str, first: str) -> str:
    return (
        f"“{raw.strip()}” is not a financial year: the second year must follow the first, "
        f"like {first}-{(int(first) + 1) % 100:02d}"
    )


def parse_period(raw: str, *, monthly: bool = False) -> tuple[Optional[Period], str]:
    """Read a period in one of the documented formats: (period, '') or (None, what is wrong).

    `monthly` (the indicator is reported monthly) reads "2009-10" as October 2009.
    """
    text = " ".join(raw.strip().split())
    if not text:
        return None, "Enter the period, like 2025-26, 2025-Q1 or 2025-04"
    upper = text.upper()

    # Financial quarter: 2025-26 Q1, Q1 2025/26.
    m = re.fullmatch(_FY + r"\s*-?\s*Q(\d+)", upper)
    fq = (m.group(1), m.group(2), m.group(3)) if m else None
    m = re.fullmatch(r"Q(\d+)\s*-?\s*" + _FY, upper)
    fq = fq or ((m.group(2), m.group(3), m.group(1)) if m else None)
    if fq:
        first, second, q = fq
        if not 1 <= int(q) <= 4:
            return None, f"“{raw.strip()}” is not a quarter: quarters are Q1 to Q4"
        if not _fy_end_ok(int(first), second):
            return None, _not_fy(raw, first)
        year = _year(first)
        if year is None:
            return None, "The year must be between 2000 and 2100"
        return _financial_quarter(year, int(q)), ""

    # Calendar quarter: 2025-Q1, 2025 Q1, Q1 2025.
    m = re.fullmatch(r"(\d{4})\s*-?\s*Q(\d+)", upper)
    cq = (m.group(1), m.group(2)) if m else None
    m = re.fullmatch(r"Q(\d+)\s*-?\s*(\d{4})", upper)
    cq = cq or ((m.group(2), m.group(1)) if m else None)
    if cq:
        year = _year(cq[0])
        if not 1 <= int(cq[1]) <= 4:
            return None, f"“{raw.strip()}” is not a quarter: quarters are Q1 to Q4"
        if year is None:
            return None, "The year must be between 2000 and 2100"
        return _quarter(year, int(cq[1])), ""

    # Financial year: 2025-26, 2025/26, 2025/2026, FY2025-26. "2025-04" is a month (the second
    # part cannot follow 2025); "2009-10" could be either: the financial year unless `monthly`.
    m = re.fullmatch(r"(FY\s*)?" + _FY, upper)
    if m and monthly and not m.group(1) and len(m.group(3)) == 2 and 1 <= int(m.group(3)) <= 12:
        m = None
    if m:
        first, second = m.group(2), m.group(3)
        if m.group(1) or len(second) == 4 or int(second) > 12 or _fy_end_ok(int(first), second):
            if not _fy_end_ok(int(first), second):
                if not m.group(1) and len(second) == 2:
                    return None, (
                        f"“{raw.strip()}” is neither a month (like {first}-04) nor a financial year "
                        f"(like {first}-{(int(first) + 1) % 100:02d})"
                    )
                return None, _not_fy(raw, first)
            year = _year(first)
            if year is None:
                return None, "The year must be between 2000 and 2100"
            return _financial_year(year), ""

    m = re.fullmatch(r"(\d{4})\s*[-/.]\s*(\d{1,2})", text)  # 2025-04, 2025/4
    if m:
        return _month_or_error(m.group(1), m.group(2), raw)
    m = re.fullmatch(r"(\d{1,2})\s*[-/.]\s*(\d{4})", text)  # 04/2025
    if m:
        return _month_or_error(m.group(2), m.group(1), raw)
    m = re.fullmatch(r"([A-Za-z]+)\.?[\s\-/]*(\d{2}|\d{4})", text)  # Apr 2025, April 2025, Apr-25
    if m and m.group(1).lower() in _MONTHS:
        year = _year(m.group(2))
        if year is None:
            return None, "The year must be between 2000 and 2100"
        return _month(year, _MONTHS[m.group(1).lower()]), ""
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    day_first = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if iso or day_first:
        if iso:
            y, mo, d = int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
        elif day_first:
            d, mo, y = int(day_first.group(1)), int(day_first.group(2)), int(day_first.group(3))
        try:
            dt.date(y, mo, d)
        except ValueError:
            return None, f"“{raw.strip()}” is not a real date"
        if d != 1:
            return None, f"“{raw.strip()}” is a date, not a period: write the month, like {y:04d}-{mo:02d}"
        if not 2000 <= y <= 2100:
            return None, "The year must be between 2000 and 2100"
        return _month(y, mo), ""
    if re.fullmatch(r"\d{4}", text):
        year = _year(text)
        if year is None:
            return None, "The year must be between 2000 and 2100"
        return Period(dt.date(year, 1, 1), text, "year"), ""
    return None, (
        f"“{raw.strip()}” is not a period we recognise: use a month (2025-04), a quarter (2025-Q1), "
        f"a financial year (2025-26) or a year (2025)"
    )


def _month_or_error(year_text: str, month_text: str, raw: str) -> tuple[Optional[Period], str]:
    year, month = _year(year_text), int(month_text)
    if year is None:
        return None, "The year must be between 2000 and 2100"
    if not 1 <= month <= 12:
        return None, f"“{raw.strip()}” is not a month: months are 01 to 12"
    return _month(year, month), ""


_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")
_SPREADSHEET_ERRORS = {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}


def is_percent_unit(unit: str) -> bool:
    return unit.strip().lower() in PERCENT_UNITS


def parse_value(raw: str, unit: str = "") -> tuple[Optional[float], str]:
    """Read a value: (number, '') or (None, what is wrong), in plain words."""
    text = raw.strip().replace("\u2212", "-").replace("\u00a0", "").replace("\u202f", "")
    if not text:
        return None, "Enter a value (leave the row out if there is no figure for this period)"
    if text.upper() in _SPREADSHEET_ERRORS:
        return None, f"“{text}” is a spreadsheet error, not a value: fix the formula and export again"
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
        if not is_percent_unit(unit):
            return None, f"“{raw.strip()}” has a % sign but this indicator is measured in {unit or 'numbers'}"
    if not _NUMBER.fullmatch(text):
        return None, f"“{raw.strip()}” is not a number"
    value = float(text.replace(",", ""))
    if negative:
        if value < 0:
            return None, f"“{raw.strip()}” is not a number"
        value = -value
    if abs(value) > 1e12:
        return None, f"“{raw.strip()}” is too large to be a real value"
    return value, ""


# Units whose values cannot be below zero: counts of things, lengths of time, rates. A unit not named here
# (a score, a change in percentage points, money) may be negative.
NON_NEGATIVE_UNIT_WORDS = frozenset(
    {
        "number",
        "count",
        "children",
        "child",
        "people",
        "persons",
        "families",
        "referrals",
        "contacts",
        "episodes",
        "cases",
        "visits",
        "assessments",
        "plans",
        "notifications",
        "incidents",
        "reviews",
        "staff",
        "minutes",
        "hours",
        "days",
        "weeks",
        "months",
        "years",
        "rate",
        "per",
    }
)


def value_problem(unit: str, counts_people: bool, value: float, *, whole: bool = True) -> str:
    """'' when the value is possible in the unit, else what is wrong: a percentage is 0 to 100, a count or a
    rate is not negative, a count of people is a whole number (unless `whole` is False: a target)."""
    shown = format(value, "g")
    if is_percent_unit(unit) and not 0 <= value <= 100:
        return f"{shown}% is not a possible percentage: give a value from 0 to 100"
    words = set(re.findall(r"[a-z]+", unit.lower()))
    if value < 0 and (counts_people or words & NON_NEGATIVE_UNIT_WORDS):
        return f"{shown} is below zero: a value measured in {unit} cannot be negative"
    if whole and counts_people and value != int(value):
        return f"{shown} is not a whole number: this indicator counts people"
    return ""


def future_period_problem(period: Period, today: dt.date) -> str:
    """'' when the period has started by `today`, else what is wrong (a value cannot be known before then)."""
    if period.start <= today.replace(day=1):
        return ""
    now = f"{calendar.month_name[today.month]} {today.year}"
    return f"{period.label} has not started yet: give a period that starts in {now} or earlier"


# ---------------------------------------------------------------------------------------------
# Reading the file


@dataclass(frozen=True)
class RowError:
    """One problem: the spreadsheet row (1 = headings; 0 = the whole file), the column, plain words."""

    row: int
    column: str
    message: str


class ImportRejected(LearningLoopError):
    """The file was not imported: nothing was written. `errors` lists every problem found."""

    def __init__(self, errors: Sequence[RowError], total: int | None = None) -> None:
        total = len(errors) if total is None else total
        super().__init__(
            f"The file was not imported: {total} problem{'s' if total != 1 else ''} found. Nothing was changed."
        )
        self.errors = list(errors)
        self.total = total


@dataclass(frozen=True)
class CsvRow:
    number: int
    cells: dict[str, str]


def _decode(data: bytes) -> str:
    if not data.strip():
        raise ImportRejected([RowError(0, "", "The file is empty")])
    if data.startswith(b"PK\x03\x04"):
        raise ImportRejected(
            [
                RowError(
                    0,
                    "",
                    "This is an Excel workbook (.xlsx), not a CSV file: in Excel choose "
                    "File, Save as, “CSV UTF-8 (Comma delimited)” and upload that",
                )
            ]
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRejected(
            [
                RowError(
                    0,
                    "",
                    "This file is UTF-16 text (Excel's “Unicode text”): save it as "
                    "“CSV UTF-8 (Comma delimited)” and upload that",
                )
            ]
        )
    if b"\x00" in data[:4096]:
        raise ImportRejected([RowError(0, "", "This is not a text file: upload a CSV file")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        row = data.count(b"\n", 0, e.start) + 1
        byte = data[e.start : e.start + 1].hex().upper()
        raise ImportRejected(
            [
                RowError(
                    row,
                    "",
                    (
                        f"This row has a character that is not UTF-8 text (byte {byte}), such as a £ sign or accented "
                        f"letter saved by an older program: in Excel choose “CSV UTF-8 (Comma delimited)” when saving"
                    ),
                )
            ]
        ) from None


def _norm_heading(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", text.strip().lower()).split())


def _sniff_delimiter(first_line: str, headings: Collection[str] = HEADINGS) -> str:
    best, best_score = ",", -1
    for delimiter in (",", ";", "\t"):
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        score = sum(1 for c in cells if _norm_heading(c) in headings)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _reject(message: str, row: int = 0) -> ImportRejected:
    """The whole file refused for one reason."""
    return ImportRejected([RowError(row, "", message)])


def _records(data: bytes, max_bytes: int, headings: Collection[str] = HEADINGS) -> list[tuple[int, list[str]]]:
    """The file's non-blank CSV records, each with its 1-based spreadsheet row number.

    Comma, semicolon or tab separated: whichever splits the heading row into the most known `headings`.
    """
    if len(data) > max_bytes:
        raise _reject(
            f"The file is {len(data) / 1024 / 1024:.1f} MB: files can be at most "
            f"{max_bytes // 1024 // 1024} MB. Split it and import each part"
        )
    text = _decode(data)
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip(' ,;\t"')), None)
    if first is None:
        raise _reject("The file has no rows")
    delimiter = _sniff_delimiter(lines[first], headings)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as e:
        raise _reject(f"The file could not be read as CSV ({e}): check for a stray quotation mark") from None
    # Records and spreadsheet rows line up unless a quoted cell spans lines.
    return [(i + 1, rec) for i, rec in enumerate(records) if any(cell.strip() for cell in rec)]


def _read_headings(number: int, header: Sequence[str]) -> list[str]:
    """The field each column holds ('' for an empty heading), or ImportRejected naming every bad heading."""
    errors: list[RowError] = []
    columns: list[str] = []
    seen: dict[str, str] = {}
    for heading in header:
        name, shown = _norm_heading(heading), heading.strip()
        key = HEADINGS.get(name) if name else ""
        if key is None:
            errors.append(
                RowError(
                    number,
                    shown,
                    f"The column “{shown}” is not one we know: use the headings indicator, agency, period, "
                    f"value and note",
                )
            )
            key = ""
        elif key in seen:
            errors.append(RowError(number, shown, f"There are two columns for {key} (“{seen[key]}” and “{shown}”)"))
        if key:
            seen.setdefault(key, shown)
        columns.append(key)
    errors.extend(
        RowError(
            number,
            key,
            f"The file has no {key} column: the heading row must have "
            f"indicator, period and value (and may have agency and note)",
        )
        for key in REQUIRED
        if key not in seen
    )
    if errors:
        raise ImportRejected(errors)
    return columns


def read_rows(data: bytes, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> tuple[list[str], list[CsvRow]]:
    """Decode and split the file: (the columns found, the non-blank data rows), or ImportRejected."""
    numbered = _records(data, max_bytes)
    header_number, header = numbered[0]
    columns = _read_headings(header_number, header)
    rows = numbered[1:]
    if len(rows) > max_rows:
        raise _reject(
            f"The file has {len(rows):,} rows: at most {max_rows:,} can be imported at once. "
            f"Split it and import each part"
        )
    errors: list[RowError] = []
    out = []
    for number, rec in rows:
        cells: dict[str, str] = {}
        for index, cell in enumerate(rec):
            key = columns[index] if index < len(columns) else ""
            if key:
                cells[key] = cell.strip()
            elif cell.strip():
                errors.append(
                    RowError(
                        number,
                        f"column {index + 1}",
                        f"This row has a value in column {index + 1}, which has no heading",
                    )
                )
        out.append(CsvRow(number, cells))
    if errors:
        raise ImportRejected(errors[:MAX_ERRORS_SHOWN], len(errors))
    return [c for c in columns if c], out


# ---------------------------------------------------------------------------------------------
# Checking rows against the indicators, and writing


@dataclass(frozen=True)
class PlannedValue:
    row: int
    indicator: Indicator
    period: Period
    value: float
    note: Optional[str]  # None: the file has no note column, keep the stored note


@dataclass
class ImportResult:
    """What an import did (or, with dry_run, would do)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    indicators: int = 0
    changes: list[dict[str, Any]] = field(default_factory=list)


def allowed_kinds(indicator: Indicator) -> frozenset[str] | None:
    """The period kinds an indicator's frequency accepts (None: any)."""
    return FREQUENCY_KINDS.get((indicator.frequency or "").strip().lower())


def check_period_fits(indicator: Indicator, period: Period) -> str:
    """'' when the period suits the indicator's frequency, else a message."""
    kinds = allowed_kinds(indicator)
    if kinds is None or period.kind in kinds:
        return ""
    wanted = " or ".join(sorted(KIND_LABELS[k] for k in kinds))
    return (
        f"{period.label} is {KIND_LABELS[period.kind]}, but {indicator.code} is reported "
        f"{indicator.frequency}: give {wanted}"
    )


def _load_indicators(session: Session) -> list[Indicator]:
    return list(session.scalars(select(Indicator).options(selectinload(Indicator.agency))))


def _chunks(items: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class _IndicatorIndex:
    """The stored indicators by code and by name, for finding the one a row means."""

    def __init__(self, session: Session) -> None:
        indicators = _load_indicators(session)
        self.by_code = {i.code.strip().lower(): i for i in indicators}
        self.by_name: dict[str, list[Indicator]] = {}
        for i in indicators:
            self.by_name.setdefault(" ".join(i.name.lower().split()), []).append(i)

    def find(self, ref: str, agency_text: str) -> tuple[Optional[Indicator], str]:
        """The indicator a row names (by code, else by name and agency), or None and what is wrong.

        The page shows each problem beside its row number: the messages do not repeat it."""
        if not ref:
            return None, "Enter the indicator code or name"
        indicator = self.by_code.get(ref.lower())
        if indicator is None:
            matches = self.by_name.get(" ".join(ref.lower().split()), [])
            if len(matches) > 1 and agency_text:
                matches = [i for i in matches if i.agency and i.agency.name.lower() == agency_text.lower()]
            if len(matches) > 1:
                return None, (
                    f"“{ref}” is the name of {len(matches)} indicators: use the indicator code instead "
                    f"({', '.join(sorted(i.code for i in matches))})"
                )
            if not matches:
                return None, (
                    f"There is no indicator with the code or name “{ref}”: check the spelling, or add "
                    f"the indicator first"
                )
            indicator = matches[0]
        if not indicator.active:
            return None, f"Indicator {indicator.code} is no longer in use"
        return indicator, ""


def _agency_spellings(name: str) -> set[str]:
    """An agency's name as typed, and as the template wrote it if it had to be defused against formulas."""
    plain = name.strip().lower()
    return {plain, safe_text(plain)}


def _check_row(
    row: CsvRow, index: _IndicatorIndex, has_note: bool, errors: list[RowError], today: dt.date
) -> Optional[tuple[Indicator, Period, Optional[float], Optional[str]]]:
    """Read one row's cells, adding what is wrong to `errors`; the indicator and period when both are good."""
    cells, n = row.cells, row.number
    agency_text = cells.get("agency", "")
    indicator, problem = index.find(cells.get("indicator", ""), agency_text)
    if problem:
        errors.append(RowError(n, "indicator", problem))
    if (
        indicator is not None
        and agency_text
        and indicator.agency is not None
        and agency_text.lower() not in _agency_spellings(indicator.agency.name)
    ):
        errors.append(
            RowError(
                n,
                "agency",
                f"Indicator {indicator.code} belongs to {indicator.agency.name}, not “{agency_text}”",
            )
        )
        indicator = None

    monthly = indicator is not None and allowed_kinds(indicator) == frozenset({"month"})
    period, period_error = parse_period(cells.get("period", ""), monthly=monthly)
    if period is None:
        errors.append(RowError(n, "period", period_error))
    elif indicator is not None and (problem := check_period_fits(indicator, period)):
        errors.append(RowError(n, "period", problem))
        period = None
    elif problem := future_period_problem(period, today):
        errors.append(RowError(n, "period", problem))
        period = None

    value, value_error = parse_value(cells.get("value", ""), indicator.unit if indicator else "%")
    if value is None:
        errors.append(RowError(n, "value", value_error))
    elif indicator is not None and (problem := value_problem(indicator.unit, indicator.counts_people, value)):
        errors.append(RowError(n, "value", problem))
        value = None

    note = cells.get("note", "") if has_note else None
    if note is not None and len(note) > NOTE_MAX:
        errors.append(RowError(n, "note", f"The note must be {NOTE_MAX} characters or fewer"))
    elif note is not None and (note_problem := multi_line_problem(note, "the note")):
        # As the indicator's own form refuses them: an XLSX export cannot hold them, and nobody can see them.
        errors.append(RowError(n, "note", note_problem))
    if indicator is None or period is None:
        return None
    return indicator, period, value, note


def plan_import(
    session: Session, rows: Sequence[CsvRow], columns: Sequence[str], today: dt.date
) -> tuple[list[PlannedValue], list[RowError]]:
    """Check every row against the stored indicators (no period after `today`'s month); returns the planned
    values and every error."""
    index = _IndicatorIndex(session)
    has_note = "note" in columns
    errors: list[RowError] = []
    planned: list[PlannedValue] = []
    first_row: dict[tuple[int, tuple[dt.date, int]], tuple[int, str]] = {}
    for row in rows:
        checked = _check_row(row, index, has_note, errors, today)
        if checked is None:
            continue
        indicator, period, value, note = checked
        n = row.number
        key = (indicator.id, period.span)
        if key in first_row:
            earlier, label = first_row[key]
            same = "" if label == period.label else f" (written there as {label})"
            errors.append(
                RowError(
                    n,
                    "period",
                    f"{indicator.code} for {period.label} is already on row {earlier}{same}: "
                    f"keep one row per indicator and period",
                )
            )
            continue
        first_row[key] = (n, period.label)
        if value is not None:
            planned.append(PlannedValue(n, indicator, period, value, note))
    return planned, errors


def _existing(session: Session, planned: Sequence[PlannedValue]) -> dict[tuple[int, dt.date], list[IndicatorValue]]:
    found: dict[tuple[int, dt.date], list[IndicatorValue]] = {}
    ids = sorted({p.indicator.id for p in planned})
    starts = sorted({p.period.start for p in planned})
    for id_chunk in _chunks(ids):
        for start_chunk in _chunks(starts):
            for v in session.scalars(
                select(IndicatorValue).where(
                    IndicatorValue.indicator_id.in_(id_chunk), IndicatorValue.period_start.in_(start_chunk)
                )
            ):
                found.setdefault((v.indicator_id, v.period_start), []).append(v)
    return found


def _stored_span(v: IndicatorValue) -> tuple[dt.date, int]:
    period, _ = parse_period(
        v.period,
        monthly=v.period_start.day == 1
        and len(v.period) == 7
        and v.period[5:].isdigit()
        and v.period_start.month == int(v.period[5:]),
    )
    return period.span if period is not None else (v.period_start, 0)


def _match_stored(
    planned: Sequence[PlannedValue],
    existing: dict[tuple[int, dt.date], list[IndicatorValue]],
    result: ImportResult,
    errors: list[RowError],
) -> tuple[list[PlannedValue], list[tuple[PlannedValue, IndicatorValue]]]:
    """Split the planned values into new ones and changes to stored ones, counting those unchanged."""
    updates: list[tuple[PlannedValue, IndicatorValue]] = []
    creates: list[PlannedValue] = []
    for p in planned:
        same_span = [v for v in existing.get((p.indicator.id, p.period.start), []) if _stored_span(v) == p.period.span]
        match = next((v for v in same_span if v.period == p.period.label), None)
        if match is None and same_span:
            errors.append(
                RowError(
                    p.row,
                    "period",
                    f"{p.indicator.code} already has a value for {p.period.describe()}, stored as "
                    f"{same_span[0].period}: write the period as {same_span[0].period}",
                )
            )
        elif match is None:
            creates.append(p)
        elif match.value == p.value and (p.note is None or p.note == match.note):
            result.unchanged += 1
        else:
            updates.append((p, match))
    return creates, updates


def _list_changes(
    result: ImportResult, creates: Sequence[PlannedValue], updates: Sequence[tuple[PlannedValue, IndicatorValue]]
) -> None:
    """The first changes, old and new value, for the audit log and the confirmation page."""
    for p, v in updates:
        if len(result.changes) < MAX_CHANGES_LOGGED:
            change: dict[str, Any] = {
                "indicator": p.indicator.code,
                "period": p.period.label,
                "value": [v.value, p.value],
            }
            if p.note is not None and p.note != v.note:
                change["note"] = [v.note, p.note]
            result.changes.append(change)
    for p in creates:
        if len(result.changes) < MAX_CHANGES_LOGGED:
            result.changes.append({"indicator": p.indicator.code, "period": p.period.label, "value": [None, p.value]})


def _write(
    session: Session,
    creates: Sequence[PlannedValue],
    updates: Sequence[tuple[PlannedValue, IndicatorValue]],
    user_id: int | None,
    stamp: dt.datetime,
) -> None:
    for p, v in updates:
        v.value = p.value
        if p.note is not None:
            v.note = p.note
        v.source = "csv"
        v.entered_by_id = user_id
        v.entered_at = stamp
    for p in creates:
        session.add(
            IndicatorValue(
                indicator_id=p.indicator.id,
                period=p.period.label,
                period_start=p.period.start,
                value=p.value,
                note=p.note or "",
                source="csv",
                entered_by_id=user_id,
                entered_at=stamp,
            )
        )


def import_indicator_values(
    session: Session,
    data: bytes,
    *,
    user_id: int | None,
    filename: str = "",
    now: dt.datetime,
    dry_run: bool = False,
) -> ImportResult:
    """Import a CSV of indicator values, all or nothing (ImportRejected lists every problem).

    `now` is the app's clock: no period after its month (in England) is accepted. Adds and flushes; the caller
    commits. With dry_run, checks and counts without writing.
    """
    columns, rows = read_rows(data)
    if not rows:
        raise _reject("The file has headings but no rows of values")
    planned, errors = plan_import(session, rows, columns, now.astimezone(LONDON).date())
    existing = _existing(session, planned) if not errors else {}
    result = ImportResult(rows=len(rows), indicators=len({p.indicator.id for p in planned}))
    creates, updates = _match_stored(planned, existing, result, errors)
    if errors:
        errors.sort(key=lambda e: e.row)
        raise ImportRejected(errors[:MAX_ERRORS_SHOWN], len(errors))
    result.created, result.updated = len(creates), len(updates)
    _list_changes(result, creates, updates)
    if dry_run:
        return result
    _write(session, creates, updates, user_id, now)
    record(
        session,
        user_id,
        "indicator_values.imported",
        "indicator_import",
        "",
        filename=filename[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        rows=result.rows,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        indicators=sorted({p.indicator.code for p in planned}),
        changes=result.changes,
        changes_not_listed=max(result.created + result.updated - len(result.changes), 0),
    )
    try:
        session.flush()
    except IntegrityError:
        # Someone stored a value for the same period between our check and our write.
        session.rollback()
        raise _reject(
            "Someone else changed these indicator values at the same time: nothing was imported. Upload the file again"
        ) from None
    return result
