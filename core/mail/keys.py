"""The mail key: encrypts addresses and queued messages at rest, and keys the hash that finds an address."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from config import Settings, ensure_instance_folder

KEY_FILE = "mail.key"


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"learning-loop mail " + purpose).derive(secret)


class MailKey:
    """Two keys from one secret: Fernet (AES-128-CBC + HMAC) for addresses and messages, HMAC-SHA256 for lookups."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 32:
            raise ValueError("the mail key must hold at least 32 bytes")
        self._fernet = Fernet(base64.urlsafe_b64encode(_derive(secret, b"encryption")))
        self._lookup = _derive(secret, b"lookup")

    def encrypt(self, plain: str) -> bytes:
        return self._fernet.encrypt(plain.encode("utf-8"))

    def decrypt(self, token: bytes) -> str:
        try:
            return self._fernet.decrypt(token).decode("utf-8")
        except InvalidToken as exc:
            raise ValueError("this was encrypted with another mail key") from exc

    def lookup_hash(self, value: str) -> str:
        """A keyed hash: equal values match, and without the key a list of guessed addresses proves nothing."""
        return hmac.new(self._lookup, value.encode("utf-8"), hashlib.sha256).hexdigest()


def _secret_from_text(text: str) -> bytes:
    try:
        secret = base64.urlsafe_b64decode(text.strip().encode("ascii") + b"==")
    except (ValueError, UnicodeEncodeError) as exc:
        raise ValueError("LEARNING_LOOP_MAIL_KEY must be URL-safe base64 of at least 32 bytes") from exc
    if len(secret) < 32:
        raise ValueError("LEARNING_LOOP_MAIL_KEY must be URL-safe base64 of at least 32 bytes")
    return secret


def new_key_text() -> str:
    """A new mail key in the form LEARNING_LOOP_MAIL_KEY takes."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii").rstrip("=")


def load_mail_key(settings: Settings, *, create: bool = True) -> MailKey:
    """The key from settings, or (outside production) the one in the instance folder (made on first use, readable
    by its owner only, unless `create` is False: ValueError then). Production must be given it, as it is given the
    other instance secrets: a key made beside the database would go wherever a copy of the folder went."""
    if settings.mail_key:
        return MailKey(_secret_from_text(settings.mail_key))
    if settings.environment == "production":
        raise ValueError(
            "LEARNING_LOOP_MAIL_KEY must be set in production (it encrypts mailing-list addresses and queued mail)"
        )
    path: Path = settings.instance_path / KEY_FILE
    if not create:
        if not path.is_file():
            raise ValueError(f"there is no {path.resolve()}")
        return MailKey(_secret_from_text(path.read_text()))
    ensure_instance_folder(settings.instance_path)
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: read theirs
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(new_key_text())
    return MailKey(_secret_from_text(path.read_text()))
