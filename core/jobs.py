"""Scheduled work: one APScheduler, its jobs in the database, started in one place.

Jobs live in the `scheduled_job` table, so a restart loses nothing, and a job that fell due
while the app was down runs once when it comes back (coalesced, no grace limit). The job state
is stored as JSON, never pickled: APScheduler's own SQLAlchemy store pickles, and anyone who
could write the database could then run code on the admin server. Only plain values, dates,
intervals and date or interval triggers can be stored; anything else is refused when added.

Job functions are module-level functions named by reference (`core.jobs:analyse_now`); they find
the database and keys through the `Runtime` given to `start`, since job state holds no objects.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from typing import Any, Callable, Optional
from zoneinfo import ZoneInfo

from apscheduler.job import Job
from apscheduler.jobstores.base import ConflictingIdError, JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from apscheduler.util import datetime_to_utc_timestamp
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.drafts import purge_expired
from core.services.findings import ClassifierCache

log = logging.getLogger("learning_loop.jobs")
JOB_TABLE = "scheduled_job"
_TRIGGERS: dict[str, type] = {"date": DateTrigger, "interval": IntervalTrigger}


def _encode(value: Any) -> Any:
    """A job's state as JSON-ready values, with tags for the few non-JSON types a job needs."""
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"$timedelta": value.total_seconds()}
    if isinstance(value, dt.tzinfo):
        return {"$timezone": getattr(value, "key", None) or str(value)}
    for name, kind in _TRIGGERS.items():
        if type(value) is kind:
            return {"$trigger": name, "state": _encode(value.__getstate__())}
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"a scheduled job can hold only plain values, dates and intervals, not {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$datetime" in value:
        return dt.datetime.fromisoformat(value["$datetime"])
    if "$timedelta" in value:
        return dt.timedelta(seconds=value["$timedelta"])
    if "$timezone" in value:
        name = value["$timezone"]
        return dt.timezone.utc if name == "UTC" else ZoneInfo(name)
    if "$trigger" in value:
        kind: Any = _TRIGGERS[value["$trigger"]]
        trigger = kind.__new__(kind)
        trigger.__setstate__(_decode(value["state"]))
        return trigger
    return {k: _decode(v) for k, v in value.items()}


