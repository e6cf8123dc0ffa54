"""Staff accounts, partner agencies and the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, intpk, str80, str200, timestamp, utcnow

ROLES: dict[str, str] = {
    "admin": "Administrator",
    "staff": "Business unit staff",
    "board": "Board member (read only)",
    "partner": "Partner agency (read only)",
}
EDIT_ROLES = frozenset({"admin", "staff"})


class Agency(Base):
    """A partner agency: children's social care, police, a health trust, a school…"""

    __tablename__ = "agency"

    id: Mapped[intpk]
    name: Mapped[str200] = mapped_column(unique=True)
    kind: Mapped[str80] = mapped_column(default="other")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class User(Base):
    """A member of staff, board or partner agency who signs in to the admin app."""

    __tablename__ = "user_account"

    id: Mapped[intpk]
    email: Mapped[str200] = mapped_column(unique=True)
    name: Mapped[str200] = mapped_column(default="")
    password_hash: Mapped[str200]
    role: Mapped[str] = mapped_column(String(20), default="staff")
    agency_id: Mapped[Optional[int]] = mapped_column(ForeignKey("agency.id"), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[timestamp]
    last_login_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True), default=None)
    # Raised when the password changes or the account is deactivated (core.services.users): a session begun under
    # an older value belongs to credentials that no longer hold.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    agency: Mapped[Optional[Agency]] = relationship()

    @property
    def can_edit(self) -> bool:
        return self.role in EDIT_ROLES

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


class AuditEvent(Base):
    """Who did what, when: every read of decrypted text, every export, every register change."""

    __tablename__ = "audit_event"

    id: Mapped[intpk]
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"), default=None)
    action: Mapped[str80]
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[str] = mapped_column(String(40), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The hash chain (core.services.audit): each event holds the hash of the one before it and a hash of its own
    # content with that link, so an edited, removed or inserted event breaks the chain at that point.
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)

    user: Mapped[Optional[User]] = relationship()


class AuditChainHead(Base):
    """The one row holding the chain's latest hash and length: writers lock it so events chain one at a time."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    length: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
