"""A staff account's second factor: its TOTP key (encrypted at rest) and its one-time recovery codes (hashed)."""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, intpk, timestamp


class SecondFactor(Base):
    """One account's authenticator key: set up on first sign-in, confirmed by a code before it counts."""

    __tablename__ = "second_factor"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    # The base32 TOTP key, encrypted with the instance's second-factor key (core.second_factor.SecretBox).
    encrypted_secret: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[timestamp]
    # None while the person is still setting it up: until then it does not sign anyone in.
    confirmed_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True), default=None)
    # The 30-second time step of the last code accepted: a code is taken once, never again in its window.
    last_step: Mapped[int] = mapped_column(Integer, default=0)


class RecoveryCode(Base):
    """A one-time code for when the authenticator is lost; only its keyed hash is kept."""

    __tablename__ = "recovery_code"

    id: Mapped[intpk]
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True), default=None)
