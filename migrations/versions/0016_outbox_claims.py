"""outbox claims and decisions: a message whose sending was interrupted can be found, and staff decide its fate

A drain's claim gets a row while the drain works. Messages left "sending" by an earlier version have no claim row,
so they show as interrupted at once: nobody knows whether they arrived, and staff decide.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 19:00:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: Union[str, None] = "0015"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "outbox_claim",
        sa.Column("claim", sa.String(length=32), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("alive_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("claim", name=op.f("pk_outbox_claim")),
    )
    op.create_table(
        "outbox_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["outbox_message.id"],
            name=op.f("fk_outbox_decision_message_id_outbox_message"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"], name=op.f("fk_outbox_decision_user_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_decision")),
    )
    with op.batch_alter_table("outbox_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_decision_message_id"), ["message_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_decision_decided_at"), ["decided_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_decision_decided_at"))
        batch_op.drop_index(batch_op.f("ix_outbox_decision_message_id"))
    op.drop_table("outbox_decision")
    op.drop_table("outbox_claim")