class JsonJobStore(SQLAlchemyJobStore):
    """APScheduler's SQLAlchemy job store with JSON instead of pickle; its table comes from the migrations."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine=engine, tablename=JOB_TABLE)

    def start(self, scheduler: Any, alias: str) -> None:
        # The base class would create the table itself: here the migrations own the schema.
        super(SQLAlchemyJobStore, self).start(scheduler, alias)

    def shutdown(self) -> None:
        # The base class disposes the engine: it belongs to the app (a web request may store jobs), not to the store.
        return None

    @staticmethod
    def _dump(job: Job) -> bytes:
        state = job.__getstate__()
        state.pop("jobstore", None)
        return json.dumps(_encode(state)).encode()

    def add_job(self, job: Job) -> None:
        values = {
            "id": job.id,
            "next_run_time": datetime_to_utc_timestamp(job.next_run_time),
            "job_state": self._dump(job),
        }
        with self.engine.begin() as connection:
            try:
                connection.execute(self.jobs_t.insert().values(**values))
            except IntegrityError:
                raise ConflictingIdError(job.id) from None

    def update_job(self, job: Job) -> None:
        values = {"next_run_time": datetime_to_utc_timestamp(job.next_run_time), "job_state": self._dump(job)}
        with self.engine.begin() as connection:
            result = connection.execute(self.jobs_t.update().values(**values).where(self.jobs_t.c.id == job.id))
            if result.rowcount == 0:
                raise JobLookupError(job.id)

    def _reconstitute_job(self, job_state: bytes) -> Job:
        state = _decode(json.loads(job_state))
        state["args"] = tuple(state.get("args", ()))
        state["jobstore"] = self
        job = Job.__new__(Job)
        job.__setstate__(state)
        job._scheduler = self._scheduler
        job._jobstore_alias = self._alias
        return job


@dataclass
class Runtime:
    """What job functions need from the process that runs them."""

    session_factory: Callable[[], Session]
    settings: Any
    keyring: Any = None  # the admin process's Keyring, when its keys are unlocked
    clock: Any = None
    classifiers: ClassifierCache = field(default_factory=ClassifierCache)

    def today(self) -> dt.date:
        return (self.clock.now() if self.clock is not None else dt.datetime.now(dt.timezone.utc)).date()


_runtime: Optional[Runtime] = None


def runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("the scheduler has not been started with a runtime")
    return _runtime


# Stored with each job: late runs once, however late (the writer below must store the same).
JOB_DEFAULTS = {"coalesce": True, "misfire_grace_time": None, "max_instances": 1}


def make_scheduler(engine: Engine) -> BackgroundScheduler:
    """A scheduler whose jobs are kept in the database; late jobs run once when it starts."""
    return BackgroundScheduler(
        jobstores={"default": JsonJobStore(engine)},
        job_defaults=JOB_DEFAULTS,
        timezone=dt.timezone.utc,
    )


class _JobWriter(BaseScheduler):
    """A scheduler with no thread: it writes jobs to the table for the scheduler process and can never run one."""

    def wakeup(self) -> None:
        return None

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait=False)


def store_jobs(engine: Engine, jobs: list[tuple[str, Any, list[Any], str]]) -> None:
    """Add (func, trigger, args, id) jobs to the database from a process that does not run them (a web request)."""
    writer = _JobWriter(
        jobstores={"default": JsonJobStore(engine)}, job_defaults=JOB_DEFAULTS, timezone=dt.timezone.utc
    )
    writer.start(paused=True)
    try:
        for func, trigger, args, job_id in jobs:
            writer.add_job(func, trigger, args=args, id=job_id, replace_existing=True)
    finally:
        writer.shutdown(wait=False)


def start(scheduler: BackgroundScheduler, run: Runtime, *, recurring: bool = True) -> BackgroundScheduler:
    """Give jobs their runtime, add the recurring jobs (once) and start the scheduler."""
    global _runtime
    _runtime = run
    scheduler.start(paused=True)
    if recurring:
        for job_id, func, every in RECURRING:
            # Added only when missing: replacing would restart its interval at every restart of the app.
            if scheduler.get_job(job_id) is None:
                scheduler.add_job(func, IntervalTrigger(seconds=every), id=job_id)
    scheduler.resume()
    return scheduler


def purge_drafts() -> int:
    """Delete drafts past their expiry: the job that keeps abandoned answers from piling up."""
    run = runtime()
    session = run.session_factory()
    try:
        now = run.clock.now() if run.clock is not None else dt.datetime.now(dt.timezone.utc)
        purged = purge_expired(session, now)
        session.commit()
        return purged
    finally:
        session.close()


def analyse_new_responses(trigger: str = "schedule") -> None:
    """Theme the responses the current model has not seen (nothing to do is cheap: one count)."""
    from core.services.findings import run_analysis

    run = runtime()
    session = run.session_factory()
    try:
        run_analysis(session, run.keyring, run.classifiers.get(session), today=run.today(), trigger=trigger)
    finally:
        session.close()


def retrain_themes() -> None:
    """Retrain the theming model when staff have corrected more responses since the last training."""
    from core.services.findings import retrain

    run = runtime()
    if run.keyring is None:
        return
    session = run.session_factory()
    try:
        retrain(session, run.keyring, today=run.today())
    finally:
        session.close()


def release_responses() -> int:
    """Release waiting responses to staff in a batch when enough wait and the last batch is old enough.

    Runs hourly and decides itself, so the settings (release_min_batch, release_every_days) take effect without
    changing the stored job. Returns how many responses were released.
    """
    from core.services.release import release_due

    run = runtime()
    session = run.session_factory()
    try:
        batch = release_due(
            session,
            run.today(),
            min_batch=run.settings.release_min_batch,
            every_days=run.settings.release_every_days,
        )
        session.commit()
        return batch.responses if batch else 0
    finally:
        session.close()


def send_mail() -> None:
    """Send the outbox's due messages (see core.services.outbox)."""
    from core.services.outbox import drain_with_settings

    run = runtime()
    session = run.session_factory()
    try:
        drain_with_settings(session, run.settings, run.clock)
    finally:
        session.close()


RECURRING: list[tuple[str, str, int]] = [
    ("purge-drafts", "core.jobs:purge_drafts", 3600),
    ("release-responses", "core.jobs:release_responses", 3600),
    ("analysis", "core.jobs:analyse_new_responses", 300),
    ("retrain-themes", "core.jobs:retrain_themes", 86400),
    ("retention", "core.services.retention:scheduled_run", 86400),
    ("send-mail", "core.jobs:send_mail", 30),
]
