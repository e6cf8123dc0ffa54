"""Staff reading responses: opened in memory with the private key, every read audit-logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from core.models import Question, Response, Survey, SurveyVersion
from core.opening import CannotOpen, Keyring
from core.sealing import context_info
from core.services.audit import record
from core.services.responses import addendum_info
from core.services.surveys import answer_label


@dataclass
class OpenedAnswer:
    question: Question
    value: Any
    label: str
    removed: list[dict[str, str]] = field(default_factory=list)


@dataclass
class OpenedResponse:
    id: str
    submitted_on: dt.date
    version_number: int
    needs_attention: bool
    attention_handled: bool
    answers: list[OpenedAnswer] = field(default_factory=list)
    addenda: list[tuple[dt.date, str, bool]] = field(default_factory=list)
    error: str | None = None


def count_responses(session: Session, survey: Survey) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(Response).join(SurveyVersion).where(SurveyVersion.survey_id == survey.id)
        )
        or 0
    )


def _open_one(keyring: Keyring, response: Response) -> OpenedResponse:
    version = response.version
    opened = OpenedResponse(
        response.id, response.submitted_on, version.number, response.needs_attention, response.attention_handled
    )
    try:
        payload = keyring.open(response.key_id, response.sealed, context_info(version.survey_id, version.id))
    except CannotOpen as exc:
        opened.error = str(exc)
        return opened
    answers = payload.get("answers", {})
    removed = payload.get("removed", {})
    for q in version.questions:
        value = answers.get(q.key)
        opened.answers.append(OpenedAnswer(q, value, answer_label(q, value), removed.get(q.key, [])))
    for addendum in response.addenda:
        try:
            extra = keyring.open(addendum.key_id, addendum.sealed, addendum_info(version))
            opened.addenda.append((addendum.submitted_on, str(extra.get("text", "")), addendum.needs_attention))
        except CannotOpen as exc:
            opened.addenda.append((addendum.submitted_on, f"(could not be opened: {exc})", addendum.needs_attention))
    return opened


def read_responses(
    session: Session,
    keyring: Keyring,
    survey: Survey,
    *,
    user_id: int,
    page: int = 1,
    per_page: int = 20,
    only_flagged: bool = False,
) -> list[OpenedResponse]:
    """Open one page of a survey's responses, those needing attention first; audit each read."""
    query = (
        select(Response)
        .join(SurveyVersion)
        .where(SurveyVersion.survey_id == survey.id)
        .options(selectinload(Response.addenda), selectinload(Response.version).selectinload(SurveyVersion.questions))
        .order_by(
            (Response.needs_attention & ~Response.attention_handled).desc(), Response.submitted_on.desc(), Response.id
        )
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    if only_flagged:
        query = query.where(Response.needs_attention.is_(True))
    opened = []
    for response in session.scalars(query):
        opened.append(_open_one(keyring, response))
        record(session, user_id, "response.read", "response", response.id, survey=survey.slug)
    return opened


def flagged_unhandled(session: Session) -> list[Response]:
    """Responses whose text suggested risk and that no one has marked as handled, oldest first."""
    return list(
        session.scalars(
            select(Response)
            .where(Response.needs_attention.is_(True), Response.attention_handled.is_(False))
            .order_by(Response.submitted_on, Response.id)
        )
    )
