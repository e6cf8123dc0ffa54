"""Link tokens (invitations, unsubscribing): random, sent once in an email, stored only as a hash.

The public app needs nothing more than this to recognise a link: no mail key, no address.
"""

from __future__ import annotations

import hashlib
import re
import secrets

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{22}")


def new_token() -> str:
    """128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


def token_hash(token: str) -> str:
    """The stored form of a token: 128 random bits cannot be guessed, so a fast hash is enough."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def well_formed(token: str | None) -> bool:
    return token is not None and TOKEN_SHAPE.fullmatch(token) is not None
