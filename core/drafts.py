"""Answers in progress, held in the database encrypted with a key only the respondent holds.

The respondent's browser keeps the draft id and a random 256-bit key in its session cookie;
the server stores only AES-GCM ciphertext and an expiry rounded to the hour. Free text in a
draft has already been identity-stripped. The row is deleted in the same transaction that
stores the response, and expired rows are purged.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
from dataclasses import dataclass
from typing import Any, Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from core.models import Draft


@dataclass(frozen=True)
class DraftHandle:
    """What the respondent's cookie holds: which draft, and the key that opens it."""

    draft_id: str
    key: bytes

    def to_cookie(self) -> str:
        return f"{self.draft_id}.{base64.urlsafe_b64encode(self.key).decode()}"

    @classmethod
    def from_cookie(cls, value: object) -> "DraftHandle | None":
        if not isinstance(value, str) or "." not in value:
            return None
        draft_id, _, key = value.partition(".")
        try:
            raw = base64.urlsafe_b64decode(key.encode())
        except (ValueError, TypeError):
            return None
        if len(raw) != 32 or len(draft_id) != 32:
            return None
        return cls(draft_id, raw)


def _expiry(now: dt.datetime, hours: int) -> dt.datetime:
    return (now + dt.timedelta(hours=hours + 1)).replace(minute=0, second=0, microsecond=0)


def new_handle() -> DraftHandle:
    return DraftHandle(secrets.token_hex(16), AESGCM.generate_key(bit_length=256))


# What open_draft needs of a draft row, for statements that fetch the draft beside something else.
DRAFT_COLUMNS = (Draft.survey_version_id, Draft.ciphertext, Draft.expires_at)


def save_draft(
    session: Session,
    handle: DraftHandle,
    version_id: int,
    data: dict[str, Any],
    *,
    now: dt.datetime,
    lifetime_hours: int,
) -> None:
    """Encrypt the answers so far and store them under the handle's draft id, new or replacing; flushes."""
    nonce = secrets.token_bytes(12)
    plain = json.dumps(data, ensure_ascii=False).encode()
    draft = session.get(Draft, handle.draft_id)
    if draft is None:
        draft = Draft(id=handle.draft_id)
        session.add(draft)
    draft.survey_version_id = version_id
    draft.ciphertext = nonce + AESGCM(handle.key).encrypt(nonce, plain, handle.draft_id.encode())
    draft.expires_at = _expiry(now, lifetime_hours)
    session.flush()


def load_draft(
    session: Session, handle: DraftHandle | None, version_id: int, *, now: dt.datetime
) -> dict[str, Any] | None:
    """The draft's data, or None if it is missing, expired, for another version or will not open."""
    if handle is None:
        return None
    row = session.execute(select(*DRAFT_COLUMNS).where(Draft.id == handle.draft_id)).one_or_none()
    return open_draft(handle, row, version_id, now=now) if row is not None else None


def open_draft(
    handle: DraftHandle | None, row: Sequence[Any], version_id: int, *, now: dt.datetime
) -> dict[str, Any] | None:
    """Decrypt a fetched draft row (the DRAFT_COLUMNS, in order; all None when there was no row) for this version."""
    row_version_id, ciphertext, expires_at = row
    if handle is None or row_version_id != version_id or ciphertext is None:
        return None
    expires = expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=dt.timezone.utc)
    if expires <= now:
        return None
    try:
        blob = bytes(ciphertext)
        plain = AESGCM(handle.key).decrypt(blob[:12], blob[12:], handle.draft_id.encode())
    except (InvalidTag, ValueError):
        return None
    data: dict[str, Any] = json.loads(plain)
    return data


def discard_draft(session: Session, handle: DraftHandle | None) -> bool:
    """Delete the handle's draft, if there is one (in the transaction that stores what it became); True if this call
    deleted it. Of two transactions deleting one draft, the second waits for the first and deletes nothing."""
    if handle is None:
        return False
    result = session.execute(delete(Draft).where(Draft.id == handle.draft_id))
    return bool(getattr(result, "rowcount", 0))


def purge_expired(session: Session, now: dt.datetime) -> int:
    """Delete drafts past their expiry; returns how many went."""
    result = session.execute(delete(Draft).where(Draft.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)
