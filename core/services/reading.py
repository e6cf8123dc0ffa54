"""Staff reading responses: opened in memory with the private key, every read audit-logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from core.errors import NotFound
from core.models import Question, ReleaseBatch, Response, Survey, SurveyVersion
from core.opening import CannotOpen, Keyring
from core.sealing import context_info
from core.services.audit import record
from core.services.release import join_release, release_dates, released, released_addenda
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
    # The day of the batch that released it to staff: staff never see the day it was sent.
    released_on: dt.date
    version_number: int
    needs_attention: bool
    attention_handled: bool
    answers: list[OpenedAnswer] = field(default_factory=list)
    addenda: list[tuple[dt.date, str, bool]] = field(default_factory=list)
    error: str | None = None


def count_responses(session: Session, survey: Survey) -> int:
    """The survey's responses released to staff."""
    query = select(func.count()).select_from(Response).join(SurveyVersion).where(SurveyVersion.survey_id == survey.id)
    return session.scalar(query.where(released())) or 0


def _open_one(session: Session, keyring: Keyring, response: Response, released_on: dt.date) -> OpenedResponse:
    version = response.version
    opened = OpenedResponse(
        response.id, released_on, version.number, response.needs_attention, response.attention_handled
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
    shown = released_addenda(session, list(response.addenda))
    for addendum in response.addenda:
        if addendum.id not in shown:
            continue  # held until its own batch
        when = shown[addendum.id]
        try:
            extra = keyring.open(addendum.key_id, addendum.sealed, addendum_info(version))
            opened.addenda.append((when, str(extra.get("text", "")), addendum.needs_attention))
        except CannotOpen as exc:
            opened.addenda.append((when, f"(could not be opened: {exc})", addendum.needs_attention))
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
    """Open one page of a survey's released responses, those needing attention first; audit each read.

    Then newest batch first, and within a batch by random id: never in the order they arrived.
    """
    query = (
        join_release(select(Response, ReleaseBatch.released_on).join(SurveyVersion))
        .where(SurveyVersion.survey_id == survey.id)
        .options(selectinload(Response.addenda), selectinload(Response.version).selectinload(SurveyVersion.questions))
        .order_by((Response.needs_attention & ~Response.attention_handled).desc(), ReleaseBatch.id.desc(), Response.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    if only_flagged:
        query = query.where(Response.needs_attention.is_(True))
    opened = []
    for response, released_on in session.execute(query):
        opened.append(_open_one(session, keyring, response, released_on))
        record(session, user_id, "response.read", "response", response.id, survey=survey.slug)
    return opened


def read_response(session: Session, keyring: Keyring, response: Response, *, user_id: int) -> OpenedResponse:
    """Open one released response for a staff member, audit-logged as a read like a page of responses."""
    released_on = release_dates(session, [response.id]).get(response.id)
    if released_on is None:
        raise NotFound("There is no such response.")
    opened = _open_one(session, keyring, response, released_on)
    record(session, user_id, "response.read", "response", response.id, survey=response.version.survey.slug)
    return opened


def flagged_unhandled(session: Session) -> list[tuple[Response, dt.date]]:
    """Released responses whose text suggested risk that no one has marked as handled, with their release day;
    oldest batch first."""
    rows = session.execute(
        join_release(select(Response, ReleaseBatch.released_on))
        .where(Response.needs_attention.is_(True), Response.attention_handled.is_(False))
        .order_by(ReleaseBatch.id, Response.id)
    )
    return [(response, released_on) for response, released_on in rows]
