"""Cross-site request forgery protection for the public app: a per-browser secret, a signed token per page.

The admin app uses flask-wtf's CSRFProtect. The public app used it too, and it cost about 7 % of the
CPU of every page a respondent answers: each token is made by itsdangerous (a serializer, a derived
key, JSON and base64 to sign and to check one random string). What it guards is small and fixed
here, so the public app does the same job directly, the way flask-wtf does it:

- The session cookie (signed by the server, HttpOnly, SameSite=Strict) holds a random 256-bit
  secret of this browser's own.
- Each form carries ``issued.tag``: the time the page was made and an HMAC-SHA256 of it under that
  secret, cut to 128 bits. Tokens differ from page to page and never reveal the secret.
- Every POST must carry a token whose tag matches this browser's secret and which is younger
  than the time limit (``WTF_CSRF_TIME_LIMIT``, the draft lifetime, as before), else it is refused
  with flask-wtf's ``CSRFError`` (a 400 with a plain message), before any view runs.

It follows ``WTF_CSRF_ENABLED`` so tests and the bench can switch it as before.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import Callable

from flask import Flask, current_app, g, request, session
from flask_wtf.csrf import CSRFError

FIELD = "csrf_token"
_SESSION_KEY = "csrf"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_TAG_BYTES = 16
_CLOCK_SKEW = 60  # seconds: a token "from the future" by more than this was not made here


def _tag(secret: str, issued: int) -> str:
    digest = hmac.new(secret.encode("ascii"), b"csrf %d" % issued, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:_TAG_BYTES]).rstrip(b"=").decode("ascii")


def _existing_secret() -> str | None:
    secret = session.get(_SESSION_KEY)
    return secret if isinstance(secret, str) and len(secret) == 43 else None


def _secret() -> str:
    """This browser's secret, made and put in its session cookie on the first form it is shown."""
    secret = _existing_secret()
    if secret is None:
        secret = session[_SESSION_KEY] = secrets.token_urlsafe(32)
    return secret


def token_is_valid(token: object, now: float, time_limit: float | None) -> bool:
    """True when `token` was made for this browser's session and is not too old."""
    secret = _existing_secret()
    if secret is None or not isinstance(token, str):
        return False
    issued_text, _, tag = token.partition(".")
    # isdigit() alone lets "²" through, which int() refuses; compare_digest refuses non-ASCII text.
    if not (issued_text.isascii() and issued_text.isdigit() and len(issued_text) <= 12 and tag.isascii()):
        return False
    issued = int(issued_text)
    age = now - issued
    if age < -_CLOCK_SKEW or (time_limit is not None and age > time_limit):
        return False
    return hmac.compare_digest(tag, _tag(secret, issued))


def init_app(app: Flask, now: Callable[[], float]) -> None:
    """Check every unsafe request before its view, and give templates ``csrf_token()``."""

    def csrf_token() -> str:
        # One token per response: a page with two forms renders it twice.
        token: str | None = g.get("_csrf_token")
        if token is None:
            issued = int(now())
            token = g._csrf_token = f"{issued}.{_tag(_secret(), issued)}"
        return token

    def protect() -> None:
        # No endpoint: the URL matched nothing, and the view's 404 or 405 says more than a CSRF refusal would.
        if (
            request.method in _SAFE_METHODS
            or request.endpoint is None
            or not current_app.config.get("WTF_CSRF_ENABLED", True)
        ):
            return
        sent = (
            request.form.get(FIELD)
            if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data")
            else None
        )
        if not sent:
            raise CSRFError("The CSRF token is missing.")
        if not token_is_valid(sent, now(), current_app.config.get("WTF_CSRF_TIME_LIMIT")):
            raise CSRFError("The CSRF token is not valid or has expired.")

    app.jinja_env.globals["csrf_token"] = csrf_token
    app.before_request(protect)
