"""Section 11: standards, cycles, ratings per agency and standard, comparison, permissions, audit log."""

from __future__ import annotations

import csv
import html
import datetime as dt
import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import Agency, AuditEvent, Section11Assessment, Section11Cycle, Section11Standard
from core.services.section11 import install_standards
from tests.factories import make_agency


def events(db: Session, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def assessments(db: Session) -> list[Section11Assessment]:
    db.expire_all()
    return list(db.scalars(select(Section11Assessment).order_by(Section11Assessment.id)))


def make_cycle(
    db: Session,
    name: str = "2025 to 2027",
    scale: str = "score",
    status: str = "open",
    starts_on: dt.date | None = dt.date(2025, 4, 1),
) -> Section11Cycle:
    cycle = Section11Cycle(name=name, scale=scale, status=status, starts_on=starts_on)
    db.add(cycle)
    db.commit()
    return cycle


@pytest.fixture
def standards(db: Session) -> list[Section11Standard]:
    made = install_standards(db)
    db.commit()
    return made


def rate(client: FlaskClient, cycle: Section11Cycle, agency: Agency, standard: Section11Standard, **data: str) -> Any:
    return client.post(f"/section11/cycles/{cycle.id}/agencies/{agency.id}/standards/{standard.id}", data=data)


def add(db: Session, cycle: Section11Cycle, agency: Agency, standard: Section11Standard, **values: Any) -> None:
    db.add(Section11Assessment(cycle_id=cycle.id, agency_id=agency.id, standard_id=standard.id, **values))
    db.commit()


def test_staff_install_the_usual_ten_standards_once(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    auth.login("staff")
    page = admin_client.get("/section11/standards").get_data(as_text=True)
    assert "No standards yet." in page
    admin_client.post("/section11/standards/install")
    titles = list(db.scalars(select(Section11Standard.title).order_by(Section11Standard.position)))
    assert len(titles) == 10 and titles[0] == "Senior accountability" and titles[-1].startswith("Allegations")
    assert len(events(db, "s11_standard.create")) == 10
    admin_client.post("/section11/standards/install")
    assert db.scalar(select(func.count()).select_from(Section11Standard)) == 10


def test_standards_are_configurable_with_clear_errors(
    admin_client: FlaskClient, auth: Any, db: Session, standards: list[Section11Standard]
) -> None:
    auth.login("admin")
    bad = admin_client.post("/section11/standards/new", data={"title": "", "position": "x"})
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert "Enter the title of the standard" in text and "The position must be a whole number" in text
    dup = admin_client.post("/section11/standards/new", data={"title": "Escalation"})
    assert dup.status_code == 400 and "There is already a standard with the code escalation" in dup.get_data(
        as_text=True
    )
    ok = admin_client.post(
        "/section11/standards/new",
        data={"title": "Private fostering awareness", "description": "Staff know how to notify."},
    )
    assert ok.status_code == 302
    added = db.scalar(select(Section11Standard).where(Section11Standard.code == "private_fostering_awareness"))
    assert added is not None and added.position == 11 and added.active
    whistle = next(s for s in standards if s.code == "whistleblowing")
    admin_client.post(f"/section11/standards/{whistle.id}/edit", data={"title": "Speaking up", "position": "4"})
    [event] = events(db, "s11_standard.update")
    assert event.details["changes"]["title"] == ["Whistleblowing", "Speaking up"]
    assert event.details["changes"]["active"] == [True, False]


def test_cycles_are_added_and_validated(admin_client: FlaskClient, auth: Any, db: Session) -> None:
    auth.login("staff")
    bad = admin_client.post(
        "/section11/cycles/new",
        data={"name": "", "starts_on": "2027-04-01", "ends_on": "2025-03-31", "status": "open", "scale": "stars"},
    )
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    for message in (
        "Enter the name of the cycle",
        "The end date must be on or after the start date",
        "Select how standards are rated from the list",
    ):
        assert message in text
    assert db.scalar(select(func.count()).select_from(Section11Cycle)) == 0
    ok = admin_client.post(
        "/section11/cycles/new",
        data={"name": "2025 to 2027", "starts_on": "2025-04-01", "status": "open", "scale": "rag"},
    )
    assert ok.status_code == 302
    cycle = db.scalar(select(Section11Cycle))
    assert cycle is not None and cycle.scale == "rag"
    assert events(db, "s11_cycle.create")[0].details["changes"]["name"] == [None, "2025 to 2027"]
    again = admin_client.post(
        "/section11/cycles/new", data={"name": "2025 TO 2027", "status": "open", "scale": "score"}
    )
    assert "There is already a cycle called 2025 TO 2027" in again.get_data(as_text=True)


def test_an_agency_rates_a_standard_then_the_panel_moderates_it(
    admin_client: FlaskClient, auth: Any, db: Session, standards: list[Section11Standard]
) -> None:
    user = auth.login("staff")
    police = make_agency(db, "Police")
    cycle = make_cycle(db)
    escalation = next(s for s in standards if s.code == "escalation")
    form = admin_client.get(f"/section11/cycles/{cycle.id}/agencies/{police.id}/standards/{escalation.id}")
    assert "5. Escalation" in form.get_data(as_text=True)
    assert (
        rate(
            admin_client,
            cycle,
            police,
            escalation,
            self_score="2",
            evidence="Policy refreshed in 2025.",
            focus_group_outcomes="Staff know the policy.",
        ).status_code
        == 302
    )
    [a] = assessments(db)
    assert (a.self_score, a.moderated_score, a.rag, a.evidence) == (2, None, "green", "Policy refreshed in 2025.")
    [created] = events(db, "s11_assessment.create")
    assert created.user_id == user.id and created.details["agency"] == "Police"
    assert created.details["changes"]["self_score"] == [None, 2]
    rate(
        admin_client,
        cycle,
        police,
        escalation,
        self_score="2",
        moderated_score="1",
        evidence="Policy refreshed in 2025.",
        focus_group_outcomes="Staff know the policy.",
        challenge_notes="Few escalations recorded; staff unsure who to call.",
    )
    [a] = assessments(db)
    assert (a.moderated_score, a.rag) == (1, "amber")
    [updated] = events(db, "s11_assessment.update")
    assert updated.details["changes"]["moderated_score"] == [None, 1]
    assert updated.details["changes"]["rag"] == ["green", "amber"]
    agency_page = admin_client.get(f"/section11/cycles/{cycle.id}/agencies/{police.id}").get_data(as_text=True)
    assert "2 – met" in agency_page and "1 – partly met" in agency_page
    page = admin_client.get(f"/section11/assessments/{a.id}", follow_redirects=True).get_data(as_text=True)
    assert "Learning and actions" in page and "Add a learning point" in page


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "self_score", "Enter the agency's own score"),
        ({"self_score": "4"}, "self_score", "The agency's own score must be between 0 and 3"),
        (
            {"self_score": "2", "moderated_score": "amber"},
            "moderated_score",
            "The moderated score must be a whole number",
        ),
    ],
)
def test_invalid_ratings_are_refused_and_nothing_is_written(
    admin_client: FlaskClient,
    auth: Any,
    db: Session,
    standards: list[Section11Standard],
    data: dict[str, str],
    field: str,
    message: str,
) -> None:
    auth.login("staff")
    police = make_agency(db, "Police")
    cycle = make_cycle(db)
    response = rate(admin_client, cycle, police, standards[0], **data)
    assert response.status_code == 400
    text = html.unescape(response.get_data(as_text=True))
    assert f'href="#{field}"' in text and message in text
    assert assessments(db) == [] and events(db, "s11_assessment.create") == []


