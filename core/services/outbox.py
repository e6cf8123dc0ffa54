"""The outbox: every email is queued here, claimed before it is sent, sent at most once, retried with backoff.

A drain claims due messages by setting their state from "queued" to "sending" in one UPDATE that names the
claim, and commits that before anything is sent; two drains running at once (two processes, or a button and the
scheduler) can never both claim a message, on SQLite or PostgreSQL. A message whose drain died after the claim
stays "sending" and is never sent again by a drain: a lost email is better than two. The claim has a row
(OutboxClaim) that the drain keeps alive and deletes when it ends, so such a message shows as interrupted and staff
decide whether to send it again (core.services.outbox_interrupted).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from config import Settings
from core.clock import Clock, SystemClock
from core.mail.keys import MailKey
from core.mail.transport import DeliveryFailed, Letter, Transport, build_message, new_message_id
from core.models import OUTBOX_STATES, Contact, OutboxClaim, OutboxMessage

log = logging.getLogger("learning_loop.mail")
BATCH = 200


def enqueue(
    session: Session, key: MailKey, letter: Letter, *, kind: str, now: dt.datetime, contact_id: Optional[int] = None
) -> OutboxMessage:
    """Queue one email (encrypted at rest) to go at the next drain; the caller flushes or commits."""
    content: dict[str, Any] = {
        "to": letter.to,
        "subject": letter.subject,
        "text": letter.text,
        "html": letter.html,
        "headers": letter.headers,
    }
    message = OutboxMessage(
        kind=kind,
        state="queued",
        attempts=0,
        next_attempt_at=now,
        recipient_domain=letter.to.rpartition("@")[2].lower()[:200],
        message_id=new_message_id(),
        sealed=key.encrypt(json.dumps(content)),
        contact_id=contact_id,
    )
    # Added, not flushed: a list's worth of messages then goes to the database in a few multi-row INSERTs.
    session.add(message)
    return message


def _letter(key: MailKey, sealed: bytes) -> Letter:
    content = json.loads(key.decrypt(sealed))
    return Letter(content["to"], content["subject"], content["text"], content["html"], content["headers"])


def claim_due(session: Session, now: dt.datetime, limit: int = BATCH) -> list[OutboxMessage]:
    """Take up to `limit` due messages for this drain alone, and commit the claim before returning them."""
    claim = uuid.uuid4().hex
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.state == "queued", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .scalar_subquery()
    )
    session.execute(
        update(OutboxMessage)
        # The state is checked again by the UPDATE itself: a message another drain claimed meanwhile is left alone.
        .where(OutboxMessage.id.in_(due), OutboxMessage.state == "queued")
        .values(state="sending", claim=claim, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    # Someone who unsubscribed after their mail was queued gets none: checked here, once the claim is held.
    unsubscribed = select(Contact.id).where(Contact.opted_out.is_(True)).scalar_subquery()
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.claim == claim, OutboxMessage.contact_id.in_(unsubscribed))
        .values(state="cancelled", sealed=None, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    # populate_existing: the session may hold these rows from before the UPDATE, with their old state.
    taken = select(OutboxMessage).where(OutboxMessage.claim == claim, OutboxMessage.state == "sending")
    claimed = list(session.scalars(taken.order_by(OutboxMessage.id).execution_options(populate_existing=True)))
    if claimed:  # the drain's sign of life, deleted when it ends (see drain)
        session.add(OutboxClaim(claim=claim, claimed_at=now, alive_at=now))
    session.commit()
    return claimed


@dataclass
class DrainReport:
    """What a drain did, for staff to read: reminders are not counted (see UNCOUNTED_KINDS)."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    reasons: list[str] = field(default_factory=list)


def _record_failure(message: OutboxMessage, error: DeliveryFailed, settings: Settings, now: dt.datetime) -> bool:
    """Queue the message again after a doubling delay, or mark it failed; True if it will be tried again."""
    message.last_error = error.reason
    if error.retry and message.attempts < settings.mail_max_attempts:
        message.state = "queued"
        message.next_attempt_at = now + dt.timedelta(seconds=settings.mail_retry_seconds * 2 ** (message.attempts - 1))
        return True
    message.state = "failed"
    message.finished_at = now
    message.sealed = None
    return False


