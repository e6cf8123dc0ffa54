"""Administrators look after users at /users/; everyone changes their own password; every change is audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from core.models import AuditEvent, SecondFactor, User
from core.models.sessions import StaffSession
from core.services.staff_sessions import SessionLimits, start_session
from tests.factories import TEST_PASSWORD, enrol_second_factor, make_agency, make_user

NEW_PASSWORD = "a brand new long password"


def _events(db, action: str) -> list[AuditEvent]:
    db.expire_all()
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _live_session(db, user: User) -> None:
    """A session of `user`'s in another browser, signed in now."""
    start_session(db, user, dt.datetime.now(dt.timezone.utc), SessionLimits())
    db.commit()


def _live_sessions(db, user: User) -> int:
    db.expire_all()
    live = select(func.count()).select_from(StaffSession)
    return db.scalar(live.where(StaffSession.user_id == user.id, StaffSession.revoked_at.is_(None)))


def _user(db, email: str) -> User:
    db.expire_all()
    return db.scalar(select(User).where(User.email == email))


@pytest.mark.parametrize("role", ["staff", "board", "partner"])
def test_only_administrators_open_the_user_pages(auth, admin_client, db, role):
    other = make_user(db, role="staff")
    db.commit()
    agency = make_agency(db) if role == "partner" else None
    auth.login(role, agency_id=agency.id if agency else None)
    for path in ("/users/", "/users/new", f"/users/{other.id}"):
        assert admin_client.get(path).status_code == 403, path
    for path in ("/users/new", f"/users/{other.id}/role", f"/users/{other.id}/deactivate"):
        assert admin_client.post(path, data={"email": "x@example.org", "role": "admin"}).status_code == 403, path
    assert "/users/" not in admin_client.get("/").get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(User)) == 2 and _user(db, other.email).active


def test_an_administrator_lists_users_and_opens_each(auth, admin_client, db):
    other = make_user(db, role="board", email="board.member@example.org")
    db.commit()
    auth.login("admin")
    listing = admin_client.get("/users/")
    assert listing.status_code == 200
    text = listing.get_data(as_text=True)
    assert "board.member@example.org" in text and "Not set up yet" in text
    assert 'href="/users/"' in admin_client.get("/").get_data(as_text=True)
    assert admin_client.get(f"/users/{other.id}").status_code == 200
    assert admin_client.get("/users/99999999999999999999").status_code == 404
    assert admin_client.get("/users/123456").status_code == 404


def test_adding_a_user_shows_a_first_password_once_and_is_audited(auth, admin_client, db):
    admin = auth.login("admin")
    agency = make_agency(db, name="Police")
    db.commit()
    page = admin_client.post(
        "/users/new",
        data={"email": " New.Partner@Example.org", "name": "Pat", "role": "partner", "agency_id": agency.id},
    )
    assert page.status_code == 200
    password = re.search(r'<code class="ll-secret" id="first-password">([^<]+)</code>', page.get_data(as_text=True))
    created = _user(db, "new.partner@example.org")
    assert created.role == "partner" and created.agency_id == agency.id and created.name == "Pat"
    assert password and password.group(1) not in created.password_hash
    [event] = _events(db, "user.created")
    assert event.user_id == admin.id and event.object_id == str(created.id)
    assert event.details == {"email": "new.partner@example.org", "role": "partner", "agency_id": agency.id}
    auth.logout()
    signed = admin_client.post("/login", data={"email": created.email, "password": password.group(1)})
    assert signed.status_code == 302
    assert admin_client.get("/").headers["Location"].startswith("/second-factor/set-up")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "not an email", "role": "staff"}, "email", "Enter an email address"),
        ({"email": "taken@example.org", "role": "staff"}, "email", "already an account"),
        ({"email": "someone@example.org", "role": "emperor"}, "role", "Choose a role"),
        ({"email": "someone@example.org", "role": "partner"}, "agency_id", "Choose the agency"),
        (
            {"email": "someone@example.org", "role": "partner", "agency_id": "99999999999999999999"},
            "agency_id",
            "from the list",
        ),
        ({"email": "someone@example.org", "role": "partner", "agency_id": "²"}, "agency_id", "from the list"),
        ({"email": "someone@example.org", "role": "staff", "name": "x" * 201}, "name", "200 characters"),
        ({"email": "some\x00one@example.org", "role": "staff"}, "email", "Enter an email address"),
        ({"email": "someone@example.org", "role": "staff", "name": "Al\x00ex"}, "name", "punctuation only"),
    ],
)
def test_adding_a_user_with_bad_input_is_refused_clearly_and_adds_nothing(auth, admin_client, db, data, field, message):
    make_user(db, email="taken@example.org")
    db.commit()
    auth.login("admin")
    response = admin_client.post("/users/new", data=data)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert f'<a href="#{field}">' in text and message in text
    assert db.scalar(select(func.count()).select_from(User)) == 2
    assert _events(db, "user.created") == []


