"""Looking after accounts: create, change role, reset the second factor, deactivate, unlock, change or set a password.

Every change is in the audit log with who made it: a signed-in administrator, or "command line".
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import NotFound, ValidationFailed
from core.models import Agency, User
from core.models.people import ROLES
from core.passwords import hash_password, password_problem, verify_password
from core.services import second_factor
from core.services.audit import record
from core.services.sign_in_throttle import SignInThrottle
from core.services.staff_sessions import DEACTIVATED, PASSWORD_CHANGED, revoke_sessions_for


@dataclass(frozen=True)
class Actor:
    """Who is making a change: a signed-in user, or someone at the command line (no user)."""

    user_id: Optional[int]
    via: str = ""

    def record(self, session: Session, action: str, user: User, **details: Any) -> None:
        if self.via:
            details["by"] = self.via
        record(session, self.user_id, action, "user", user.id, **details)


COMMAND_LINE = Actor(None, "command line")


@dataclass(frozen=True)
class Lockout:
    """Until when an account cannot sign in, and each reason in words for an administrator."""

    until: dt.datetime
    why: tuple[str, ...]


@dataclass(frozen=True)
class NewUser:
    email: str
    role: str
    name: str = ""
    agency_id: Optional[int] = None


def _end_sessions(
    session: Session, user: User, reason: str, actor_id: Optional[int] = None, keep_session_id: Optional[int] = None
) -> None:
    """End every session `user` has open (but the one changing its own password), audit-logged by the session service."""
    revoke_sessions_for(session, user.id, reason=reason, actor_id=actor_id, keep_session_id=keep_session_id)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.active.desc(), func.lower(User.email))))


def find_user(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        raise NotFound(f"There is no account for {email.strip()}.")
    return user


def _checked(session: Session, role: str, agency_id: Optional[int]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if role not in ROLES:
        errors["role"] = "Choose a role"
    elif role == "partner":
        if agency_id is None:
            errors["agency_id"] = "Choose the agency a partner user belongs to"
        elif session.get(Agency, agency_id) is None:
            errors["agency_id"] = "Choose an agency from the list"
    return errors


def create_user(session: Session, actor: Actor, new: NewUser, password: str | None = None) -> tuple[User, str]:
    """Make an account; without a password, one is made up to pass on. Returns the account and its password."""
    email = new.email.strip().lower()
    errors = _checked(session, new.role, new.agency_id)
    if "@" not in email or len(email) > 200 or any(ch.isspace() or not ch.isprintable() for ch in email):
        errors["email"] = "Enter an email address, like name@example.org"
    elif session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        errors["email"] = f"There is already an account for {email}"
    if len(new.name) > 200:
        errors["name"] = "Use 200 characters or fewer for the name"
    elif not new.name.isprintable():
        errors["name"] = "Use letters, spaces and punctuation only in the name"
    password = password if password is not None else secrets.token_urlsafe(12)
    problem = password_problem(password)
    if problem:
        errors["password"] = problem
    if errors:
        raise ValidationFailed(errors)
    agency_id = new.agency_id if new.role == "partner" else None
    user = User(
        email=email, name=new.name.strip(), role=new.role, agency_id=agency_id, password_hash=hash_password(password)
    )
    session.add(user)
    session.flush()
    actor.record(session, "user.created", user, email=email, role=new.role, agency_id=agency_id)
    return user, password


def change_role(session: Session, actor: Actor, user: User, role: str, agency_id: Optional[int]) -> bool:
    """Give `user` another role (and agency, for a partner); False when nothing changed."""
    errors = _checked(session, role, agency_id)
    if not errors and user.id == actor.user_id and role != "admin":
        errors["role"] = "You cannot take away your own administrator role: ask another administrator"
    if errors:
        raise ValidationFailed(errors)
    agency_id = agency_id if role == "partner" else None
    if (user.role, user.agency_id) == (role, agency_id):
        return False
    before = {"role": user.role, "agency_id": user.agency_id}
    user.role, user.agency_id = role, agency_id
    actor.record(session, "user.role_changed", user, before=before, after={"role": role, "agency_id": agency_id})
    return True


def deactivate(session: Session, actor: Actor, user: User) -> bool:
    """Stop `user` signing in and end their sessions; False if already inactive."""
    if user.id == actor.user_id:
        raise ValidationFailed({"user": "You cannot deactivate your own account"})
    if not user.active:
        return False
    if user.role == "admin" and _active_admins(session) <= 1:
        raise ValidationFailed({"user": "This is the last active administrator: make someone else one first"})
    user.active = False
    _end_sessions(session, user, DEACTIVATED, actor.user_id)
    actor.record(session, "user.deactivated", user)
    return True


def reactivate(session: Session, actor: Actor, user: User) -> bool:
    if user.active:
        return False
    user.active = True
    actor.record(session, "user.reactivated", user)
    return True


def reset_second_factor(session: Session, actor: Actor, user: User) -> bool:
    """Forget `user`'s authenticator and recovery codes: they set up a new one at their next sign-in."""
    removed = second_factor.remove(session, user)
    _end_sessions(session, user, "second_factor_reset", actor.user_id)
    actor.record(session, "user.second_factor_reset", user, had_one=removed)
    return removed


