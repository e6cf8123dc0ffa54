"""Pairing codes: a respondent's own memorable code, kept only as a keyed hash, so that their answers to a baseline
and a later follow-up can be paired without anyone learning who they are.

The public app hashes the code (HMAC-SHA256 with the pairing secret, scoped to the survey) as soon as the page is
posted, before the draft is saved: the code itself is never stored, logged or sealed. The secret stays with the
public app, so staff who open the answers hold a hash they cannot turn back into the code, not even by trying
every likely word. The same code in another survey gives an unrelated hash, so no two surveys' answers can be
linked through it.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Iterable

from core.stripping import strip_identifiers

PAIRING_KIND = "pairing"
MIN_CHARS = 4
MAX_CHARS = 40
HASH_PREFIX = "p1:"


@dataclass(frozen=True)
class PairingCode:
    """A code ready to hash, or the reason it cannot be used."""

    normalised: str
    problem: str = ""


def normalise(typed: str) -> str:
    """Letters and digits only, in one case: "Blue fox-42" and "bluefox42" are the same code."""
    return "".join(ch for ch in typed.casefold() if ch.isalnum())


def check_code(typed: str, keep: Iterable[str] = ()) -> PairingCode:
    """The code as it will be hashed, or a problem to show: too short, too long, or something that identifies."""
    code = normalise(typed)
    if len(code) < MIN_CHARS:
        return PairingCode(code, f"Your code must have at least {MIN_CHARS} letters or numbers")
    if len(typed) > MAX_CHARS * 2 or len(code) > MAX_CHARS:
        return PairingCode(code, f"Your code must have {MAX_CHARS} letters or numbers or fewer")
    # A name, birthday, phone number or address would say who answered: the stripper knows them all.
    if strip_identifiers(typed.strip(), keep=keep).findings:
        return PairingCode(
            code,
            "Your code looks like a name, a date or a contact detail. Choose a made-up word and a number instead",
        )
    return PairingCode(code)


def pairing_hash(secret: bytes, survey_slug: str, code: str) -> str:
    """The keyed hash stored in place of a checked code; the same code and survey always give the same hash."""
    message = f"{survey_slug}\x00{code}".encode("utf-8")
    return HASH_PREFIX + hmac.new(secret, message, hashlib.sha256).hexdigest()


def is_pairing_hash(value: object) -> bool:
    return isinstance(value, str) and value.startswith(HASH_PREFIX) and len(value) == len(HASH_PREFIX) + 64
