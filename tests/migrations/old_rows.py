"""Rows written as an older schema has them, by plain SQL: the models may have grown columns since."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, text


def survey_version(conn: Connection) -> int:
    """A survey with one version, as every schema from 0001 has them; returns the version's id."""
    now = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    conn.execute(
        text(
            "INSERT INTO survey (id, slug, title, audience, summary, is_public, status, created_at) "
            "VALUES (1, 's', 'S', 'practitioner', '', true, 'open', :now)"
        ),
        {"now": now},
    )
    conn.execute(
        text(
            "INSERT INTO survey_version (id, survey_id, number, intro, page_titles, created_at) "
            "VALUES (1, 1, 1, '', '{}', :now)"
        ),
        {"now": now},
    )
    return 1
