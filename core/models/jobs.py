"""The scheduler's job table, in the metadata so the migrations own it (core.jobs reads and writes it)."""

from __future__ import annotations

from sqlalchemy import Column, Float, LargeBinary, Table, Unicode

from core.db import Base

scheduled_job = Table(
    "scheduled_job",
    Base.metadata,
    Column("id", Unicode(191), primary_key=True),
    Column("next_run_time", Float(25), index=True),
    Column("job_state", LargeBinary, nullable=False),
)

__all__ = ["scheduled_job"]
