"""Migration 0019: a classifier's version, which now names its polarity reader, fits; a downgrade re-themes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from core import migrate
from core.db import make_engine
from tests.migrations.test_migrations import fresh_url  # noqa: F401  (the fixture)

OLD = "shipped-0123456789ab/c65w1n192p128"
NEW = "retrained-0123456789ab/c65w1n192p128/reader-0123456789ab"


def _runs(engine) -> list[str]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return list(conn.scalars(text("SELECT model_version FROM analysis_run ORDER BY id")))


def test_versions_naming_the_reader_fit_and_a_downgrade_clears_only_those_too_long_for_it(fresh_url):  # noqa: F811
    migrate.upgrade(fresh_url, "0018")
    engine = make_engine(fresh_url)
    insert = text(
        "INSERT INTO analysis_run (id, trigger, model_version, status, started_at, pending, analysed, message) "
        "VALUES (:id, 'staff', :version, 'done', :now, 0, 0, '')"
    )
    now = dt.datetime(2026, 12, 5, tzinfo=dt.timezone.utc)
    try:
        with engine.begin() as conn:
            conn.execute(insert, {"id": 1, "version": OLD, "now": now})
        migrate.upgrade(fresh_url)
        with engine.begin() as conn:
            conn.execute(insert, {"id": 2, "version": NEW, "now": now})
        assert _runs(engine) == [OLD, NEW]
        migrate.downgrade(fresh_url, "0018")
        assert _runs(engine) == [OLD, ""]
    finally:
        engine.dispose()
