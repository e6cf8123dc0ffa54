"""Staff sessions live on the server: signing out, idling, age, a password change and deactivation end them."""

from __future__ import annotations

import hashlib

from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.models import AgencyContact, AuditEvent, Review, StaffSession, User
from core.passwords import hash_password
from core.services.staff_sessions import DEACTIVATED, PASSWORD_CHANGED, revoke_sessions_for
from tests.admin_app.signing_in import sign_in
from tests.factories import make_agency, make_user

COOKIE = "ll_admin"


def _copy_cookie(source: FlaskClient, target: FlaskClient) -> None:
    cookie = source.get_cookie(COOKIE)
    assert cookie is not None
    target.set_cookie(COOKIE, cookie.value)


def _signed_in(client: FlaskClient, path: str = "/") -> bool:
    response = client.get(path)
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login")
        return False
    assert response.status_code == 200, path
    return True


def _sign_in(client: FlaskClient, user: User, db) -> None:
    """Both sign-in steps; the clock moves on first, since each authenticator code is taken once."""
    client.application.extensions["learning_loop"].clock.advance(seconds=30)
    sign_in(client.application, client, db, user)


def _session_of(client: FlaskClient) -> str:
    with client.session_transaction() as cookie_session:
        token: str = cookie_session["staff_session"]
    return token


def test_a_copied_cookie_is_refused_after_sign_out(auth, admin_client, admin_app, db):
    auth.login("admin")
    agency = make_agency(db)
    db.commit()
    thief = admin_app.test_client()
    _copy_cookie(admin_client, thief)
    assert _signed_in(thief, "/audit/")
    saved = thief.post(f"/agencies/{agency.id}/contacts", data={"name": "Copied before"})
    assert saved.status_code == 302 and "/login" not in saved.headers["Location"]

    assert admin_client.post("/logout").status_code == 302

    assert not _signed_in(thief, "/audit/")
    refused = thief.post(f"/agencies/{agency.id}/contacts", data={"name": "Copied after"})
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/login")
    assert not _signed_in(admin_client)
    names = db.scalars(select(AgencyContact.name)).all()
    assert names == ["Copied before"]
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "user.logout")) is not None


def test_signing_in_over_a_live_session_ends_the_old_one(auth, admin_client, admin_app, db):
    auth.login("staff")
    copy = admin_app.test_client()
    _copy_cookie(admin_client, copy)
    other = make_user(db, role="admin")
    db.commit()
    _sign_in(admin_client, other, db)
    assert _signed_in(admin_client, "/audit/")
    assert not _signed_in(copy)


def test_the_cookie_holds_a_random_token_and_the_database_only_its_hash(auth, admin_client, db):
    user = auth.login("staff")
    token = _session_of(admin_client)
    with admin_client.session_transaction() as cookie_session:
        assert "user_id" not in cookie_session
    assert len(token) >= 43  # 32 random bytes, base64
    stored = db.scalars(select(StaffSession)).one()
    assert stored.user_id == user.id
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in stored.token_hash


def test_a_session_ends_after_30_minutes_without_a_request(auth, admin_client, clock, db):
    user = auth.login("staff")
    for _ in range(3):
        clock.advance(minutes=29)
        assert _signed_in(admin_client), "a request within 30 minutes keeps the session alive"
    clock.advance(minutes=30)
    assert not _signed_in(admin_client)
    page = admin_client.get("/login").get_data(as_text=True)
    assert "had not used Learning Loop for 30 minutes" in page
    ended = db.scalar(select(AuditEvent).where(AuditEvent.action == "user.session_ended"))
    assert ended.user_id == user.id and ended.details == {"reason": "idle"}
    clock.advance(minutes=1)
    assert not _signed_in(admin_client), "the cookie is not brought back by a later request"


def test_a_session_ends_12_hours_after_sign_in_however_busy(auth, admin_client, clock):
    auth.login("staff")
    for _ in range(28):
        clock.advance(minutes=25)
        assert _signed_in(admin_client)
    clock.advance(minutes=20)  # 12 hours since signing in
    assert not _signed_in(admin_client)
    assert "signed in more than 12 hours ago" in admin_client.get("/login").get_data(as_text=True)


