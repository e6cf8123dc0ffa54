"""WSGI entry points: `feedback` (public), `admin` (internal), `application` (both, admin under /admin).

Each is built only when asked for, so a server running `wsgi:feedback` never imports the admin
app or anything that can load a private key (DESIGN invariant 2).
"""

from __future__ import annotations

from typing import Any


def make_feedback() -> Any:
    from config import load_settings
    from feedback_app import create_app

    return create_app(load_settings())


def make_admin() -> Any:
    from admin_app import create_app
    from config import load_settings

    return create_app(load_settings())


ADMIN_PREFIX = "/admin"


def make_application() -> Any:
    from admin_app import create_app as create_admin
    from config import load_settings
    from feedback_app import create_app as create_feedback

    settings = load_settings()
    return mount(create_feedback(settings), create_admin(settings))


def mount(feedback: Any, admin: Any) -> Any:
    """The public app at "/" and the staff app under /admin, neither shown the other's session cookie.

    The staff cookie's Path is /admin (admin_app/cookie_path.py), but the public cookie's is "/", which a browser
    also sends to /admin: it carries the keys of a respondent's drafts, which the staff app has no use for (a staff
    member may answer a survey in the same browser). A staff cookie set with Path "/" before its path was scoped
    would likewise still reach the public app until the browser closes.
    """
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    return DispatcherMiddleware(
        without_cookie(feedback, admin.config["SESSION_COOKIE_NAME"]),
        {ADMIN_PREFIX: without_cookie(admin, feedback.config["SESSION_COOKIE_NAME"])},
    )


def without_cookie(app: Any, name: str) -> Any:
    """`app`, never shown the cookie called `name` (the Cookie header keeps every other pair as sent)."""

    def serve(environ: dict[str, Any], start_response: Any) -> Any:
        header = environ.get("HTTP_COOKIE")
        if header:
            kept = [pair for pair in header.split(";") if pair.split("=", 1)[0].strip() != name]
            environ = {**environ, "HTTP_COOKIE": ";".join(kept).strip()}
            if not environ["HTTP_COOKIE"]:
                del environ["HTTP_COOKIE"]
        return app(environ, start_response)

    return serve


_FACTORIES = {"feedback": make_feedback, "admin": make_admin, "application": make_application}
_built: dict[str, Any] = {}


def __getattr__(name: str) -> Any:
    if name in _FACTORIES:
        if name not in _built:
            _built[name] = _FACTORIES[name]()
        return _built[name]
    raise AttributeError(name)
