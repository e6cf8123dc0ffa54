"""Importing indicator values from CSV: formats people really send, every row checked, all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import AuditEvent, Indicator, IndicatorValue
from core.services.indicator_import import (
    MAX_ERRORS_SHOWN,
    ImportRejected,
    import_indicator_values,
    parse_period,
    parse_value,
    read_rows,
)
from tests.factories import make_agency, make_user

NOW = dt.datetime(2026, 11, 27, 10, 30, tzinfo=dt.timezone.utc)


@pytest.fixture
def indicators(db: Session) -> dict[str, Indicator]:
    police = make_agency(db, "Police", kind="police")
    health = make_agency(db, "Acute Hospital NHS Trust", kind="health")
    made = {
        "POL-01": Indicator(
            code="POL-01",
            name="Domestic abuse notifications shared within 24 hours",
            unit="%",
            direction="higher_better",
            target=95,
            frequency="quarterly",
            agency_id=police.id,
        ),
        "POL-02": Indicator(
            code="POL-02",
            name="Missing episodes",
            unit="episodes",
            direction="lower_better",
            frequency="monthly",
            agency_id=police.id,
        ),
        "HLT-01": Indicator(
            code="HLT-01", name="Staff trained at level 3", unit="%", frequency="annual", agency_id=health.id
        ),
        "HLT-02": Indicator(
            code="HLT-02", name="Missing episodes", unit="episodes", frequency="monthly", agency_id=health.id
        ),
        "OLD-01": Indicator(code="OLD-01", name="Retired measure", unit="number", frequency="annual", active=False),
    }
    db.add_all(made.values())
    db.commit()
    return made


def run(db: Session, text: str | bytes, user_id: int | None = None, **kwargs: object) -> object:
    data = text.encode("utf-8") if isinstance(text, str) else text
    result = import_indicator_values(db, data, user_id=user_id, filename="values.csv", now=NOW, **kwargs)  # type: ignore[arg-type]
    db.commit()
    return result


def rejected(db: Session, text: str | bytes) -> ImportRejected:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(ImportRejected) as info:
        import_indicator_values(db, data, user_id=None, filename="bad.csv", now=NOW)
    db.rollback()
    return info.value


def stored(db: Session) -> dict[tuple[str, str], float]:
    rows = db.execute(
        select(Indicator.code, IndicatorValue.period, IndicatorValue.value).join(IndicatorValue.indicator)
    )
    return {(code, period): value for code, period, value in rows}


def audit_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(AuditEvent)) or 0


# --- periods and values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, label, start, kind",
    [
        ("2025-26", "2025-26", dt.date(2025, 4, 1), "financial_year"),
        ("2025/26", "2025-26", dt.date(2025, 4, 1), "financial_year"),
        ("2025/2026", "2025-26", dt.date(2025, 4, 1), "financial_year"),
        ("FY2025-26", "2025-26", dt.date(2025, 4, 1), "financial_year"),
        ("2099-00", "2099-00", dt.date(2099, 4, 1), "financial_year"),
        ("2025-Q1", "2025-Q1", dt.date(2025, 1, 1), "quarter"),
        ("Q3 2025", "2025-Q3", dt.date(2025, 7, 1), "quarter"),
        ("2025 q4", "2025-Q4", dt.date(2025, 10, 1), "quarter"),
        ("2025-26 Q1", "2025-26 Q1", dt.date(2025, 4, 1), "financial_quarter"),
        ("Q4 2025/26", "2025-26 Q4", dt.date(2026, 1, 1), "financial_quarter"),
        ("2025-04", "2025-04", dt.date(2025, 4, 1), "month"),
        ("2025/4", "2025-04", dt.date(2025, 4, 1), "month"),
        ("04/2025", "2025-04", dt.date(2025, 4, 1), "month"),
        ("Apr 2025", "2025-04", dt.date(2025, 4, 1), "month"),
        ("September 2025", "2025-09", dt.date(2025, 9, 1), "month"),
        ("Apr-25", "2025-04", dt.date(2025, 4, 1), "month"),
        ("01/04/2025", "2025-04", dt.date(2025, 4, 1), "month"),
        ("2025-04-01", "2025-04", dt.date(2025, 4, 1), "month"),
        ("2025", "2025", dt.date(2025, 1, 1), "year"),
        ("  2025 -  26 ", "2025-26", dt.date(2025, 4, 1), "financial_year"),
    ],
)
def test_every_documented_period_format_is_read(raw: str, label: str, start: dt.date, kind: str) -> None:
    period, error = parse_period(raw)
    assert error == ""
    assert period is not None and (period.label, period.start, period.kind) == (label, start, kind)


@pytest.mark.parametrize(
    "raw, message",
    [
        ("", "Enter the period"),
        ("2025-27", "is neither a month (like 2025-04) nor a financial year (like 2025-26)"),
        ("2025/2027", "is not a financial year: the second year must follow the first, like 2025-26"),
        ("2025-Q5", "quarters are Q1 to Q4"),
        ("2025-26 Q7", "quarters are Q1 to Q4"),
        ("15/04/2025", "is a date, not a period: write the month, like 2025-04"),
        ("31/02/2025", "is not a real date"),
        ("1999", "between 2000 and 2100"),
        ("13/2025", "is not a month: months are 01 to 12"),
        ("last year", "is not a period we recognise"),
    ],
)
def test_period_errors_say_what_is_wrong(raw: str, message: str) -> None:
    period, error = parse_period(raw)
    assert period is None and message in error


def test_periods_describe_themselves_in_plain_words() -> None:
    assert parse_period("2025-26")[0].describe() == "April 2025 to March 2026"  # type: ignore[union-attr]
    assert parse_period("2025-26 Q1")[0].describe() == "April to June 2025"  # type: ignore[union-attr]
    assert parse_period("2025-04")[0].describe() == "April 2025"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "raw, unit, value",
    [
        ("1,234", "number", 1234.0),
        ("1,234,567.25", "number", 1234567.25),
        ("45%", "%", 45.0),
        ("45.5 %", "percent", 45.5),
        ("(12)", "number", -12.0),
        ("\u22123", "number", -3.0),
        (".5", "days", 0.5),
        ("\u00a01\u00a0", "number", 1.0),
        ("0", "%", 0.0),
    ],
)
def test_values_are_read_with_separators_percentages_and_negatives(raw: str, unit: str, value: float) -> None:
    assert parse_value(raw, unit) == (value, "")


@pytest.mark.parametrize(
    "raw, unit, message",
    [
        ("", "number", "Enter a value"),
        ("n/a", "number", "is not a number"),
        ("1,2", "number", "is not a number"),
        ("45%", "days", "has a % sign but this indicator is measured in days"),
        ("#DIV/0!", "%", "is a spreadsheet error"),
        ("1e400", "number", "is not a number"),
        ("9999999999999", "number", "too large"),
        ("((3))", "number", "is not a number"),
    ],
)
def test_bad_values_say_what_is_wrong(raw: str, unit: str, message: str) -> None:
    value, error = parse_value(raw, unit)
    assert value is None and message in error


# --- whole files -------------------------------------------------------------------------------


def test_a_good_file_imports_every_row_with_one_audit_event(db: Session, indicators: dict[str, Indicator]) -> None:
    user = make_user(db)
    db.commit()
    result = run(
        db,
        "indicator,agency,period,value\n"
        "POL-01,Police,2025-Q1,91.5\n"
        "POL-01,Police,2025-Q2,93%\n"
        'POL-02,Police,2025-04,"1,204"\n'
        "HLT-01,Acute Hospital NHS Trust,2025-26,88\n",
        user_id=user.id,
    )
    assert (result.rows, result.created, result.updated, result.unchanged) == (4, 4, 0, 0)  # type: ignore[attr-defined]
    assert stored(db) == {
        ("POL-01", "2025-Q1"): 91.5,
        ("POL-01", "2025-Q2"): 93.0,
        ("POL-02", "2025-04"): 1204.0,
        ("HLT-01", "2025-26"): 88.0,
    }
    value = db.scalar(select(IndicatorValue).where(IndicatorValue.period == "2025-26"))
    assert value is not None and value.source == "csv" and value.entered_by_id == user.id
    assert value.period_start == dt.date(2025, 4, 1)
    events = db.scalars(select(AuditEvent)).all()
    assert len(events) == 1
    event = events[0]
    assert (event.action, event.user_id) == ("indicator_values.imported", user.id)
    assert event.details["created"] == 4 and event.details["filename"] == "values.csv"
    assert len(event.details["sha256"]) == 64
    assert {"indicator": "POL-02", "period": "2025-04", "value": [None, 1204.0]} in event.details["changes"]


def test_excel_csv_with_bom_crlf_blank_lines_and_empty_trailing_columns(
    db: Session, indicators: dict[str, Indicator]
) -> None:
    text = (
        "\ufeffIndicator Code,Period,Value,Notes,,\r\n"
        ",,,,,\r\n"
        'POL-01,Q1 2025,"91.5","Includes ""late"" notifications",,\r\n'
        "\r\n"
        "   ,  ,  ,,,\r\n"
        "pol-02,Apr-25,17,,,\r\n"
    )
    result = run(db, text)
    assert result.created == 2  # type: ignore[attr-defined]
    note = db.scalar(select(IndicatorValue.note).where(IndicatorValue.period == "2025-Q1"))
    assert note == 'Includes "late" notifications'


def test_semicolon_and_tab_separated_files_are_read(db: Session, indicators: dict[str, Indicator]) -> None:
    run(db, "indicator;period;value\nPOL-01;2025-Q1;90\n")
    run(db, "indicator\tperiod\tvalue\nPOL-01\t2025-Q2\t91\n")
    assert stored(db) == {("POL-01", "2025-Q1"): 90.0, ("POL-01", "2025-Q2"): 91.0}


def test_indicators_can_be_named_instead_of_coded(db: Session, indicators: dict[str, Indicator]) -> None:
    run(
        db,
        "indicator,agency,period,value\n"
        "domestic abuse notifications shared  within 24 hours,,2025-Q1,90\n"
        "Missing episodes,Acute Hospital NHS Trust,2025-04,3\n",
    )
    assert stored(db) == {("POL-01", "2025-Q1"): 90.0, ("HLT-02", "2025-04"): 3.0}


def test_reimporting_a_period_updates_its_value_and_audits_old_and_new(
    db: Session, indicators: dict[str, Indicator]
) -> None:
    run(db, "indicator,period,value,note\nPOL-01,2025-Q1,90,first\nPOL-01,2025-Q2,91,\n")
    result = run(
        db, "indicator,period,value,note\nPOL-01,Q1 2025,92.5,corrected\nPOL-01,2025-Q2,91,\nPOL-01,2025-Q3,94,\n"
    )
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)  # type: ignore[attr-defined]
    assert stored(db)[("POL-01", "2025-Q1")] == 92.5
    assert db.scalar(select(func.count()).select_from(IndicatorValue)) == 3
    last = db.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert last is not None
    assert {
        "indicator": "POL-01",
        "period": "2025-Q1",
        "value": [90.0, 92.5],
        "note": ["first", "corrected"],
    } in last.details["changes"]
    assert (last.details["updated"], last.details["unchanged"]) == (1, 1)


def test_a_file_without_a_note_column_keeps_stored_notes(db: Session, indicators: dict[str, Indicator]) -> None:
    run(db, "indicator,period,value,note\nPOL-01,2025-Q1,90,keep me\n")
    run(db, "indicator,period,value\nPOL-01,2025-Q1,91\n")
    assert db.scalar(select(IndicatorValue.note)) == "keep me"


def test_any_bad_row_means_nothing_is_written(db: Session, indicators: dict[str, Indicator]) -> None:
    error = rejected(db, "indicator,period,value\nPOL-01,2025-Q1,90\nPOL-01,2025-Q2,ninety\nPOL-01,2025-Q3,92\n")
    assert [(e.row, e.column) for e in error.errors] == [(3, "value")]
    assert error.errors[0].message == "“ninety” is not a number"
    assert "Nothing was changed" in error.message
    assert stored(db) == {} and audit_count(db) == 0


def test_a_note_holding_a_control_character_is_refused_by_row(db: Session, indicators: dict[str, Indicator]) -> None:
    error = rejected(db, "indicator,period,value,note\nPOL-01,2025-Q1,90,fine\nPOL-01,2025-Q2,91,bad\x07bell\n")
    assert [(e.row, e.column) for e in error.errors] == [(3, "note")]
    assert "control character" in error.errors[0].message
    assert stored(db) == {} and audit_count(db) == 0


def test_every_problem_in_the_file_is_listed_by_row_and_column(db: Session, indicators: dict[str, Indicator]) -> None:
    error = rejected(
        db,
        "indicator,agency,period,value\n"
        "POL-99,Police,2025-Q1,1\n"
        "POL-01,Acute Hospital NHS Trust,2025-Q1,1\n"
        "POL-01,Police,2025-04,1\n"
        "HLT-01,,2025-26,45 percent\n"
        "OLD-01,,2025,3\n"
        "POL-02,,2025-04,12%\n"
        ",,2025-04,3\n"
        "Missing episodes,,2025-04,3\n",
    )
    found = [(e.row, e.column, e.message) for e in error.errors]
    assert found == [
        (
            2,
            "indicator",
            "There is no indicator with the code or name “POL-99”: check the spelling, or add the indicator first",
        ),
        (3, "agency", "Indicator POL-01 belongs to Police, not “Acute Hospital NHS Trust”"),
        (
            4,
            "period",
            "2025-04 is a month, but POL-01 is reported quarterly: give a calendar quarter or a financial quarter",
        ),
        (5, "value", "“45 percent” is not a number"),
        (6, "indicator", "Indicator OLD-01 is no longer in use"),
        (7, "value", "“12%” has a % sign but this indicator is measured in episodes"),
        (8, "indicator", "Enter the indicator code or name"),
        (
            9,
            "indicator",
            "“Missing episodes” is the name of 2 indicators: use the indicator code instead (HLT-02, POL-02)",
        ),
    ]
    assert stored(db) == {}


def test_duplicate_rows_point_to_the_first_one(db: Session, indicators: dict[str, Indicator]) -> None:
    error = rejected(db, "indicator,period,value\nPOL-01,2025-Q1,90\nPOL-01,2025-Q2,91\nPOL-01,Q1 2025,90\n")
    assert [(e.row, e.message) for e in error.errors] == [
        (4, "POL-01 for 2025-Q1 is already on row 2: keep one row per indicator and period")
    ]


def test_the_same_quarter_written_two_ways_is_refused(db: Session, indicators: dict[str, Indicator]) -> None:
    error = rejected(db, "indicator,period,value\nPOL-01,2025-Q2,90\nPOL-01,2025-26 Q1,91\n")
    assert error.errors[0].message == (
        "POL-01 for 2025-26 Q1 is already on row 2 (written there as 2025-Q2): keep one row per indicator and period"
    )
    run(db, "indicator,period,value\nPOL-01,2025-Q2,90\n")
    error = rejected(db, "indicator,period,value\nPOL-01,2025-26 Q1,91\n")
    assert error.errors[0].message == (
        "POL-01 already has a value for April to June 2025, stored as 2025-Q2: write the period as 2025-Q2"
    )
    assert stored(db) == {("POL-01", "2025-Q2"): 90.0}


def test_non_utf8_bytes_get_a_clear_message_naming_the_row(db: Session, indicators: dict[str, Indicator]) -> None:
    data = "indicator,period,value,note\nPOL-01,2025-Q1,90,ok\n".encode() + b"POL-01,2025-Q2,91,cost \xa3300\n"
    error = rejected(db, data)
    assert error.errors[0].row == 3
    assert "This row has a character that is not UTF-8 text (byte A3)" in error.errors[0].message
    assert "CSV UTF-8" in error.errors[0].message
    assert stored(db) == {}


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "The file is empty"),
        (b"\n\n  \n", "The file is empty"),
        (b",,,\n,,,\n", "The file has no rows"),
        (b"PK\x03\x04\x14\x00\x06\x00", "This is an Excel workbook (.xlsx), not a CSV file"),
        ("indicator,period,value\n".encode("utf-16"), "This file is UTF-16 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a text file"),
        (b"indicator,period,value\n", "The file has headings but no rows of values"),
        (b'indicator,period,value\nPOL-01,"2025-Q1"x,1\n', "The file could not be read as CSV"),
    ],
)
def test_files_that_are_not_usable_csv_are_refused_plainly(
    db: Session, indicators: dict[str, Indicator], data: bytes, message: str
) -> None:
    error = rejected(db, data)
    assert message in error.errors[0].message


def test_wrong_headings_are_named(db: Session, indicators: dict[str, Indicator]) -> None:
    error = rejected(db, "Measure,Quarter,Amount\nPOL-01,2025-Q1,90\n")
    messages = [e.message for e in error.errors]
    assert messages[0] == (
        "The column “Measure” is not one we know: use the headings indicator, agency, period, value and note"
    )
    assert (
        "The file has no indicator column: the heading row must have indicator, period and value (and may have "
        "agency and note)" in messages
    )
    assert all(e.row == 1 for e in error.errors)


def test_two_columns_for_the_same_thing_are_refused(db: Session, indicators: dict[str, Indicator]) -> None:
    error = rejected(db, "code,indicator name,period,value\nPOL-01,x,2025-Q1,90\n")
    assert error.errors[0].message == "There are two columns for indicator (“code” and “indicator name”)"


def test_a_value_in_a_column_without_a_heading_is_refused(db: Session, indicators: dict[str, Indicator]) -> None:
    error = rejected(db, "indicator,period,value,\nPOL-01,2025-Q1,90,oops\n")
    assert error.errors[0].message == "This row has a value in column 4, which has no heading"


def test_a_huge_file_is_refused_before_it_is_read(db: Session, indicators: dict[str, Indicator]) -> None:
    big = b"indicator,period,value\n" + b"POL-01,2025-Q1,90\n" * 300_000
    error = rejected(db, big)
    assert "files can be at most 4 MB" in error.errors[0].message
    many = b"indicator,period,value\n" + b"POL-02,2025-04,1\n" * 20_001
    error = rejected(db, many)
    assert error.errors[0].message == (
        "The file has 20,001 rows: at most 20,000 can be imported at once. Split it and import each part"
    )


def test_errors_shown_are_capped_but_counted(db: Session, indicators: dict[str, Indicator]) -> None:
    rows = "".join(f"POL-01,2025-Q{1 + i % 4},x{i}\n" for i in range(150))
    error = rejected(db, "indicator,period,value\n" + rows)
    assert len(error.errors) == MAX_ERRORS_SHOWN
    assert error.total > MAX_ERRORS_SHOWN
    assert f"{error.total} problems found" in error.message


def test_a_large_valid_file_imports_in_one_go(db: Session, indicators: dict[str, Indicator]) -> None:
    # Two monthly indicators, 2000-01 to 2024-12 each: a hundred years of one would run past the clock.
    lines = [f"{code},{2000 + i // 12}-{i % 12 + 1:02d},{i}" for code in ("POL-02", "HLT-02") for i in range(300)]
    result = run(db, "indicator,period,value\n" + "\n".join(lines))
    assert result.created == 600  # type: ignore[attr-defined]
    result = run(db, "indicator,period,value\n" + "\n".join(lines))
    assert (result.created, result.unchanged) == (0, 600)  # type: ignore[attr-defined]


def test_impossible_values_are_refused_by_row_and_nothing_is_written(
    db: Session, indicators: dict[str, Indicator]
) -> None:
    error = rejected(
        db,
        "indicator,period,value\n"
        "POL-01,2025-Q1,90\n"
        "POL-01,2025-Q2,-5\n"
        "POL-01,2025-Q3,250%\n"
        "POL-02,2025-04,-3\n"
        "POL-02,2025-05,(2)\n",
    )
    assert [(e.row, e.column, e.message) for e in error.errors] == [
        (3, "value", "-5% is not a possible percentage: give a value from 0 to 100"),
        (4, "value", "250% is not a possible percentage: give a value from 0 to 100"),
        (5, "value", "-3 is below zero: a value measured in episodes cannot be negative"),
        (6, "value", "-2 is below zero: a value measured in episodes cannot be negative"),
    ]
    assert stored(db) == {} and audit_count(db) == 0


def test_percentages_of_0_and_100_and_a_period_of_the_current_month_are_accepted(
    db: Session, indicators: dict[str, Indicator]
) -> None:
    # NOW is 27 November 2026: November, the quarter it is in and the financial year have all started.
    run(db, "indicator,period,value\nPOL-01,2026-Q3,0\nPOL-01,2026-Q4,100%\nPOL-02,2026-11,4\nHLT-01,2026-27,50\n")
    assert stored(db) == {
        ("POL-01", "2026-Q3"): 0.0,
        ("POL-01", "2026-Q4"): 100.0,
        ("POL-02", "2026-11"): 4.0,
        ("HLT-01", "2026-27"): 50.0,
    }


def test_a_period_after_the_current_month_is_refused_by_the_apps_clock(
    db: Session, indicators: dict[str, Indicator]
) -> None:
    error = rejected(
        db,
        "indicator,period,value\nPOL-02,2026-11,4\nPOL-02,2026-12,5\nPOL-02,2030-01,6\nPOL-01,2027-Q1,50\n"
        "HLT-01,2027-28,50\n",
    )
    assert [(e.row, e.column, e.message) for e in error.errors] == [
        (3, "period", "2026-12 has not started yet: give a period that starts in November 2026 or earlier"),
        (4, "period", "2030-01 has not started yet: give a period that starts in November 2026 or earlier"),
        (5, "period", "2027-Q1 has not started yet: give a period that starts in November 2026 or earlier"),
        (6, "period", "2027-28 has not started yet: give a period that starts in November 2026 or earlier"),
    ]
    assert stored(db) == {}
    # The month is England's: 23:30 UTC on 31 May 2026 is already 1 June in London (summer time).
    june = dt.datetime(2026, 5, 31, 23, 30, tzinfo=dt.timezone.utc)
    import_indicator_values(db, b"indicator,period,value\nPOL-02,2026-06,5\n", user_id=None, now=june)
    db.commit()
    assert stored(db) == {("POL-02", "2026-06"): 5.0}


def test_dry_run_counts_without_writing(db: Session, indicators: dict[str, Indicator]) -> None:
    result = run(db, "indicator,period,value\nPOL-01,2025-Q1,90\n", dry_run=True)
    assert result.created == 1  # type: ignore[attr-defined]
    assert stored(db) == {} and audit_count(db) == 0


def test_read_rows_reports_the_columns_found() -> None:
    columns, rows = read_rows(b"\xef\xbb\xbfValue;Period;Indicator\n1;2025;X\n")
    assert columns == ["value", "period", "indicator"]
    assert rows[0].number == 2 and rows[0].cells == {"value": "1", "period": "2025", "indicator": "X"}


def test_a_monthly_indicator_reads_2009_10_as_october_2009(db: Session, indicators: dict[str, Indicator]) -> None:
    assert parse_period("2009-10")[0].kind == "financial_year"  # type: ignore[union-attr]
    assert parse_period("2009-10", monthly=True)[0].label == "2009-10"  # type: ignore[union-attr]
    run(db, "indicator,period,value\nPOL-02,2009-10,4\nHLT-01,2009-10,50\n")
    values = {v.indicator.code: v.period_start for v in db.scalars(select(IndicatorValue))}
    assert values == {"POL-02": dt.date(2009, 10, 1), "HLT-01": dt.date(2009, 4, 1)}
    result = run(db, "indicator,period,value\nPOL-02,2009-10,4\nHLT-01,2009-10,50\n")
    assert result.unchanged == 2  # type: ignore[attr-defined]
