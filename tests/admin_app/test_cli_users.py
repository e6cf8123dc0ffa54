"""`learning-loop users ...`: every change made from the command line is in the audit log, by "command line"."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.models import AuditEvent, SecondFactor, User
from core.models.sessions import StaffSession
from core.passwords import verify_password
from core.services.staff_sessions import SessionLimits, start_session
from tests.admin_app.test_cli import cli  # noqa: F401  (the command runner fixture)
from tests.factories import enrol_second_factor, make_agency, make_user

PASSWORD = "a long enough password\n"


def _events(db, action: str) -> list[AuditEvent]:
    db.expire_all()
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_creating_a_user_from_the_command_line_is_audited(cli, db):  # noqa: F811
    make_agency(db, name="Police")
    db.commit()
    result = cli(
        "users",
        "create",
        "p@example.org",
        "--role",
        "partner",
        "--agency",
        "Police",
        "--password-stdin",
        input=PASSWORD,
    )
    assert result.exit_code == 0, result.output
    user = db.scalar(select(User).where(User.email == "p@example.org"))
    [event] = _events(db, "user.created")
    assert event.user_id is None and event.object_id == str(user.id)
    assert event.details["by"] == "command line" and event.details["role"] == "partner"


def test_a_partner_needs_an_agency_from_the_command_line_too(cli, db):  # noqa: F811
    result = cli("users", "create", "p@example.org", "--role", "partner", "--password-stdin", input=PASSWORD)
    assert result.exit_code != 0 and "Choose the agency" in result.output
    assert _events(db, "user.created") == []


def test_list_deactivate_reactivate_and_reset_from_the_command_line_are_audited(cli, db, settings):  # noqa: F811
    user = make_user(db, role="staff", email="worker@example.org")
    enrol_second_factor(db, settings, user)
    make_user(db, role="board", email="member@example.org")
    db.commit()
    listing = cli("users", "list")
    assert listing.exit_code == 0
    lines = listing.output.splitlines()
    assert "member@example.org\tboard\tno second factor yet\tactive" in lines
    assert "worker@example.org\tstaff\tsecond factor set up\tactive" in lines

    for command, action in (
        ("deactivate", "user.deactivated"),
        ("reactivate", "user.reactivated"),
        ("reset-2fa", "user.second_factor_reset"),
    ):
        result = cli("users", command, "Worker@Example.org")
        assert result.exit_code == 0, result.output
        [event] = _events(db, action)
        assert event.user_id is None and event.details["by"] == "command line"
        assert event.object_id == str(user.id)
    db.expire_all()
    assert db.get(User, user.id).active and db.get(SecondFactor, user.id) is None

    again = cli("users", "reactivate", "worker@example.org")
    assert again.exit_code == 0 and "already active" in again.output
    assert len(_events(db, "user.reactivated")) == 1


def test_an_unknown_account_is_named_plainly(cli, db):  # noqa: F811
    result = cli("users", "deactivate", "nobody@example.org")
    assert result.exit_code != 0 and "There is no account for nobody@example.org" in result.output


def test_the_last_administrator_cannot_be_deactivated(cli, db):  # noqa: F811
    make_user(db, role="admin", email="only.admin@example.org")
    db.commit()
    result = cli("users", "deactivate", "only.admin@example.org")
    assert result.exit_code != 0 and "last active administrator" in result.output
    assert _events(db, "user.deactivated") == []


def test_an_administrator_sets_a_lost_password_from_the_command_line_ending_their_sessions(cli, db, admin_client):  # noqa: F811
    user = make_user(db, role="staff", email="forgot@example.org")
    start_session(db, user, dt.datetime.now(dt.timezone.utc), SessionLimits())
    db.commit()
    result = cli("users", "set-password", "Forgot@Example.org", "--password-stdin", input="a new long password\n")
    assert result.exit_code == 0, result.output
    assert "forgot@example.org has a new password" in result.output
    db.expire_all()
    assert verify_password(db.get(User, user.id).password_hash, "a new long password")
    [event] = _events(db, "user.password_set")
    assert event.user_id is None and event.details["by"] == "command line" and event.object_id == str(user.id)
    live = select(StaffSession).where(StaffSession.user_id == user.id, StaffSession.revoked_at.is_(None))
    assert db.scalars(live).all() == []
    signed = admin_client.post("/login", data={"email": user.email, "password": "a new long password"})
    assert signed.status_code == 302


@pytest.mark.parametrize(
    ("password", "message"), (("short", "Use at least 12 characters"), ("A" * 300, "Use 200 characters or fewer"))
)
def test_setting_a_password_from_the_command_line_keeps_the_same_rules(cli, db, password, message):  # noqa: F811
    user = make_user(db, role="staff", email="forgot@example.org")
    db.commit()
    stored = user.password_hash
    result = cli("users", "set-password", user.email, "--password-stdin", input=password + "\n")
    assert result.exit_code != 0 and message in result.output
    db.expire_all()
    assert db.get(User, user.id).password_hash == stored
    assert _events(db, "user.password_set") == []


def test_setting_a_password_for_an_unknown_account_is_named_plainly(cli, db):  # noqa: F811
    result = cli("users", "set-password", "nobody@example.org", "--password-stdin", input="a new long password\n")
    assert result.exit_code != 0 and "There is no account for nobody@example.org" in result.output
