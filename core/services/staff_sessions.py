"""Staff sessions kept on the server, so that signing out, a password change or deactivation really ends them.

The browser's cookie carries a random 256-bit token; the database keeps only its SHA-256, so someone who reads
the database (a backup, a report) cannot use a session from it. Every staff request looks its token up here and
is refused when the session was revoked, has been idle too long, is older than the absolute limit, belongs to
an account that was deactivated, or was made before the account's password last changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from core.db import utcnow
from core.models import StaffSession, User
from core.services.audit import record

TOKEN_BYTES = 32
# Revoked or expired sessions are deleted this long after they could last have been used; the audit log keeps
# the sign-ins and sign-outs.
KEEP_ENDED = dt.timedelta(days=1)

# Why a session ended, as stored in `revoked_reason` and in the audit log.
SIGNED_OUT = "signed_out"
IDLE = "idle"
TOO_OLD = "too_old"
PASSWORD_CHANGED = "password_changed"  # noqa: S105 (a reason, not a password)
DEACTIVATED = "deactivated"


@dataclass(frozen=True)
class SessionLimits:
    """How long a session lasts without a request, and at most; and how often its last-seen time is written."""

    idle: dt.timedelta = dt.timedelta(minutes=30)
    absolute: dt.timedelta = dt.timedelta(hours=12)
    # Writing the last-seen time on every request would make every page view a database write.
    touch_every: dt.timedelta = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class SessionCheck:
    """What a request's token led to: the signed-in user and their session, or why there is none."""

    user: Optional[User] = None
    session: Optional[StaffSession] = None
    ended: str = ""


def hash_token(token: str) -> str:
    """The SHA-256 of a session token, as stored (the token itself never is)."""
    return hashlib.sha256(token.encode()).hexdigest()


def password_stamp(user: User) -> str:
    """A digest of the user's current password hash: it changes whenever the password does.

    Anything that rewrites the hash (a future rehash on sign-in with new Argon2 parameters, too) ends the user's
    other sessions; re-stamp the current one with `revoke_sessions_for(..., keep_session_id=...)`.
    """
    return hashlib.sha256(user.password_hash.encode()).hexdigest()


def start_session(session: Session, user: User, now: dt.datetime, limits: SessionLimits) -> str:
    """Record a new session for `user` and return its token (for the cookie; only its hash is stored)."""
    # Not matched against loaded rows: SQLite gives back naive times, which cannot be compared with `now`.
    session.execute(
        delete(StaffSession)
        .where(StaffSession.created_at < now - limits.absolute - KEEP_ENDED)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(
        StaffSession(
            token_hash=hash_token(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            password_stamp=password_stamp(user),
        )
    )
    session.flush()
    return token


def _why_ended(staff_session: StaffSession, user: User, now: dt.datetime, limits: SessionLimits) -> str:
    if staff_session.revoked_at is not None:
        return staff_session.revoked_reason or SIGNED_OUT
    if not user.active:
        return DEACTIVATED
    if staff_session.password_stamp != password_stamp(user):
        return PASSWORD_CHANGED
    if now - _utc(staff_session.created_at) >= limits.absolute:
        return TOO_OLD
    if now - _utc(staff_session.last_seen_at) >= limits.idle:
        return IDLE
    return ""


def check_session(session: Session, token: str, now: dt.datetime, limits: SessionLimits) -> SessionCheck:
    """Find the live session for `token`, noting the request as activity; or say why it has ended.

    Commits: the last-seen time (written at most once per `limits.touch_every`) and the end of a session found
    to have expired must be kept whether or not the request goes on to commit anything.
    """
    found = session.execute(
        select(StaffSession, User)
        .join(User, User.id == StaffSession.user_id)
        .where(StaffSession.token_hash == hash_token(token))
    ).first()
    if found is None:
        return SessionCheck(ended=SIGNED_OUT)
    staff_session, user = found
    ended = _why_ended(staff_session, user, now, limits)
    if ended:
        if staff_session.revoked_at is None:
            staff_session.revoked_at, staff_session.revoked_reason = now, ended
            record(session, user.id, "user.session_ended", "user", user.id, reason=ended)
            session.commit()
        return SessionCheck(ended=ended)
    if now - _utc(staff_session.last_seen_at) >= limits.touch_every:
        session.execute(
            update(StaffSession)
            .where(StaffSession.id == staff_session.id, StaffSession.last_seen_at < now - limits.touch_every)
            .values(last_seen_at=now)
            .execution_options(synchronize_session=False)
        )
        session.commit()
    return SessionCheck(user=user, session=staff_session)


def end_session(session: Session, token: str, now: dt.datetime) -> Optional[StaffSession]:
    """Revoke the session for `token` (signing out) and audit it; flushes, the caller commits."""
    staff_session = session.scalar(select(StaffSession).where(StaffSession.token_hash == hash_token(token)))
    if staff_session is None or staff_session.revoked_at is not None:
        return None
    staff_session.revoked_at, staff_session.revoked_reason = now, SIGNED_OUT
    record(session, staff_session.user_id, "user.logout", "user", staff_session.user_id)
    return staff_session


def revoke_sessions_for(
    session: Session,
    user_id: int,
    *,
    reason: str = PASSWORD_CHANGED,
    now: Optional[dt.datetime] = None,
    actor_id: Optional[int] = None,
    keep_session_id: Optional[int] = None,
) -> int:
    """End every live session of `user_id` (but `keep_session_id`), audit it, and return how many ended.

    Call it after deactivating a user or changing their password (after the new hash is set): a kept session
    (the browser that changed its own password) is re-stamped with the new password, every other one ends.
    Flushes; the caller commits with the change that caused it.
    """
    now = now or utcnow()
    session.flush()
    live = [StaffSession.user_id == user_id, StaffSession.revoked_at.is_(None)]
    if keep_session_id is not None:
        live.append(StaffSession.id != keep_session_id)
    revoked = session.execute(
        update(StaffSession)
        .where(*live)
        .values(revoked_at=now, revoked_reason=reason[:40])
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    user = session.get(User, user_id)
    if keep_session_id is not None and user is not None:
        session.execute(
            update(StaffSession)
            .where(StaffSession.id == keep_session_id, StaffSession.user_id == user_id)
            .values(password_stamp=password_stamp(user))
            .execution_options(synchronize_session=False)
        )
    if revoked:
        record(session, actor_id, "user.sessions_revoked", "user", user_id, reason=reason, sessions=revoked)
    session.flush()
    return int(revoked)


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive times; every time stored here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
