"""When a survey takes answers and what it is for: its schedule and its link to a register entry.

Kept beside the survey rather than in it, one row per survey: a survey not yet published keeps its row on its
draft (`draft_id`), and publishing hands the row to the new survey. The schedule belongs to the survey, not to
a version: moving a closing date must not start a new version and lose the answers people have in progress.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from sqlalchemy import Date, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, intpk

# What a survey can be for, by the register it links to (a follow-up's survey is linked by its campaign).
SURVEY_PURPOSES: dict[str, str] = {
    "review": "A case review",
    "audit": "An audit",
    "themed_work": "A piece of strategic or themed work",
}


class SurveyPlan(Base):
    __tablename__ = "survey_plan"

    id: Mapped[intpk]
    survey_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("survey.id", ondelete="CASCADE"), unique=True, default=None
    )
    draft_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("survey_draft.id", ondelete="CASCADE"), unique=True, default=None
    )
    # Answers are taken from the start of opens_on to the end of closes_on, in England.
    opens_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    closes_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    # At most one is set (core.services.survey_plans checks it).
    review_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("review.id", ondelete="SET NULL"), default=None, index=True
    )
    audit_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("audit.id", ondelete="SET NULL"), default=None, index=True
    )
    themed_work_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("themed_work.id", ondelete="SET NULL"), default=None, index=True
    )


def answering_state(status: str, opens_on: dt.date | None, closes_on: dt.date | None, today: dt.date) -> str:
    """'open', 'not_yet' (before its opening day) or 'closed' (closed by staff, or past its closing day)."""
    if status != "open" or (closes_on is not None and today > closes_on):
        return "closed"
    if opens_on is not None and today < opens_on:
        return "not_yet"
    return "open"


__all__ = ["SURVEY_PURPOSES", "SurveyPlan", "answering_state"]
