"""Deleting answers whose time is up, with everything derived from them, and recording how many went.

Whatever refers to a response (its receipt, addenda, analysis, themes, staff corrections, attention
notes, and any table added later with a foreign key to it) is found from the schema's foreign keys
and deleted first, so nothing derived from an expired answer outlives it. On SQLite, deleted
content is overwritten in the file (`secure_delete`, set on every connection in core.db) and the
write-ahead log is checkpointed and truncated after the run, so old page images do not linger there.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, select, text
from sqlalchemy.orm import Session

from core.db import Base
from core.drafts import purge_expired
from core.errors import ValidationFailed
from core.models import Response, Survey, SurveyVersion
from core.models.retention import RetentionRun, SurveyRetention
from core.retention import MAX_MONTHS, MIN_MONTHS, deleted_on, describe_period, last_expired_day, period_for

log = logging.getLogger("learning_loop.retention")


@dataclass(frozen=True)
class SurveyRetentionView:
    """What staff are told about one survey's retention."""

    months: int
    own: bool  # set for this survey, not its kind's default
    period: str  # "2 years"
    sent_today_deleted_on: dt.date


def period_of(session: Session, survey: Survey, default_years: int) -> int:
    own = session.get(SurveyRetention, survey.id)
    return period_for(survey.audience, own.months if own else None, default_years)


def overview(session: Session, default_years: int, today: dt.date) -> dict[int, SurveyRetentionView]:
    """Each survey's retention, by survey id, for the staff pages."""
    own = {r.survey_id: r.months for r in session.scalars(select(SurveyRetention))}
    views = {}
    for survey_id, audience in session.execute(select(Survey.id, Survey.audience)):
        months = period_for(audience, own.get(survey_id), default_years)
        views[survey_id] = SurveyRetentionView(
            months, survey_id in own, describe_period(months), deleted_on(today, months)
        )
    return views


def set_period(session: Session, survey: Survey, months: int | None) -> None:
    """Give a survey its own retention period in months, or (None) return it to its kind's default; flushes."""
    current = session.get(SurveyRetention, survey.id)
    if months is None:
        if current is not None:
            session.delete(current)
        session.flush()
        return
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        raise ValidationFailed(
            {"months": f"Keep answers between {MIN_MONTHS} and {MAX_MONTHS} months"},
            "That retention period is not allowed",
        )
    if current is None:
        session.add(SurveyRetention(survey_id=survey.id, months=months))
    else:
        current.months = months
    session.flush()


def _references_to(table: Table) -> list[tuple[Table, Any, Any]]:
    """(child table, its column, the column of `table` it refers to) for every foreign key pointing at `table`."""
    found = []
    for child in Base.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table and child is not table:
                found.append((child, fk.parent, fk.column))
    return found


def _delete_where(session: Session, table: Table, condition: ColumnElement[bool], counts: dict[str, int]) -> None:
    """Delete the rows of `table` matching `condition`, after every row anywhere that refers to them."""
    for child, column, referred in _references_to(table):
        _delete_where(session, child, column.in_(select(referred).where(condition)), counts)
    deleted = session.execute(delete(table).where(condition)).rowcount or 0  # type: ignore[attr-defined]
    if deleted:
        counts[table.name] = counts.get(table.name, 0) + deleted


def expired_condition(session: Session, default_years: int, today: dt.date) -> ColumnElement[bool] | None:
    """Which responses have reached their deletion date: one clause per survey, or None if none can have."""
    response: Table = Response.__table__  # type: ignore[assignment]
    own = {r.survey_id: r.months for r in session.scalars(select(SurveyRetention))}
    clauses = []
    for survey_id, audience in session.execute(select(Survey.id, Survey.audience)):
        last_day = last_expired_day(today, period_for(audience, own.get(survey_id), default_years))
        versions = select(SurveyVersion.id).where(SurveyVersion.survey_id == survey_id)
        clauses.append(response.c.survey_version_id.in_(versions) & (response.c.submitted_on <= last_day))
    if not clauses:
        return None
    condition = clauses[0]
    for clause in clauses[1:]:
        condition = condition | clause
    return condition


def apply_retention(session: Session, default_years: int, now: dt.datetime) -> RetentionRun:
    """Delete expired responses, what refers to them, and expired drafts; record the counts. The caller commits."""
    counts: dict[str, int] = {}
    condition = expired_condition(session, default_years, now.date())
    if condition is not None:
        _delete_where(session, Response.__table__, condition, counts)  # type: ignore[arg-type]
    drafts = purge_expired(session, now)
    if drafts:
        counts["draft"] = drafts
    run = RetentionRun(ran_at=now, deleted=dict(sorted(counts.items())), total=sum(counts.values()))
    session.add(run)
    session.flush()
    return run


def forget_freed_pages(session: Session) -> None:
    """On SQLite, copy the write-ahead log into the file and truncate it, so deleted pages leave no copy behind."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def recent_runs(session: Session, limit: int = 5) -> list[RetentionRun]:
    return list(session.scalars(select(RetentionRun).order_by(RetentionRun.ran_at.desc()).limit(limit)))


def scheduled_run() -> int:
    """The daily job: apply retention in its own session; returns how many rows went."""
    from core.jobs import runtime

    run = runtime()
    session = run.session_factory()
    try:
        now = run.clock.now() if run.clock is not None else dt.datetime.now(dt.timezone.utc)
        record = apply_retention(session, run.settings.retention_years, now)
        session.commit()
        forget_freed_pages(session)
        session.commit()
        log.info("retention: %s rows deleted %s", record.total, record.deleted)
        return record.total
    finally:
        session.close()
