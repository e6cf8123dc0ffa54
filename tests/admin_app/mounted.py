"""The admin app as `make run` and wsgi.py's `application` serve it: mounted under /admin."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware

PREFIX = "/admin"


def mounted_client(app: Flask) -> FlaskClient:
    """A test client for `app` served under /admin (the dispatcher sets SCRIPT_NAME, as in production)."""
    app.wsgi_app = DispatcherMiddleware(NotFound(), {PREFIX: app.wsgi_app})  # type: ignore[method-assign]
    return app.test_client()
