"""source titles without the kind: a learning point's or action's copy of its source's name no longer repeats the
register's label ("Child death review CDR-…", "Section 11: …"), which pages show before it

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 13:45:00

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = "0006"
down_revision: Union[str, None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLES = ("learning_point", "action")
PREFIXES = {"cdr": "Child death review ", "s11": "Section 11: "}


def _copies(name: str) -> sa.TableClause:
    return sa.table(name, sa.column("source_type", sa.String), sa.column("source_title", sa.String))


def upgrade() -> None:
    for name in TABLES:
        t = _copies(name)
        for source_type, prefix in PREFIXES.items():
            op.execute(
                t.update()
                .where(t.c.source_type == source_type, sa.func.substr(t.c.source_title, 1, len(prefix)) == prefix)
                .values(source_title=sa.func.substr(t.c.source_title, len(prefix) + 1))
            )


def downgrade() -> None:
    for name in TABLES:
        t = _copies(name)
        for source_type, prefix in PREFIXES.items():
            op.execute(
                t.update()
                .where(t.c.source_type == source_type)
                .values(source_title=sa.func.substr(sa.literal(prefix) + t.c.source_title, 1, 200))
            )
