"""Batches in which responses are released to staff, so no single response is seen as it arrives.

Tables of their own, not columns on `response`: the public app writes response rows and has no business
with when staff may read them. A response or addendum without a row here is held: staff pages, counts and the
analysis run leave it out until a batch takes it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, intpk


class ReleaseBatch(Base):
    """One release: the day it happened (the finest date staff see for what it holds) and what it held."""

    __tablename__ = "release_batch"

    id: Mapped[intpk]
    released_on: Mapped[dt.date] = mapped_column(Date, index=True)
    responses: Mapped[int] = mapped_column(Integer, default=0)
    addenda: Mapped[int] = mapped_column(Integer, default=0)


class ResponseRelease(Base):
    """A response released to staff, and in which batch."""

    __tablename__ = "response_release"

    response_id: Mapped[str] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("release_batch.id", ondelete="CASCADE"), index=True)


class AddendumRelease(Base):
    """An addendum (words added later with a receipt) released to staff, and in which batch."""

    __tablename__ = "addendum_release"

    addendum_id: Mapped[str] = mapped_column(ForeignKey("response_addendum.id", ondelete="CASCADE"), primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("release_batch.id", ondelete="CASCADE"), index=True)
