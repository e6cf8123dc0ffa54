"""The audit log (DESIGN invariant 8): append-only, and a hash chain that shows any edit, removal or insertion.

Each event holds the hash of the event before it (`prev_hash`) and the hash of its own content with that link
(`hash`). `verify_chain` walks the events oldest first and names the first one that does not fit. The one-row
`audit_chain_head` holds the latest hash and the length, so removing the newest events shows too.

Two requests writing at once must not both chain to the same previous event. Every writer first updates the head
row, which takes its write lock (a row lock on PostgreSQL, the database write lock on SQLite) until the
transaction ends; only then does it read the previous hash. A second writer waits at that update and reads the
head only after the first has committed, so events chain strictly one after another.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import warnings
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import Text, cast, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from core.db import utcnow
from core.models import AuditChainHead, AuditEvent
from core.services.audit_actions import ACTION_LABELS, action_label
from core.presentation import UK

GENESIS = "0" * 64
HEAD_ID = 1


class UnlabelledAuditAction(UserWarning):
    """An action recorded without a plain-English name in core.services.audit_actions."""


def _chain_time(at: dt.datetime) -> str:
    """The time as the chain hashes it: UTC to the microsecond, the same whether the database kept the zone or not."""
    if at.tzinfo is not None:
        at = at.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def event_hash(
    prev_hash: str,
    at: dt.datetime,
    user_id: Optional[int],
    action: str,
    object_type: str,
    object_id: str,
    details: Any,
) -> str:
    """SHA-256 of an event's content and the previous event's hash, over canonical JSON (format 1)."""
    content = {
        "v": 1,
        "prev": prev_hash,
        "at": _chain_time(at),
        "user_id": user_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "details": details,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _lock_head(session: Session) -> AuditChainHead:
    """Take the chain's write lock and return the head as it stands under that lock."""
    step = (
        update(AuditChainHead)
        .where(AuditChainHead.id == HEAD_ID)
        .values(length=AuditChainHead.length + 1)
        .execution_options(synchronize_session=False)
    )
    if session.execute(step).rowcount == 0:  # type: ignore[attr-defined]
        # No head yet (an emptied database): make it, letting a concurrent writer's insert win.
        insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(
            insert(AuditChainHead)
            .values(id=HEAD_ID, length=0, last_hash=GENESIS)
            .on_conflict_do_nothing(index_elements=["id"])
        )
        session.execute(step)
    head = session.execute(
        select(AuditChainHead).where(AuditChainHead.id == HEAD_ID).execution_options(populate_existing=True)
    ).scalar_one()
    return head


def record(
    session: Session, user_id: int | None, action: str, object_type: str = "", object_id: object = "", **details: Any
) -> AuditEvent:
    """Add an audit event to the session, chained to the one before (committed with the change it describes)."""
    if action not in ACTION_LABELS:
        # A warning, not a refusal: the event is still logged in production; the tests make it an error.
        warnings.warn(f"audit action {action!r} has no label in ACTION_LABELS", UnlabelledAuditAction, stacklevel=2)
    # Stored exactly as hashed: what goes through JSON once is what the database gives back.
    stored_details = json.loads(json.dumps(details))
    head = _lock_head(session)
    event = AuditEvent(
        at=utcnow(),
        user_id=user_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        details=stored_details,
        prev_hash=head.last_hash,
    )
    event.hash = event_hash(event.prev_hash, event.at, user_id, action, object_type, event.object_id, stored_details)
    head.last_hash = event.hash
    session.add(event)
    # Written now, under the lock just taken, so the event's id follows the chain's order.
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    """What `verify_chain` found: how many events fit, and the first that does not (with why)."""

    checked: int
    head_hash: str
    broken_event_id: Optional[int] = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return not self.problem


def verify_chain(session: Session, batch: int = 1000) -> ChainReport:
    """Walk the audit log oldest first and report the first event whose link or content does not match."""
    previous, checked, last_id = GENESIS, 0, 0
    while True:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
        ).all()
        if not events:
            break
        for event in events:
            if event.prev_hash != previous:
                return ChainReport(
                    checked,
                    previous,
                    event.id,
                    f"event {event.id} does not follow the event before it: an event before it was removed or "
                    "inserted, or its link was changed",
                )
            expected = event_hash(
                event.prev_hash,
                event.at,
                event.user_id,
                event.action,
                event.object_type,
                event.object_id,
                event.details,
            )
            if event.hash != expected:
                return ChainReport(checked, previous, event.id, f"event {event.id} was changed after it was written")
            previous, checked, last_id = event.hash, checked + 1, event.id
        session.expunge_all()
    head = session.get(AuditChainHead, HEAD_ID)
    if head is None:
        if checked:
            return ChainReport(checked, previous, None, "the chain's head record is missing")
        return ChainReport(0, GENESIS)
    if head.last_hash != previous or head.length != checked:
        return ChainReport(
            checked,
            previous,
            None,
            f"the newest events were removed: the head records {head.length} events ending in "
            f"{head.last_hash[:12]}, the log has {checked} ending in {previous[:12]}",
        )
    return ChainReport(checked, previous)


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page is narrowed to: an action, a user, a date range (inclusive) and words to find."""

    action: str = ""
    user_id: Optional[int] = None
    date_from: Optional[dt.date] = None
    date_to: Optional[dt.date] = None
    search: str = ""


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight starting `day` in England (as the log shows its times), in UTC as events are stored."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=UK).astimezone(dt.timezone.utc)


def find_events(session: Session, wanted: AuditFilter, *, page: int, per_page: int) -> tuple[list[AuditEvent], int]:
    """One page of events matching the filter, newest first, and how many match in all."""
    conditions: list[Any] = []
    if wanted.action:
        conditions.append(AuditEvent.action == wanted.action)
    if wanted.user_id is not None:
        conditions.append(AuditEvent.user_id == wanted.user_id)
    if wanted.date_from is not None:
        conditions.append(AuditEvent.at >= _start_of(wanted.date_from))
    # Up to 31 December 9999, the last day a date can name, is no limit at all: the day after it cannot be counted.
    if wanted.date_to is not None and wanted.date_to < dt.date.max:
        conditions.append(AuditEvent.at < _start_of(wanted.date_to + dt.timedelta(days=1)))
    if wanted.search:
        # LIKE's own wildcards in the words are matched as themselves.
        escaped = wanted.search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
        conditions.append(
            func.lower(AuditEvent.action).like(like, escape="\\")
            | func.lower(AuditEvent.object_type + " " + AuditEvent.object_id).like(like, escape="\\")
            | func.lower(cast(AuditEvent.details, Text)).like(like, escape="\\")
        )
    total = session.scalar(select(func.count()).select_from(AuditEvent).where(*conditions)) or 0
    events = list(
        session.scalars(
            select(AuditEvent)
            .where(*conditions)
            .options(selectinload(AuditEvent.user))
            .order_by(AuditEvent.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return events, total


def known_actions(session: Session) -> list[tuple[str, str]]:
    """Every action the log holds as (code, plain-English label), by label, for the filter's list."""
    codes = session.scalars(select(AuditEvent.action).distinct())
    return sorted(((code, action_label(code)) for code in codes), key=lambda pair: (pair[1].lower(), pair[0]))
