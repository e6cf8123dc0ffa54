"""Staff password hashing with argon2id, and the one rule for what a password may be."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
MIN_LENGTH = 12
# The longest password that can be set, and so the longest worth checking at sign-in: every place that sets or
# checks one uses this, so a password that could be set can always be used. Long enough for any passphrase or
# password manager; the bound keeps a sign-in form from being a way to make the server hash megabytes.
MAX_LENGTH = 200


def hash_password(password: str) -> str:
    """The argon2id hash of `password`, to store."""
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Whether `password` matches the stored hash (False for a malformed hash)."""
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """A plain-words reason the password is not acceptable, or None."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"Use {MAX_LENGTH} characters or fewer"
    # Sign-in reads a password of only spaces as no password at all: whoever set one would be locked out.
    if not password.strip():
        return "Use letters, numbers or symbols, not only spaces"
    return None
