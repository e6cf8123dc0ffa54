"""The child death review register and the deaths with modifiable factors per year beside their actions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import ValidationFailed
from core.models import Action, AuditEvent, ChildDeathReview, LearningPoint
from core.services import child_deaths, learning
from core.services.actions import ActionDetails, create_action
from admin_app.forms import CdrForm
from tests.admin_app.posting import form_data
from tests.factories import make_agency

TODAY = dt.date(2026, 11, 27)
PANEL = {"stage": "closed", "review_meeting_on": "2025-03-01", "panel_on": "2025-05-01"}


def _cdr(db: Session, **data: Any) -> ChildDeathReview:
    values = {"date_of_death": dt.date(2025, 1, 10), "stage": "notification"} | data
    cdr = child_deaths.create_cdr(db, None, child_deaths.CdrDetails(**values))
    db.commit()
    return cdr


def test_staff_add_a_child_death_review_with_modifiable_factors_and_their_domains(auth, admin_client, db):
    user = auth.login("staff")
    response = admin_client.post(
        "/child-deaths/new",
        data={
            "date_of_death": "2025-01-10",
            "death_type": "unexpected",
            "joint_agency_response": "yes",
            "jar_on": "2025-01-10",
            "category": "sudden_unexpected_unexplained",
            "modifiable": "yes",
            "domains": ["mf_family", "mf_physical"],
            "learning": "Safer sleep advice not repeated.",
            **PANEL,
        },
    )
    assert response.status_code == 302
    cdr = db.scalar(select(ChildDeathReview))
    assert cdr.reference == "CDR-2025-001" and cdr.expected is False and cdr.joint_agency_response is True
    assert (cdr.mf_child, cdr.mf_family, cdr.mf_physical, cdr.mf_service) == (False, True, True, False)
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sudden unexpected, unexplained death" in page and "Physical environment" in page
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "cdr.create"))
    assert event.user_id == user.id and event.details["changes"]["modifiable"] == [None, "yes"]


def test_the_form_offers_the_ten_national_categories(auth, admin_client):
    auth.login("staff")
    page = admin_client.get("/child-deaths/new").get_data(as_text=True)
    for label in (
        "Deliberately inflicted injury, abuse or neglect",
        "Suicide or deliberate self-inflicted harm",
        "Trauma and other external factors",
        "Malignancy",
        "Acute medical or surgical condition",
        "Chronic medical condition",
        "Chromosomal, genetic and congenital anomalies",
        "Perinatal or neonatal event",
        "Infection",
        "Sudden unexpected, unexplained death",
    ):
        assert label in page
    fields = {chunk.split('"')[0] for chunk in page.split(' name="')[1:]}
    assert not {f for f in fields if "name" in f}, "a child death review never asks for a name"


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"date_of_death": ""}, "date_of_death", "Enter the date of death"),
        ({"date_of_death": "2027-01-01"}, "date_of_death", "must be today or in the past"),
        ({"modifiable": "yes"}, "domains", "Select the domains in which modifiable factors were found"),
        ({"modifiable": "no", "domains": ["mf_child"]}, "domains", "Only select domains when modifiable factors"),
        ({"death_type": "expected", "joint_agency_response": "yes"}, "joint_agency_response", "for unexpected deaths"),
        ({"notified_on": "2024-12-01"}, "notified_on", "must be on or after the date of death"),
        ({**PANEL, "modifiable": "no"}, "category", "Select the category of death the panel decided"),
        ({"category": "misadventure"}, "category", "Select the category of death from the list"),
        ({"reference": "Baby <script>"}, "reference", "can only contain letters"),
        ({"reference": "C" * 300}, "reference", "The reference must be 40 characters or fewer"),
    ],
)
def test_a_child_death_review_with_bad_input_is_refused_and_nothing_is_written(
    auth, admin_client, db, data, field, message
):
    auth.login("staff")
    response = admin_client.post(
        "/child-deaths/new", data={"date_of_death": "2025-01-10", "stage": "notification"} | data
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'<a href="#{field}">' in page and message in page
    assert db.scalar(select(func.count(ChildDeathReview.id))) == 0
    assert db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action.like("cdr.%"))) == 0


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"stage": "closed"}, "panel_on", "Enter the date of the panel review: a closed review has been to the"),
        ({"stage": "closed"}, "category", "Select the category of death the panel decided: a closed review has one"),
        ({"stage": "closed"}, "modifiable", "Select whether the panel found modifiable factors"),
        ({"stage": "panel"}, "panel_on", "Enter the date of the panel review: a review at panel has been to the"),
        ({**PANEL, "category": "infection"}, "modifiable", "Select whether the panel found modifiable factors"),
        ({**PANEL, "modifiable": "no", "panel_on": ""}, "panel_on", "Enter the date of the panel review"),
    ],
)
def test_a_review_at_panel_needs_its_date_and_a_closed_one_the_panels_findings(
    auth, admin_client, db, data, field, message
):
    auth.login("staff")
    response = admin_client.post(
        "/child-deaths/new", data={"date_of_death": "2025-01-10", "stage": "notification"} | data
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'<a href="#{field}">' in page and message in page
    assert db.scalar(select(func.count(ChildDeathReview.id))) == 0


def test_a_review_at_panel_with_its_date_is_saved_before_the_panel_classifies_the_death(auth, admin_client, db):
    auth.login("staff")
    data = {
        "date_of_death": "2025-01-10",
        "stage": "panel",
        "review_meeting_on": "2025-03-01",
        "panel_on": "2025-05-01",
    }
    assert admin_client.post("/child-deaths/new", data=data).status_code == 302
    cdr = db.scalar(select(ChildDeathReview))
    assert (cdr.stage, cdr.panel_on, cdr.category, cdr.modifiable) == ("panel", dt.date(2025, 5, 1), None, None)


def test_closing_a_review_on_the_edit_form_needs_the_panels_findings(admin_app, auth, admin_client, db):
    cdr = _cdr(db)
    auth.login("staff")
    data = form_data(admin_app, CdrForm, cdr) | {"stage": "closed"}
    response = admin_client.post(f"/child-deaths/{cdr.id}/edit", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for field in ("panel_on", "category", "modifiable"):
        assert f'<a href="#{field}">' in page
    db.expire_all()
    assert db.get(ChildDeathReview, cdr.id).stage == "notification"
    assert db.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "cdr.update")) == 0
    closed = data | PANEL | {"category": "infection", "modifiable": "insufficient"}
    assert admin_client.post(f"/child-deaths/{cdr.id}/edit", data=closed).status_code == 302
    db.expire_all()
    assert db.get(ChildDeathReview, cdr.id).stage == "closed"


def test_editing_a_child_death_review_audits_the_change(admin_app, auth, admin_client, db):
    cdr = _cdr(db)
    auth.login("staff")
    data = form_data(admin_app, CdrForm, cdr) | {"stage": "review_meeting", "review_meeting_on": "2025-03-01"}
    assert admin_client.post(f"/child-deaths/{cdr.id}/edit", data=data).status_code == 302
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "cdr.update"))
    assert event.details["changes"] == {
        "stage": ["notification", "review_meeting"],
        "review_meeting_on": [None, "2025-03-01"],
    }


def test_read_only_users_cannot_change_child_death_reviews(admin_app, auth, admin_client, db):
    cdr = _cdr(db)
    auth.login("board")
    assert admin_client.post("/child-deaths/new", data={"date_of_death": "2025-01-10"}).status_code == 403
    assert (
        admin_client.post(
            f"/child-deaths/{cdr.id}/edit", data=form_data(admin_app, CdrForm, cdr) | {"stage": "panel"}
        ).status_code
        == 403
    )
    db.expire_all()
    assert db.get(ChildDeathReview, cdr.id).stage == "notification"


@pytest.mark.parametrize("role", ["board", "partner"])
def test_board_members_and_partners_cannot_open_individual_child_deaths_but_read_the_counts_per_year(
    auth, admin_client, db, role
):
    health = make_agency(db, "Health")
    db.commit()
    own = _cdr(db, reference="CDR-OWN", agency_id=health.id)
    _cdr(db, reference="CDR-OTHER")
    auth.login(role, agency_id=health.id if role == "partner" else None)
    # Not even a partner's own agency's deaths: a date of death with its category can identify a child.
    for url in (
        "/child-deaths/",
        f"/child-deaths/{own.id}",
        "/child-deaths/export?format=csv",
        "/child-deaths/export?format=xlsx",
    ):
        response = admin_client.get(url)
        assert response.status_code == 403, url
        assert "CDR-" not in response.get_data(as_text=True), url
    trend = admin_client.get("/child-deaths/modifiable-factors")
    assert trend.status_code == 200
    html = trend.get_data(as_text=True)
    assert "CDR-" not in html and 'href="/child-deaths/"' not in html
    exported = admin_client.get("/child-deaths/modifiable-factors/export?format=csv")
    assert exported.status_code == 200 and "CDR-" not in exported.get_data(as_text=True)
    # The menu takes them to the counts per year, not to a list that would say 403.
    dashboard = admin_client.get("/").get_data(as_text=True)
    assert 'href="/child-deaths/modifiable-factors"' in dashboard and 'href="/child-deaths/"' not in dashboard


def test_the_business_unit_reads_every_child_death_review_and_the_menu_takes_it_to_the_list(auth, admin_client, db):
    health = make_agency(db, "Health")
    db.commit()
    cdr = _cdr(db, reference="CDR-OWN", agency_id=health.id, restricted=True)
    auth.login("staff")
    assert "CDR-OWN" in admin_client.get("/child-deaths/").get_data(as_text=True)
    assert admin_client.get(f"/child-deaths/{cdr.id}").status_code == 200
    assert "CDR-OWN" in admin_client.get("/child-deaths/export?format=csv").get_data(as_text=True)
    assert 'href="/child-deaths/"' in admin_client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", ["board", "partner"])
def test_an_action_from_a_child_death_review_does_not_link_board_members_or_partners_to_it(
    auth, admin_client, db, role
):
    health = make_agency(db, "Health")
    cdr = _cdr(db)
    _action_on(db, cdr, health.id, "amber")
    db.commit()
    auth.login(role, agency_id=health.id if role == "partner" else None)
    action = db.scalar(select(Action))
    for url in ("/actions/", f"/actions/{action.id}", "/"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert "Safer sleep at every contact" in html, url
        assert f"/child-deaths/{cdr.id}" not in html, url


def _action_on(db: Session, cdr: ChildDeathReview, owner: int, status: str) -> None:
    point = learning.create_learning_point(
        db, None, "cdr", cdr, learning.PointDetails(title="Safer sleep", polarity="development")
    )
    create_action(
        db,
        None,
        point,
        ActionDetails(
            title="Safer sleep at every contact",
            owner_agency_id=owner,
            lead="Named nurse",
            due_on=dt.date(2026, 6, 1),
            status=status,
            evidence="Template changed" if status == "done" else "",
        ),
        TODAY,
    )


def test_deaths_with_modifiable_factors_per_year_sit_beside_their_actions_with_small_counts_suppressed(
    auth, admin_client, db
):
    health = make_agency(db, "Health")
    db.commit()
    for n in range(6):
        cdr = _cdr(
            db,
            date_of_death=dt.date(2024, n + 1, 15),
            category="infection",
            modifiable="yes",
            domains=["mf_service"],
            stage="closed",
            panel_on=dt.date(2024, 11, 1),
            review_meeting_on=dt.date(2024, 10, 1),
        )
        if n < 3:
            _action_on(db, cdr, health.id, "done" if n == 0 else "amber")
    for n in range(2):
        _cdr(
            db,
            date_of_death=dt.date(2025, n + 1, 15),
            category="infection",
            modifiable="yes",
            domains=["mf_child"],
            stage="closed",
            panel_on=dt.date(2025, 11, 1),
            review_meeting_on=dt.date(2025, 10, 1),
        )
    _cdr(
        db,
        date_of_death=dt.date(2025, 6, 15),
        category="malignancy",
        modifiable="no",
        stage="closed",
        panel_on=dt.date(2025, 11, 1),
        review_meeting_on=dt.date(2025, 10, 1),
    )
    db.commit()
    board = auth.login("board")
    rows = child_deaths.modifiable_by_year(db, board)
    assert [(r.year, r.deaths, r.reviewed, r.modifiable, r.actions, r.actions_done) for r in rows] == [
        (2024, 6, 6, 6, 3, 1),
        (2025, 3, 3, 2, 0, 0),
    ]
    page = admin_client.get("/child-deaths/modifiable-factors").get_data(as_text=True)
    assert page.count("<svg") == 2 and 'role="img"' in page
    table = page[page.index("The figures in the charts") :]
    assert '<td class="govuk-table__cell">6</td>' in table
    assert "fewer than 5" in table  # 2025: 3 deaths, 2 with modifiable factors
    assert ">2<" not in table.split("2025")[1].split("</tr>")[0]
    csv = admin_client.get("/child-deaths/modifiable-factors/export?format=csv").get_data(as_text=True)
    assert "2025,fewer than 5,fewer than 5,fewer than 5,0,0" in csv
    assert "2024,6,6,6,3,1" in csv


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_a_child_death_review_with_an_open_overdue_action_shows_its_status(auth, admin_client, db, role):
    health = make_agency(db, "Health")
    cdr = _cdr(db)
    _action_on(db, cdr, health.id, "amber")
    db.commit()
    auth.login(role)
    response = admin_client.get(f"/child-deaths/{cdr.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Safer sleep at every contact" in page and "Overdue" in page


def test_actions_from_a_child_death_review_name_the_register_once(auth, admin_client, db):
    health = make_agency(db, "Health")
    cdr = _cdr(db)
    _action_on(db, cdr, health.id, "amber")
    db.commit()
    auth.login("staff")
    action = db.scalar(select(Action))
    point = db.scalar(select(LearningPoint))
    assert action.source_title == point.source_title == cdr.reference
    pages = {
        "tracker": admin_client.get("/actions/").get_data(as_text=True),
        "action": admin_client.get(f"/actions/{action.id}").get_data(as_text=True),
        "point form": admin_client.get(f"/learning/points/{point.id}/edit").get_data(as_text=True),
        "dashboard": admin_client.get("/").get_data(as_text=True),
    }
    for name, page in pages.items():
        text = re.sub(r"<[^>]+>", "", page)
        assert not re.search(r"child death review:?\s+child death review", text, re.I), name
        assert re.search(r"child death review:?\s+" + re.escape(cdr.reference), text, re.I), name


def test_a_count_of_deaths_that_the_other_counts_would_give_away_is_not_shown(auth, admin_client, db):
    # 2023: 8 deaths, 6 reviewed with modifiable factors, 2 not yet reviewed: 8 - 6 would tell the 2.
    for n in range(6):
        _cdr(
            db,
            date_of_death=dt.date(2023, n + 1, 3),
            modifiable="yes",
            stage="closed",
            category="sudden_unexpected_unexplained",
            panel_on=dt.date(2023, 12, 1),
            review_meeting_on=dt.date(2023, 11, 1),
        )
    for n in range(2):
        _cdr(db, date_of_death=dt.date(2023, 9 + n, 3))
    auth.login("board")
    page = admin_client.get("/child-deaths/modifiable-factors").get_data(as_text=True)
    table = page[page.index("The figures in the charts") :]
    row = table[table.index(">2023</th>") :].split("</tr>")[0]
    assert re.findall(r">([^<]*)</td>", row) == ["not shown", "6", "6", "0", "0"]
    csv = admin_client.get("/child-deaths/modifiable-factors/export?format=csv").get_data(as_text=True)
    assert "2023,not shown,6,6,0,0" in csv


def test_the_service_refuses_a_closed_review_without_the_panels_findings_whatever_calls_it(db):
    # The form says it first; an import or a script calling the service directly meets the same rule.
    with pytest.raises(ValidationFailed) as refused:
        _cdr(db, stage="closed", panel_on=dt.date(2025, 6, 1))
    assert set(refused.value.errors) == {"category", "modifiable"}
    cdr = _cdr(db, stage="review_meeting")
    closing = child_deaths.CdrDetails(date_of_death=cdr.date_of_death, stage="panel", reference=cdr.reference)
    with pytest.raises(ValidationFailed) as refused:
        child_deaths.update_cdr(db, None, cdr, closing)
    assert set(refused.value.errors) == {"panel_on"}
    db.rollback()
    assert db.scalar(select(func.count()).select_from(ChildDeathReview)) == 1
    assert db.get(ChildDeathReview, cdr.id).stage == "review_meeting"
