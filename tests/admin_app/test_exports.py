"""Exports of every register to CSV and XLSX: suppression, defused formulas, audit events, permissions."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from core.errors import ValidationFailed
from core.models import AuditEvent
from core.services import child_deaths, reviews
from core.services.exports import ExportColumn, cell_value, export
from tests.factories import make_agency

TODAY = dt.date(2026, 11, 27)
COLUMNS = [
    ExportColumn("Team", lambda r: r[0]),
    ExportColumn("People", lambda r: r[1], people=True),
    ExportColumn("Actions", lambda r: r[2]),
    ExportColumn("Due", lambda r: r[3]),
]
ROWS = [('=HYPERLINK("http://evil")', 3, 3, dt.date(2026, 1, 2)), ("Health", 12, 0, None)]


def test_counts_of_people_below_k_are_suppressed_and_other_numbers_are_not():
    assert cell_value(3, people=True) == "fewer than 5"
    assert cell_value(0, people=True) == 0
    assert cell_value(5, people=True) == 5
    assert cell_value(3) == 3
    assert cell_value(3, people=True, k=3) == 3
    assert cell_value(True) == "Yes" and cell_value(None) == ""


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x"])
def test_text_a_spreadsheet_would_run_as_a_formula_is_defused(text):
    assert cell_value(text).startswith("'")


def test_a_csv_export_is_utf8_with_suppression_and_is_audited(db):
    file = export(
        db,
        user_id=None,
        name="Test register",
        columns=COLUMNS,
        rows=ROWS,
        fmt="csv",
        today=TODAY,
        filters={"status": "open", "empty": ""},
    )
    text = file.data.decode("utf-8")
    assert text.startswith("\ufeffTeam,People,Actions,Due\r\n")
    assert "'=HYPERLINK" in text and "fewer than 5,3,2026-01-02" in text and "Health,12,0," in text
    assert file.filename == "test-register-2026-11-27.csv" and file.mimetype.startswith("text/csv")
    db.commit()
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.object_type == "test-register" and event.details == {
        "format": "csv",
        "rows": 2,
        "filters": {"status": "open"},
    }


def test_an_xlsx_export_holds_text_never_formulas_and_real_dates(db):
    file = export(db, user_id=None, name="Test", columns=COLUMNS, rows=ROWS, fmt="xlsx", today=TODAY)
    sheet = load_workbook(io.BytesIO(file.data)).active
    assert [c.value for c in sheet[1]] == ["Team", "People", "Actions", "Due"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("'=")
    assert sheet["B2"].value == "fewer than 5" and sheet["C2"].value == 3
    assert sheet["D2"].value.date() == dt.date(2026, 1, 2)
    assert sheet["B3"].value == 12


def test_an_unknown_format_is_refused(db):
    with pytest.raises(ValidationFailed):
        export(db, user_id=None, name="x", columns=COLUMNS, rows=ROWS, fmt="pdf", today=TODAY)


@pytest.mark.parametrize(
    "url",
    [
        "/reviews/export",
        "/child-deaths/export",
        "/child-deaths/modifiable-factors/export",
        "/actions/export",
        "/agencies/export",
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_register_of_4a_exports_to_csv_and_xlsx_and_the_export_is_audited(auth, admin_client, db, url, fmt):
    agency = make_agency(db, "Police")
    reviews.create_review(
        db, None, reviews.ReviewDetails(kind="learning_review", subject="Child A", agency_id=agency.id), TODAY
    )
    child_deaths.create_cdr(db, None, child_deaths.CdrDetails(date_of_death=dt.date(2025, 1, 10), stage="notification"))
    db.commit()
    # Individual child deaths are exported by the business unit only (test_child_deaths.py); the rest by the board too.
    user = auth.login("staff" if url == "/child-deaths/export" else "board")
    response = admin_client.get(f"{url}?format={fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    if fmt == "xlsx":
        assert load_workbook(io.BytesIO(response.data)).active.max_row >= 1
    else:
        assert response.data.startswith("\ufeff".encode())
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.user_id == user.id and event.details["format"] == fmt


def test_the_exports_page_lists_the_registers(auth, admin_client):
    auth.login("partner")
    page = admin_client.get("/exports/").get_data(as_text=True)
    for title in ("Case reviews", "Child deaths with modifiable factors by year", "Actions", "Agencies and contacts"):
        assert title in page
    # Individual child deaths are the business unit's only: the list offers a partner nothing that would say 403.
    assert "Child death reviews" not in page and "/child-deaths/export" not in page


def test_the_exports_page_lists_the_child_death_reviews_to_the_business_unit(auth, admin_client):
    auth.login("staff")
    page = admin_client.get("/exports/").get_data(as_text=True)
    assert "Child death reviews" in page and "/child-deaths/export" in page


def test_the_exports_page_says_what_each_export_holds(auth, admin_client):
    auth.login("partner")
    page = admin_client.get("/exports/").get_data(as_text=True)
    assert "Every review with its stage, statutory dates and participation." in page
    assert "Counts of deaths per year (small numbers suppressed) beside the actions from their reviews." in page


def test_text_with_a_signed_figure_after_a_comma_is_defused_in_csv_but_reads_as_written_in_xlsx(db):
    rows = [("Q1, -5% on last year", 12, 0, None), ("x;=HYPERLINK(1)", 12, 0, None)]
    csv_text = export(db, user_id=None, name="T", columns=COLUMNS, rows=rows, fmt="csv", today=TODAY).data.decode()
    # A reader splitting the CSV where we did not mean could start a cell at " -5%" or "=HYPERLINK": both defused.
    assert "Q1,' -5%" in csv_text and "x;'=HYPERLINK" in csv_text
    xlsx = export(db, user_id=None, name="T", columns=COLUMNS, rows=rows, fmt="xlsx", today=TODAY).data
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet["A2"].value == "Q1, -5% on last year" and sheet["A3"].value == "x;=HYPERLINK(1)"
    assert sheet["A3"].data_type == "s"
