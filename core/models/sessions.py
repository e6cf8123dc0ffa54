"""Staff sign-in state kept on the server: sessions (so signing out ends them) and failed sign-in counts."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, intpk


class StaffSession(Base):
    """One signed-in browser. The cookie holds a random token; only its SHA-256 is kept here."""

    __tablename__ = "staff_session"

    id: Mapped[intpk]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    # Written at most once a minute (see core.services.staff_sessions), so idle expiry is exact to that minute.
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True), default=None)
    revoked_reason: Mapped[str] = mapped_column(String(40), default="")
    # A digest of the password hash at sign-in: a password changed by any path ends the sessions made before it.
    password_stamp: Mapped[str] = mapped_column(String(64))


class SignInFailures(Base):
    """Recent failed sign-ins for one account or one client address, both kept only as keyed hashes."""

    __tablename__ = "sign_in_failures"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