def test_changing_a_role_is_audited_with_before_and_after(auth, admin_client, db):
    admin = auth.login("admin")
    other = make_user(db, role="staff")
    agency = make_agency(db)
    db.commit()
    refused = admin_client.post(f"/users/{other.id}/role", data={"role": "partner"})
    assert refused.status_code == 400 and "Choose the agency" in refused.get_data(as_text=True)
    done = admin_client.post(f"/users/{other.id}/role", data={"role": "partner", "agency_id": str(agency.id)})
    assert done.status_code == 302
    assert (_user(db, other.email).role, _user(db, other.email).agency_id) == ("partner", agency.id)
    [event] = _events(db, "user.role_changed")
    assert event.user_id == admin.id and event.object_id == str(other.id)
    assert event.details == {
        "before": {"role": "staff", "agency_id": None},
        "after": {"role": "partner", "agency_id": agency.id},
    }
    own = admin_client.post(f"/users/{admin.id}/role", data={"role": "staff"})
    assert own.status_code == 400 and _user(db, admin.email).role == "admin"


def test_resetting_a_second_factor_makes_them_set_it_up_again_and_ends_their_sessions(auth, admin_client, db, settings):
    other = make_user(db, role="staff")
    enrol_second_factor(db, settings, other)
    _live_session(db, other)
    admin = auth.login("admin")
    assert admin_client.post(f"/users/{other.id}/second-factor/reset").status_code == 302
    assert db.get(SecondFactor, other.id) is None
    assert _live_sessions(db, other) == 0
    [event] = _events(db, "user.second_factor_reset")
    assert event.user_id == admin.id and event.object_id == str(other.id) and event.details == {"had_one": True}
    auth.logout()
    admin_client.post("/login", data={"email": other.email, "password": TEST_PASSWORD})
    assert admin_client.get("/").headers["Location"].startswith("/second-factor/set-up")


def test_deactivating_stops_sign_in_and_reactivating_allows_it_again(auth, admin_client, db, settings):
    other = make_user(db, role="staff")
    _live_session(db, other)
    admin = auth.login("admin")
    assert admin_client.post(f"/users/{other.id}/deactivate").status_code == 302
    assert not _user(db, other.email).active and _live_sessions(db, other) == 0
    assert [e.user_id for e in _events(db, "user.deactivated")] == [admin.id]
    assert admin_client.post(f"/users/{other.id}/reactivate").status_code == 302
    assert _user(db, other.email).active
    assert [e.object_id for e in _events(db, "user.reactivated")] == [str(other.id)]


def test_an_administrator_cannot_lock_themselves_or_everyone_out(auth, admin_client, db):
    admin = auth.login("admin")
    response = admin_client.post(f"/users/{admin.id}/deactivate", follow_redirects=True)
    assert "cannot deactivate your own account" in response.get_data(as_text=True)
    assert _user(db, admin.email).active and _events(db, "user.deactivated") == []


def test_a_deactivated_users_open_session_stops_working(auth, admin_client, db, settings, admin_app):
    from tests.admin_app.signing_in import sign_in

    other = make_user(db, role="staff")
    db.commit()
    theirs = admin_app.test_client()
    sign_in(admin_app, theirs, db, other)
    assert theirs.get("/").status_code == 200
    auth.login("admin")
    admin_client.post(f"/users/{other.id}/deactivate")
    assert theirs.get("/").headers["Location"].startswith("/login")


def test_everyone_changes_their_own_password_after_giving_the_current_one(auth, admin_client, db):
    user = auth.login("partner", agency_id=make_agency(db).id)
    assert admin_client.get("/account/password").status_code == 200
    wrong = admin_client.post(
        "/account/password", data={"current": "nope", "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    )
    assert wrong.status_code == 400 and '<a href="#current">' in wrong.get_data(as_text=True)
    assert len(_events(db, "user.password_change_failed")) == 1
    for new, repeat, field in ((NEW_PASSWORD, "different", "repeat"), ("short", "short", "new")):
        response = admin_client.post("/account/password", data={"current": TEST_PASSWORD, "new": new, "repeat": repeat})
        assert response.status_code == 400 and f'<a href="#{field}">' in response.get_data(as_text=True)
    done = admin_client.post(
        "/account/password", data={"current": TEST_PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert _live_sessions(db, user) == 1  # this browser's, kept
    assert [e.user_id for e in _events(db, "user.password_changed")] == [user.id]
    auth.logout()
    assert admin_client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code == 400
    assert admin_client.post("/login", data={"email": user.email, "password": NEW_PASSWORD}).status_code == 302


def test_the_audit_log_names_the_command_line_for_changes_made_there(auth, admin_client, db):
    from core.services.users import COMMAND_LINE, NewUser, create_user

    create_user(db, COMMAND_LINE, NewUser("cli.made@example.org", "board"), "a long enough password")
    db.commit()
    auth.login("admin")
    page = admin_client.get("/audit/?action=user.created").get_data(as_text=True)
    assert "command line" in page and "cli.made@example.org" in page


def test_a_users_last_sign_in_is_shown_in_uk_time(auth, admin_client, db):
    auth.login("admin")
    other = make_user(db, role="staff", email="summer.signin@example.org")
    other.last_login_at = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.timezone.utc)  # 00:30 on 2 July in England
    db.commit()
    page = admin_client.get(f"/users/{other.id}").get_data(as_text=True)
    assert "2 Jul 2026 00:30" in page and "1 Jul 2026 23:30" not in page
