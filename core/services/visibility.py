"""Who may see which register entries.

Business unit staff, administrators and board members see every entry. Partner users see
every entry that is not restricted, and restricted entries only when they belong to their own
agency (a partner user without an agency sees no restricted entries). Learning points and
actions follow their source (the copied `source_restricted` / `source_agency_id`); a partner
also sees actions its own agency owns, because it has to carry them out.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, false, or_, true

from core.errors import NotFound
from core.models import Action, LearningPoint, User

LIMITED_ROLES = frozenset({"partner"})


def is_limited(user: User) -> bool:
    """True when the user sees restricted entries of their own agency only."""
    return user.role in LIMITED_ROLES


def entry_filter(model: Any, user: User) -> ColumnElement[bool]:
    """A WHERE clause for a register model with `restricted` and `agency_id` columns."""
    if not is_limited(user):
        return true()
    if user.agency_id is None:
        return model.restricted.is_(False)
    return or_(model.restricted.is_(False), model.agency_id == user.agency_id)


def can_see(user: User, entry: Any) -> bool:
    """Whether this user may see this register entry."""
    if not is_limited(user) or not entry.restricted:
        return True
    return user.agency_id is not None and entry.agency_id == user.agency_id


def ensure_visible(user: User, entry: Any, what: str = "entry") -> Any:
    """Return the entry, or raise NotFound (never say that a hidden entry exists)."""
    if entry is None or not can_see(user, entry):
        raise NotFound(f"There is no such {what}.")
    return entry


def learning_point_filter(user: User) -> ColumnElement[bool]:
    """A WHERE clause hiding learning points whose source this user may not see."""
    if not is_limited(user):
        return true()
    if user.agency_id is None:
        return LearningPoint.source_restricted.is_(False)
    return or_(LearningPoint.source_restricted.is_(False), LearningPoint.source_agency_id == user.agency_id)


def action_filter(user: User) -> ColumnElement[bool]:
    """A WHERE clause hiding actions this user may not see (see the module docstring)."""
    if not is_limited(user):
        return true()
    if user.agency_id is None:
        return or_(Action.source_restricted.is_(False), false())
    return or_(
        Action.source_restricted.is_(False),
        Action.source_agency_id == user.agency_id,
        Action.owner_agency_id == user.agency_id,
    )


def can_see_action(user: User, action: Action) -> bool:
    """Whether this user may see this action."""
    if not is_limited(user) or not action.source_restricted:
        return True
    return user.agency_id is not None and user.agency_id in (action.source_agency_id, action.owner_agency_id)