def test_the_limits_come_from_the_settings(make_settings, clock, engine, db):
    from admin_app import create_app

    app = create_app(make_settings(staff_session_idle_minutes=5, staff_session_max_hours=1), clock=clock)
    try:
        client = app.test_client()
        user = make_user(db)
        db.commit()
        _sign_in(client, user, db)
        clock.advance(minutes=4)
        assert _signed_in(client)
        clock.advance(minutes=5)
        assert not _signed_in(client)
        _sign_in(client, user, db)
        for _ in range(14):
            clock.advance(minutes=4)
            assert _signed_in(client)
        clock.advance(minutes=4)  # an hour since signing in
        assert not _signed_in(client)
    finally:
        app.extensions["learning_loop_engine"].dispose()


def test_last_seen_is_written_at_most_once_a_minute(auth, admin_client, clock, db):
    auth.login("staff")
    signed_in_at = clock.now()

    def last_seen() -> object:
        db.expire_all()
        return db.scalars(select(StaffSession.last_seen_at)).one().replace(tzinfo=None)

    for _ in range(5):
        clock.advance(seconds=10)
        assert _signed_in(admin_client)
    assert last_seen() == signed_in_at.replace(tzinfo=None)
    clock.advance(seconds=15)
    assert _signed_in(admin_client)
    assert last_seen() == clock.now().replace(tzinfo=None)


def test_changing_the_password_ends_the_users_other_sessions_and_keeps_this_one(admin_app, db, clock):
    user = make_user(db, role="staff")
    db.commit()
    here, elsewhere = admin_app.test_client(), admin_app.test_client()
    _sign_in(here, user, db)
    _sign_in(elsewhere, user, db)
    here_id = db.scalar(
        select(StaffSession.id).where(StaffSession.token_hash == hashlib.sha256(_session_of(here).encode()).hexdigest())
    )

    user.password_hash = hash_password("a new password for this test")
    ended = revoke_sessions_for(
        db, user.id, reason=PASSWORD_CHANGED, now=clock.now(), actor_id=user.id, keep_session_id=here_id
    )
    db.commit()

    assert ended == 1
    assert _signed_in(here)
    assert not _signed_in(elsewhere)
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "user.sessions_revoked"))
    assert event.user_id == user.id and event.details == {"reason": PASSWORD_CHANGED, "sessions": 1}


def test_a_password_changed_by_any_path_ends_every_session_made_before_it(auth, admin_client, admin_app, db):
    user = auth.login("staff")
    other = admin_app.test_client()
    _sign_in(other, user, db)
    # As a command-line reset or a direct database change would do it, without asking for sessions to end.
    db.get(User, user.id).password_hash = hash_password("changed behind the app's back")
    db.commit()
    assert not _signed_in(admin_client)
    assert not _signed_in(other)
    assert "because your password was changed" in other.get("/login").get_data(as_text=True)


def test_a_deactivated_users_session_is_refused_even_after_reactivation(auth, admin_client, db, clock):
    user = auth.login("staff")
    stored = db.get(User, user.id)
    stored.active = False
    assert revoke_sessions_for(db, user.id, reason=DEACTIVATED, now=clock.now()) == 1
    db.commit()
    assert not _signed_in(admin_client)
    stored.active = True
    db.commit()
    assert not _signed_in(admin_client), "reactivating an account does not bring its old sessions back"
    _sign_in(admin_client, stored, db)
    assert _signed_in(admin_client)


def test_a_session_of_a_deactivated_user_is_refused_at_its_next_request(auth, admin_client, db):
    user = auth.login("staff")
    db.get(User, user.id).active = False
    db.commit()
    assert not _signed_in(admin_client)
    db.get(User, user.id).active = True
    db.commit()
    assert not _signed_in(admin_client)


def test_a_form_sent_after_the_session_ended_says_it_was_not_saved_and_leads_back_to_its_page(
    auth, admin_client, clock, db
):
    auth.login("staff")
    assert admin_client.get("/reviews/new").status_code == 200
    clock.advance(minutes=31)

    sent = admin_client.post(
        "/reviews/new", data={"summary": "Two hours of notes"}, headers={"Referer": "http://localhost/reviews/new"}
    )

    assert sent.status_code == 302 and sent.headers["Location"] == "/login?next=/reviews/new"
    page = admin_client.get(sent.headers["Location"]).get_data(as_text=True)
    # Why (the idle limit), and that what was sent is lost, so no one assumes it was kept.
    assert "had not used Learning Loop for 30 minutes" in page
    assert "What you sent was not saved, because you were no longer signed in" in page
    assert db.scalar(select(func.count()).select_from(Review)) == 0
    # A page of another site is never the way back.
    elsewhere = admin_client.post("/reviews/new", data={}, headers={"Referer": "http://evil.example/reviews/new"})
    assert elsewhere.headers["Location"] == "/login"