def test_a_rag_cycle_records_self_and_moderated_rag(
    admin_client: FlaskClient, auth: Any, db: Session, standards: list[Section11Standard]
) -> None:
    auth.login("staff")
    police = make_agency(db, "Police")
    cycle = make_cycle(db, scale="rag")
    bad = rate(admin_client, cycle, police, standards[0], self_rag="purple")
    assert bad.status_code == 400
    assert "Select the agency's own rating from the list" in html.unescape(bad.get_data(as_text=True))
    rate(admin_client, cycle, police, standards[0], self_rag="green", rag="amber")
    [a] = assessments(db)
    assert (a.self_rag, a.rag, a.self_score, a.moderated_score) == ("green", "amber", None, None)


def test_a_closed_cycle_cannot_be_changed(
    admin_client: FlaskClient, auth: Any, db: Session, standards: list[Section11Standard]
) -> None:
    auth.login("staff")
    police = make_agency(db, "Police")
    cycle = make_cycle(db, status="closed")
    response = rate(admin_client, cycle, police, standards[0], self_score="2")
    assert response.status_code == 409
    assert "is closed: reopen it to change an assessment" in response.get_data(as_text=True)
    assert assessments(db) == []


def test_the_scale_cannot_change_once_agencies_have_rated(
    admin_client: FlaskClient, auth: Any, db: Session, standards: list[Section11Standard]
) -> None:
    auth.login("staff")
    police = make_agency(db, "Police")
    cycle = make_cycle(db)
    add(db, cycle, police, standards[0], self_score=2)
    response = admin_client.post(
        f"/section11/cycles/{cycle.id}/edit", data={"name": cycle.name, "status": "open", "scale": "rag"}
    )
    assert response.status_code == 400
    assert "Agencies have already rated 1 standard in this cycle, so the scale cannot change" in response.get_data(
        as_text=True
    )
    db.expire_all()
    assert db.get(Section11Cycle, cycle.id).scale == "score"  # type: ignore[union-attr]


