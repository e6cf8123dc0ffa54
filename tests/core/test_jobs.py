"""The scheduler keeps its jobs in the database as JSON: a restart loses nothing and late jobs run once."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from apscheduler.triggers.date import DateTrigger
from sqlalchemy import select

from core import jobs
from core.models import scheduled_job

RUNS: list[str] = []


def record_run(label: str) -> None:
    RUNS.append(label)


def _wait_for(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture(autouse=True)
def _no_runs():
    RUNS.clear()
    yield
    RUNS.clear()


def test_a_job_due_while_the_scheduler_was_stopped_runs_once_when_it_starts_again(engine, db, settings):
    first = jobs.make_scheduler(engine)
    first.start(paused=True)
    due = dt.datetime.now(dt.timezone.utc) + dt.timedelta(milliseconds=300)
    first.add_job("tests.core.test_jobs:record_run", DateTrigger(run_date=due), args=["follow-up"], id="follow-up")
    first.shutdown()
    time.sleep(0.5)  # the due time passes while nothing runs
    assert RUNS == []
    second = jobs.start(jobs.make_scheduler(engine), jobs.Runtime(lambda: db, settings), recurring=False)
    try:
        assert _wait_for(lambda: RUNS == ["follow-up"])
        time.sleep(0.3)
        assert RUNS == ["follow-up"]
        assert second.get_job("follow-up") is None  # a one-off job is gone once it has run
    finally:
        second.shutdown()
    third = jobs.start(jobs.make_scheduler(engine), jobs.Runtime(lambda: db, settings), recurring=False)
    try:
        time.sleep(0.3)
        assert RUNS == ["follow-up"]  # and a later restart does not run it again
    finally:
        third.shutdown()


def test_job_state_is_stored_as_json_not_pickle(engine):
    scheduler = jobs.make_scheduler(engine)
    scheduler.start(paused=True)
    try:
        run_date = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
        scheduler.add_job("tests.core.test_jobs:record_run", DateTrigger(run_date=run_date), args=["x"], id="later")
        with engine.connect() as conn:
            state = conn.execute(select(scheduled_job.c.job_state).where(scheduled_job.c.id == "later")).scalar_one()
        decoded = json.loads(state)
        assert decoded["func"] == "tests.core.test_jobs:record_run" and decoded["args"] == ["x"]
        job = scheduler.get_job("later")
        assert job is not None and job.next_run_time == run_date and job.args == ("x",)
    finally:
        scheduler.shutdown()


def test_a_job_that_would_need_pickling_is_refused(engine):
    scheduler = jobs.make_scheduler(engine)
    scheduler.start(paused=True)
    try:
        with pytest.raises(TypeError, match="plain values"):
            scheduler.add_job("tests.core.test_jobs:record_run", "date", args=[object()], id="bad")
        assert scheduler.get_job("bad") is None
    finally:
        scheduler.shutdown()


def test_the_recurring_jobs_are_added_once_however_often_the_app_starts(engine, db, settings):
    for _ in range(2):
        scheduler = jobs.start(jobs.make_scheduler(engine), jobs.Runtime(lambda: db, settings))
        scheduler.pause()
        ids = sorted(job.id for job in scheduler.get_jobs())
        scheduler.shutdown()
    assert ids == sorted(job_id for job_id, _, _ in jobs.RECURRING)
