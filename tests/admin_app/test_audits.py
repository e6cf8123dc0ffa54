"""The audit register: create, edit, findings, validation, permissions, visibility, audit log, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import Audit, AuditEvent, AuditFinding
from tests.factories import make_agency

GOOD = {
    "kind": "multi_agency",
    "title": "Early help: step-down to universal services",
    "programme": "Early help",
    "status": "planned",
    "planned_on": "2026-10-01",
    "criteria": "",
    "reciprocal_partner": "",
    "rating": "",
    "cases_audited": "",
    "summary": "",
    "agency_id": "",
    "reference": "",
}


def form(**overrides: Any) -> dict[str, Any]:
    data = dict(GOOD)
    data.update(overrides)
    return data


def audits_in(db: Session) -> list[Audit]:
    db.expire_all()
    return list(db.scalars(select(Audit).order_by(Audit.id)))


def events(db: Session, action: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.scalars(query))


def make_audit(db: Session, **values: Any) -> Audit:
    defaults: dict[str, Any] = dict(
        reference=f"MAA-2026-{len(audits_in(db)) + 1:03d}", title="An audit", kind="multi_agency", status="planned"
    )
    defaults.update(values)
    audit = Audit(**defaults)
    db.add(audit)
    db.commit()
    return audit


def test_staff_add_an_audit_with_the_next_reference_and_it_is_audit_logged(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    user = auth.login("staff")
    response = admin_client.post("/audits/new", data=form())
    assert response.status_code == 302
    [audit] = audits_in(db)
    assert response.headers["Location"].endswith(f"/audits/{audit.id}")
    assert (audit.reference, audit.kind, audit.programme, audit.planned_on) == (
        "MAA-2026-001",
        "multi_agency",
        "Early help",
        dt.date(2026, 10, 1),
    )
    [event] = events(db, "audit.create")
    assert event.user_id == user.id and event.object_id == str(audit.id)
    assert event.details["changes"]["title"] == [None, "Early help: step-down to universal services"]
    page = admin_client.get(f"/audits/{audit.id}").get_data(as_text=True)
    assert "MAA-2026-001: Early help: step-down to universal services" in page
    assert "Learning and actions" in page


def test_editing_an_audit_records_what_changed(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    auth.login("admin")
    audit = make_audit(db, title="Leaving care", programme="Leaving care")
    response = admin_client.post(
        f"/audits/{audit.id}/edit",
        data=form(
            reference=audit.reference,
            title="Leaving care",
            programme="Leaving care",
            status="reported",
            completed_on="2026-11-20",
            rating="requires_improvement",
            cases_audited="12",
        ),
    )
    assert response.status_code == 302
    [event] = events(db, "audit.update")
    assert event.details["changes"]["status"] == ["planned", "reported"]
    assert event.details["changes"]["rating"] == [None, "requires_improvement"]
    assert event.details["changes"]["completed_on"] == [None, "2026-11-20"]
    page = admin_client.get(f"/audits/{audit.id}").get_data(as_text=True)
    assert "Requires improvement" in page and "20 November 2026" in page


def test_saving_an_unchanged_audit_writes_no_event(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    auth.login("staff")
    admin_client.post("/audits/new", data=form())
    [audit] = audits_in(db)
    edit = admin_client.get(f"/audits/{audit.id}/edit").get_data(as_text=True)
    assert 'value="MAA-2026-001"' in edit
    admin_client.post(f"/audits/{audit.id}/edit", data=form(reference="MAA-2026-001"))
    assert events(db, "audit.update") == []


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"title": ""}, "title", "Enter the title of the audit"),
        ({"kind": ""}, "kind", "Select the kind of audit"),
        ({"kind": "single_agency"}, "agency_id", "Select the agency whose audit this is"),
        (
            {"reciprocal_partner": "Northshire Partnership"},
            "reciprocal_partner",
            "Only a board effectiveness audit can be reciprocal with another partnership",
        ),
        ({"status": "reported"}, "completed_on", "Enter the date the audit was completed"),
        ({"status": "reported", "completed_on": "2027-01-05"}, "completed_on", "must be today or in the past"),
        ({"status": "reported", "completed_on": "2026-09-01"}, "completed_on", "on or after the planned date"),
        ({"rating": "good"}, "rating", "An audit gets its overall rating when it is reported"),
        ({"cases_audited": "lots"}, "cases_audited", "must be a whole number"),
        ({"planned_on": "31/02/2026"}, "planned_on", "must be a real date"),
        ({"reference": "no spaces please"}, "reference", "letters, numbers, and - / . _"),
        ({"reference": "A" * 300}, "reference", "The reference must be 40 characters or fewer"),
        ({"agency_id": "99999"}, "agency_id", "Select the agency from the list"),
    ],
)
def test_invalid_audit_is_refused_with_a_linked_message_and_nothing_written(
    admin_client: FlaskClient, auth: Any, db: Session, overrides: dict[str, str], field: str, message: str
) -> None:
    auth.login("staff")
    response = admin_client.post("/audits/new", data=form(**overrides))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and f'href="#{field}"' in page and message in page
    assert f'id="{field}-error"' in page
    assert audits_in(db) == [] and events(db, "audit.create") == []


def test_a_reference_can_only_be_used_once(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    auth.login("staff")
    make_audit(db, reference="MAA-2026-007")
    response = admin_client.post("/audits/new", data=form(reference="maa-2026-007"))
    assert response.status_code == 400
    assert "There is already an audit with the reference maa-2026-007" in response.get_data(as_text=True)


def test_the_same_audit_sent_twice_is_added_once(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    auth.login("staff")
    assert admin_client.post("/audits/new", data=form()).status_code == 302
    again = admin_client.post("/audits/new", data=form(title="  early help: STEP-DOWN to universal   services "))
    assert again.status_code == 400
    page = again.get_data(as_text=True)
    assert 'href="#title"' in page and "already in the register" in page
    assert len(audits_in(db)) == 1 and len(events(db, "audit.create")) == 1
    # Another planned date, kind or title is another audit.
    for other in ({"planned_on": "2027-04-01"}, {"kind": "board_effectiveness"}, {"title": "Early help: re-audit"}):
        assert admin_client.post("/audits/new", data=form(**other)).status_code == 302, other
    assert len(audits_in(db)) == 4


def test_board_effectiveness_findings_are_recorded_against_its_criteria(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    auth.login("staff")
    response = admin_client.post(
        "/audits/new",
        data=form(
            kind="board_effectiveness",
            title="Reciprocal board effectiveness audit",
            programme="",
            reciprocal_partner="Northshire Safeguarding Children Partnership",
            criteria="Leadership and accountability\n- Voice of the child in the partnership's work\n\n",
        ),
    )
    assert response.status_code == 302
    [audit] = audits_in(db)
    assert audit.reference == "BEA-2026-001"
    wrong = admin_client.post(f"/audits/{audit.id}/findings", data={"criterion": "Something else", "finding": "x"})
    assert wrong.status_code == 400
    assert "Select the criterion this finding is about from the list" in wrong.get_data(as_text=True)
    missing = admin_client.post(f"/audits/{audit.id}/findings", data={"criterion": "", "finding": "x"})
    assert "Select the criterion this finding is about" in missing.get_data(as_text=True)
    for criterion, finding, rating in (
        ("Leadership and accountability", "Chairs challenge each other.", "green"),
        ("Voice of the child in the partnership's work", "Rarely heard.", "red"),
        ("Voice of the child in the partnership's work", "Young scrutineers.", "amber"),
    ):
        ok = admin_client.post(
            f"/audits/{audit.id}/findings", data={"criterion": criterion, "finding": finding, "rating": rating}
        )
        assert ok.status_code == 302
    page = admin_client.get(f"/audits/{audit.id}").get_data(as_text=True)
    assert "Reciprocal with" in page and "Northshire Safeguarding Children Partnership" in page
    assert "Findings per criterion, by rating" in page
    findings = list(db.scalars(select(AuditFinding).order_by(AuditFinding.position)))
    assert [f.position for f in findings] == [1, 2, 3]
    assert len(events(db, "audit.finding_create")) == 3


def test_findings_can_be_changed_and_removed_with_the_change_logged(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    auth.login("staff")
    audit = make_audit(db)
    admin_client.post(
        f"/audits/{audit.id}/findings", data={"criterion": "Thresholds", "finding": "Mixed.", "rating": "amber"}
    )
    finding = db.scalar(select(AuditFinding))
    assert finding is not None
    bad = admin_client.post(f"/audits/{audit.id}/findings/{finding.id}/edit", data={"finding": "", "rating": "blue"})
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert "Enter the finding" in text and "Select the rating from the list" in text
    admin_client.post(
        f"/audits/{audit.id}/findings/{finding.id}/edit",
        data={"criterion": "Thresholds", "finding": "Understood by most.", "rating": "green"},
    )
    [update] = events(db, "audit.finding_update")
    assert update.details["changes"] == {"finding": ["Mixed.", "Understood by most."], "rating": ["amber", "green"]}
    admin_client.post(f"/audits/{audit.id}/findings/{finding.id}/edit", data={"delete": "yes"})
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(AuditFinding)) == 0
    [removed] = events(db, "audit.finding_delete")
    assert removed.details["changes"]["finding"] == ["Understood by most.", None]


def test_a_finding_of_another_audit_is_not_found(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    auth.login("staff")
    first, second = make_audit(db), make_audit(db)
    admin_client.post(f"/audits/{first.id}/findings", data={"finding": "Mine."})
    finding = db.scalar(select(AuditFinding))
    assert finding is not None
    assert admin_client.get(f"/audits/{second.id}/findings/{finding.id}/edit").status_code == 404


@pytest.mark.parametrize("role", ["board", "partner"])
def test_read_only_users_can_read_but_not_change_anything(
    admin_client: FlaskClient, auth: Any, db: Session, role: str
) -> None:
    agency = make_agency(db, "Police")
    audit = make_audit(db, agency_id=agency.id)
    auth.login(role, agency_id=agency.id)
    assert admin_client.get("/audits/").status_code == 200
    page = admin_client.get(f"/audits/{audit.id}").get_data(as_text=True)
    assert audit.title in page and "Change the audit" not in page and "Add a finding" not in page
    assert admin_client.get("/audits/new").status_code == 403
    assert admin_client.post("/audits/new", data=form()).status_code == 403
    assert admin_client.post(f"/audits/{audit.id}/edit", data=form(title="Hacked")).status_code == 403
    assert admin_client.post(f"/audits/{audit.id}/findings", data={"finding": "x"}).status_code == 403
    assert [a.title for a in audits_in(db)] == ["An audit"]
    assert db.scalar(select(func.count()).select_from(AuditFinding)) == 0
    assert events(db, "audit.update") == [] and events(db, "audit.create") == []


def test_partner_users_do_not_see_other_agencies_restricted_audits(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    police, health = make_agency(db, "Police"), make_agency(db, "Health Trust")
    own = make_audit(db, title="Police restricted audit", agency_id=police.id, restricted=True, kind="single_agency")
    other = make_audit(db, title="Health restricted audit", agency_id=health.id, restricted=True, kind="single_agency")
    public = make_audit(db, title="Health open audit", agency_id=health.id, kind="single_agency")
    auth.login("partner", agency_id=police.id)
    listing = admin_client.get("/audits/").get_data(as_text=True)
    assert own.title in listing and public.title in listing and other.title not in listing
    assert "2</strong> audits" in listing
    assert admin_client.get(f"/audits/{other.id}").status_code == 404
    assert admin_client.get(f"/audits/{own.id}").status_code == 200
    exported = admin_client.get("/audits/export?format=csv").get_data(as_text=True)
    assert own.title in exported and other.title not in exported


def test_board_members_see_restricted_audits(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    health = make_agency(db, "Health Trust")
    hidden = make_audit(db, title="Health restricted audit", agency_id=health.id, restricted=True)
    auth.login("board")
    assert hidden.title in admin_client.get("/audits/").get_data(as_text=True)


def test_exports_suppress_small_numbers_of_cases_and_are_audit_logged(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    make_audit(db, title="Small sample", cases_audited=3, status="reported", completed_on=dt.date(2026, 3, 1))
    make_audit(db, title="Big sample", cases_audited=24)
    user = auth.login("board")
    response = admin_client.get("/audits/export?format=csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="audits-2026-11-27.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(r["Title"], r["Cases audited"]) for r in rows] == [("Small sample", "fewer than 5"), ("Big sample", "24")]
    xlsx = admin_client.get("/audits/export?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    headings = values[0]
    assert values[1][headings.index("Cases audited")] == "fewer than 5"
    exports = events(db, "export")
    assert [(e.user_id, e.object_type, e.details["format"]) for e in exports] == [
        (user.id, "audits", "csv"),
        (user.id, "audits", "xlsx"),
    ]
    page = admin_client.get(f"/audits/{audits_in(db)[0].id}").get_data(as_text=True)
    assert "fewer than 5" in page


def test_the_list_filters_and_shows_audits_completed_per_year_as_chart_and_table(
    admin_client: FlaskClient, auth: Any, db: Session
) -> None:
    make_audit(db, title="Neglect audit", status="reported", completed_on=dt.date(2025, 6, 1))
    make_audit(db, title="Self audit", kind="single_agency", status="closed", completed_on=dt.date(2026, 2, 1))
    auth.login("staff")
    page = admin_client.get("/audits/").get_data(as_text=True)
    assert 'role="img"' in page and "Audits completed per year, by kind" in page
    assert "The figures: Audits completed per year, by kind" in page
    filtered = admin_client.get("/audits/?kind=single_agency").get_data(as_text=True)
    assert "Self audit" in filtered and "Neglect audit" not in filtered
    searched = admin_client.get("/audits/?q=negl").get_data(as_text=True)
    assert "Neglect audit" in searched and "Self audit" not in searched
