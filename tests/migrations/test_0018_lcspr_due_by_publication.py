"""Migration 0018: local reviews saved before their deadline went by publication get the next deadline it gives;
every other review keeps what it had."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from core import migrate
from core.db import make_engine, make_session_factory
from core.models import Review
from core.services.deadlines import notification_due, rapid_review_due
from core.services.reviews import refresh_deadlines
from tests.migrations.test_migrations import fresh_url  # noqa: F401  (the fixture)

AWARE, NOTIFIED, SENT, DECIDED = dt.date(2026, 8, 3), dt.date(2026, 8, 5), dt.date(2026, 8, 20), dt.date(2026, 8, 31)
DUE_LOCAL = dt.date(2027, 2, 28)  # 6 months after 31 August: the end of February
NO_RULE = dt.date(2030, 1, 1)  # a next deadline no rule gives: a row rewritten by the migration would lose it


def _review(conn, review_id, stage, decision, *, completed_on, published_on, closed_on=None, next_due=(None, None)):
    """A review whose notification and rapid review were on time, saved as 0017's code saved it."""
    conn.execute(
        text(
            "INSERT INTO review (id, reference, kind, subject, summary, stage, lead_reviewer, national_panel_ref, "
            "participation_notes, restricted, created_at, updated_at, aware_on, notified_on, rapid_review_on, "
            "decision, decision_on, completed_on, published_on, closed_on, notification_due_on, rapid_review_due_on, "
            "local_review_due_on, next_due_on, next_due_kind) "
            "VALUES (:id, :ref, 'lcspr', 'Child A', '', :stage, '', '', '', false, "
            ":now, :now, :aware, :notified, :sent, :decision, :decided, :completed, :published, :closed, "
            ":notification_due, :rapid_due, :local_due, :next_due_on, :next_due_kind)"
        ),
        {
            "id": review_id,
            "ref": f"CSPR-{review_id}",
            "stage": stage,
            "now": dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc),
            "aware": AWARE,
            "notified": NOTIFIED,
            "sent": SENT,
            "decision": decision,
            "decided": DECIDED,
            "completed": completed_on,
            "published": published_on,
            "closed": closed_on,
            "notification_due": notification_due(AWARE),
            "rapid_due": rapid_review_due(NOTIFIED),
            "local_due": DUE_LOCAL if decision == "lcspr" else None,
            "next_due_on": next_due[0],
            "next_due_kind": next_due[1],
        },
    )


def _next_due(conn) -> dict[int, tuple[dt.date | None, str | None]]:
    rows = conn.execute(text("SELECT id, next_due_on, next_due_kind FROM review ORDER BY id")).all()
    # SQLite hands back text for a date read by plain SQL; PostgreSQL a date.
    return {i: (dt.date.fromisoformat(str(on)) if on is not None else None, kind) for i, on, kind in rows}


def test_signed_off_local_reviews_awaiting_publication_are_due_again_and_others_keep_their_dates(
    fresh_url,  # noqa: F811
):
    migrate.upgrade(fresh_url, "0017")
    engine = make_engine(fresh_url)
    try:
        with engine.begin() as conn:
            # Signed off, not published: the old rule counted it done and left no next deadline.
            _review(conn, 1, "sign_off", "lcspr", completed_on=dt.date(2027, 1, 15), published_on=None)
            # Published with no sign-off date: the old rule still had it due.
            _review(
                conn,
                2,
                "published",
                "lcspr",
                completed_on=None,
                published_on=dt.date(2027, 1, 20),
                next_due=(DUE_LOCAL, "local_review"),
            )
            # Not affected: signed off and published; closed; another kind of review.
            both = {"completed_on": dt.date(2027, 1, 15), "published_on": dt.date(2027, 1, 20)}
            _review(conn, 3, "published", "lcspr", **both, next_due=(NO_RULE, "notification"))
            _review(
                conn,
                4,
                "closed",
                "lcspr",
                completed_on=dt.date(2027, 1, 15),
                published_on=None,
                closed_on=dt.date(2027, 1, 31),
            )
            _review(
                conn,
                5,
                "sign_off",
                "alternative_review",
                completed_on=dt.date(2027, 1, 15),
                published_on=None,
                next_due=(NO_RULE, "notification"),
            )
        migrate.upgrade(fresh_url, "0018")
        with engine.connect() as conn:
            after = _next_due(conn)
        assert after == {
            1: (DUE_LOCAL, "local_review"),
            2: (None, None),
            3: (NO_RULE, "notification"),
            4: (None, None),
            5: (NO_RULE, "notification"),
        }
        # What the migration stored is what the service gives the same review now.
        with make_session_factory(engine)() as session:
            for review_id in (1, 2):
                review = session.get_one(Review, review_id)
                refresh_deadlines(review)
                assert (review.next_due_on, review.next_due_kind) == after[review_id]
            session.rollback()

        migrate.downgrade(fresh_url, "0017")  # data only: nothing is put back
        with engine.connect() as conn:
            assert _next_due(conn) == after
    finally:
        engine.dispose()
