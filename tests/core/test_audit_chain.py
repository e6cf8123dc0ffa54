"""The audit log is append-only and tamper-evident: a hash chain that names the first event changed or removed."""

from __future__ import annotations

import threading
from typing import Iterator

import pytest
from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.exc import DBAPIError

from core.db import make_session_factory
from core.models import AuditEvent
from core.services.audit import GENESIS, record, verify_chain

_SQLITE_GUARD = (
    "CREATE TRIGGER audit_event_is_append_only BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END"
)


def _tamper(engine: Engine, statement) -> None:
    """Do what someone with the database's password could: switch the guard off, change rows, switch it on."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_is_append_only"))
            conn.execute(statement)
            conn.execute(text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_is_append_only"))
        else:
            conn.execute(text("DROP TRIGGER audit_event_is_append_only"))
            conn.execute(statement)
            conn.execute(text(_SQLITE_GUARD))


@pytest.fixture
def three_events(db) -> Iterator[list[AuditEvent]]:
    for n in range(3):
        record(db, None, "review.update", "review", n, field="title", old=f"was {n}", new=f"now {n}")
    db.commit()
    yield list(db.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def test_each_event_carries_the_hash_of_the_one_before_and_the_chain_verifies(db, three_events):
    first, second, third = three_events
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert len({e.hash for e in three_events}) == 3
    report = verify_chain(db)
    assert report.intact and report.checked == 3 and report.head_hash == third.hash


def test_the_database_refuses_to_change_an_audit_event(db, three_events):
    with pytest.raises(DBAPIError, match="audit events cannot be changed"):
        db.execute(update(AuditEvent).where(AuditEvent.id == three_events[1].id).values(action="nothing.happened"))
    db.rollback()


def test_verify_names_an_event_changed_behind_the_guard(db, engine, three_events):
    target = three_events[1].id
    _tamper(engine, update(AuditEvent).where(AuditEvent.id == target).values(details={"field": "nothing"}))
    db.expire_all()
    report = verify_chain(db)
    assert not report.intact
    assert report.broken_event_id == target and report.checked == 1
    assert "changed after it was written" in report.problem


def test_verify_names_the_event_after_one_that_was_removed(db, engine, three_events):
    _tamper(engine, delete(AuditEvent).where(AuditEvent.id == three_events[1].id))
    report = verify_chain(db)
    assert report.broken_event_id == three_events[2].id
    assert "does not follow the event before it" in report.problem


def test_verify_notices_the_newest_events_removed(db, engine, three_events):
    _tamper(engine, delete(AuditEvent).where(AuditEvent.id == three_events[2].id))
    report = verify_chain(db)
    assert not report.intact and report.checked == 2
    assert "newest events were removed" in report.problem


def test_two_writers_at_once_still_make_one_unbroken_chain(engine, db):
    """Each writer reads the previous hash only under the head's lock: no two events chain to the same one."""
    sessions = make_session_factory(engine)
    start = threading.Barrier(4)
    failures: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            start.wait()
            for n in range(15):
                with sessions() as session:
                    record(session, None, "review.update", "review", worker, n=n)
                    session.commit()
        except BaseException as exc:  # reported below: a thread's exception is otherwise lost
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    report = verify_chain(db)
    assert report.intact, report.problem
    assert report.checked == 60
    prev_hashes = db.scalars(select(AuditEvent.prev_hash)).all()
    assert len(set(prev_hashes)) == 60  # no fork: every event has a predecessor of its own
