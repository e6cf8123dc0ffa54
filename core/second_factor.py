"""TOTP (RFC 6238) codes, the key that encrypts TOTP secrets at rest, and one-time recovery codes.

Pure functions and one small class; no database, no Flask (core/services/second_factor.py keeps the records).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import secrets
import string

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

STEP_SECONDS = 30
# A code is accepted one step either side of now: phones' clocks drift, and a code typed at the end of its
# window arrives in the next one.
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# Ten characters from a 32-letter alphabet without look-alikes (50 bits): far beyond guessing, so a keyed
# hash is enough and no password-slow hash is needed.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 10
_ASCII_ALNUM = frozenset(string.ascii_lowercase + string.digits)
_SIX_DIGITS = re.compile(r"[0-9]{6}")


class SecretBox:
    """Encrypts TOTP secrets for the database (Fernet) and keys recovery-code hashes, from one instance secret."""

    def __init__(self, instance_secret: str) -> None:
        material = instance_secret.encode("utf-8")
        self._fernet = Fernet(base64.urlsafe_b64encode(_derive(material, b"learning-loop totp secrets")))
        self._code_key = _derive(material, b"learning-loop recovery codes")

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode("ascii")).decode("ascii")

    def open(self, token: str) -> str:
        """The secret sealed in `token`; ValueError when it was sealed with another key or changed."""
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("ascii")
        except InvalidToken as exc:
            raise ValueError("this second-factor key was sealed with another instance secret") from exc

    def code_hash(self, code: str) -> str:
        """The keyed hash a recovery code is stored as (its spelling normalised first)."""
        return hmac.new(self._code_key, normalise_recovery_code(code).encode("ascii"), hashlib.sha256).hexdigest()


def _derive(material: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(material)


def new_secret() -> str:
    """A random base32 TOTP secret (160 bits, as RFC 4226 recommends)."""
    return pyotp.random_base32(length=32)


def grouped(secret: str) -> str:
    """The secret in groups of four letters, easier to read aloud or type into an authenticator."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def time_step(at: dt.datetime) -> int:
    return int(at.timestamp()) // STEP_SECONDS


def code_at(secret: str, at: dt.datetime) -> str:
    """The code an authenticator shows at `at` (tests, and the one place codes are made)."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).at(at)


def matching_step(secret: str, code: str, at: dt.datetime, after_step: int) -> int | None:
    """The time step whose code is `code`, within the drift allowed around `at` and later than `after_step` (so a
    code already used is refused); None when none matches."""
    code = "".join(code.split())
    # str.isdigit() also takes other scripts' digits, which compare_digest refuses with an exception.
    if not _SIX_DIGITS.fullmatch(code):
        return None
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    now = time_step(at)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if step > after_step and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    return pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(name=account, issuer_name=issuer)


def qr_svg_data_uri(uri: str) -> str:
    """The otpauth URI as a QR code: an SVG data URI drawn here (no request leaves the server)."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=4, dark="#0b0c0c", light="#ffffff"))


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """`count` random recovery codes written as xxxxx-xxxxx."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def normalise_recovery_code(code: str) -> str:
    """Lower case, without spaces or dashes: how it was typed does not matter."""
    return "".join(ch for ch in code.lower() if ch in _ASCII_ALNUM)


def looks_like_recovery_code(code: str) -> bool:
    return len(normalise_recovery_code(code)) == _RECOVERY_LENGTH
