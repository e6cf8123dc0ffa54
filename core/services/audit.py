"""Writing the audit log (DESIGN invariant 8)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from core.models import AuditEvent


def record(
    session: Session, user_id: int | None, action: str, object_type: str = "", object_id: object = "", **details: Any
) -> AuditEvent:
    """Add an audit event to the session (committed with the change it describes)."""
    event = AuditEvent(
        user_id=user_id, action=action, object_type=object_type, object_id=str(object_id), details=details
    )
    session.add(event)
    return event
