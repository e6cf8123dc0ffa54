"""survey schedule and purpose: opens on, closes on, and the review, audit or themed work a survey is for

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 18:50:00.000000

A table of its own beside the survey (and beside a new survey's draft), so no table that others point at is
copied and dropped on SQLite. Surveys already there get no row: no schedule and no link, as before.
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: Union[str, None] = "0016"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

LINKS = ("review", "audit", "themed_work")


def upgrade() -> None:
    op.create_table(
        "survey_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=True),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("opens_on", sa.Date(), nullable=True),
        sa.Column("closes_on", sa.Date(), nullable=True),
        *(sa.Column(f"{link}_id", sa.Integer(), nullable=True) for link in LINKS),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["survey.id"], name=op.f("fk_survey_plan_survey_id_survey"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"], ["survey_draft.id"], name=op.f("fk_survey_plan_draft_id_survey_draft"), ondelete="CASCADE"
        ),
        *(
            sa.ForeignKeyConstraint(
                [f"{link}_id"], [f"{link}.id"], name=op.f(f"fk_survey_plan_{link}_id_{link}"), ondelete="SET NULL"
            )
            for link in LINKS
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_plan")),
        sa.UniqueConstraint("survey_id", name=op.f("uq_survey_plan_survey_id")),
        sa.UniqueConstraint("draft_id", name=op.f("uq_survey_plan_draft_id")),
    )
    with op.batch_alter_table("survey_plan", schema=None) as batch_op:
        for link in LINKS:
            batch_op.create_index(batch_op.f(f"ix_survey_plan_{link}_id"), [f"{link}_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("survey_plan", schema=None) as batch_op:
        for link in LINKS:
            batch_op.drop_index(batch_op.f(f"ix_survey_plan_{link}_id"))
    op.drop_table("survey_plan")
