"""Annual reports: governance approval before the board, validation, permissions, visibility, audit, export."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import AnnualReport, AuditEvent
from tests.factories import make_agency

GOOD = {
    "title": "Corporate parenting annual report",
    "body": "Corporate Parenting Board",
    "year": "2025",
    "period_label": "",
    "status": "received",
    "governance_body": "",
    "governance_approved_on": "",
    "received_on": "2026-06-01",
    "presented_on": "",
    "summary": "",
    "findings": "",
    "agency_id": "",
}


def form(**overrides: str) -> dict[str, str]:
    data = dict(GOOD)
    data.update(overrides)
    return data


def reports(db: Session) -> list[AnnualReport]:
    db.expire_all()
    return list(db.scalars(select(AnnualReport).order_by(AnnualReport.id)))


def events(db: Session, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def make_report(db: Session, **values: Any) -> AnnualReport:
    defaults: dict[str, Any] = dict(
        title="MAPPA annual report", year=2025, period_label="2025 to 2026", status="received"
    )
    defaults.update(values)
    report = AnnualReport(**defaults)
    db.add(report)
    db.commit()
    return report


def test_staff_add_a_report_and_it_is_audit_logged(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    user = auth.login("staff")
    response = admin_client.post(
        "/annual-reports/new", data=form(findings="Placement stability improved.\n\nToo few care leavers in work.")
    )
    assert response.status_code == 302
    [report] = reports(db)
    assert (report.period_label, report.status, report.received_on) == ("2025 to 2026", "received", dt.date(2026, 6, 1))
    [event] = events(db, "annual_report.create")
    assert event.user_id == user.id and event.details["changes"]["title"] == [None, "Corporate parenting annual report"]
    page = admin_client.get(f"/annual-reports/{report.id}").get_data(as_text=True)
    assert "<li>Placement stability improved.</li>" in page and "<li>Too few care leavers in work.</li>" in page
    assert "Learning and actions" in page


def test_a_report_reaches_the_board_only_after_governance_approval(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    auth.login("staff")
    report = make_report(db)
    premature = admin_client.post(
        f"/annual-reports/{report.id}/edit",
        data=form(title=report.title, status="presented", presented_on="2026-07-10"),
    )
    assert premature.status_code == 400
    text = html.unescape(premature.get_data(as_text=True))
    assert "Enter the body that approved the report" in text and 'href="#governance_body"' in text
    assert "Enter the date the agency's governance approved the report" in text
    backwards = admin_client.post(
        f"/annual-reports/{report.id}/edit",
        data=form(
            title=report.title,
            status="presented",
            presented_on="2026-07-10",
            governance_body="Probation board",
            governance_approved_on="2026-08-01",
        ),
    )
    assert backwards.status_code == 400
    assert "the date presented must be on or after the date approved" in backwards.get_data(as_text=True)
    assert reports(db)[0].status == "received" and events(db, "annual_report.update") == []
    ok = admin_client.post(
        f"/annual-reports/{report.id}/edit",
        data=form(
            title=report.title,
            status="presented",
            presented_on="2026-09-10",
            governance_body="Probation board",
            governance_approved_on="2026-08-01",
        ),
    )
    assert ok.status_code == 302
    [event] = events(db, "annual_report.update")
    assert event.details["changes"]["status"] == ["received", "presented"]
    assert event.details["changes"]["governance_approved_on"] == [None, "2026-08-01"]


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"title": ""}, "title", "Enter the title of the report"),
        ({"year": ""}, "year", "Enter the year the report period starts"),
        ({"year": "1999"}, "year", "must be between 2000 and 2100"),
        ({"status": "lost"}, "status", "Select the status from the list"),
        ({"status": "approved"}, "governance_body", "Enter the body that approved the report"),
        (
            {"status": "presented", "governance_body": "Board", "governance_approved_on": "2026-01-01"},
            "presented_on",
            "Enter the date the report was presented to the board",
        ),
        ({"presented_on": "2026-02-01"}, "status", "set the status to presented to the board"),
        ({"received_on": "2027-01-01"}, "received_on", "must be today or in the past"),
        ({"governance_approved_on": "2026-01-01"}, "governance_body", "Enter the body that approved the report"),
    ],
)
def test_invalid_report_is_refused_with_a_linked_message_and_nothing_written(
    admin_client: FlaskClient, auth: Any, db: Session, overrides: dict[str, str], field: str, message: str
) -> None:
    auth.login("staff")
    response = admin_client.post("/annual-reports/new", data=form(**overrides))
    assert response.status_code == 400
    text = html.unescape(response.get_data(as_text=True))
    assert f'href="#{field}"' in text and message in text
    assert reports(db) == [] and events(db, "annual_report.create") == []


def test_the_same_report_cannot_be_added_twice_for_a_year(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    auth.login("staff")
    make_report(db, title="Corporate parenting annual report")
    response = admin_client.post("/annual-reports/new", data=form())
    assert response.status_code == 400
    assert "There is already a report called Corporate parenting annual report for 2025" in response.get_data(
        as_text=True
    )
    assert admin_client.post("/annual-reports/new", data=form(year="2026")).status_code == 302


@pytest.mark.parametrize("role", ["board", "partner"])
def test_read_only_users_cannot_change_reports(admin_client: FlaskClient, auth: Any, db: Session, role: str) -> None:
    report = make_report(db)
    auth.login(role)
    page = admin_client.get(f"/annual-reports/{report.id}").get_data(as_text=True)
    assert report.title in page and "Change the report" not in page
    assert admin_client.get("/annual-reports/new").status_code == 403
    assert admin_client.post("/annual-reports/new", data=form()).status_code == 403
    assert admin_client.post(f"/annual-reports/{report.id}/edit", data=form(title="Changed")).status_code == 403
    assert [r.title for r in reports(db)] == ["MAPPA annual report"]
    assert events(db, "annual_report.update") == []


def test_partner_users_do_not_see_other_agencies_restricted_reports(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    probation, council = make_agency(db, "Probation"), make_agency(db, "Council")
    mine = make_report(db, title="MAPPA report", agency_id=probation.id, restricted=True)
    theirs = make_report(db, title="LADO report", agency_id=council.id, restricted=True)
    open_one = make_report(db, title="Private fostering report", agency_id=council.id)
    auth.login("partner", agency_id=probation.id)
    listing = admin_client.get("/annual-reports/").get_data(as_text=True)
    assert mine.title in listing and open_one.title in listing and theirs.title not in listing
    assert admin_client.get(f"/annual-reports/{theirs.id}").status_code == 404
    exported = admin_client.get("/annual-reports/export?format=csv").get_data(as_text=True)
    assert "LADO report" not in exported and "MAPPA report" in exported


def test_the_list_filters_by_year_and_status_and_counts_the_year(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    make_report(db, title="Older report", year=2024)
    make_report(
        db,
        title="Presented report",
        status="presented",
        governance_body="Trust board",
        governance_approved_on=dt.date(2026, 5, 1),
        presented_on=dt.date(2026, 6, 1),
    )
    auth.login("board")
    page = admin_client.get("/annual-reports/?year=2025").get_data(as_text=True)
    assert "Presented report" in page and "Older report" not in page
    assert "Reports for 2025 to 2026" in page
    assert "Trust board, 1 May 2026" in page
    # The year filter names each year as the reports' periods do, not by its first year alone.
    year_filter = page[page.index('id="year"') :].split("</select>")[0]
    assert ">2025 to 2026</option>" in year_filter and ">2024 to 2025</option>" in year_filter
    by_status = admin_client.get("/annual-reports/?status=presented").get_data(as_text=True)
    assert "Presented report" in by_status and "Older report" not in by_status


def test_export_of_reports_is_audit_logged(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    make_report(db, status="approved", governance_body="Probation board", governance_approved_on=dt.date(2026, 5, 1))
    user = auth.login("staff")
    response = admin_client.get("/annual-reports/export?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0]["Approved by"] == "Probation board" and rows[0]["Approved on"] == "2026-05-01"
    assert rows[0]["Status"] == "Approved by the agency's governance"
    [event] = events(db, "export")
    assert (event.user_id, event.object_type, event.details["rows"]) == (user.id, "annual-reports", 1)
    assert admin_client.get("/annual-reports/export?format=xlsx").status_code == 200


def test_the_year_filter_offers_only_years_a_partner_user_has_reports_for(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    probation, council = make_agency(db, "Probation"), make_agency(db, "Council")
    make_report(db, title="MAPPA report", year=2025, agency_id=probation.id)
    make_report(db, title="LADO report", year=2019, agency_id=council.id, restricted=True)
    auth.login("partner", agency_id=probation.id)
    listing = admin_client.get("/annual-reports/").get_data(as_text=True)
    # A year of nothing but another agency's restricted reports would say that such a report exists.
    assert '<option value="2025"' in listing and '<option value="2019"' not in listing
