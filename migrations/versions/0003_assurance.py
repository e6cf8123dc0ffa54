"""assurance registers: Section 11 scale and self RAG, cases audited, indicators that count people

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 11:00:00

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = "0003"
down_revision: Union[str, None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # NOT NULL columns are added nullable, filled, then tightened, so existing rows stay valid
    # and the final schema has no server default (the models set the default in Python).
    with op.batch_alter_table("section11_cycle", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scale", sa.String(length=10), nullable=True))
    op.execute("UPDATE section11_cycle SET scale = 'score'")
    with op.batch_alter_table("section11_cycle", schema=None) as batch_op:
        batch_op.alter_column("scale", existing_type=sa.String(length=10), nullable=False)

    with op.batch_alter_table("section11_assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("self_rag", sa.String(length=10), nullable=True))

    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cases_audited", sa.Integer(), nullable=True))

    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.add_column(sa.Column("counts_people", sa.Boolean(), nullable=True))
    op.execute(sa.text("UPDATE indicator SET counts_people = :no").bindparams(no=False))
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.alter_column("counts_people", existing_type=sa.Boolean(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_column("counts_people")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_column("cases_audited")
    with op.batch_alter_table("section11_assessment", schema=None) as batch_op:
        batch_op.drop_column("self_rag")
    with op.batch_alter_table("section11_cycle", schema=None) as batch_op:
        batch_op.drop_column("scale")
