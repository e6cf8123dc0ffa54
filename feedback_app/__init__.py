"""The public feedback app: anonymous surveys, check your answers, receipts.

It holds only the partnership's PUBLIC key: it can seal answers but never read them back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from flask import Flask, abort, g, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from config import Settings, ensure_instance_folder, instance_secret, load_settings
from core.clock import Clock, SystemClock
from core.db import make_engine, make_session_factory
from core.errors import LearningLoopError
from core.form_bytes import UNREADABLE_MESSAGE, form_body_is_utf8
from core.presentation import STATIC_DIR, highlight_placeholders
from core.ratelimit import RateLimiter
from core.receipts import ReceiptHasher
from core.stripping import warm_up
from core.sealing import PublicKey, load_current_public_key, load_public_key

log = logging.getLogger("learning_loop.feedback")
csrf = CSRFProtect()


@dataclass
class FeedbackContext:
    """What the views need, built once per app."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    public_key: PublicKey
    hasher: ReceiptHasher
    clock: Clock
    limiter: RateLimiter
    # New drafts per address: twice the submissions, since some people start a survey and never send it.
    draft_limiter: RateLimiter
    # Keys the hashes of respondents' own pairing codes (core/pairing.py).
    pairing_secret: bytes


def _load_public_key(settings: Settings) -> PublicKey:
    if settings.public_key_file:
        return load_public_key(Path(settings.public_key_file))
    return load_current_public_key(settings.keys_dir)


def context() -> FeedbackContext:
    from flask import current_app

    ctx: FeedbackContext = current_app.extensions["learning_loop"]
    return ctx


def db() -> Session:
    """The request's database session, opened on first use and closed at teardown.

    Services flush; the view commits once its work is done (before a receipt is shown), and whatever
    was not committed is rolled back when the session closes.
    """
    if "db" not in g:
        g.db = context().sessions()
    session: Session = g.db
    return session


def within_limit(bucket: str) -> None:
    """Refuse with 429 when this address has sent too much; the address is only hashed in memory."""
    limiter = context().draft_limiter if bucket == "draft" else context().limiter
    if not limiter.hit(request.remote_addr or "", bucket):
        abort(429)


def _reject_non_utf8() -> ResponseReturnValue | None:
    """Refuse form posts whose bytes are not UTF-8, before anything reads the form.

    Werkzeug would decode such bytes to U+FFFD without a word, so this must run before the CSRF check,
    which is the first thing to read the form.
    """
    if request.method != "POST" or request.mimetype != "application/x-www-form-urlencoded":
        return None
    if form_body_is_utf8(request.get_data(cache=True)):
        return None
    if request.endpoint == "mail_links.unsubscribe_now":
        # Nobody typed anything here: the post came from the email's link or a mail program.
        title, message = "Your request could not be read", UNSUBSCRIBE_UNREADABLE
    else:
        title, message = "Your answers could not be read", UNREADABLE_MESSAGE
    return render_template("errors/error.html", title=title, message=message), 400


def _too_many(endpoint: str | None, draft_hours: int) -> str:
    """What a 429 says: the limit counts an internet connection, which a school or an office shares, not a person."""
    if endpoint == "receipts.enter":
        return (
            "Sorry, too many receipt codes have been tried from your internet connection in the last hour. "
            "Please wait an hour and try again."
        )
    if endpoint in ("surveys.check", "receipts.check"):
        return (
            "Sorry, too many answers have been sent from your internet connection in the last hour, so yours have "
            f"not been sent yet. Wait an hour, then reload this page to send them. We keep them for {draft_hours} "
            "hours after you last saved them."
        )
    return (
        "Sorry, too many surveys have been started from your internet connection in the last hour. "
        "Please wait an hour and try again."
    )


UNSUBSCRIBE_UNREADABLE = (
    "You have not been unsubscribed yet. Open the unsubscribe link in the email again and use the button on the page."
)


SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "interest-cohort=(), browsing-topics=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Production only (plain HTTP on localhost is the embedded default): no answer is ever sent over plain HTTP again.
HSTS = "max-age=31536000; includeSubDomains"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> Flask:
    """Build the public feedback app."""
    # The public app never needs the private key's passphrase nor the key that signs staff sessions: drop them so
    # they are not even held in memory here.
    settings = replace(settings or load_settings(), key_passphrase="", admin_secret_key="")
    ensure_instance_folder(settings.instance_path)
    app = Flask(__name__, instance_path=str(settings.instance_path.resolve()), static_folder=str(STATIC_DIR))
    app.config.update(
        SECRET_KEY=instance_secret(settings, "feedback"),
        SESSION_COOKIE_NAME="ll_feedback",
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        WTF_CSRF_ENABLED=settings.csrf_enabled,
        WTF_CSRF_TIME_LIMIT=settings.draft_lifetime_hours * 3600,
        # Over HTTPS CSRFProtect would also demand a Referer from this host, but these pages send none
        # (Referrer-Policy: no-referrer, so where a respondent came from is never told to anyone): the token
        # and the SameSite=Strict cookie are the protection.
        WTF_CSRF_SSL_STRICT=False,
        TESTING=settings.testing,
    )
    if settings.trusted_proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies)  # type: ignore[method-assign]
    engine = make_engine(settings.resolved_database_url())
    app.extensions["learning_loop"] = FeedbackContext(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        public_key=_load_public_key(settings),
        hasher=ReceiptHasher(settings.receipt_hash_time_cost, settings.receipt_hash_memory_kib),
        clock=clock or SystemClock(),
        limiter=RateLimiter(settings.rate_limit_per_hour),
        draft_limiter=RateLimiter(2 * settings.rate_limit_per_hour),
        pairing_secret=instance_secret(settings, "pairing").encode("utf-8"),
    )
    app.extensions["learning_loop_engine"] = engine
    warm_up()

    # Before-request hooks run in the order they are registered: the byte check must see the body before
    # CSRFProtect parses it into request.form.
    app.before_request(_reject_non_utf8)
    csrf.init_app(app)

    from feedback_app import pages, preview, published, receipts, surveys
    from feedback_app.choices import is_exclusive

    app.register_blueprint(surveys.bp)
    app.register_blueprint(receipts.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(published.bp)
    app.register_blueprint(preview.bp)
    from feedback_app import mail_links

    app.register_blueprint(mail_links.bp)

    app.add_template_filter(highlight_placeholders, "mark_placeholders")
    app.add_template_test(is_exclusive, "exclusive_option")

    @app.context_processor
    def inject() -> dict[str, Any]:
        links = {
            "stylesheet": url_for("static", filename="app.css"),
            "script": url_for("static", filename="public.js"),
            "brand_css": url_for("pages.brand_css"),
            "home": url_for("surveys.home"),
            "privacy": url_for("pages.privacy"),
            "help_now": url_for("pages.help_now"),
            "accessibility": url_for("pages.accessibility"),
            "receipt": url_for("receipts.enter"),
            "exit": url_for("pages.exit_now"),
        }
        return {"settings": settings, "links": links}

    @app.after_request
    def headers(response: Any) -> Any:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        if settings.environment == "production":
            response.headers["Strict-Transport-Security"] = HSTS
        log.info("%s %s %s", request.method, request.url_rule or "-", response.status_code)
        return response

    @app.teardown_appcontext
    def close_db(_exc: BaseException | None) -> None:
        session = g.pop("db", None)
        if session is not None:
            session.close()

    @app.errorhandler(CSRFError)
    def csrf_error(_e: CSRFError) -> ResponseReturnValue:
        return render_template(
            "errors/error.html",
            title="This page has expired",
            # Not "your answers are kept": a token lives about as long as the draft saved before its page was shown,
            # and a closed browser takes the draft's key with its cookie, so by the time this shows they may be gone.
            message="For your security, the form could not be sent. This happens when a page has been open for more "
            f"than {settings.draft_lifetime_hours} hours, or your browser was closed. Go back and reload the page. "
            f"To keep them private, answers are deleted about {settings.draft_lifetime_hours} hours after you last "
            "saved them, and when you close your browser, so you may need to give some answers again.",
        ), 400

    @app.errorhandler(LearningLoopError)
    def service_error(e: LearningLoopError) -> ResponseReturnValue:
        title = getattr(e, "title", "Sorry, there is a problem")
        return render_template("errors/error.html", title=title, message=e.message), e.status

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> ResponseReturnValue:
        messages = {
            400: "Something in what was sent could not be understood. Go back and try again.",
            404: "If you typed the web address, check it is correct.",
            405: "That page cannot be used in this way. Go back and try again.",
            413: "What you sent is too long. Go back, shorten your answer and try again.",
            429: _too_many(request.endpoint, settings.draft_lifetime_hours),
        }
        code = e.code or 500
        # GOV.UK error page headings, not the protocol's names ("Request Entity Too Large" means nothing to a family).
        titles = {404: "Page not found", 413: "Your answer is too long", 429: "Please wait before trying again"}
        return render_template(
            "errors/error.html",
            title=titles.get(code, "Sorry, there is a problem"),
            message=messages.get(code, e.description or e.name),
        ), code

    @app.errorhandler(Exception)
    def unexpected(e: Exception) -> ResponseReturnValue:
        # The traceback is logged without request data (never the form, address or agent).
        log.error("unexpected error: %s", type(e).__name__)
        return render_template(
            "errors/error.html",
            title="Sorry, there is a problem with the service",
            # Not "nothing has been lost": what was sent with this request was not saved if the failure came first.
            message=(
                "What you sent from this page may not have been saved. Go back, check your answers on that page and "
                "try again in a few minutes. Answers you saved before then are still kept."
                if request.method == "POST"
                else "Try again in a few minutes."
            ),
        ), 500

    return app
