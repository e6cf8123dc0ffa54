"""An account kept out by repeated wrong codes or passwords: its page says until when and why, and an
administrator can lift the lock (audit-logged) when they know it was the person themselves."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.models import AuditEvent
from core.services.deadlines import LONDON
from tests.factories import TEST_PASSWORD, enrol_second_factor, make_user, totp_code

WRONG_CODE = "123456"


def _events(db, action: str) -> list[AuditEvent]:
    db.expire_all()
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _hh_mm(moment: dt.datetime) -> str:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(LONDON).strftime("%H:%M")


def test_an_administrator_sees_a_lockout_from_wrong_codes_and_lifts_it(
    auth, admin_app, admin_client, db, settings, clock
):
    user = make_user(db, role="staff", email="thumbs@example.org")
    enrol_second_factor(db, settings, user)
    db.commit()
    theirs = admin_app.test_client()
    assert theirs.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code == 302
    for _ in range(5):
        assert theirs.post("/second-factor/", data={"code": WRONG_CODE}).status_code == 400
    assert theirs.post("/second-factor/", data={"code": totp_code(clock.now())}).status_code == 429

    admin = auth.login("admin")
    page = admin_client.get(f"/users/{user.id}").get_data(as_text=True)
    # Five failures: the lock ends when the first of them leaves the 15-minute window.
    first = min(event.at for event in _events(db, "user.second_factor_failed"))
    until = _hh_mm(first + dt.timedelta(minutes=15))
    assert f"Locked until {until} (UK time) after repeated wrong second-factor codes" in page
    assert f'action="/users/{user.id}/unlock"' in page

    done = admin_client.post(f"/users/{user.id}/unlock", follow_redirects=True).get_data(as_text=True)
    assert "thumbs@example.org can sign in again now" in done and "Locked until" not in done
    [event] = _events(db, "user.unlocked")
    assert event.user_id == admin.id and event.object_id == str(user.id)
    assert event.details["why"] == ["repeated wrong second-factor codes"]
    assert theirs.post("/second-factor/", data={"code": totp_code(clock.now())}).status_code == 302


def test_wrong_passwords_given_again_are_named_as_passwords(auth, admin_client, db):
    from core.services.second_factor import confirm_password
    from core.errors import ValidationFailed

    user = make_user(db, role="staff")
    db.commit()
    for _ in range(5):
        try:
            confirm_password(db, user, "not the password")
        except ValidationFailed:
            db.commit()
    auth.login("admin")
    page = admin_client.get(f"/users/{user.id}").get_data(as_text=True)
    assert "after repeated wrong passwords</dd>" in page


def test_an_administrator_sees_a_wait_from_wrong_passwords_at_sign_in_and_lifts_it(
    auth, admin_app, admin_client, db, clock
):
    user = make_user(db, role="board", email="forgetful@example.org")
    db.commit()
    theirs = admin_app.test_client()
    for _ in range(20):
        refused = theirs.post("/login", data={"email": user.email, "password": "not the password"})
        if refused.status_code == 429:
            break
    assert refused.status_code == 429
    until = _hh_mm(clock.now() + dt.timedelta(seconds=int(refused.headers["Retry-After"])))

    auth.login("admin")
    page = admin_client.get(f"/users/{user.id}").get_data(as_text=True)
    assert f"Locked until {until} (UK time) after repeated wrong passwords at sign-in" in page
    assert admin_client.post(f"/users/{user.id}/unlock").status_code == 302
    [event] = _events(db, "user.unlocked")
    assert event.details["why"] == ["repeated wrong passwords at sign-in"]
    signed = theirs.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert signed.status_code == 302


def test_an_account_that_is_not_locked_shows_no_lock_and_unlocking_it_changes_nothing(auth, admin_client, db):
    user = make_user(db, role="staff", email="fine@example.org")
    db.commit()
    auth.login("admin")
    page = admin_client.get(f"/users/{user.id}").get_data(as_text=True)
    assert "Locked" not in page and "/unlock" not in page
    done = admin_client.post(f"/users/{user.id}/unlock", follow_redirects=True).get_data(as_text=True)
    assert "fine@example.org was not locked out" in done
    assert _events(db, "user.unlocked") == []
