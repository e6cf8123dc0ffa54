"""Surveys, their versions and questions, and the sealed responses people give."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, intpk, str40, str80, str200, timestamp, uuidpk

AUDIENCES: dict[str, str] = {
    "practitioner": "Practitioners",
    "family": "Parents and carers",
    "child": "Children and young people",
    "review": "People who took part in a case review",
    "compliments": "Anyone (compliments and complaints)",
}

QUESTION_KINDS: dict[str, str] = {
    "likert": "Agree or disagree (5 points)",
    "single": "Choose one",
    "multi": "Choose all that apply",
    "text": "Free text",
    "faces": "Faces scale (child-friendly)",
}


def option_label(options: list[dict[str, Any]], value: object) -> str:
    """The label of the option with this value (the value itself if none matches)."""
    for option in options:
        if str(option["value"]) == str(value):
            return str(option["label"])
    return str(value)


class Survey(Base):
    """A questionnaire; its questions live in versions so answers always match what was asked."""

    __tablename__ = "survey"

    id: Mapped[intpk]
    slug: Mapped[str80] = mapped_column(unique=True)
    title: Mapped[str200]
    audience: Mapped[str40]
    summary: Mapped[str] = mapped_column(Text, default="")
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[timestamp]

    versions: Mapped[list["SurveyVersion"]] = relationship(
        back_populates="survey", order_by="SurveyVersion.number", cascade="all, delete-orphan"
    )

    @property
    def current_version(self) -> "SurveyVersion":
        return self.versions[-1]

    @property
    def is_open(self) -> bool:
        return self.status == "open"


class SurveyVersion(Base):
    """One fixed set of questions; a survey that has responses is never edited in place."""

    __tablename__ = "survey_version"
    __table_args__ = (UniqueConstraint("survey_id", "number"),)

    id: Mapped[intpk]
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    intro: Mapped[str] = mapped_column(Text, default="")
    # Optional headings for pages that group several questions, keyed by page number.
    page_titles: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_at: Mapped[timestamp]

    survey: Mapped[Survey] = relationship(back_populates="versions")
    questions: Mapped[list["Question"]] = relationship(
        back_populates="version", order_by="Question.position", cascade="all, delete-orphan"
    )

    @property
    def page_numbers(self) -> list[int]:
        return sorted({q.page for q in self.questions})

    def questions_on(self, page: int) -> list["Question"]:
        return [q for q in self.questions if q.page == page]

    @property
    def survey_slug(self) -> str:
        return self.survey.slug


class Question(Base):
    """A question on one page of a survey version."""

    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: Mapped[intpk]
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    page: Mapped[int] = mapped_column(Integer)
    key: Mapped[str40]
    kind: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    hint: Mapped[str] = mapped_column(Text, default="")
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    max_length: Mapped[Optional[int]] = mapped_column(Integer, default=None)
    # Measures this question feeds (e.g. "confidence:escalation") for impact analysis.
    measure: Mapped[str] = mapped_column(String(80), default="")
    # The codebook theme a rated question speaks to: its answers count as mentions of it in the key areas.
    theme: Mapped[str] = mapped_column(String(80), default="")
    # Answers that mean a child may be unsafe (e.g. the saddest face on "How safe do you feel?").
    flag_values: Mapped[list[str]] = mapped_column(JSON, default=list)

    version: Mapped[SurveyVersion] = relationship(back_populates="questions")

    def option_label(self, value: str) -> str:
        return option_label(self.options, value)


class Campaign(Base):
    """A survey opened for a purpose: a review's participation, a period, a follow-up."""

    __tablename__ = "campaign"

    id: Mapped[intpk]
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    name: Mapped[str200]
    purpose: Mapped[str] = mapped_column(String(40), default="period")
    opens_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    closes_on: Mapped[Optional[dt.date]] = mapped_column(Date, default=None)
    created_at: Mapped[timestamp]

    survey: Mapped[Survey] = relationship()


class Response(Base):
    """One person's sealed answers. Holds no address, agent, token, receipt or precise time."""

    __tablename__ = "response"

    id: Mapped[uuidpk]
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id"), index=True)
    campaign_id: Mapped[Optional[int]] = mapped_column(ForeignKey("campaign.id"), default=None, index=True)
    submitted_on: Mapped[dt.date] = mapped_column(Date, index=True)
    key_id: Mapped[str40]
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    # Set when free text suggested immediate risk or a disclosure of harm; staff see these first.
    needs_attention: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    attention_handled: Mapped[bool] = mapped_column(Boolean, default=False)

    version: Mapped[SurveyVersion] = relationship()
    addenda: Mapped[list["ResponseAddendum"]] = relationship(
        back_populates="response", order_by="ResponseAddendum.position", cascade="all, delete-orphan"
    )


class ResponseAddendum(Base):
    """More words added later by the person who holds the receipt code; sealed like the answers."""

    __tablename__ = "response_addendum"

    id: Mapped[uuidpk]
    response_id: Mapped[str] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    key_id: Mapped[str40]
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    needs_attention: Mapped[bool] = mapped_column(Boolean, default=False)

    response: Mapped[Response] = relationship(back_populates="addenda")


class Receipt(Base):
    """A receipt code, kept only as a lookup prefix and a slow hash of the secret part.

    The link runs from receipt to response; the response row knows nothing of its receipt.
    """

    __tablename__ = "receipt"

    # Random, like response ids: a counter would tell whoever sees two receipts which came first.
    id: Mapped[uuidpk]
    lookup: Mapped[str] = mapped_column(String(8), index=True)
    secret_hash: Mapped[str200]
    response_id: Mapped[str] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), unique=True)


class Draft(Base):
    """Answers in progress, encrypted with a key that only the respondent's cookie holds."""

    __tablename__ = "draft"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id", ondelete="CASCADE"))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    # Rounded to the hour: enough to purge, too coarse to time a respondent.
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


__all__ = [
    "AUDIENCES",
    "QUESTION_KINDS",
    "Survey",
    "SurveyVersion",
    "Question",
    "Campaign",
    "Response",
    "ResponseAddendum",
    "Receipt",
    "Draft",
]