def test_the_comparison_shows_agencies_by_standard_change_and_gaps(
    admin_client: FlaskClient, auth: Any, db: Session, standards: list[Section11Standard]
) -> None:
    police, health = make_agency(db, "Police"), make_agency(db, "Health Trust")
    old = make_cycle(db, "2023 to 2025", starts_on=dt.date(2023, 4, 1), status="closed")
    new = make_cycle(db, "2025 to 2027", starts_on=dt.date(2025, 4, 1), status="moderation")
    first, second = standards[0], standards[1]
    add(db, old, police, first, self_score=1, moderated_score=1)
    add(db, new, police, first, self_score=3, moderated_score=2)
    add(db, new, police, second, self_score=2)
    add(db, new, health, first, self_score=1, moderated_score=2)
    auth.login("board")
    page = admin_client.get(f"/section11/cycles/{new.id}").get_data(as_text=True)
    assert "Rating per agency and standard, 2025 to 2027" in page
    assert "Since 2023 to 2025: <strong>1</strong> rating improved" in page
    assert "(improved)" in page
    assert "Rated itself higher" in page and "Rated itself lower" in page
    assert "Agencies meeting each standard, 2025 to 2027" in page and 'role="img"' in page
    assert ">self<" in page  # Police's second standard is not moderated yet
    plain = admin_client.get(f"/section11/cycles/{new.id}?compare=none").get_data(as_text=True)
    assert "(improved)" not in plain
    index = admin_client.get("/section11/").get_data(as_text=True)
    assert "Standards met by each agency, cycle by cycle" in index
    assert "Did not take part" in index


@pytest.mark.parametrize("role", ["board", "partner"])
def test_read_only_users_cannot_change_section11(
    admin_client: FlaskClient, auth: Any, db: Session, standards: list[Section11Standard], role: str
) -> None:
    police = make_agency(db, "Police")
    cycle = make_cycle(db)
    add(db, cycle, police, standards[0], self_score=2)
    auth.login(role, agency_id=police.id)
    page = admin_client.get(f"/section11/cycles/{cycle.id}/agencies/{police.id}/standards/{standards[0].id}")
    assert page.status_code == 200 and 'name="self_score"' not in page.get_data(as_text=True)
    assert rate(admin_client, cycle, police, standards[0], self_score="0").status_code == 403
    assert rate(admin_client, cycle, police, standards[1], self_score="0").status_code == 403
    assert (
        admin_client.post("/section11/cycles/new", data={"name": "x", "status": "open", "scale": "score"}).status_code
        == 403
    )
    assert admin_client.post(f"/section11/cycles/{cycle.id}/edit", data={"name": "x"}).status_code == 403
    assert admin_client.post("/section11/standards/new", data={"title": "x"}).status_code == 403
    assert admin_client.post("/section11/standards/install").status_code == 403
    [a] = assessments(db)
    assert a.self_score == 2
    assert events(db, "s11_assessment.update") == [] and events(db, "s11_cycle.create") == []


