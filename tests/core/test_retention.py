"""Retention deletes exactly the answers whose time is up, with everything derived from them, and counts what went."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import json

from sqlalchemy import func, select, update

from core import jobs
from core.clock import FixedClock
from core.db import make_engine
from core.errors import ValidationFailed
from core.models import (
    AttentionHandling,
    Draft,
    Receipt,
    Response,
    ResponseAddendum,
    ResponseAnalysis,
    ResponseTheme,
    RetentionRun,
    scheduled_job,
    ThemeCorrection,
)
from core.retention import add_months, last_expired_day
from core.services.retention import apply_retention, overview, set_period
from tests.factories import survey_by_slug
from tests.feedback_app.flows import store_response

NOW = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.timezone.utc)
ANSWERS = {"kind": "compliment", "service": "Police", "details": "They listened to us."}


def _derive_everything(db, response_id: str) -> None:
    """Rows of every kind that analysis, staff and the respondent attach to a response."""
    db.add(ResponseAnalysis(response_id=response_id, model_version="m1", analysed_on=NOW.date()))
    db.add(ResponseTheme(response_id=response_id, theme_code="info-sharing", polarity="development"))
    db.add(ThemeCorrection(response_id=response_id, theme_code="info-sharing", polarity="neutral"))
    db.add(AttentionHandling(response_id=response_id, note="Rang the front door.", handled_at=NOW))
    db.add(ResponseAddendum(response_id=response_id, submitted_on=NOW.date(), key_id="k", sealed=b"x"))
    db.commit()


def _count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def _store(db, settings, slug: str, day: dt.date, answers=ANSWERS) -> str:
    return store_response(db, settings, slug, answers, today=day).response_id


def test_responses_go_on_the_day_their_period_ends_with_everything_derived_from_them(db, settings, surveys):
    two_years_ago = add_months(NOW.date(), -24)
    expired = [_store(db, settings, "compliments-complaints", two_years_ago - dt.timedelta(days=d)) for d in (0, 400)]
    kept = [_store(db, settings, "compliments-complaints", two_years_ago + dt.timedelta(days=d)) for d in (1, 300)]
    for response_id in (expired[0], kept[0]):
        _derive_everything(db, response_id)
    db.add(Draft(id="a" * 32, survey_version_id=1, ciphertext=b"c", expires_at=NOW - dt.timedelta(hours=1)))
    db.add(Draft(id="b" * 32, survey_version_id=1, ciphertext=b"c", expires_at=NOW + dt.timedelta(hours=1)))
    db.commit()

    run = apply_retention(db, settings.retention_years, NOW)
    db.commit()

    assert set(db.scalars(select(Response.id))) == set(kept)
    assert set(db.scalars(select(Receipt.response_id))) == set(kept)
    for model in (ResponseAnalysis, ResponseTheme, ThemeCorrection, AttentionHandling, ResponseAddendum):
        assert set(db.scalars(select(model.response_id))) == {kept[0]}, model.__name__
    assert list(db.scalars(select(Draft.id))) == ["b" * 32]
    assert run.deleted == {
        "attention_handling": 1,
        "draft": 1,
        "receipt": 2,
        "response": 2,
        "response_addendum": 1,
        "response_analysis": 1,
        "response_release": 2,
        "response_theme": 1,
        "theme_correction": 1,
    }
    assert run.total == 12
    stored = db.scalars(select(RetentionRun)).one()
    assert stored.deleted == run.deleted and stored.ran_at == NOW
    assert not any(response_id in str(stored.deleted) for response_id in expired)  # counts, never which


def test_a_survey_with_its_own_period_keeps_its_answers_that_long_and_other_surveys_keep_theirs(db, settings, surveys):
    seven_months_ago = add_months(NOW.date(), -7)
    short = _store(db, settings, "compliments-complaints", seven_months_ago)
    other = store_response(
        db, settings, "young-people", {}, today=seven_months_ago
    ).response_id  # the default two years
    set_period(db, survey_by_slug(db, "compliments-complaints"), 6)
    db.commit()

    run = apply_retention(db, settings.retention_years, NOW)
    db.commit()
    assert set(db.scalars(select(Response.id))) == {other}
    assert short not in set(db.scalars(select(Response.id)))
    assert run.deleted == {"receipt": 1, "response": 1, "response_release": 1}


def test_nothing_expired_deletes_nothing_and_still_records_the_run(db, settings, surveys):
    _store(db, settings, "compliments-complaints", NOW.date())
    run = apply_retention(db, settings.retention_years, NOW)
    db.commit()
    assert run.total == 0 and run.deleted == {}
    assert _count(db, Response) == 1 and _count(db, RetentionRun) == 1


@pytest.mark.parametrize("months", [0, -3, 12 * 25 + 1])
def test_a_retention_period_out_of_bounds_is_refused(db, surveys, months):
    with pytest.raises(ValidationFailed):
        set_period(db, survey_by_slug(db, "compliments-complaints"), months)


def test_staff_are_told_when_answers_sent_today_will_be_deleted(db, settings, surveys):
    survey = survey_by_slug(db, "compliments-complaints")
    set_period(db, survey, 18)
    views = overview(db, settings.retention_years, dt.date(2026, 12, 2))
    assert views[survey.id].period == "18 months" and views[survey.id].own
    assert views[survey.id].sent_today_deleted_on == dt.date(2028, 6, 2)
    young = survey_by_slug(db, "young-people")
    assert views[young.id].period == "2 years" and not views[young.id].own
    assert views[young.id].sent_today_deleted_on == dt.date(2028, 12, 2)


@pytest.mark.parametrize(
    ("today", "months", "last"),
    [
        (dt.date(2026, 12, 2), 24, dt.date(2024, 12, 2)),
        (dt.date(2026, 2, 28), 24, dt.date(2024, 2, 29)),  # sent on a leap day: gone on the 28th two years on
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2026, 4, 30), 1, dt.date(2026, 3, 31)),  # 31 March + 1 month is 30 April
    ],
)
def test_the_last_expired_day_is_the_latest_whose_deletion_date_has_come(today, months, last):
    assert last_expired_day(today, months) == last
    assert add_months(last, months) <= today < add_months(last + dt.timedelta(days=1), months)


def test_a_retention_run_missed_while_the_scheduler_was_down_runs_when_it_comes_back(
    db, settings, surveys, database_url
):
    _store(db, settings, "compliments-complaints", add_months(NOW.date(), -30))
    clock = FixedClock(NOW)
    # The scheduler's own engine, as in the scheduler process: its job store disposes of it at shutdown.
    engine = make_engine(database_url)
    try:
        first = jobs.start(jobs.make_scheduler(engine), jobs.Runtime(_sessions(engine), settings, clock=clock))
        first.shutdown()
        _make_due(engine, "retention", dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1))
        assert _count(db, RetentionRun) == 0
        second = jobs.start(jobs.make_scheduler(engine), jobs.Runtime(_sessions(engine), settings, clock=clock))
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and _count(db, RetentionRun) == 0:
                time.sleep(0.05)
                db.rollback()
        finally:
            second.shutdown()
    finally:
        engine.dispose()
    assert _count(db, RetentionRun) == 1
    assert _count(db, Response) == 0


def _sessions(engine):
    from core.db import make_session_factory

    return make_session_factory(engine)


def _make_due(engine, job_id: str, when: dt.datetime) -> None:
    """Move a stored job's next run into the past, as if the scheduler had been down when it fell due."""
    with engine.begin() as conn:
        state = json.loads(
            conn.execute(select(scheduled_job.c.job_state).where(scheduled_job.c.id == job_id)).scalar_one()
        )
        state["next_run_time"] = {"$datetime": when.isoformat()}
        conn.execute(
            update(scheduled_job)
            .where(scheduled_job.c.id == job_id)
            .values(next_run_time=when.timestamp(), job_state=json.dumps(state).encode())
        )
