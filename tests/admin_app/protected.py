"""The admin app as in production, CSRF on: bad input is tried as a browser would send it."""

from __future__ import annotations

from typing import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import User
from tests.admin_app import signing_in
from tests.feedback_app.flows import token_on


@pytest.fixture
def protected_admin_app(make_settings, clock, engine) -> Iterator[Flask]:
    from admin_app import create_app

    app = create_app(make_settings(csrf_enabled=True), clock=clock)
    yield app
    app.extensions["learning_loop_engine"].dispose()


def sign_in(client: FlaskClient, db: Session, email: str, password: str, prefix: str = "") -> str:
    """Sign in through both steps' forms with their tokens; returns a token of the new session (signing in starts
    one)."""
    user = db.scalar(select(User).where(User.email == email))
    signing_in.sign_in(client.application, client, db, user, prefix=prefix, password=password)
    return token_on(client.get(f"{prefix}/").get_data(as_text=True))
