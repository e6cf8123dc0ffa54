"""The public app never holds the key that signs staff sessions, so it cannot forge a staff sign-in."""

from __future__ import annotations

from flask.sessions import SecureCookieSessionInterface

from core.services.staff_sessions import SessionLimits, start_session
from tests import factories

ADMIN_KEY = "admin-" + "a" * 40
FEEDBACK_KEY = "feedback-" + "f" * 40


def test_the_feedback_app_is_never_given_the_admin_secret_key(make_settings, clock, engine):
    from feedback_app import create_app

    app = create_app(make_settings(admin_secret_key=ADMIN_KEY, feedback_secret_key=FEEDBACK_KEY), clock=clock)
    try:
        assert app.secret_key == FEEDBACK_KEY
        assert app.extensions["learning_loop"].settings.admin_secret_key == ""
        assert ADMIN_KEY not in repr(app.config) + repr(app.extensions["learning_loop"])
    finally:
        app.extensions["learning_loop_engine"].dispose()


def test_a_staff_session_signed_with_the_feedback_key_does_not_sign_in_to_the_admin_app(
    make_settings, clock, engine, db
):
    from admin_app import create_app as create_admin
    from feedback_app import create_app as create_feedback

    settings = make_settings(admin_secret_key=ADMIN_KEY, feedback_secret_key=FEEDBACK_KEY)
    admin, public = create_admin(settings, clock=clock), create_feedback(settings, clock=clock)
    try:
        user = factories.make_user(db, role="admin")
        token = start_session(db, user, clock.now(), SessionLimits())
        db.commit()
        # What someone who took over the public server could make: a staff session signed with its key (even with a
        # live session's token, which the database holds only as a hash), both sign-in steps passed as far as it says.
        signed_in = {"staff_session": token, "second_factor_user": user.id}
        forged = SecureCookieSessionInterface().get_signing_serializer(public).dumps(signed_in)
        client = admin.test_client()
        client.set_cookie("ll_admin", forged)
        response = client.get("/audit/")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
        # The same session signed with the admin key is accepted: the refusal above is the key, not the shape.
        genuine = SecureCookieSessionInterface().get_signing_serializer(admin).dumps(signed_in)
        client.set_cookie("ll_admin", genuine)
        assert client.get("/audit/").status_code == 200
    finally:
        admin.extensions["learning_loop_engine"].dispose()
        public.extensions["learning_loop_engine"].dispose()
