"""The public app as in production: CSRF on, with signed tokens and cookies on the fake clock."""

from __future__ import annotations

from typing import Any, Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from itsdangerous import TimestampSigner

from core.clock import FixedClock


@pytest.fixture
def make_protected_app(
    make_settings: Callable[..., Any], clock: FixedClock, engine: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Flask]]:
    """Build public apps with CSRF on (and any other settings given); each is closed after the test."""
    from feedback_app import create_app

    # itsdangerous stamps CSRF tokens and session cookies with time.time() and checks their age against it:
    # the fake clock stands in for it, so a test can let a token expire without waiting.
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda _signer: int(clock.now().timestamp()))
    made: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        app = create_app(make_settings(csrf_enabled=True, **overrides), clock=clock)
        made.append(app)
        return app

    yield build
    for app in made:
        app.extensions["learning_loop_engine"].dispose()


@pytest.fixture
def protected_app(make_protected_app: Callable[..., Flask]) -> Flask:
    return make_protected_app()


@pytest.fixture
def protected_client(protected_app: Flask) -> FlaskClient:
    return protected_app.test_client()
