"""Migration 0011 on a database with responses: what staff could already read stays readable, as one batch."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select, text

from core import migrate
from core.db import make_engine, make_session_factory
from core.models import ReleaseBatch
from core.services.release import release_waiting, waiting
from tests.migrations import old_rows
from tests.migrations.test_migrations import fresh_url  # noqa: F401  (the fixture)


def _insert_response(conn: Any, version_id: int, day: dt.date) -> None:
    conn.execute(
        text(
            "INSERT INTO response (id, survey_version_id, submitted_on, key_id, sealed, needs_attention, "
            "attention_handled) VALUES (:id, :v, :d, 'k', :b, false, false)"
        ),
        {"id": uuid.uuid4().hex, "v": version_id, "d": day, "b": b"sealed"},
    )


def test_upgrading_releases_the_responses_already_there_in_one_batch(fresh_url):  # noqa: F811
    migrate.upgrade(fresh_url, "0008")
    engine = make_engine(fresh_url)
    try:
        with engine.begin() as conn:
            version_id = old_rows.survey_version(conn)
            for n in range(3):
                _insert_response(conn, version_id, dt.date(2026, 11, n + 1))
        migrate.upgrade(fresh_url)
        with make_session_factory(engine)() as session:
            batches = list(session.scalars(select(ReleaseBatch)))
            assert [(b.responses, b.addenda) for b in batches] == [(3, 0)]
            assert waiting(session) == {}
            # A batch made afterwards gets an id of its own (on PostgreSQL, the id sequence was not left behind).
            _insert_response(session, version_id, dt.date(2026, 12, 1))
            later = release_waiting(session, dt.date(2026, 12, 2))
            session.commit()
            assert later is not None and later.id != batches[0].id
    finally:
        engine.dispose()
