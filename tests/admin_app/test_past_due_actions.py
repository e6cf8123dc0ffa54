"""A due date already past: the action is saved only once the person confirms the date, and then shows as overdue."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import Action, AuditEvent, LearningPoint
from core.services import child_deaths, learning
from core.services.actions import ActionDetails, create_action
from tests.factories import make_agency

TODAY = dt.date(2026, 11, 27)  # the fixed clock's date
WARNING = "has already passed, so this action will show as overdue"


@pytest.fixture
def point(db: Session) -> LearningPoint:
    cdr = child_deaths.create_cdr(
        db, None, child_deaths.CdrDetails(date_of_death=dt.date(2025, 1, 10), stage="notification")
    )
    created = learning.create_learning_point(db, None, "cdr", cdr, learning.PointDetails(title="Safer sleep"))
    db.commit()
    return created


def _fields(owner: int, due: str, **more: str) -> dict[str, str]:
    return (
        {"title": "Safer sleep at every contact", "owner_agency_id": str(owner), "lead": "Named nurse"}
        | {
            "due_on": due,
            "status": "amber",
        }
        | more
    )


def _actions(db: Session) -> int:
    return db.scalar(select(func.count(Action.id))) or 0


def test_a_new_action_due_in_the_past_is_held_until_the_date_is_confirmed(auth, admin_client, db, point):
    owner = make_agency(db, "Health").id
    db.commit()
    auth.login("staff")
    url = f"/learning/points/{point.id}/actions/new"

    held = admin_client.post(url, data=_fields(owner, "2026-10-01"))
    page = held.get_data(as_text=True)
    assert held.status_code == 200 and WARNING in page and "1 October 2026" in page
    assert "Not saved yet" in page and 'href="#past-due-warning"' in page and 'id="past-due-warning"' in page
    assert 'name="confirm_past_due"' in page and 'value="2026-10-01"' in page  # what was typed stays
    assert _actions(db) == 0 and db.scalar(select(AuditEvent).where(AuditEvent.action == "action.create")) is None

    saved = admin_client.post(url, data=_fields(owner, "2026-10-01", confirm_past_due="yes"))
    assert saved.status_code == 302
    action = db.scalar(select(Action))
    assert action.due_on == dt.date(2026, 10, 1) and action.is_overdue(TODAY)
    assert "It is already overdue" in admin_client.get(saved.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(("due", "status"), [("2026-12-01", "amber"), ("2026-11-27", "amber"), ("2026-10-01", "done")])
def test_a_due_date_today_or_later_or_a_done_action_needs_no_confirmation(auth, admin_client, db, point, due, status):
    owner = make_agency(db, "Health").id
    db.commit()
    auth.login("staff")
    extra = {"evidence": "Template changed", "completed_on": "2026-10-01"} if status == "done" else {}
    response = admin_client.post(
        f"/learning/points/{point.id}/actions/new", data=_fields(owner, due, status=status, **extra)
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _actions(db) == 1


def test_moving_an_actions_due_date_into_the_past_asks_first_but_other_edits_of_an_overdue_action_do_not(
    auth, admin_client, db, point
):
    owner = make_agency(db, "Health").id
    details = ActionDetails(
        title="Safer sleep at every contact",
        lead="Named nurse",
        status="amber",
        owner_agency_id=owner,
        due_on=dt.date(2026, 12, 15),
    )
    action = create_action(db, None, point, details, TODAY)
    db.commit()
    auth.login("staff")

    held = admin_client.post(f"/actions/{action.id}", data=_fields(owner, "2026-11-20"))
    page = held.get_data(as_text=True)
    assert held.status_code == 200 and WARNING in page and "Not saved yet" in page
    assert '<details class="govuk-details" open>' in page  # the change form, with the warning, is shown open
    db.expire_all()
    assert db.get(Action, action.id).due_on == dt.date(2026, 12, 15)

    confirmed = admin_client.post(f"/actions/{action.id}", data=_fields(owner, "2026-11-20", confirm_past_due="yes"))
    assert confirmed.status_code == 302
    db.expire_all()
    assert db.get(Action, action.id).due_on == dt.date(2026, 11, 20)

    # Already overdue with that date: changing the lead is not held up by the same question again.
    relabelled = admin_client.post(f"/actions/{action.id}", data=_fields(owner, "2026-11-20", lead="Head of service"))
    assert relabelled.status_code == 302
    db.expire_all()
    assert db.get(Action, action.id).lead == "Head of service"
