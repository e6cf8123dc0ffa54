"""Mail: the outbox, mailing lists of people who opted in, invitations, dissemination and follow-ups.

None of these tables links to a response, and no response links to them (DESIGN invariant 5).
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, intpk, str40, str200, timestamp

OUTBOX_STATES: dict[str, str] = {
    "queued": "Waiting to be sent",
    "sending": "Being sent (or interrupted: never sent twice)",
    "sent": "Sent",
    "failed": "Failed",
    "cancelled": "Cancelled (the person unsubscribed)",
}


class OutboxMessage(Base):
    """One email waiting, sent or failed. Its content is encrypted, and dropped once it has left."""

    __tablename__ = "outbox_message"

    id: Mapped[intpk]
    kind: Mapped[str40]
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    # Which drain took the message: a message is claimed (and that committed) before it is sent.
    claim: Mapped[Optional[str]] = mapped_column(String(32), default=None, index=True)
    created_at: Mapped[timestamp]
    finished_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True), default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # Only the domain is shown to staff (which relay or organisation refuses mail), never the address.
    recipient_domain: Mapped[str200] = mapped_column(default="")
    message_id: Mapped[str200]
    sealed: Mapped[Optional[bytes]] = mapped_column(LargeBinary, default=None)


__all__ = ["OUTBOX_STATES", "OutboxMessage"]
