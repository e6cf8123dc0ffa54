"""A lean signed-cookie session for the public app.

Flask's default session cookie (itsdangerous, tagged JSON, HMAC-SHA1) costs about a tenth of the
CPU of a public page: the tagged serializer walks every value on the way in and out. The public
app keeps only plain JSON in its session (draft handles, a campaign id, a receipt id and the CSRF
token), so this interface signs plain JSON with HMAC-SHA256 and an issue time instead. The
cookie is signed, not encrypted, exactly like Flask's: nothing in it is secret from the browser
that holds it (the draft key in it is that browser's own).

Cookie value: ``base64url(json) "." base64url(issued, 8 bytes) "." base64url(tag, 16 bytes)``; the
tag covers the two parts before it. A cookie whose tag does not match, that is older than the
app's ``PERMANENT_SESSION_LIFETIME`` or that does not decode to a JSON object is ignored (a new,
empty session), as Flask does with a bad signature.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SessionInterface

_TAG_BYTES = 16  # 128-bit tag: forging needs 2^128 tries against a key the server never reveals


def _b64(raw: bytes) -> bytes:
    return base64.urlsafe_b64encode(raw).rstrip(b"=")


def _unb64(text: bytes) -> bytes:
    return base64.urlsafe_b64decode(text + b"=" * (-len(text) % 4))


class PlainJSONSessionInterface(SessionInterface):
    """Signed-cookie sessions holding plain JSON (no tuples, bytes or dates), with an age limit."""

    salt = b"learning-loop cookie session v1"

    def __init__(self, clock: Any = time.time) -> None:
        self._clock = clock
        self._keys: dict[bytes, bytes] = {}

    def _key(self, app: Flask) -> bytes | None:
        secret = app.secret_key
        if not secret:
            return None
        raw = secret.encode() if isinstance(secret, str) else bytes(secret)
        key = self._keys.get(raw)
        if key is None:
            # A key of its own, derived from the app's secret: a tag made here is never valid anywhere else.
            key = hmac.new(raw, self.salt, hashlib.sha256).digest()
            self._keys = {raw: key}
        return key

    def _tag(self, key: bytes, signed: bytes) -> bytes:
        return hmac.new(key, signed, hashlib.sha256).digest()[:_TAG_BYTES]

    def encode(self, app: Flask, data: dict[str, Any]) -> str:
        """The cookie value for this data, issued now."""
        key = self._key(app)
        if key is None:
            raise RuntimeError("the session is unavailable because no secret key was set")
        payload = _b64(json.dumps(data, separators=(",", ":"), ensure_ascii=True).encode())
        signed = payload + b"." + _b64(int(self._clock()).to_bytes(8, "big"))
        return (signed + b"." + _b64(self._tag(key, signed))).decode("ascii")

    def decode(self, app: Flask, value: str) -> dict[str, Any] | None:
        """The data in a cookie value, or None if it is forged, damaged or too old."""
        key = self._key(app)
        if key is None or not value:
            return None
        try:
            raw = value.encode("ascii")
            signed, _, tag = raw.rpartition(b".")
            if not hmac.compare_digest(_unb64(tag), self._tag(key, signed)):
                return None
            payload, _, issued = signed.partition(b".")
            age = self._clock() - int.from_bytes(_unb64(issued), "big")
            if age > app.permanent_session_lifetime.total_seconds():
                return None
            data = json.loads(_unb64(payload))
        except (UnicodeError, binascii.Error, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if self._key(app) is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        data = self.decode(app, value) if value else None
        return SecureCookieSession(data or {})

    def save_session(self, app: Flask, session: SecureCookieSession, response: Response) -> None:  # type: ignore[override]
        # The same rules as Flask's own interface: delete an emptied cookie, write only when needed.
        name = self.get_cookie_name(app)
        domain = self.get_cookie_domain(app)
        path = self.get_cookie_path(app)
        secure = self.get_cookie_secure(app)
        samesite = self.get_cookie_samesite(app)
        httponly = self.get_cookie_httponly(app)
        if session.accessed or session.modified:
            _vary_on_cookie(response)
        if not session:
            if session.modified:
                response.delete_cookie(
                    name, domain=domain, path=path, secure=secure, samesite=samesite, httponly=httponly
                )
            return
        if not self.should_set_cookie(app, session):
            return
        response.set_cookie(
            name,
            self.encode(app, dict(session)),
            expires=self.get_expiration_time(app, session),
            httponly=httponly,
            domain=domain,
            path=path,
            secure=secure,
            samesite=samesite,
        )


def _vary_on_cookie(response: Response) -> None:
    """Add Cookie to the Vary header once. (response.vary re-parses and re-writes the header on every add.)"""
    current = response.headers.get("Vary")
    if not current:
        response.headers["Vary"] = "Cookie"
    elif "cookie" not in (part.strip().lower() for part in current.split(",")):
        response.headers["Vary"] = f"{current}, Cookie"