def change_own_password(
    session: Session, user: User, current: str, new: str, repeated: str, *, keep_session_id: Optional[int] = None
) -> None:
    """Change `user`'s password after checking the current one; ends their sessions but `keep_session_id`."""
    second_factor.refuse_while_paused(session, user, "current")
    errors: dict[str, str] = {}
    if not verify_password(user.password_hash, current):
        errors["current"] = "Your current password is not right"
    problem = password_problem(new)
    if problem:
        errors["new"] = problem
    elif new != repeated:
        errors["repeat"] = "The two new passwords are not the same"
    elif new == current:
        errors["new"] = "Choose a password different from the current one"
    if errors:
        if "current" in errors:
            # Counted with wrong codes and passwords given again: five in 15 minutes pause all three.
            record(session, user.id, second_factor.PASSWORD_CHANGE_FAILED, "user", user.id)
        raise ValidationFailed(errors)
    user.password_hash = hash_password(new)
    _end_sessions(session, user, PASSWORD_CHANGED, user.id, keep_session_id)
    record(session, user.id, "user.password_changed", "user", user.id)


def lockout(session: Session, user: User, throttle: SignInThrottle, now: dt.datetime) -> Optional[Lockout]:
    """Until when `user` cannot sign in for repeated wrong passwords or codes, and why; None when they can."""
    locks = []
    waiting = throttle.account_waits_until(session, user.email, now)
    if waiting is not None:
        locks.append(second_factor.Lock(waiting, "repeated wrong passwords at sign-in"))
    refused = second_factor.lock_on(session, user)
    if refused is not None:
        locks.append(refused)
    if not locks:
        return None
    return Lockout(max(lock.until for lock in locks), tuple(lock.why for lock in locks))


def unlock(session: Session, actor: Actor, user: User, throttle: SignInThrottle, now: dt.datetime) -> bool:
    """Lift the lock repeated wrong passwords or codes put on `user` (the audit event ends the count of wrong
    codes); False if there was none. Failures counted against a client address stay: that is not this account's."""
    locked = lockout(session, user, throttle, now)
    if locked is None:
        return False
    throttle.record_success(session, user.email)
    actor.record(session, second_factor.UNLOCKED, user, why=list(locked.why))
    return True


def set_password(session: Session, actor: Actor, user: User, password: str) -> None:
    """Give `user` a new password without the old one (an administrator recovering a lost password); ends every
    session they have open, as changing a password does."""
    problem = password_problem(password)
    if problem:
        raise ValidationFailed({"password": problem})
    user.password_hash = hash_password(password)
    _end_sessions(session, user, PASSWORD_CHANGED, actor.user_id)
    actor.record(session, "user.password_set", user)


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(User.role == "admin", User.active)) or 0
