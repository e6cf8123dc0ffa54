"""staff sessions on the server; failed sign-ins counted in the database

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 15:50:00.000000

Staff sessions lived only in the signed cookie, so a copied cookie outlived signing out: each session is now a
row (the token's SHA-256 only) checked on every request. Failed sign-ins were counted in each worker's memory:
they are now rows shared by all workers, keyed by a keyed hash of the account or the client address.
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: Union[str, None] = "0008"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "staff_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.String(length=40), nullable=False),
        sa.Column("password_stamp", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_staff_session_user_id_user_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_session_token_hash")),
    )
    op.create_index(op.f("ix_staff_session_created_at"), "staff_session", ["created_at"], unique=False)
    op.create_index(op.f("ix_staff_session_user_id"), "staff_session", ["user_id"], unique=False)
    op.create_table(
        "sign_in_failures",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_sign_in_failures")),
    )
    op.create_index(op.f("ix_sign_in_failures_last_failure_at"), "sign_in_failures", ["last_failure_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_sign_in_failures_last_failure_at"), table_name="sign_in_failures")
    op.drop_table("sign_in_failures")
    op.drop_index(op.f("ix_staff_session_user_id"), table_name="staff_session")
    op.drop_index(op.f("ix_staff_session_created_at"), table_name="staff_session")
    op.drop_table("staff_session")