def test_partner_users_do_not_see_other_agencies_restricted_ratings(
    admin_client: FlaskClient, auth: Any, db: Session, standards: list[Section11Standard]
) -> None:
    police, health = make_agency(db, "Police"), make_agency(db, "Health Trust")
    cycle = make_cycle(db)
    add(db, cycle, police, standards[0], self_score=2, restricted=True, evidence="Police evidence")
    add(db, cycle, health, standards[0], self_score=1, restricted=True, evidence="Health evidence")
    add(db, cycle, health, standards[1], self_score=3, evidence="Health open evidence")
    hidden = next(a for a in assessments(db) if a.evidence == "Health evidence")
    auth.login("partner", agency_id=police.id)
    page = admin_client.get(f"/section11/cycles/{cycle.id}").get_data(as_text=True)
    assert "Police" in page and "Health Trust" in page
    health_row = page.split(">Health Trust</a></th>")[1].split("</tr>")[0]
    # Only Health's unrestricted rating counts for a Police partner user: 1 standard rated, not 2.
    assert health_row.count("not rated") == len(standards) - 1 and "1 of 1" in health_row
    assert admin_client.get(f"/section11/assessments/{hidden.id}").status_code == 404
    url = f"/section11/cycles/{cycle.id}/agencies/{health.id}/standards/{standards[0].id}"
    assert admin_client.get(url).status_code == 404
    exported = admin_client.get(f"/section11/export?format=csv&cycle={cycle.id}").get_data(as_text=True)
    assert "Police evidence" in exported and "Health open evidence" in exported
    assert "Health evidence" not in exported.replace("Health open evidence", "")


def test_export_lists_every_visible_rating_and_is_audit_logged(
    admin_client: FlaskClient, auth: Any, db: Session, standards: list[Section11Standard]
) -> None:
    police = make_agency(db, "Police")
    cycle = make_cycle(db)
    add(db, cycle, police, standards[0], self_score=3, moderated_score=2, rag="green", evidence="=cmd()")
    user = auth.login("staff")
    response = admin_client.get("/section11/export?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows == [
        {
            "Cycle": "2025 to 2027",
            "Agency": "Police",
            "Standard": "1. Senior accountability",
            "Self-assessment": "3 – met with good practice to share",
            "Moderated": "2 – met",
            "RAG": "Green",
            "Restricted": "No",
            "Evidence": "'=cmd()",
            "Staff focus groups": "",
            "Challenge panel notes": "",
        }
    ]
    [event] = events(db, "export")
    assert (event.user_id, event.object_type) == (user.id, "section11")


def test_an_agency_yet_to_rate_in_an_open_cycle_has_not_rated_yet_rather_than_not_taken_part(
    admin_client: FlaskClient, auth: Any, db: Session, standards: list[Section11Standard]
) -> None:
    police, health = make_agency(db, "Police"), make_agency(db, "Health Trust")
    old = make_cycle(db, "2023 to 2025", starts_on=dt.date(2023, 4, 1), status="closed")
    new = make_cycle(db, "2025 to 2027", starts_on=dt.date(2025, 4, 1), status="open")
    add(db, old, police, standards[0], self_score=2, moderated_score=2)
    add(db, new, health, standards[0], self_score=2)
    auth.login("staff")
    index = admin_client.get("/section11/").get_data(as_text=True)
    health_row = index[index.index(">Health Trust<") :].split("</tr>")[0]
    police_row = index[index.index(">Police<") :].split("</tr>")[0]
    assert "Did not take part" in health_row  # the closed cycle: it did not rate then
    assert "Not rated yet" in police_row and "Did not take part" not in police_row  # the open cycle: still time


def test_a_cycle_nobody_has_rated_yet_claims_no_change_since_the_last(
    admin_client: FlaskClient, auth: Any, db: Session, standards: list[Section11Standard]
) -> None:
    police = make_agency(db, "Police")
    old = make_cycle(db, "2023 to 2025", starts_on=dt.date(2023, 4, 1), status="closed")
    new = make_cycle(db, "2025 to 2027", starts_on=dt.date(2025, 4, 1), status="open")
    add(db, old, police, standards[0], self_score=2, moderated_score=2)
    auth.login("staff")
    page = admin_client.get(f"/section11/cycles/{new.id}").get_data(as_text=True)
    assert "No agency has rated itself in this cycle yet." in page
    assert "Since 2023 to 2025" not in page  # not '0 ratings improved, 0 declined, 0 stayed the same'


def test_the_export_gives_the_rag_of_an_unmoderated_rating_in_a_rag_cycle_as_in_a_score_cycle(
    admin_client: FlaskClient, auth: Any, db: Session, standards: list[Section11Standard]
) -> None:
    police = make_agency(db, "Police")
    cycle = make_cycle(db, scale="rag")
    add(db, cycle, police, standards[0], self_rag="amber")  # not moderated yet
    add(db, cycle, police, standards[1], self_rag="amber", rag="red")
    auth.login("staff")
    response = admin_client.get(f"/section11/export?format=csv&cycle={cycle.id}")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(r["Self-assessment"], r["Moderated"], r["RAG"]) for r in rows] == [
        ("Amber – partly met", "", "Amber"),
        ("Amber – partly met", "Red – not met", "Red"),
    ]