def deliver(
    session: Session,
    message: OutboxMessage,
    *,
    key: MailKey,
    transport: Transport,
    settings: Settings,
    now: dt.datetime,
    report: DrainReport,
) -> None:
    """Send one claimed message and record how it ended (the caller commits)."""
    if message.sealed is None:  # a claimed message always has its content: only sent or failed ones drop it
        raise ValueError(f"outbox message {message.id} has no content to send")
    letter = _letter(key, message.sealed)
    # Reminders go only to people who have not answered: counted in what "Send now" says, they would tell how many
    # have, which the campaign's page suppresses (so the outbox page leaves them out too).
    counted = DrainReport() if message.kind in UNCOUNTED_KINDS else report
    try:
        transport.send(build_message(letter, settings.smtp_from, message.message_id, now))
    except DeliveryFailed as error:
        if _record_failure(message, error, settings, now):
            counted.retrying += 1
        else:
            counted.failed += 1
            counted.reasons.append(error.reason)
        log.warning("mail %s not sent (attempt %s): %s", message.id, message.attempts, error.reason)
        return
    message.state = "sent"
    message.finished_at = now
    message.sealed = None  # nothing of what was sent (address, links) is kept once it has gone
    message.last_error = ""
    counted.sent += 1


def keep_alive_every(settings: Settings) -> dt.timedelta:
    """How often a drain shows it is still at work: five times within the time after which it counts as stopped."""
    return dt.timedelta(minutes=settings.mail_interrupted_after_minutes) / 5


def _release(session: Session, claim: str) -> None:
    """Delete a finished drain's claim row; a message it left "sending" then shows as interrupted at once."""
    try:
        session.rollback()  # nothing is pending after the last commit; after a failure, what was is undone
        session.execute(delete(OutboxClaim).where(OutboxClaim.claim == claim))
        session.commit()
    except Exception:  # the row then goes stale instead, and its messages show as interrupted a little later
        session.rollback()
        log.exception("could not release outbox claim %s", claim)


def drain(
    session: Session,
    *,
    key: MailKey,
    transport: Transport,
    settings: Settings,
    now: Callable[[], dt.datetime],
    batch: int = BATCH,
) -> DrainReport:
    """Send everything due, batch by batch, until nothing due is left; commits after each message."""
    report = DrainReport()
    beat = keep_alive_every(settings)
    try:
        while claimed := claim_due(session, now(), batch):
            claim, alive_at = str(claimed[0].claim), now()
            try:
                for message in claimed:
                    if now() - alive_at >= beat:
                        alive_at = now()
                        session.execute(update(OutboxClaim).where(OutboxClaim.claim == claim).values(alive_at=alive_at))
                        session.commit()
                    deliver(session, message, key=key, transport=transport, settings=settings, now=now(), report=report)
                    session.commit()
            finally:
                _release(session, claim)
        return report
    finally:
        transport.close()


@dataclass(frozen=True)
class OutboxSummary:
    by_state: dict[str, int]
    by_kind: dict[str, dict[str, int]]
    failures: list[OutboxMessage]
    next_due: Optional[dt.datetime]


# Reminders go only to those who have not answered: their number is the invited less the answered, which the
# campaign page suppresses under k. So no count of them is shown, and their failures show no domain.
UNCOUNTED_KINDS = frozenset({"reminder"})


def summary(session: Session, recent_failures: int = 50) -> OutboxSummary:
    """Counts by state and kind (reminders left out), the latest failures with their reasons, the next retry."""
    by_state = {state: 0 for state in OUTBOX_STATES}
    by_kind: dict[str, dict[str, int]] = {}
    rows = session.execute(
        select(OutboxMessage.kind, OutboxMessage.state, func.count())
        .where(OutboxMessage.kind.not_in(UNCOUNTED_KINDS))
        .group_by(OutboxMessage.kind, OutboxMessage.state)
    )
    for kind, state, count in rows:
        by_state[state] = by_state.get(state, 0) + count
        by_kind.setdefault(kind, {s: 0 for s in OUTBOX_STATES})[state] = count
    failures = list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.state == "failed")
            .order_by(OutboxMessage.finished_at.desc(), OutboxMessage.id.desc())
            .limit(recent_failures)
        )
    )
    next_due = session.scalar(select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.state == "queued"))
    return OutboxSummary(by_state, dict(sorted(by_kind.items())), failures, next_due)


def drain_with_settings(session: Session, settings: Settings, clock: Optional[Clock] = None) -> DrainReport:
    """Drain with the configured transport and mail key (what the scheduled job and the staff button run)."""
    from core.mail.keys import load_mail_key
    from core.mail.transport import transport_for

    clock = clock or SystemClock()
    return drain(
        session, key=load_mail_key(settings), transport=transport_for(settings), settings=settings, now=clock.now
    )
