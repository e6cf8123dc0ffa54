"""A classifier's version names its polarity reader too: model_version widened from 40 to 80 characters

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 07:00:00.000000

A classifier's version is its model's ("retrained-" and 12 hex digits), the rules predict() reads it by, and now
the polarity reader it blends in (analysis/polarity_reader.py), so that a new reader re-themes what the old one
read. That no longer fits in 40 characters.
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: Union[str, None] = "0018"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLES = ("response_analysis", "analysis_run")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                "model_version", existing_type=sa.String(40), type_=sa.String(80), existing_nullable=False
            )


def downgrade() -> None:
    # A version longer than 40 characters cannot be kept: those rows are themed again by the release downgraded to.
    for table in TABLES:
        rows = sa.table(table, sa.column("model_version", sa.String))
        op.execute(rows.update().where(sa.func.length(rows.c.model_version) > 40).values(model_version=""))
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                "model_version", existing_type=sa.String(80), type_=sa.String(40), existing_nullable=False
            )
