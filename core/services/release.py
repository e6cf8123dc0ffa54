"""Releasing responses to staff in batches, so that no one sees a single response appear as it arrives.

A respondent who knows when they answered, or a manager who knows who was at a training day, could otherwise
match a response to a person by when it turned up. Responses (and words added later with a receipt) wait until
a survey has at least `min_batch` waiting, then are released together, at most once every `every_days` days.
One exception: a survey where a waiting response says someone may not be safe releases what it has at the next
release, however few: the respondent was told staff start with such answers, and a children's survey with three
answers a term would otherwise hold a disclosure for months. Staff then learn that it came since the last batch.
Staff pages, counts and the analysis run see released responses only, dated by their batch, in no order that
follows arrival (random ids within a batch).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, TypeVar, Unpack, cast

from sqlalchemy import Column, ColumnElement, Select, Table, delete, exists, func, insert, select, tuple_
from sqlalchemy.orm import Session

from core.db import Base
from core.errors import NotFound
from core.models import AddendumRelease, ReleaseBatch, Response, ResponseAddendum, ResponseRelease, SurveyVersion


_Query = TypeVar("_Query", bound=Select[Unpack[tuple[Any, ...]]])


def released() -> ColumnElement[bool]:
    """A WHERE clause keeping responses staff may see (released in a batch)."""
    return exists().where(ResponseRelease.response_id == Response.id)


def released_between(start: dt.date, end: dt.date) -> ColumnElement[bool]:
    """A WHERE clause keeping responses released in a batch dated from `start` to `end` (both included).

    Staff figures put a response in the period it was released in, never the one it was sent in: the release
    day is the finest date staff see, so no count, quarter or quote month can place an answer more closely.
    """
    return (
        exists()
        .where(
            ResponseRelease.response_id == Response.id,
            ResponseRelease.batch_id == ReleaseBatch.id,
            ReleaseBatch.released_on >= start,
            ReleaseBatch.released_on <= end,
        )
        .correlate(Response)
    )


def join_release(query: _Query) -> _Query:
    """The query joined to each response's release and its batch (so to released responses only), for
    `ReleaseBatch.released_on`, the finest date staff see for a response."""
    return query.join(ResponseRelease, ResponseRelease.response_id == Response.id).join(
        ReleaseBatch, ReleaseBatch.id == ResponseRelease.batch_id
    )


def release_day() -> Any:
    """The day a response was released, as a column to select (a correlated scalar subquery; None if held)."""
    return (
        select(ReleaseBatch.released_on)
        .join(ResponseRelease, ResponseRelease.batch_id == ReleaseBatch.id)
        .where(ResponseRelease.response_id == Response.id)
        .correlate(Response)
        .scalar_subquery()
    )


def addendum_released() -> ColumnElement[bool]:
    """The same for addenda."""
    return exists().where(AddendumRelease.addendum_id == ResponseAddendum.id)


def is_released(session: Session, response_id: str) -> bool:
    return session.get(ResponseRelease, response_id) is not None


_RESPONSE_ID = re.compile(r"[0-9a-f]{32}")


def released_response(session: Session, response_id: str) -> Response:
    """The response staff asked for by its id in a web address. An id of any other shape never reaches the
    database (PostgreSQL refuses a NUL outright), and one still waiting for its batch does not exist as far as
    staff can tell: both are NotFound."""
    response = session.get(Response, response_id) if _RESPONSE_ID.fullmatch(response_id) else None
    if response is None or not is_released(session, response.id):
        raise NotFound("There is no such response.")
    return response


def release_dates(session: Session, response_ids: list[str]) -> dict[str, dt.date]:
    """The day each of these responses was released (the finest date staff are shown for it)."""
    if not response_ids:
        return {}
    rows = session.execute(
        select(ResponseRelease.response_id, ReleaseBatch.released_on)
        .join(ReleaseBatch, ReleaseBatch.id == ResponseRelease.batch_id)
        .where(ResponseRelease.response_id.in_(response_ids))
    )
    return {response_id: day for response_id, day in rows}


def released_addenda(session: Session, addenda: list[ResponseAddendum]) -> dict[str, dt.date]:
    """Of these addenda, those released, with their release day (no query when there are none)."""
    if not addenda:
        return {}
    addendum_ids = [a.id for a in addenda]
    rows = session.execute(
        select(AddendumRelease.addendum_id, ReleaseBatch.released_on)
        .join(ReleaseBatch, ReleaseBatch.id == AddendumRelease.batch_id)
        .where(AddendumRelease.addendum_id.in_(addendum_ids))
    )
    return {addendum_id: day for addendum_id, day in rows}


@dataclass
class Waiting:
    """What one survey has waiting for release."""

    responses: list[str]
    addenda: list[str]
    urgent: bool = False  # a waiting response says someone may not be safe


def waiting(session: Session) -> dict[int, Waiting]:
    """Held responses and addenda, by survey id."""
    found: dict[int, Waiting] = defaultdict(lambda: Waiting([], []))
    held = select(SurveyVersion.survey_id, Response.id, Response.needs_attention).join(Response.version)
    for survey_id, response_id, needs_attention in session.execute(held.where(~released())):
        found[survey_id].responses.append(response_id)
        found[survey_id].urgent = found[survey_id].urgent or bool(needs_attention)
    held_addenda = (
        select(SurveyVersion.survey_id, ResponseAddendum.id)
        .join(Response, Response.id == ResponseAddendum.response_id)
        .join(Response.version)
        .where(~addendum_released())
    )
    for survey_id, addendum_id in session.execute(held_addenda):
        found[survey_id].addenda.append(addendum_id)
    return dict(found)


def release_due(session: Session, today: dt.date, *, min_batch: int, every_days: int = 1) -> ReleaseBatch | None:
    """The scheduled release: `release_waiting`, unless a batch went out fewer than `every_days` days ago."""
    last = session.scalar(select(func.max(ReleaseBatch.released_on)))
    if last is not None and (today - last).days < max(every_days, 1):
        return None
    return release_waiting(session, today, min_batch=min_batch)


def next_release_on(session: Session, today: dt.date, *, every_days: int = 1) -> dt.date:
    """The first day `release_due` may release a batch: today, or `every_days` after the last batch if later.

    Staff are told it so that answers people have sent (a campaign counts them) and that are not on the survey's
    page yet read as waiting for their batch, not as lost. It says nothing of how many wait, or for which survey.
    """
    last = session.scalar(select(func.max(ReleaseBatch.released_on)))
    if last is None:
        return today
    return max(today, last + dt.timedelta(days=max(every_days, 1)))


def release_waiting(session: Session, today: dt.date, *, min_batch: int = 1) -> ReleaseBatch | None:
    """Release each survey's waiting responses where at least `min_batch` wait or one of them says someone may not
    be safe, and its waiting addenda where at least `min_batch` wait, in one batch dated `today`; the caller
    commits. None when nothing was released.

    Responses and addenda are counted apart: one new response among four added words would be a batch of one.
    """
    least = max(min_batch, 1)
    held = waiting(session).values()
    responses = [r for w in held if len(w.responses) >= least or w.urgent for r in w.responses]
    addenda = [a for w in held if len(w.addenda) >= least for a in w.addenda]
    if not responses and not addenda:
        return None
    responses = _rewrite_shuffled(session, responses)
    batch = ReleaseBatch(released_on=today, responses=len(responses), addenda=len(addenda))
    session.add(batch)
    session.flush()
    session.add_all(ResponseRelease(response_id=r, batch_id=batch.id) for r in responses)
    session.add_all(AddendumRelease(addendum_id=a, batch_id=batch.id) for a in addenda)
    session.flush()
    return batch


def _dependants(table: Table) -> list[tuple[Table, Column[Any], Column[Any]]]:
    """Each (table, its column, the column of `table` it refers to) for every foreign key that points at `table`."""
    return [
        (other, fk.parent, fk.column)
        for other in Base.metadata.sorted_tables
        for fk in other.foreign_keys
        if fk.column.table is table and other is not table
    ]


def _rewrite_shuffled(session: Session, response_ids: list[str]) -> list[str]:
    """Write the responses being released again, with every row that hangs off them (receipts, added words, and
    whatever refers to those), in a shuffled order, all in this one transaction.

    Random ids and batch dates hide from staff pages the order people answered, but a copy of the database keeps it
    in how the rows lie: SQLite's rowid, PostgreSQL's heap order and each row's transaction number (xmin). For an
    invited campaign that order matched the order invitations were marked answered, so whoever held a copy (and the
    mail key) could match the k-th answered invitation to the k-th response. Written again, the batch's rows lie in
    the shuffle's order, all from the release's transaction; with secure_delete (core.db) SQLite also overwrites
    the old rows' bytes. Only rows that exist before release hang off a response here (receipts, added words, their
    releases); staff's own rows (analysis, coding, handling) come after it. Returns the ids in the shuffled order,
    for the rows the release itself adds.
    """
    if len(response_ids) < 2:
        return response_ids
    session.flush()
    order = list(response_ids)
    secrets.SystemRandom().shuffle(order)
    rank = {response_id: n for n, response_id in enumerate(order)}
    # Rows to write again, parents before children, each row with the place of the response it belongs to.
    response = cast(Table, Response.__table__)
    rows = [
        (rank[r["id"]], dict(r)) for r in session.execute(select(response).where(response.c.id.in_(order))).mappings()
    ]
    found: list[tuple[Table, list[tuple[int, dict[str, Any]]]]] = [(response, sorted(rows, key=lambda x: x[0]))]
    for parent, parent_rows in found:  # grows as it goes: each table's dependants join the end
        for child, column, refers_to in _dependants(parent):
            place = {row[refers_to.name]: n for n, row in parent_rows}
            children = session.execute(select(child).where(column.in_(list(place)))).mappings()
            ranked = sorted(((place[r[column.name]], dict(r)) for r in children), key=lambda x: x[0])
            if ranked:
                found.append((child, ranked))
    for table, ranked in reversed(found):  # children first, so no row is left pointing at nothing
        keys = [tuple(row[c.name] for c in table.primary_key.columns) for _, row in ranked]
        session.execute(delete(table).where(tuple_(*table.primary_key.columns).in_(keys)))
    for table, ranked in found:
        for _, row in ranked:  # one at a time: the order they are written in is the order they lie in
            session.execute(insert(table).values(**row))
    session.expire_all()
    return order
