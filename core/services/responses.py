"""Turning a respondent's answers into a sealed response, a receipt, and later addenda."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import ReceiptNotRecognised
from core.models import Receipt, Response, ResponseAddendum, SurveyVersion
from core.receipts import ReceiptCode, ReceiptHasher, new_code, parse_code
from core.safeguarding import Concern, detect_concern
from core.sealing import PublicKey, context_info, seal
from core.stripping import describe_findings, strip_identifiers
from core.services.surveys import VersionView


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


# What sealing needs of a version: the ORM row, or the cached view the public app shares between requests.
SealableVersion = SurveyVersion | VersionView


def _payload(version: SealableVersion, answers: dict[str, Any], removed: dict[str, Any]) -> dict[str, Any]:
    return {"survey": version.survey_slug, "version": version.number, "answers": answers, "removed": removed}


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
    """Seal the answers and write the response and its receipt in the session's transaction; flushes.

    The caller commits; the receipt code must be shown only after that commit succeeds.
    """
    # Seal and hash before the first write: on SQLite the write lock is held from the first
    # INSERT to the commit, so the slow parts must come first.
    sealed = seal(_payload(version, answers, removed), public_key, context_info(version.survey_id, version.id))
    code = new_code()
    secret_hash = hasher.hash(code)
    response = Response(
        survey_version_id=version.id,
        campaign_id=campaign_id,
        submitted_on=today,
        key_id=sealed.key_id,
        sealed=sealed.blob,
        needs_attention=needs_attention,
        attention_handled=False,
    )
    session.add(response)
    # The receipt row refers to the response, and no relationship() tells the session so: the response goes in first.
    session.flush()
    session.add(Receipt(lookup=code.lookup, secret_hash=secret_hash, response_id=response.id))
    session.flush()
    return Submission(response.id, code, needs_attention)


def find_receipt(session: Session, typed: str, hasher: ReceiptHasher) -> Receipt:
    """The receipt matching a typed code, or ReceiptNotRecognised (the same message for every failure)."""
    message = "We could not find that receipt code. Check it and try again: it has 20 letters and numbers."
    code = parse_code(typed)
    if code is None:
        raise ReceiptNotRecognised(message)
    candidates = session.scalars(select(Receipt).where(Receipt.lookup == code.lookup)).all()
    for receipt in candidates:
        if hasher.verify(receipt.secret_hash, code):
            return receipt
    if not candidates:
        hasher.verify_none(code)  # as long as a wrong code for a receipt that exists takes
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
