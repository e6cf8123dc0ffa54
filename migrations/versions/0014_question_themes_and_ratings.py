"""rated questions tied to a codebook theme; their answers as mentions for the key areas

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 16:20:00.000000

A question may name the theme it speaks to (e.g. "I know when and how to share information" speaks to
information sharing). When a response is analysed, each answer on such a question is kept as a polarity and
a strength, never the answer itself, so the key area proposal can weigh rated answers beside free text.
The installed templates' questions gain their themes.
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: Union[str, None] = "0013"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Frozen here: the installed templates' questions and the themes they speak to, by survey and question key.
TEMPLATE_THEMES = {
    ("practitioner-feedback", "conf_escalate"): "escalation_challenge",
    ("practitioner-feedback", "conf_challenge"): "escalation_challenge",
    ("practitioner-feedback", "conf_share"): "information_sharing",
    ("family-feedback", "listened_to"): "family_engagement",
    ("family-feedback", "included"): "family_engagement",
    ("family-feedback", "respect"): "family_engagement",
    ("family-feedback", "trust_worker"): "family_engagement",
    ("young-people", "listened_to"): "voice_of_child",
}


def upgrade() -> None:
    # Added with an empty default for the questions already there, then left to the application's default.
    with op.batch_alter_table("question") as batch:
        batch.add_column(sa.Column("theme", sa.String(length=80), nullable=False, server_default=""))
    with op.batch_alter_table("question") as batch:
        batch.alter_column("theme", server_default=None)
    op.create_table(
        "response_rating",
        sa.Column("response_id", sa.String(length=32), nullable=False),
        sa.Column("question_key", sa.String(length=40), nullable=False),
        sa.Column("theme_code", sa.String(length=80), nullable=False),
        sa.Column("polarity", sa.String(length=20), nullable=False),
        sa.Column("strength", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"], ["response.id"], name=op.f("fk_response_rating_response_id_response"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("response_id", "question_key", name=op.f("pk_response_rating")),
    )
    with op.batch_alter_table("response_rating", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_response_rating_theme_code"), ["theme_code"], unique=False)
    question, version, survey = (
        sa.table("question", sa.column("id"), sa.column("version_id"), sa.column("key"), sa.column("theme")),
        sa.table("survey_version", sa.column("id"), sa.column("survey_id")),
        sa.table("survey", sa.column("id"), sa.column("slug")),
    )
    for (slug, key), theme in TEMPLATE_THEMES.items():
        versions = (
            sa.select(version.c.id)
            .join(survey, survey.c.id == version.c.survey_id)
            .where(survey.c.slug == slug)
            .scalar_subquery()
        )
        op.execute(
            question.update().where(question.c.key == key, question.c.version_id.in_(versions)).values(theme=theme)
        )


def downgrade() -> None:
    with op.batch_alter_table("response_rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_response_rating_theme_code"))
    op.drop_table("response_rating")
    with op.batch_alter_table("question") as batch:
        batch.drop_column("theme")
