"""Migration 0007 on a database with data: receipts get random ids, existing audit events are chained."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import text

from core import migrate
from core.db import make_engine, make_session_factory
from core.services.audit import verify_chain
from tests.migrations import old_rows
from tests.migrations.test_migrations import fresh_url  # noqa: F401  (the fixture)


def test_upgrading_rekeys_receipts_at_random_and_chains_the_audit_events_already_there(fresh_url):  # noqa: F811
    migrate.upgrade(fresh_url, "0007")
    engine = make_engine(fresh_url)
    try:
        with engine.begin() as conn:
            version_id = old_rows.survey_version(conn)
            for n in range(3):
                response_id = uuid.uuid4().hex
                conn.execute(
                    text(
                        "INSERT INTO response (id, survey_version_id, submitted_on, key_id, sealed, needs_attention, "
                        "attention_handled) VALUES (:id, :v, :d, 'k', :b, false, false)"
                    ),
                    {"id": response_id, "v": version_id, "d": dt.date(2026, 11, n + 1), "b": b"sealed"},
                )
                conn.execute(
                    text("INSERT INTO receipt (id, lookup, secret_hash, response_id) VALUES (:n, 'ABCD', 'h', :r)"),
                    {"n": n + 1, "r": response_id},
                )
                conn.execute(
                    text(
                        "INSERT INTO audit_event (at, action, object_type, object_id, details) "
                        "VALUES (:at, 'register.changed', 'review', :o, :details)"
                    ),
                    {"at": dt.datetime(2026, 11, n + 1, 9, tzinfo=dt.timezone.utc), "o": str(n), "details": '{"n": 1}'},
                )
        migrate.upgrade(fresh_url)
        with engine.connect() as conn:
            receipt_ids = conn.scalars(text("SELECT id FROM receipt")).all()
        assert len(receipt_ids) == 3
        assert all(uuid.UUID(hex=r).version == 4 for r in receipt_ids)
        with make_session_factory(engine)() as session:
            report = verify_chain(session)
        assert report.intact, report.problem
        assert report.checked == 3
    finally:
        engine.dispose()
