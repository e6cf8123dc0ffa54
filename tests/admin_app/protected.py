"""The admin app as in production, CSRF on: bad input is tried as a browser would send it."""

from __future__ import annotations

from typing import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.feedback_app.flows import token_on


@pytest.fixture
def protected_admin_app(make_settings, clock, engine) -> Iterator[Flask]:
    from admin_app import create_app

    app = create_app(make_settings(csrf_enabled=True), clock=clock)
    yield app
    app.extensions["learning_loop_engine"].dispose()


def sign_in(client: FlaskClient, email: str, password: str, prefix: str = "") -> str:
    """Sign in through the form with its token; returns a token of the new session (signing in starts one)."""
    token = token_on(client.get(f"{prefix}/login").get_data(as_text=True))
    signed = client.post(f"{prefix}/login", data={"email": email, "password": password, "csrf_token": token})
    assert signed.status_code == 302, signed.get_data(as_text=True)[:800]
    return token_on(client.get(f"{prefix}/").get_data(as_text=True))
