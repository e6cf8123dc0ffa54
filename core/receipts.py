"""Receipt codes: readable, high-entropy, shown once and stored only as a slow hash.

A code is 20 Crockford base32 characters in five groups (100 bits). The first four
characters are a lookup prefix kept in clear so the row can be found; the remaining 16
characters (80 bits) are the secret, kept only as an argon2id hash.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LOOKUP_CHARS = 4
SECRET_CHARS = 16
CODE_CHARS = LOOKUP_CHARS + SECRET_CHARS
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


@dataclass(frozen=True)
class ReceiptCode:
    lookup: str
    secret: str

    def __str__(self) -> str:
        whole = self.lookup + self.secret
        return "-".join(whole[i : i + 4] for i in range(0, CODE_CHARS, 4))


def new_code() -> ReceiptCode:
    """A fresh random code from the OS's CSPRNG."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(CODE_CHARS))
    return ReceiptCode(chars[:LOOKUP_CHARS], chars[LOOKUP_CHARS:])


def parse_code(typed: str) -> ReceiptCode | None:
    """Normalise what a person typed (any case, spaces or dashes, I/L/O mix-ups); None if invalid."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_CONFUSABLE)
    if len(cleaned) != CODE_CHARS or any(ch not in ALPHABET for ch in cleaned):
        return None
    return ReceiptCode(cleaned[:LOOKUP_CHARS], cleaned[LOOKUP_CHARS:])


class ReceiptHasher:
    """argon2id with configurable cost (see Settings.receipt_hash_* for why the default is modest)."""

    def __init__(self, time_cost: int = 1, memory_kib: int = 4 * 1024) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)
        self._decoy: str | None = None

    def hash(self, code: ReceiptCode) -> str:
        return self._hasher.hash(code.secret)

    def verify(self, stored: str, code: ReceiptCode) -> bool:
        try:
            return self._hasher.verify(stored, code.secret)
        except (VerificationError, InvalidHashError):
            return False

    def verify_none(self, code: ReceiptCode) -> None:
        """The work of checking a code against a receipt, for a code whose lookup matches none: answered at once,
        a miss would tell apart a prefix some receipt has from one none has (bench/receipt_timing.py)."""
        if self._decoy is None:
            self._decoy = self.hash(new_code())
        self.verify(self._decoy, code)
