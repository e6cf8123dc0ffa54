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


def make_application() -> Any:
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    from admin_app import create_app as create_admin
    from config import load_settings
    from feedback_app import create_app as create_feedback

    settings = load_settings()
    return DispatcherMiddleware(create_feedback(settings), {"/admin": create_admin(settings)})


_FACTORIES = {"feedback": make_feedback, "admin": make_admin, "application": make_application}
_built: dict[str, Any] = {}


def __getattr__(name: str) -> Any:
    if name in _FACTORIES:
        if name not in _built:
            _built[name] = _FACTORIES[name]()
        return _built[name]
    raise AttributeError(name)
