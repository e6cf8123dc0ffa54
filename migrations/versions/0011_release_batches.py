"""release batches: responses reach staff in batches, never one by one as they arrive

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 15:54:05.051863

Responses and addenda already stored were visible to staff: they are released in one batch dated the day of
the upgrade, so nothing staff could read before disappears and none of it carries a finer date than that.
"""

import datetime as dt
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = "0011"
down_revision: Union[str, None] = "0010"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "release_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("released_on", sa.Date(), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.Column("addenda", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_batch")),
    )
    with op.batch_alter_table("release_batch", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_release_batch_released_on"), ["released_on"], unique=False)

    op.create_table(
        "response_release",
        sa.Column("response_id", sa.String(length=32), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["release_batch.id"],
            name=op.f("fk_response_release_batch_id_release_batch"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["response_id"], ["response.id"], name=op.f("fk_response_release_response_id_response"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("response_id", name=op.f("pk_response_release")),
    )
    with op.batch_alter_table("response_release", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_response_release_batch_id"), ["batch_id"], unique=False)

    op.create_table(
        "addendum_release",
        sa.Column("addendum_id", sa.String(length=32), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["addendum_id"],
            ["response_addendum.id"],
            name=op.f("fk_addendum_release_addendum_id_response_addendum"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["release_batch.id"],
            name=op.f("fk_addendum_release_batch_id_release_batch"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("addendum_id", name=op.f("pk_addendum_release")),
    )
    with op.batch_alter_table("addendum_release", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_addendum_release_batch_id"), ["batch_id"], unique=False)

    _release_what_is_there()


def _release_what_is_there() -> None:
    bind = op.get_bind()
    responses = bind.execute(sa.text("SELECT COUNT(*) FROM response")).scalar_one()
    addenda = bind.execute(sa.text("SELECT COUNT(*) FROM response_addendum")).scalar_one()
    if not responses and not addenda:
        return
    batch = sa.table("release_batch", sa.column("released_on"), sa.column("responses"), sa.column("addenda"))
    # No explicit id: on PostgreSQL that would leave the id sequence behind, and the next batch would collide.
    bind.execute(batch.insert().values(released_on=dt.date.today(), responses=responses, addenda=addenda))
    batch_id = bind.execute(sa.text("SELECT MAX(id) FROM release_batch")).scalar_one()
    select_responses = "INSERT INTO response_release (response_id, batch_id) SELECT id, :batch FROM response"
    bind.execute(sa.text(select_responses), {"batch": batch_id})
    select_addenda = "INSERT INTO addendum_release (addendum_id, batch_id) SELECT id, :batch FROM response_addendum"
    bind.execute(sa.text(select_addenda), {"batch": batch_id})


def downgrade() -> None:
    with op.batch_alter_table("addendum_release", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_addendum_release_batch_id"))
    op.drop_table("addendum_release")
    with op.batch_alter_table("response_release", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_release_batch_id"))
    op.drop_table("response_release")
    with op.batch_alter_table("release_batch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_release_batch_released_on"))
    op.drop_table("release_batch")
