"""Setting up and checking a staff account's second factor (TOTP), and its recovery codes.

Every role signs in with it: administrators and staff read respondents' words, board members read the quotes
behind key areas, and every role, partners included, can export registers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from core import second_factor as totp
from core.db import utcnow
from core.errors import ValidationFailed
from core.passwords import verify_password
from core.models import AuditEvent, RecoveryCode, SecondFactor, User
from core.services.audit import record

# Failed codes allowed per account in FAILURE_WINDOW; counted from the audit log, so every worker sees them.
MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)
# An administrator lifting the lock is in the audit log too: failures before it are no longer counted.
UNLOCKED = "user.unlocked"
# What counts towards the pause: wrong codes, wrong passwords given again, wrong current passwords on the
# account page (else a stolen session could guess its password there without limit, then read and export), and
# wrong key passphrases (else a signed-in account could guess the passphrase that opens every answer).
FAILED = "user.second_factor_failed"
PASSWORD_CHANGE_FAILED = "user.password_change_failed"  # noqa: S105 (an audit action, not a password)
KEYS_UNLOCK_FAILED = "keys.unlock_failed"
COUNTED_FAILURES = (FAILED, PASSWORD_CHANGE_FAILED, KEYS_UNLOCK_FAILED)


class TooManyAttempts(ValidationFailed):
    status = 429


@dataclass(frozen=True)
class Enrolment:
    """What the set-up page shows: the secret as text, and the same as a QR code."""

    secret: str
    qr_data_uri: str

    @property
    def grouped_secret(self) -> str:
        return totp.grouped(self.secret)


@dataclass(frozen=True)
class Lock:
    """Until when repeated wrong codes or passwords keep an account out, and why, in words for an administrator."""

    until: dt.datetime
    why: str


def is_enrolled(session: Session, user: User) -> bool:
    factor = session.get(SecondFactor, user.id)
    return factor is not None and factor.confirmed_at is not None


def start_enrolment(session: Session, box: totp.SecretBox, user: User, issuer: str) -> Enrolment:
    """The secret being set up for `user` (made now if there is none yet); refused once one is confirmed."""
    factor = session.get(SecondFactor, user.id)
    if factor is not None and factor.confirmed_at is not None:
        raise ValidationFailed({"code": "Your second factor is already set up"})
    if factor is None:
        factor = SecondFactor(user_id=user.id, encrypted_secret=box.seal(totp.new_secret()))
        session.add(factor)
        session.flush()
    try:
        secret = box.open(factor.encrypted_secret)
    except ValueError:  # begun under an instance secret since replaced: nothing was confirmed, so start afresh
        secret = totp.new_secret()
        factor.encrypted_secret = box.seal(secret)
    return Enrolment(secret, totp.qr_svg_data_uri(totp.provisioning_uri(secret, user.email, issuer)))


def confirm_enrolment(session: Session, box: totp.SecretBox, user: User, code: str, now: dt.datetime) -> list[str]:
    """Confirm the secret being set up with a code from the authenticator; returns the new recovery codes (the only
    time they exist in clear)."""
    factor = _one_check_at_a_time(session, user)
    if factor is None or factor.confirmed_at is not None:
        raise ValidationFailed({"code": "Start setting up your second factor again"})
    _refuse_when_throttled(session, user)
    step = totp.matching_step(_opened(box, factor), code, now, factor.last_step)
    if step is None:
        _failed(session, user, "enrolment")
        raise ValidationFailed({"code": "Enter the 6-digit code your authenticator app shows now"})
    factor.confirmed_at = now
    factor.last_step = step
    codes = _replace_recovery_codes(session, box, user)
    record(session, user.id, "user.second_factor_set_up", "user", user.id)
    return codes


def check_code(session: Session, box: totp.SecretBox, user: User, code: str, now: dt.datetime) -> None:
    """Accept a current TOTP code (once) or an unused recovery code (which is then used up); ValidationFailed if
    neither."""
    factor = _one_check_at_a_time(session, user)
    if factor is None or factor.confirmed_at is None:
        raise ValidationFailed({"code": "Set up your second factor first"})
    _refuse_when_throttled(session, user)
    if totp.looks_like_recovery_code(code):
        used = session.execute(
            update(RecoveryCode)
            .where(
                RecoveryCode.user_id == user.id,
                RecoveryCode.code_hash == box.code_hash(code),
                RecoveryCode.used_at.is_(None),
            )
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]
        if used:
            left = _unused_recovery_codes(session, user)
            record(session, user.id, "user.recovery_code_used", "user", user.id, codes_left=left)
            return
    else:
        step = totp.matching_step(_opened(box, factor), code, now, factor.last_step)
        if step is not None:
            factor.last_step = step
            record(session, user.id, "user.second_factor_passed", "user", user.id)
            return
    _failed(session, user, "sign_in")
    raise ValidationFailed({"code": "The code is not right, or it has been used already. Enter the code shown now"})


def confirm_password(session: Session, user: User, password: str) -> None:
    """The password given again (before reading respondents' words or exporting); ValidationFailed if wrong."""
    _refuse_when_throttled(session, user, "password")
    if not verify_password(user.password_hash, password):
        _failed(session, user, "password")
        raise ValidationFailed({"password": "The password is not right"})
    record(session, user.id, "user.password_confirmed", "user", user.id)


def remove(session: Session, user: User) -> bool:
    """Forget `user`'s second factor and recovery codes (they set it up again at their next sign-in)."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    removed = session.execute(delete(SecondFactor).where(SecondFactor.user_id == user.id))
    return bool(removed.rowcount)  # type: ignore[attr-defined]


def _one_check_at_a_time(session: Session, user: User) -> SecondFactor | None:
    """`user`'s second factor as it is now, with its row locked until the caller commits.

    Two checks of one account at the same moment (two workers, or a burst of guesses) would otherwise both read
    the last step taken and the failures counted before either wrote: the same code would sign in twice, and a
    burst would get as many guesses as it has requests instead of the five allowed. The no-op update takes the
    row's write lock on PostgreSQL and the database's on SQLite (FOR UPDATE is not SQLite's), so each check
    waits for the one before it to commit, then reads what it wrote.
    """
    session.execute(
        update(SecondFactor)
        .where(SecondFactor.user_id == user.id)
        .values(last_step=SecondFactor.last_step)
        .execution_options(synchronize_session=False)
    )
    return session.scalar(
        select(SecondFactor).where(SecondFactor.user_id == user.id).execution_options(populate_existing=True)
    )


def _opened(box: totp.SecretBox, factor: SecondFactor) -> str:
    try:
        return box.open(factor.encrypted_secret)
    except ValueError as exc:
        raise ValidationFailed(
            {"code": "Your authenticator key cannot be read on this server: ask an administrator to reset it"}
        ) from exc


def _unused_recovery_codes(session: Session, user: User) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )


def _replace_recovery_codes(session: Session, box: totp.SecretBox, user: User) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = totp.new_recovery_codes()
    session.add_all(RecoveryCode(user_id=user.id, code_hash=box.code_hash(code)) for code in codes)
    session.flush()
    return codes


def _failed(session: Session, user: User, stage: str) -> None:
    # The caller commits this even though the request fails: the count is what slows a guesser down.
    record(session, user.id, FAILED, "user", user.id, stage=stage)


def _counted_failures(session: Session, user: User) -> list[Any]:
    """Conditions on the audit log picking `user`'s failures that count now: in the window, after any unlock."""
    # Audit events carry the server's own time, so the window is counted on it too.
    counted = [
        AuditEvent.user_id == user.id,
        AuditEvent.action.in_(COUNTED_FAILURES),
        AuditEvent.at >= utcnow() - FAILURE_WINDOW,
    ]
    unlocked = session.scalar(
        select(func.max(AuditEvent.at)).where(
            AuditEvent.action == UNLOCKED, AuditEvent.object_type == "user", AuditEvent.object_id == str(user.id)
        )
    )
    if unlocked is not None:
        counted.append(AuditEvent.at > unlocked)
    return counted


def lock_on(session: Session, user: User) -> Lock | None:
    """Until when `user` is refused for wrong codes or passwords given again (None: not refused), and why."""
    failures = session.execute(
        select(AuditEvent.at, AuditEvent.action, AuditEvent.details)
        .where(*_counted_failures(session, user))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ).all()
    if len(failures) < MAX_FAILURES:
        return None
    # Refused while MAX_FAILURES are in the window: until the MAX_FAILURES-th newest leaves it.
    at = failures[MAX_FAILURES - 1].at
    until = (at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)) + FAILURE_WINDOW
    named = {PASSWORD_CHANGE_FAILED: "password", KEYS_UNLOCK_FAILED: "passphrase"}
    stages = {named.get(action) or (details or {}).get("stage") for _, action, details in failures}
    # Codes at sign-in or when setting up; passwords given again before reading answers or exporting; passphrases.
    wrong = (
        (["second-factor codes"] if stages - {"password", "passphrase"} else [])
        + (["passwords"] if "password" in stages else [])
        + (["key passphrases"] if "passphrase" in stages else [])
    )
    return Lock(until, f"repeated wrong {' and '.join(wrong)}")


def refuse_while_paused(session: Session, user: User, field: str) -> None:
    """TooManyAttempts (on `field`) while `user` is paused for wrong codes or passwords, wherever they were given."""
    _refuse_when_throttled(session, user, field)


def _refuse_when_throttled(session: Session, user: User, field: str = "code") -> None:
    failures = session.scalar(select(func.count()).select_from(AuditEvent).where(*_counted_failures(session, user)))
    if (failures or 0) >= MAX_FAILURES:
        raise TooManyAttempts(
            {field: "Too many wrong attempts. Wait 15 minutes and try again, or ask an administrator for help"}
        )
