"""Survey drafts: a survey being built or changed in the staff app, not yet published.

A draft is a survey definition (the same JSON the installed templates and exports use) kept apart from
the surveys the public app serves: a draft is never a Survey row, so it cannot be answered, and publishing
turns it into a new survey or a new version of one (core.services.survey_builder).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, intpk, timestamp


class SurveyDraft(Base):
    __tablename__ = "survey_draft"

    id: Mapped[intpk]
    # The published survey it changes; None for a survey not yet published.
    survey_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("survey.id", ondelete="CASCADE"), unique=True, default=None
    )
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Opens the preview on the public app: random, and replaced when the draft is published.
    preview_token: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"), default=None)
    created_at: Mapped[timestamp]
    updated_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True), default=None)
