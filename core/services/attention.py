"""Handling responses flagged as possible risk: a staff note of what was done, who and when, and undo."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.models import AttentionHandling, Response
from core.services.audit import record
from core.presentation import uk_time


def mark_handled(session: Session, user_id: int, response: Response, note: str, now: dt.datetime) -> AttentionHandling:
    """Record what was done about a flagged response (`note`, already checked by the form); audit-logged."""
    handling = session.get(AttentionHandling, response.id)
    if handling is None:
        handling = AttentionHandling(response_id=response.id)
        session.add(handling)
    handling.note = note
    handling.handled_by_id = user_id
    handling.handled_at = now
    response.attention_handled = True
    record(session, user_id, "response.attention_handled", "response", response.id, note=note)
    session.flush()
    return handling


def undo_handled(session: Session, user_id: int, response: Response) -> bool:
    """Put a handled response back among those needing attention; False if it was not marked handled."""
    handling = session.get(AttentionHandling, response.id)
    if not response.attention_handled and handling is None:
        return False
    # The audit event keeps the note being undone: the only record of it once the row is gone.
    record(
        session,
        user_id,
        "response.attention_handled_undone",
        "response",
        response.id,
        note=handling.note if handling else "",
        handled_by=handling.handled_by_id if handling else None,
    )
    if handling is not None:
        session.delete(handling)
    response.attention_handled = False
    session.flush()
    return True


def handling_of(session: Session, response_ids: Iterable[str]) -> dict[str, AttentionHandling]:
    """The handling notes (with who wrote them) of these responses, by response id."""
    ids = list(response_ids)
    if not ids:
        return {}
    rows = session.scalars(
        select(AttentionHandling)
        .where(AttentionHandling.response_id.in_(ids))
        .options(selectinload(AttentionHandling.handled_by))
    )
    return {row.response_id: row for row in rows}


def in_england(moment: dt.datetime) -> dt.datetime:
    """A stored staff timestamp in England's time (SQLite gives it back without its UTC zone): the one conversion
    every staff page uses, as the `uk_time` filter."""
    return uk_time(moment)
