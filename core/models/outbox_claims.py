"""Which drains are sending mail now, and what staff decided for a message whose sending was interrupted.

A drain claims messages (state "sending") before it sends them. Its claim has a row here, made in the same
transaction, kept alive while the drain works and deleted when it ends. A message still "sending" whose claim has
no row, or one not kept alive for `mail_interrupted_after_minutes`, was interrupted: the process stopped between
taking it and recording how it went, so nobody knows whether it arrived. Staff decide what happens to it.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, intpk
from core.models.mail import OutboxMessage
from core.models.people import User


class OutboxClaim(Base):
    """One drain's hold on the messages it took, and when it last showed it was still at work."""

    __tablename__ = "outbox_claim"

    claim: Mapped[str] = mapped_column(String(32), primary_key=True)
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    alive_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


INTERRUPTED_DECISIONS: dict[str, str] = {"sent_again": "Sent again", "marked_failed": "Marked as failed"}


class OutboxDecision(Base):
    """Staff's decision on an interrupted message: send it again (it may arrive twice) or record it as failed."""

    __tablename__ = "outbox_decision"

    id: Mapped[intpk]
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_message.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"), default=None)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)

    message: Mapped[OutboxMessage] = relationship()
    user: Mapped[Optional[User]] = relationship()


__all__ = ["INTERRUPTED_DECISIONS", "OutboxClaim", "OutboxDecision"]
