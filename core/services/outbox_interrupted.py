"""Messages whose sending was interrupted, and what staff may do with one: send it again, or record it as failed.

The rule: a message is interrupted when it is still "sending" and the drain that claimed it has ended (its claim
row is gone) or has not shown it was at work for `mail_interrupted_after_minutes`. No drain ever takes such a
message again by itself, since it may have arrived. Sending it again is for staff who accept it may arrive twice;
marking it failed drops its content, as for any failure. Either is refused for a message still being sent: the
check and the change are one UPDATE, so a drain that comes back to life meanwhile keeps its message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session, selectinload

from config import Settings
from core.errors import ValidationFailed
from core.models import INTERRUPTED_DECISIONS, OUTBOX_STATES, OutboxClaim, OutboxDecision, OutboxMessage
from core.services.audit import record
from core.services.listing import get_or_not_found

MARKED_FAILED_REASON = "The send was interrupted, so it may or may not have arrived; staff marked it as failed."
UNDERSTOOD_ERROR = "Confirm you understand that the person may get this email twice"


@dataclass(frozen=True)
class Interrupted:
    message: OutboxMessage
    # When its drain last showed it was at work; None when the drain has ended without recording this message.
    alive_at: Optional[dt.datetime]


def _cutoff(settings: Settings, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(minutes=settings.mail_interrupted_after_minutes)


def _is_interrupted(cutoff: dt.datetime) -> ColumnElement[bool]:
    """A "sending" message whose claim has no row kept alive since `cutoff`."""
    live = select(OutboxClaim.claim).where(OutboxClaim.alive_at > cutoff)
    return (OutboxMessage.state == "sending") & or_(OutboxMessage.claim.is_(None), OutboxMessage.claim.not_in(live))


def interrupted(session: Session, settings: Settings, now: dt.datetime, limit: int = 100) -> list[Interrupted]:
    """The interrupted messages, oldest first, each with when its drain was last heard from."""
    rows = session.execute(
        select(OutboxMessage, OutboxClaim.alive_at)
        .outerjoin(OutboxClaim, OutboxClaim.claim == OutboxMessage.claim)
        .where(_is_interrupted(_cutoff(settings, now)))
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return [Interrupted(message, alive_at) for message, alive_at in rows]


def decisions(session: Session, limit: int = 50) -> list[OutboxDecision]:
    """Staff's latest decisions on interrupted messages, newest first, with who made them."""
    return list(
        session.scalars(
            select(OutboxDecision)
            .options(selectinload(OutboxDecision.message), selectinload(OutboxDecision.user))
            .order_by(OutboxDecision.decided_at.desc(), OutboxDecision.id.desc())
            .limit(limit)
        )
    )


def _decide(
    session: Session,
    settings: Settings,
    message_id: int,
    decision: str,
    values: dict[str, Any],
    *,
    user_id: int,
    now: dt.datetime,
) -> OutboxMessage:
    message = get_or_not_found(session, OutboxMessage, message_id, "message in the outbox")
    changed = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, _is_interrupted(_cutoff(settings, now)))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if not changed.rowcount:  # type: ignore[attr-defined]
        session.refresh(message)
        if message.state == "sending":
            refusal = f"Message {message.id} is still being sent: wait and see how it ends before doing anything."
        else:
            state = OUTBOX_STATES.get(message.state, message.state).lower()
            refusal = f"Message {message.id} is not interrupted any more: it is {state}."
        raise ValidationFailed({"message": refusal}, refusal)
    session.add(OutboxDecision(message_id=message.id, decision=decision, user_id=user_id, decided_at=now))
    record(session, user_id, f"mail.interrupted_{decision}", "outbox_message", message.id, kind=message.kind)
    session.flush()
    session.refresh(message)
    return message


def send_again(
    session: Session, settings: Settings, message_id: int, *, understood: bool, user_id: int, now: dt.datetime
) -> OutboxMessage:
    """Queue an interrupted message to go at the next drain, once staff confirm it may arrive twice."""
    if not understood:
        get_or_not_found(session, OutboxMessage, message_id, "message in the outbox")
        raise ValidationFailed({"understood": UNDERSTOOD_ERROR}, UNDERSTOOD_ERROR)
    values = {"state": "queued", "claim": None, "next_attempt_at": now}
    return _decide(session, settings, message_id, "sent_again", values, user_id=user_id, now=now)


def mark_failed(
    session: Session, settings: Settings, message_id: int, *, user_id: int, now: dt.datetime
) -> OutboxMessage:
    """Record an interrupted message as failed, dropping its content as every finished message does."""
    values = {"state": "failed", "finished_at": now, "sealed": None, "last_error": MARKED_FAILED_REASON}
    return _decide(session, settings, message_id, "marked_failed", values, user_id=user_id, now=now)


__all__ = ["INTERRUPTED_DECISIONS", "Interrupted", "decisions", "interrupted", "mark_failed", "send_again"]
