"""Published key area sets, as the public app reads them: no key, nothing sealed, nothing unpublished."""

from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.errors import NotFound, Withdrawn
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


def any_withdrawn(session: Session) -> bool:
    """Whether the partnership has withdrawn a set it published: with none published now, the pages say so."""
    return session.scalar(select(KeyAreaSet.id).where(KeyAreaSet.status == "withdrawn").limit(1)) is not None


def earlier_published(session: Session, current: Optional[KeyAreaSet]) -> list[KeyAreaSet]:
    """Every other published set, newest first."""
    query = select(KeyAreaSet).where(KeyAreaSet.status == "published")
    if current is not None:
        query = query.where(KeyAreaSet.id != current.id)
    return list(session.scalars(query.order_by(KeyAreaSet.published_on.desc(), KeyAreaSet.id.desc())))


def published_set(session: Session, set_id: int) -> KeyAreaSet:
    """A published set by id; a withdrawn set is said to be withdrawn, and a draft is no more found than no set."""
    found = session.get(KeyAreaSet, set_id) if 0 < set_id < 2**31 else None
    if found is not None and found.status == "withdrawn":
        raise Withdrawn(
            "The partnership has withdrawn this set of key areas, so it is no longer shown. "
            "The key areas it is working on now are on the “You said, we did” page."
        )
    if found is None or found.status != "published":
        raise NotFound(
            "We could not find that set of key areas. The key areas the partnership is working on now are on the "
            "“You said, we did” page."
        )
    return found
