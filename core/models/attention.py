"""What staff did about a response flagged as possible risk."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base
from core.models.people import User

HANDLED_NOTE_MAX = 500


class AttentionHandling(Base):
    """The staff note of how a flagged response was handled, with who and when.

    A table of its own, not columns on `response`: the public app writes and reads response rows and
    must never load what staff wrote about them.
    """

    __tablename__ = "attention_handling"

    response_id: Mapped[str] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), primary_key=True)
    note: Mapped[str] = mapped_column(String(HANDLED_NOTE_MAX))
    handled_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"), default=None)
    handled_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    handled_by: Mapped[Optional[User]] = relationship()
