"""The staff app's side of server-side sessions and sign-in throttling: the cookie, the clock, the messages.

The signed cookie holds only a random session token (and Flask-WTF's CSRF token); who is signed in, and whether
that still holds, is read from the database on every request (core.services.staff_sessions).
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from flask import current_app, flash, g, request, session

from admin_app import context, db
from core.models import User
from core.services import staff_sessions
from core.services.sign_in_throttle import Backoff, SignInThrottle, throttle_key

COOKIE_KEY = "staff_session"
_ENDED_MESSAGES = {
    staff_sessions.IDLE: "You were signed out because you had not used Learning Loop for {idle} minutes. "
    "Sign in again to carry on.",
    staff_sessions.TOO_OLD: "You were signed out because you signed in more than {hours} hours ago. "
    "Sign in again to carry on.",
    staff_sessions.PASSWORD_CHANGED: "You were signed out because your password was changed. Sign in again.",
}


def limits() -> staff_sessions.SessionLimits:
    settings = context().settings
    return staff_sessions.SessionLimits(
        idle=dt.timedelta(minutes=settings.staff_session_idle_minutes),
        absolute=dt.timedelta(hours=settings.staff_session_max_hours),
    )


def signed_in_user() -> Optional[User]:
    """The user of this request's live session, or None (and the cookie is cleared if its session has ended)."""
    token = session.get(COOKIE_KEY)
    if not isinstance(token, str) or not token:
        return None
    checked = staff_sessions.check_session(db(), token, context().clock.now(), limits())
    if checked.user is None:
        session.clear()
        message = _ENDED_MESSAGES.get(checked.ended)
        if message:
            settings = context().settings
            flash(
                message.format(idle=settings.staff_session_idle_minutes, hours=settings.staff_session_max_hours),
                "error",
            )
        return None
    g.staff_session = checked.session
    return checked.user


def current_session_id() -> Optional[int]:
    """The id of this request's staff session (to keep it when revoking a user's other sessions)."""
    staff_session = g.get("staff_session")
    return staff_session.id if staff_session is not None else None


def sign_in(user: User) -> None:
    """Start a new session for `user` in this browser (a fresh cookie: nothing from before sign-in is kept)."""
    previous = session.get(COOKIE_KEY)
    if isinstance(previous, str) and previous:
        # Signing in over a live session ends it, so a copy of the old cookie does not outlive it.
        staff_sessions.end_session(db(), previous, context().clock.now())
    session.clear()
    session[COOKIE_KEY] = staff_sessions.start_session(db(), user, context().clock.now(), limits())


def sign_out() -> None:
    """End this browser's session on the server and forget the cookie; audited. Commits."""
    token = session.get(COOKIE_KEY)
    if isinstance(token, str) and token:
        staff_sessions.end_session(db(), token, context().clock.now())
        db().commit()
    session.clear()


def sign_in_throttle() -> SignInThrottle:
    """The sign-in throttle as this app is set up (signing in, and the user pages that read and lift a wait)."""
    settings = context().settings
    return SignInThrottle(
        key=throttle_key(str(current_app.secret_key)),
        account=Backoff(
            settings.sign_in_free_failures, settings.sign_in_first_delay_seconds, settings.sign_in_max_delay_seconds
        ),
        address=Backoff(
            settings.sign_in_address_free_failures,
            settings.sign_in_first_delay_seconds,
            settings.sign_in_max_delay_seconds,
        ),
    )


def _address() -> str:
    return request.remote_addr or ""


def sign_in_wait(email: str) -> int:
    """Seconds this account or this client address must wait before another sign-in attempt (0: go ahead)."""
    return sign_in_throttle().seconds_to_wait(db(), email, _address(), context().clock.now())


def too_many_attempts(wait: int) -> str:
    """The message for an attempt refused by the throttle."""
    return f"Too many attempts; try again in {wait} second{'s' if wait != 1 else ''}"


def note_failed_sign_in(email: str) -> None:
    """Count a failed attempt for the account and the address (shared by every worker). Commits."""
    sign_in_throttle().record_failure(db(), email, _address(), context().clock.now())
    db().commit()


def note_signed_in(email: str) -> None:
    """A right password: the account's failures are forgotten (the address's are not). The caller commits."""
    sign_in_throttle().record_success(db(), email)
