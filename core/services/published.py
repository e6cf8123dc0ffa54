"""Published key area sets, as the public app reads them: no key, nothing sealed, nothing unpublished."""

from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.models import KeyAreaSet


def latest_published(session: Session) -> Optional[KeyAreaSet]:
    """The most recently published set, shown on the public site ("You said, we did")."""
    return session.scalar(
        select(KeyAreaSet)
        .where(KeyAreaSet.status == "published")
        .options(selectinload(KeyAreaSet.areas))
        .order_by(KeyAreaSet.published_on.desc(), KeyAreaSet.id.desc())
        .limit(1)
    )


def earlier_published(session: Session, current: Optional[KeyAreaSet]) -> list[KeyAreaSet]:
    """Every other published set, newest first."""
    query = select(KeyAreaSet).where(KeyAreaSet.status == "published")
    if current is not None:
        query = query.where(KeyAreaSet.id != current.id)
    return list(session.scalars(query.order_by(KeyAreaSet.published_on.desc(), KeyAreaSet.id.desc())))


def published_set(session: Session, set_id: int) -> Optional[KeyAreaSet]:
    """A published set by id; None for a draft, a withdrawn set or no set."""
    found = session.get(KeyAreaSet, set_id) if 0 < set_id < 2**31 else None
    return found if found is not None and found.status == "published" else None
