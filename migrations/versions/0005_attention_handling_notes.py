"""attention handling notes: what staff did about a flagged response, with who and when, in a table of its own

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 13:22:40

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = "0005"
down_revision: Union[str, None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "attention_handling",
        sa.Column("response_id", sa.String(length=32), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["handled_by_id"], ["user_account.id"], name=op.f("fk_attention_handling_handled_by_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["response.id"],
            name=op.f("fk_attention_handling_response_id_response"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("response_id", name=op.f("pk_attention_handling")),
    )


def downgrade() -> None:
    op.drop_table("attention_handling")
