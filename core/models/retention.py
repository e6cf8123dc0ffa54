"""How long each survey's answers are kept, and what each retention run deleted (counts only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, intpk


class SurveyRetention(Base):
    """A survey's own retention period, when it differs from its kind's default."""

    __tablename__ = "survey_retention"

    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True)
    months: Mapped[int] = mapped_column(Integer)


class RetentionRun(Base):
    """One run of the retention job: when, and how many rows of each table went. Never which ones."""

    __tablename__ = "retention_run"

    id: Mapped[intpk]
    ran_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    deleted: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # table name -> rows deleted
    total: Mapped[int] = mapped_column(Integer, default=0)


__all__ = ["RetentionRun", "SurveyRetention"]
