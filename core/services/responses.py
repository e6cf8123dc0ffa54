"""Turning a respondent's answers into a sealed response, a receipt, and later addenda."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, Protocol

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from core.db import connection_of, new_uuid
from core.errors import ReceiptNotRecognised
from core.models import Receipt, Response, ResponseAddendum, SurveyVersion
from core.receipts import ReceiptCode, ReceiptHasher, new_code, parse_code
from core.safeguarding import Concern, detect_concern
from core.sealing import PublicKey, context_info, seal
from core.stripping import describe_findings, strip_identifiers


@dataclass(frozen=True)
class CleanText:
    """Free text after stripping: what will be kept, what was removed (kinds and reasons only)."""

    text: str
    removed: list[dict[str, str]]
    explanation: list[str]
    concern: Concern | None


def clean_free_text(raw: str, keep: Iterable[str] = ()) -> CleanText:
    """Strip identifiers from one answer and look for signs that someone is at risk."""
    result = strip_identifiers(raw, keep=keep)
    removed = [{"kind": f.kind, "reason": f.reason} for f in result.findings]
    return CleanText(result.text, removed, describe_findings(result.findings), detect_concern(raw))


@dataclass(frozen=True)
class Submission:
    response_id: str
    receipt: ReceiptCode
    needs_attention: bool


class SealableVersion(Protocol):
    """What sealing needs of a version: an ORM SurveyVersion or a cached VersionView."""

    @property
    def id(self) -> int: ...
    @property
    def survey_id(self) -> int: ...
    @property
    def number(self) -> int: ...
    @property
    def survey_slug(self) -> str: ...


def _payload(version: SealableVersion, answers: dict[str, Any], removed: dict[str, Any]) -> dict[str, Any]:
    return {"survey": version.survey_slug, "version": version.number, "answers": answers, "removed": removed}


_INSERT_RESPONSE = insert(Response)
_INSERT_RECEIPT = insert(Receipt)


def submit_response(
    session: Session,
    *,
    version: SealableVersion,
    answers: dict[str, Any],
    removed: dict[str, Any],
    needs_attention: bool,
    campaign_id: int | None,
    public_key: PublicKey,
    hasher: ReceiptHasher,
    today: dt.date,
) -> Submission:
    """Seal the answers and write the response and its receipt in the session's transaction.

    The caller commits; the receipt code must be shown only after that commit succeeds.
    """
    # Seal and hash before the first write: on SQLite the write lock is held from the first
    # INSERT to the commit, so the slow parts must come first.
    sealed = seal(_payload(version, answers, removed), public_key, context_info(version.survey_id, version.id))
    code = new_code()
    secret_hash = hasher.hash(code)
    # Two plain INSERTs on the session's connection: the ORM's unit of work cost about 1.8 ms here for two
    # rows nobody reads back in this request. The response goes in first: the receipt row refers to it.
    response_id = new_uuid()
    connection = connection_of(session)
    connection.execute(
        _INSERT_RESPONSE,
        {
            "id": response_id,
            "survey_version_id": version.id,
            "campaign_id": campaign_id,
            "submitted_on": today,
            "key_id": sealed.key_id,
            "sealed": sealed.blob,
            "needs_attention": needs_attention,
            "attention_handled": False,
        },
    )
    connection.execute(
        _INSERT_RECEIPT,
        {"id": new_uuid(), "lookup": code.lookup, "secret_hash": secret_hash, "response_id": response_id},
    )
    return Submission(response_id, code, needs_attention)


def find_receipt(session: Session, typed: str, hasher: ReceiptHasher) -> Receipt:
    """The receipt matching a typed code, or ReceiptNotRecognised (the same message for every failure)."""
    message = "We could not find that receipt code. Check it and try again: it has 20 letters and numbers."
    code = parse_code(typed)
    if code is None:
        raise ReceiptNotRecognised(message)
    for receipt in session.scalars(select(Receipt).where(Receipt.lookup == code.lookup)):
        if hasher.verify(receipt.secret_hash, code):
            return receipt
    raise ReceiptNotRecognised(message)


def addendum_info(version: SurveyVersion) -> bytes:
    return context_info(version.survey_id, version.id, purpose="addendum")


def add_addendum(
    session: Session,
    *,
    receipt: Receipt,
    text: str,
    removed: list[dict[str, str]],
    needs_attention: bool,
    public_key: PublicKey,
    today: dt.date,
) -> ResponseAddendum:
    """Seal more words to an existing response; the caller commits."""
    response = session.get(Response, receipt.response_id)
    if response is None:
        raise ReceiptNotRecognised("We could not find what you sent before.")
    version = response.version
    sealed = seal({"text": text, "removed": removed}, public_key, addendum_info(version))
    addendum = ResponseAddendum(
        response_id=response.id,
        position=len(response.addenda) + 1,
        submitted_on=today,
        key_id=sealed.key_id,
        sealed=sealed.blob,
        needs_attention=needs_attention,
    )
    response.addenda.append(addendum)
    if needs_attention:
        response.needs_attention = True
        response.attention_handled = False
    session.flush()
    return addendum
