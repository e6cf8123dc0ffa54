"""Applying edits to register entries and describing them for the audit log (field: old -> new)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from sqlalchemy.orm import Session

from core.services.audit import record


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value for the audit log."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def apply_changes(obj: Any, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set attributes on `obj`; return {field: [old, new]} for those that actually changed."""
    changed: dict[str, list[Any]] = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            changed[name] = [_plain(old), _plain(new)]
            setattr(obj, name, new)
    return changed


def snapshot(values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The diff of a newly created entry: every field from nothing to its value."""
    return {name: [None, _plain(value)] for name, value in values.items() if value not in (None, "", False, [])}


def record_change(
    session: Session,
    user_id: int | None,
    action: str,
    object_type: str,
    object_id: object,
    changes: Mapping[str, list[Any]],
    **details: Any,
) -> None:
    """Audit-log a register change with its diff (DESIGN invariant 8)."""
    record(session, user_id, action, object_type, object_id, changes=dict(changes), **details)


def describe_changes(changes: Mapping[str, list[Any]]) -> list[str]:
    """Readable lines such as "stage: notified -> rapid_review" (for the audit log page)."""
    return [
        f"{name}: {'' if old is None else old} -> {'' if new is None else new}" for name, (old, new) in changes.items()
    ]
