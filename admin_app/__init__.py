"""The staff app: registers, surveys and responses, key areas, audit log. Internal only."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, g, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

from analysis.suppression import display_count
from config import Settings, check_public_base_url, ensure_instance_folder, instance_secret, load_settings
from core.clock import Clock, SystemClock
from core.services.findings import ClassifierCache
from core.services.listing import LARGEST_ID
from core.db import make_engine, make_session_factory
from core.errors import LearningLoopError
from core.form_bytes import UNREADABLE_MESSAGE, form_body_is_utf8
from core.mail.keys import load_mail_key
from core.opening import Keyring
from core.services.deadlines import today_in_england
from core.presentation import STATIC_DIR, highlight_placeholders, uk_time

log = logging.getLogger("learning_loop.admin")
csrf = CSRFProtect()


@dataclass
class AdminContext:
    """What the views need, built once per app."""

    settings: Settings
    sessions: sessionmaker[Session]
    keyring: Keyring
    clock: Clock
    # The theming model, loaded on first use and again when a newer one is trained.
    classifiers: ClassifierCache = field(default_factory=ClassifierCache)


def context() -> AdminContext:
    ctx: AdminContext = current_app.extensions["learning_loop"]
    return ctx


def db() -> Session:
    """The request's database session, opened on first use and closed at teardown."""
    if "db" not in g:
        g.db = context().sessions()
    session: Session = g.db
    return session


SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
# Production only: a browser that has seen it never again sends a staff cookie over plain HTTP. Development and
# the embedded default are served over plain HTTP on localhost, which this header would lock out for a year.
HSTS = "max-age=31536000; includeSubDomains"


class DatabaseIdConverter(IntegerConverter):
    """An <int:...> path part: a number too large for the database is "not found", not an overflow (a 500)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def _reject_non_utf8() -> ResponseReturnValue | None:
    """Refuse form posts whose bytes are not UTF-8 with their own message, not "this form has expired".

    Werkzeug would decode them to U+FFFD without a word, and the CSRF check would then see a mangled form.
    """
    if request.method != "POST" or request.mimetype != "application/x-www-form-urlencoded":
        return None
    if form_body_is_utf8(request.get_data(cache=True)):
        return None
    return render_template(
        "errors/error.html", title="What you sent could not be read", message=UNREADABLE_MESSAGE
    ), 400


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> Flask:
    """Build the staff app; private keys are loaded here (and only here)."""
    settings = settings or load_settings()
    ensure_instance_folder(settings.instance_path)
    app = Flask(__name__, instance_path=str(settings.instance_path.resolve()), static_folder=str(STATIC_DIR))
    app.config.update(
        SECRET_KEY=instance_secret(settings, "admin"),
        SESSION_COOKIE_NAME="ll_admin",
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        MAX_CONTENT_LENGTH=4 * 1024 * 1024,
        WTF_CSRF_ENABLED=settings.csrf_enabled,
        WTF_CSRF_TIME_LIMIT=8 * 3600,
        TESTING=settings.testing,
    )
    if settings.trusted_proxies:
        # Sign-in throttling counts failures per client address: behind a proxy that is the forwarded one.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies)  # type: ignore[method-assign]
    instance_secret(settings, "second_factor")  # refused now if missing in production, not at the first sign-in
    if settings.environment == "production":
        load_mail_key(settings)  # likewise, not at the first mailing
    check_public_base_url(settings)  # likewise: production's email links must not point at localhost
    engine = make_engine(settings.resolved_database_url())
    keyring = Keyring()
    if settings.keys_dir.exists():
        keyring.unlock(settings.keys_dir, settings.key_passphrase or None)
    app.extensions["learning_loop"] = AdminContext(
        settings, make_session_factory(engine), keyring, clock or SystemClock()
    )
    app.extensions["learning_loop_engine"] = engine
    # Registered before CSRFProtect, which is the first to read the form: see _reject_non_utf8.
    app.before_request(_reject_non_utf8)
    csrf.init_app(app)
    from admin_app.cookie_path import MountedSessionInterface

    app.session_interface = MountedSessionInterface()  # the staff cookie goes to the staff app only
    # Before any route is added, so every <int:...> in a staff address is one the database can bind.
    app.url_map.converters["int"] = DatabaseIdConverter

    from admin_app import actions, agencies, audit, auth, child_deaths, exports, home, keys, learning, reviews, surveys

    for module in (auth, home, surveys, keys, audit, agencies, reviews, child_deaths, learning, actions, exports):
        app.register_blueprint(module.bp)
    from admin_app import annual_reports, audits, indicators, section11, themed_work  # assurance registers (4B)

    for module in (audits, section11, annual_reports, themed_work, indicators):
        app.register_blueprint(module.bp)
    from admin_app import findings, key_areas, survey_builder

    for module in (findings, key_areas, survey_builder):
        app.register_blueprint(module.bp)
    from admin_app import account, second_factor, users

    for module in (second_factor, users, account):
        app.register_blueprint(module.bp)
    from admin_app import impact, mail, outbox_interrupted

    app.register_blueprint(mail.bp)
    app.register_blueprint(outbox_interrupted.bp)
    app.register_blueprint(impact.bp)
    app.before_request(auth.require_login)
    app.before_request(second_factor.require_second_factor)

    app.add_template_filter(highlight_placeholders, "mark_placeholders")
    app.add_template_filter(uk_time, "uk_time")
    app.add_template_filter(lambda n: display_count(n, settings.min_cell_size), "count")

    @app.context_processor
    def inject() -> dict[str, Any]:
        # `today` here, not per view: shared partials (an action's status tag) need it on every page that includes them.
        return {"settings": settings, "user": g.get("user"), "today": today_in_england(context().clock)}

    @app.after_request
    def headers(response: Any) -> Any:
        for name, value in SECURITY_HEADERS.items():
            if name == "Cache-Control" and request.endpoint == "static":
                continue
            response.headers.setdefault(name, value)
        if settings.environment == "production":
            response.headers.setdefault("Strict-Transport-Security", HSTS)
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
            title="This form has expired",
            message="The form could not be sent because its security token was missing or "
            "out of date. Go back, reload the page and try again.",
        ), 400

    @app.errorhandler(LearningLoopError)
    def service_error(e: LearningLoopError) -> ResponseReturnValue:
        return render_template("errors/error.html", title="There is a problem", message=e.message), e.status

    too_large = (
        f"What you sent is larger than {app.config['MAX_CONTENT_LENGTH'] // (1024 * 1024)} MB, so nothing was "
        "changed. For a CSV file, split it into smaller files and upload each one."
    )

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> ResponseReturnValue:
        message = too_large if e.code == 413 else e.description
        return render_template("errors/error.html", title=e.name, message=message), e.code or 500

    @app.errorhandler(Exception)
    def unexpected(e: Exception) -> ResponseReturnValue:
        log.exception("unexpected error in %s", request.endpoint)
        return render_template(
            "errors/error.html",
            title="Sorry, there is a problem with the service",
            message="Nothing was changed. Try again, and tell your administrator if it keeps happening.",
        ), 500

    return app
