"""random receipt ids; the audit log as an append-only hash chain

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 13:50:00.000000

Receipt ids were a counter, which keeps the order in which people answered: they become random like response
ids. Audit events gain the hash of the event before them and a hash of their own content; the events already
there are chained in the order they were written, and a trigger refuses any later change to an event.
"""

import datetime as dt
import hashlib
import json
import uuid
from typing import Any, Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: Union[str, None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

GENESIS = "0" * 64


# A frozen copy of core.services.audit.event_hash (format 1): a migration must give the same result whatever
# the application code later becomes.
def _event_hash(
    prev_hash: str, at: dt.datetime, user_id: Any, action: str, object_type: str, object_id: str, details: Any
) -> str:
    if at.tzinfo is not None:
        at = at.astimezone(dt.timezone.utc).replace(tzinfo=None)
    content = {
        "v": 1,
        "prev": prev_hash,
        "at": at.isoformat(timespec="microseconds"),
        "user_id": user_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "details": details,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_SQLITE_GUARD = """
CREATE TRIGGER audit_event_is_append_only BEFORE UPDATE ON audit_event
BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END
"""
_POSTGRES_GUARD = (
    """
CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit events cannot be changed'; END $$
""",
    """
CREATE TRIGGER audit_event_is_append_only BEFORE UPDATE ON audit_event
FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only()
""",
)


def upgrade() -> None:
    bind = op.get_bind()

    # Receipts: a random string id in place of the counter.
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("random_id", sa.String(length=32), nullable=True))
    receipt = sa.table("receipt", sa.column("id"), sa.column("random_id"))
    for (old_id,) in bind.execute(sa.select(receipt.c.id)).all():
        bind.execute(receipt.update().where(receipt.c.id == old_id).values(random_id=uuid.uuid4().hex))
    with op.batch_alter_table("receipt", schema=None, recreate="always") as batch_op:
        batch_op.drop_column("id")  # and with it the primary key on it
        batch_op.alter_column("random_id", new_column_name="id", existing_type=sa.String(length=32), nullable=False)
        batch_op.create_primary_key("pk_receipt", ["id"])

    # Audit events: chain the ones already written, oldest first.
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_head")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    event = sa.table(
        "audit_event",
        sa.column("id"),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("user_id"),
        sa.column("action"),
        sa.column("object_type"),
        sa.column("object_id"),
        sa.column("details", sa.JSON()),
        sa.column("prev_hash"),
        sa.column("hash"),
    )
    previous, length = GENESIS, 0
    rows = bind.execute(
        sa.select(
            event.c.id,
            event.c.at,
            event.c.user_id,
            event.c.action,
            event.c.object_type,
            event.c.object_id,
            event.c.details,
        ).order_by(event.c.id)
    ).all()
    for row in rows:
        own = _event_hash(previous, row.at, row.user_id, row.action, row.object_type, row.object_id, row.details)
        bind.execute(event.update().where(event.c.id == row.id).values(prev_hash=previous, hash=own))
        previous, length = own, length + 1
    head = sa.table("audit_chain_head", sa.column("id"), sa.column("length"), sa.column("last_hash"))
    bind.execute(head.insert().values(id=1, length=length, last_hash=previous))
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_audit_event_hash"), ["hash"])
    if bind.dialect.name == "postgresql":
        for statement in _POSTGRES_GUARD:
            op.execute(statement)
    else:
        op.execute(_SQLITE_GUARD)


def downgrade() -> None:
    bind = op.get_bind()
    op.execute(
        "DROP TRIGGER IF EXISTS audit_event_is_append_only"
        + (" ON audit_event" if bind.dialect.name == "postgresql" else "")
    )
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_event_is_append_only()")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_event_hash"), type_="unique")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
    op.drop_table("audit_chain_head")

    # Receipts: back to a counter (in no meaningful order: the order of arrival is not recovered).
    with op.batch_alter_table("receipt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number", sa.Integer(), nullable=True))
    receipt = sa.table("receipt", sa.column("id"), sa.column("number"))
    for number, (random_id,) in enumerate(bind.execute(sa.select(receipt.c.id).order_by(receipt.c.id)).all(), 1):
        bind.execute(receipt.update().where(receipt.c.id == random_id).values(number=number))
    with op.batch_alter_table("receipt", schema=None, recreate="always") as batch_op:
        batch_op.drop_column("id")  # and with it the primary key on it
        batch_op.alter_column("number", new_column_name="id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_primary_key("pk_receipt", ["id"])
