"""retention: a survey's own retention period, and a record of what each retention run deleted (counts only)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 15:45:00

"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: Union[str, None] = "0012"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "survey_retention",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["survey.id"], name=op.f("fk_survey_retention_survey_id_survey"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("survey_id", name=op.f("pk_survey_retention")),
    )
    op.create_table(
        "retention_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.JSON(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_run")),
    )
    op.create_index(op.f("ix_retention_run_ran_at"), "retention_run", ["ran_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_retention_run_ran_at"), table_name="retention_run")
    op.drop_table("retention_run")
    op.drop_table("survey_retention")
