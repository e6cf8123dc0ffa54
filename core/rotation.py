"""Key rotation: a new key pair for new answers, and re-sealing old answers to it in resumable batches.

Only the admin side and the CLI import this module (it opens sealed answers). Re-sealing needs no
bookkeeping of its own: a row's `key_id` says which key it is sealed to, each batch re-seals some
rows and commits, and a run cut short (a crash, Ctrl-C) leaves every row sealed to one key or the
other, readable either way; the next run picks up the rows still on an old key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sqlalchemy import Table, func, select, update
from sqlalchemy.orm import Session

from core.models import Response, ResponseAddendum, SurveyVersion
from core.opening import CannotOpen, Keyring, WrongPassphrase, generate_keypair, load_private_key, private_key_path
from core.sealing import (
    KeyFileError,
    PublicKey,
    context_info,
    current_key_id,
    load_current_public_key,
    seal,
)


KEY_ID_SHAPE = re.compile(r"[0-9A-Za-z_-]{1,64}")


class RotationError(Exception):
    """Rotation or re-sealing cannot go ahead; the message says why."""


def private_key_is_encrypted(keys_dir: Path, key_id: str) -> bool:
    try:
        record = json.loads(private_key_path(keys_dir, key_id).read_text())
    except (OSError, ValueError) as exc:
        raise KeyFileError(f"cannot read the private key of {key_id}: {exc}") from exc
    return record.get("encryption") != "none"


def rotate(keys_dir: Path, passphrase: str | None, *, allow_unencrypted: bool = True) -> tuple[str, str]:
    """Make a new key pair the current one; returns (old key id, new key id).

    The new private key is encrypted with the same passphrase as the current one, which must open it, so one
    passphrase keeps unlocking every key; an unencrypted current key (the embedded default) gets an
    unencrypted successor unless a passphrase is given (and only where `allow_unencrypted`: never in production).
    """
    old = current_key_id(keys_dir)
    if private_key_is_encrypted(keys_dir, old):
        if not passphrase:
            raise RotationError(f"the current key {old} is encrypted: give its passphrase")
        try:
            load_private_key(private_key_path(keys_dir, old), passphrase)
        except WrongPassphrase as exc:
            raise RotationError(
                f"that passphrase does not open the current key {old}: the new key must share its passphrase"
            ) from exc
    elif not passphrase and not allow_unencrypted:
        raise RotationError("an unencrypted private key is for the embedded default only: give a passphrase")
    new = generate_keypair(keys_dir, passphrase or None)
    return old, new


def sealed_counts(session: Session) -> dict[str, int]:
    """How many responses and addenda are sealed to each key id."""
    counts: dict[str, int] = {}
    for model in (Response, ResponseAddendum):
        for key_id, n in session.execute(select(model.key_id, func.count()).group_by(model.key_id)):
            counts[key_id] = counts.get(key_id, 0) + n
    return dict(sorted(counts.items()))


@dataclass
class ResealProgress:
    """Where a re-seal run got to: rows re-sealed in this run, and rows still on old keys."""

    resealed: int = 0
    batches: int = 0
    remaining: int = 0
    unreadable: list[str] = field(default_factory=list)


def _remaining(session: Session, target: str) -> int:
    return sum(
        session.scalar(select(func.count()).select_from(model).where(model.key_id != target)) or 0
        for model in (Response, ResponseAddendum)
    )


def _reseal_batch(
    session: Session, keyring: Keyring, target: PublicKey, model: type, purpose: str, size: int, skip: set[str]
) -> int:
    """Re-seal up to `size` rows of `model` still on another key; commits; returns how many it looked at
    (rows it cannot open are added to `skip` and not looked at again)."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    query = (
        select(table.c.id, table.c.key_id, table.c.sealed, SurveyVersion.survey_id, SurveyVersion.id)
        .where(table.c.key_id != target.key_id, table.c.id.not_in(skip or [""]))
        .order_by(table.c.id)
        .limit(size)
    )
    if model is Response:
        query = query.join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
    else:
        query = query.join(Response, Response.id == table.c.response_id).join(
            SurveyVersion, SurveyVersion.id == Response.survey_version_id
        )
    rows = session.execute(query).all()
    for row_id, key_id, blob, survey_id, version_id in rows:
        info = context_info(survey_id, version_id, purpose=purpose)
        try:
            payload = keyring.open(key_id, bytes(blob), info)
        except CannotOpen:  # its key is not unlocked, or the row is damaged: left as it is, and reported
            skip.add(row_id)
            continue
        payload.pop("format", None)
        sealed = seal(payload, target, info)
        # Only if nobody re-sealed it meanwhile: two runs at once never overwrite each other's work.
        session.execute(
            update(table)
            .where(table.c.id == row_id, table.c.key_id == key_id)
            .values(key_id=sealed.key_id, sealed=sealed.blob)
        )
    session.commit()
    return len(rows)


def reseal(
    session: Session,
    keyring: Keyring,
    keys_dir: Path,
    *,
    batch_size: int = 200,
    after_batch: Callable[[ResealProgress], None] | None = None,
) -> ResealProgress:
    """Re-seal every response and addendum not on the current key to it, one committed batch at a time."""
    target = load_current_public_key(keys_dir)
    if target.key_id not in keyring.keys:
        raise RotationError(
            f"unlock the current key {target.key_id} first: re-sealing checks each answer opens with it"
        )
    progress = ResealProgress()
    skip: set[str] = set()
    at_start = _remaining(session, target.key_id)
    for model, purpose in ((Response, "response"), (ResponseAddendum, "addendum")):
        while _reseal_batch(session, keyring, target, model, purpose, batch_size, skip):
            progress.batches += 1
            progress.resealed = at_start - _remaining(session, target.key_id)
            if after_batch is not None:
                after_batch(progress)
    progress.unreadable = sorted(skip)
    progress.remaining = _remaining(session, target.key_id)
    progress.resealed = at_start - progress.remaining
    return progress


def retire(session: Session, keys_dir: Path, key_id: str) -> None:
    """Destroy an old private key once nothing is sealed to it any more (overwritten, then removed)."""
    if key_id == current_key_id(keys_dir):
        raise RotationError(f"{key_id} is the current key: rotate to a new one first")
    left = sealed_counts(session).get(key_id, 0)
    if left:
        raise RotationError(f"{left} answers are still sealed to {key_id}: run `learning-loop keys reseal` first")
    path = private_key_path(keys_dir, key_id)
    # A key id is a short run of hex digits (sealing.key_id_for): anything else, a "/" above all, names no key file
    # of the folder, and must not reach a file elsewhere (which would be overwritten and removed) or the OS's limit.
    if not KEY_ID_SHAPE.fullmatch(key_id) or not path.exists():
        raise RotationError(f"there is no private key {key_id[:80]} in {keys_dir}")
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.write(b"\0" * size)
        fh.flush()
    path.unlink()
