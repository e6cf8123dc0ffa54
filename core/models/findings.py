"""What analysis derives from responses (ids and scores, never text), staff corrections, and key area sets."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, intpk, str40, str80, str200, timestamp

KEY_AREA_KINDS: dict[str, str] = {
    "development": "Key area for practice development",
    "good_practice": "Area of good practice",
}
KEY_AREA_SET_STATUSES: dict[str, str] = {"draft": "Draft", "published": "Published", "withdrawn": "Withdrawn"}


class ResponseAnalysis(Base):
    """That a response was themed, by which model, with its tone: one row per response, no text."""

    __tablename__ = "response_analysis"

    response_id: Mapped[str] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), primary_key=True)
    model_version: Mapped[str80]
    analysed_on: Mapped[dt.date] = mapped_column(Date)
    # Who answered, from the survey's audience and its own choice questions: for breakdowns only.
    respondent_group: Mapped[str] = mapped_column(String(20), default="")
    agency_type: Mapped[str] = mapped_column(String(40), default="")
    tier: Mapped[str] = mapped_column(String(40), default="")
    tone_polarity: Mapped[float] = mapped_column(Float, default=0.0)
    tone_subjectivity: Mapped[float] = mapped_column(Float, default=0.0)


class AnalysisRun(Base):
    """One run of the theming job: when, on what trigger, how far it got. Counts only."""

    __tablename__ = "analysis_run"

    id: Mapped[intpk]
    trigger: Mapped[str] = mapped_column(String(20), default="schedule")  # schedule / staff
    model_version: Mapped[str80] = mapped_column(default="")
    status: Mapped[str] = mapped_column(String(20), default="running")  # running / done / failed / locked
    started_at: Mapped[timestamp]
    finished_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True), default=None)
    pending: Mapped[int] = mapped_column(Integer, default=0)  # responses waiting when it started
    analysed: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str] = mapped_column(String(200), default="")


class ResponseTheme(Base):
    """A codebook theme a response speaks to, with the polarity and score of the mention."""

    __tablename__ = "response_theme"

    response_id: Mapped[str] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), primary_key=True)
    theme_code: Mapped[str80] = mapped_column(primary_key=True)
    polarity: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float, default=1.0)
    # "model", or "staff" when a correction set it (the model's next run leaves it alone).
    origin: Mapped[str] = mapped_column(String(10), default="model", index=True)


class ResponseRating(Base):
    """An answer on a rated question tied to a theme, as the ranking weighs it: a polarity and a strength.

    Derived like ResponseTheme when the response is analysed; the answer itself stays sealed.
    """

    __tablename__ = "response_rating"

    response_id: Mapped[str] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), primary_key=True)
    question_key: Mapped[str40] = mapped_column(primary_key=True)
    theme_code: Mapped[str80] = mapped_column(index=True)
    polarity: Mapped[str] = mapped_column(String(20))
    strength: Mapped[float] = mapped_column(Float)


class ThemeCorrection(Base):
    """A staff member's coding of one theme of one response: kept, and used to retrain the model."""

    __tablename__ = "theme_correction"
    __table_args__ = (UniqueConstraint("response_id", "theme_code"),)

    id: Mapped[intpk]
    response_id: Mapped[str] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), index=True)
    theme_code: Mapped[str80]
    # development / good_practice / neutral, or "absent": the response does not speak to this theme.
    polarity: Mapped[str] = mapped_column(String(20))
    model_polarity: Mapped[str] = mapped_column(String(20), default="absent")  # what the model had said
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"), default=None)
    corrected_at: Mapped[timestamp]


class ThemeModelRecord(Base):
    """A theming model retrained from the labelled set and staff corrections: arrays and JSON, never a pickle."""

    __tablename__ = "theme_model"

    id: Mapped[intpk]
    version: Mapped[str40] = mapped_column(unique=True)
    created_at: Mapped[timestamp]
    examples: Mapped[int] = mapped_column(Integer, default=0)
    corrections: Mapped[int] = mapped_column(Integer, default=0)
    weights: Mapped[bytes] = mapped_column(LargeBinary)  # numpy .npz, loaded with allow_pickle=False
    document: Mapped[str] = mapped_column(Text)  # vocabulary, thresholds, metadata as JSON
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # held-out evaluation


class KeyAreaSet(Base):
    """The 5–6 development and 5–6 good-practice areas for a period, drafted from a proposal, then published."""

    __tablename__ = "key_area_set"

    id: Mapped[intpk]
    title: Mapped[str200]
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    respondents: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[timestamp]
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"), default=None)
    published_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    published_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user_account.id"), default=None)
    updated_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime(timezone=True), default=None)

    areas: Mapped[list["KeyArea"]] = relationship(
        back_populates="key_area_set", order_by="[KeyArea.kind, KeyArea.position]", cascade="all, delete-orphan"
    )

    def of_kind(self, kind: str) -> list["KeyArea"]:
        return [a for a in self.areas if a.kind == kind]

    @property
    def heard_until(self) -> dt.date:
        """The last day what people said could have reached the set: its period's end, or the day it was published
        if that came first (a year's areas published in December draw on nothing said after that day)."""
        if self.published_on is not None and self.published_on < self.period_end:
            return self.published_on
        return self.period_end


class KeyArea(Base):
    """One area of a set: what was found, the evidence for it, and what the partnership will do."""

    __tablename__ = "key_area"

    id: Mapped[intpk]
    set_id: Mapped[int] = mapped_column(ForeignKey("key_area_set.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=1)
    theme_codes: Mapped[list[str]] = mapped_column(JSON, default=list)  # more than one after a merge
    title: Mapped[str200]
    summary: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(Text, default="")  # "what we will do" / "what we will keep doing"
    # Counts, share, trend and source mix as proposed; suppressed when shown.
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    key_area_set: Mapped[KeyAreaSet] = relationship(back_populates="areas")


__all__ = [
    "AnalysisRun",
    "KEY_AREA_KINDS",
    "KEY_AREA_SET_STATUSES",
    "KeyArea",
    "KeyAreaSet",
    "ResponseAnalysis",
    "ResponseTheme",
    "ThemeCorrection",
    "ThemeModelRecord",
]
