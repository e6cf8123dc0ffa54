"""The schema only changes through migrations: the head matches the models, and every step goes both ways.

Revisions are read from the script directory, so ones added later are covered without editing this file.
Each test gets its own fresh database (a temporary SQLite file, or a PostgreSQL database created and dropped
beside TEST_DATABASE_URL's).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

import core.models  # noqa: F401  (every model module registers its tables on Base.metadata)
from core import migrate
from core.db import Base, make_engine


@pytest.fixture
def fresh_url(tmp_path: Path) -> Iterator[str]:
    """An empty database for one test."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"ll_migrations_{secrets.token_hex(4)}"
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _revisions(url: str) -> list[tuple[str, str]]:
    """(revision, the revision it steps down to) from base to head."""
    script = ScriptDirectory.from_config(migrate.alembic_config(url))
    assert len(script.get_heads()) == 1, f"the migrations have several heads: {script.get_heads()}"
    steps = []
    for revision in reversed(list(script.walk_revisions("base", "heads"))):
        down = revision.down_revision
        assert not isinstance(down, tuple), f"{revision.revision} is a merge; step it by hand"
        steps.append((revision.revision, down or "base"))
    return steps


def _current(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_the_head_matches_the_models(fresh_url):
    migrate.upgrade(fresh_url)
    engine = make_engine(fresh_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == [], f"models and migrations differ (add a revision with --autogenerate): {differences}"


def test_every_revision_upgrades_and_downgrades(fresh_url):
    steps = _revisions(fresh_url)
    assert steps[0] == ("0001", "base")
    for revision, down in steps:
        migrate.upgrade(fresh_url, revision)
        assert _current(fresh_url) == revision
        with_revision = _tables(fresh_url)
        migrate.downgrade(fresh_url, down)
        assert _current(fresh_url) == (None if down == "base" else down)
        migrate.upgrade(fresh_url, revision)
        assert _current(fresh_url) == revision
        assert _tables(fresh_url) == with_revision
    assert _tables(fresh_url) == set(Base.metadata.tables)
    migrate.downgrade(fresh_url, "base")
    assert _tables(fresh_url) == set()
