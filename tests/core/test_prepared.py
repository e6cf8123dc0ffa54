"""core.db.Prepared: the public pages' few statements, run on the DB-API cursor, must match execute()."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import bindparam, select

from core import drafts as drafts_module
from core.db import Prepared
from core.drafts import new_handle, save_draft
from core.models import Draft, Survey
from core.services import surveys as surveys_module

NOW = dt.datetime(2026, 11, 27, 10, 30, tzinfo=dt.timezone.utc)


def _plain(statement):
    """The SQLAlchemy statement a Prepared wraps, to run through execute() for comparison."""
    return statement.statement


@pytest.mark.parametrize("with_draft", [False, True])
def test_the_survey_and_draft_statement_returns_what_execute_returns(engine, surveys, db, with_draft):
    handle = new_handle()
    if with_draft:
        version_id = db.scalar(select(Survey).where(Survey.slug == "practitioner-feedback")).current_version.id
        save_draft(db, handle, version_id, {"answers": {"role": "Housing"}}, now=NOW, lifetime_hours=12)
        db.commit()
    params = {"slug": "practitioner-feedback", "draft_id": handle.draft_id}
    with engine.connect() as connection:
        prepared = surveys_module._SURVEY_WITH_DRAFT.first(connection, params)
        expected = connection.execute(_plain(surveys_module._SURVEY_WITH_DRAFT), params).one()
    assert prepared == tuple(expected)
    if with_draft:
        # Types came back as execute() gives them: a datetime (SQLite stores text), bytes for the ciphertext.
        assert isinstance(prepared[-1], dt.datetime) and prepared[-1] == expected[-1]
        assert bytes(prepared[-2]) == bytes(expected[-2])
    else:
        assert prepared[-3:] == (None, None, None)
    with engine.connect() as connection:
        assert surveys_module._SURVEY_WITH_DRAFT.first(connection, {**params, "slug": "no-such-survey"}) is None


def test_a_draft_saved_by_the_prepared_statements_reads_back_exactly_through_the_orm(engine, surveys, db):
    version_id = db.scalar(select(Survey).where(Survey.slug == "practitioner-feedback")).current_version.id
    handle = new_handle()
    with engine.connect() as connection:
        save_draft(connection, handle, version_id, {"answers": {}}, now=NOW, lifetime_hours=12)  # the INSERT
        connection.commit()
    first = db.get(Draft, handle.draft_id)
    assert first is not None and first.survey_version_id == version_id
    expires = first.expires_at if first.expires_at.tzinfo else first.expires_at.replace(tzinfo=dt.timezone.utc)
    assert expires == dt.datetime(2026, 11, 27, 23, 0, tzinfo=dt.timezone.utc)
    old_blob = bytes(first.ciphertext)
    db.expunge_all()
    with engine.connect() as connection:
        save_draft(
            connection,
            handle,
            version_id,
            {"answers": {"role": "Police"}},
            now=NOW + dt.timedelta(hours=3),
            lifetime_hours=12,
        )  # the UPDATE
        connection.commit()
    again = db.get(Draft, handle.draft_id)
    assert again is not None and bytes(again.ciphertext) != old_blob
    expires = again.expires_at if again.expires_at.tzinfo else again.expires_at.replace(tzinfo=dt.timezone.utc)
    assert expires == dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.timezone.utc)
    # Compared by the database itself: the prepared write stored the same text or timestamp execute() would.
    assert db.scalar(select(Draft.id).where(Draft.expires_at == again.expires_at)) == handle.draft_id


def test_prepared_writes_live_in_the_connections_transaction(engine, surveys, db):
    version_id = db.scalar(select(Survey).where(Survey.slug == "practitioner-feedback")).current_version.id
    kept, dropped = new_handle(), new_handle()
    params = {"version_id": version_id, "blob": b"\x00" * 40, "expires": NOW}
    with engine.connect() as connection:
        assert drafts_module._INSERT.run(connection, {**params, "draft_id": dropped.draft_id}) == 1
        assert connection.in_transaction()
        connection.rollback()
        assert drafts_module._INSERT.run(connection, {**params, "draft_id": kept.draft_id}) == 1
        connection.commit()
        assert drafts_module._UPDATE.run(connection, {**params, "draft_id": "0" * 32}) == 0  # no such row
    stored = set(db.scalars(select(Draft.id)))
    assert kept.draft_id in stored and dropped.draft_id not in stored


def test_statements_that_expand_parameters_are_refused(engine):
    prepared = Prepared(select(Survey.id).where(Survey.slug.in_(bindparam("slugs", expanding=True))))
    with engine.connect() as connection, pytest.raises(ValueError, match="expanded at run time"):
        prepared.first(connection, {"slugs": ["a", "b"]})
