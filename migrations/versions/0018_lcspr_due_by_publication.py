"""LCSPR next deadline by publication: recompute the stored next deadline of reviews the rule change affects

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 22:45:00.000000

Since "LCSPR deadline by publication" (845b63e) a local review's 6-month deadline is met by its publication, not
by its sign-off (completed_on). The next deadline is stored (review.next_due_on, next_due_kind) and recomputed only
when a review is edited, so rows saved before then still carry the old answer. The rows whose answer changes are
the open local reviews whose sign-off and publication disagree: signed off but not published (the local review is
still due: it may now be the next deadline) and, the other way, published with no sign-off date (it is met).

The rule is reproduced here for just that case, on the table through SQLAlchemy core, rather than by calling
core.services.reviews.refresh_deadlines: the models and services will change after this revision, and a migration
must do the same thing whenever it runs. The other deadlines' due dates (notification, rapid review) are read from
their stored columns, which the rule change did not touch; only the local review's is worked out again.
"""

import calendar
import datetime as dt
from typing import Optional, Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: Union[str, None] = "0017"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# The review table as this revision knows it (only the columns read or written).
REVIEW = sa.table(
    "review",
    sa.column("id", sa.Integer),
    sa.column("stage", sa.String),
    sa.column("decision", sa.String),
    sa.column("decision_on", sa.Date),
    sa.column("notified_on", sa.Date),
    sa.column("rapid_review_on", sa.Date),
    sa.column("completed_on", sa.Date),
    sa.column("published_on", sa.Date),
    sa.column("closed_on", sa.Date),
    sa.column("notification_due_on", sa.Date),
    sa.column("rapid_review_due_on", sa.Date),
    sa.column("next_due_on", sa.Date),
    sa.column("next_due_kind", sa.String),
)
LOCAL_REVIEW_MONTHS = 6


def _local_review_due(decision_on: dt.date) -> dt.date:
    """6 calendar months after the decision, clamped to the last day of a shorter month (as at this revision)."""
    index = decision_on.month - 1 + LOCAL_REVIEW_MONTHS
    year, month = decision_on.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(decision_on.day, calendar.monthrange(year, month)[1]))


def _next_due(row: sa.Row) -> tuple[Optional[dt.date], Optional[str]]:
    """The earliest deadline not yet met, in the order notification, rapid review, local review (ties: the first)."""
    open_ones = []
    if row.notification_due_on is not None and row.notified_on is None:
        open_ones.append((row.notification_due_on, "notification"))
    if row.rapid_review_due_on is not None and row.rapid_review_on is None:
        open_ones.append((row.rapid_review_due_on, "rapid_review"))
    if row.published_on is None:
        open_ones.append((_local_review_due(row.decision_on), "local_review"))
    if not open_ones:
        return None, None
    return min(open_ones, key=lambda pair: pair[0])


def upgrade() -> None:
    conn = op.get_bind()
    affected = conn.execute(
        sa.select(REVIEW).where(
            REVIEW.c.decision == "lcspr",
            REVIEW.c.decision_on.is_not(None),
            # A closed review has no next deadline under either rule.
            REVIEW.c.closed_on.is_(None),
            REVIEW.c.stage != "closed",
            sa.or_(
                sa.and_(REVIEW.c.completed_on.is_not(None), REVIEW.c.published_on.is_(None)),
                sa.and_(REVIEW.c.completed_on.is_(None), REVIEW.c.published_on.is_not(None)),
            ),
        )
    ).all()
    for row in affected:
        due_on, kind = _next_due(row)
        if (due_on, kind) != (row.next_due_on, row.next_due_kind):
            conn.execute(sa.update(REVIEW).where(REVIEW.c.id == row.id).values(next_due_on=due_on, next_due_kind=kind))


def downgrade() -> None:
    # Nothing to undo: no schema changed, and the old answers were wrong by the statutory rule (the reason for the
    # upgrade), so they are not put back. Code before 845b63e recomputes its own answer when a review is edited.
    pass
