"""Signing in as a test does it by hand: the password, then a code from the test authenticator."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from core.models import SecondFactor
from tests.factories import TEST_PASSWORD, enrol_second_factor, totp_code


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


def sign_in(
    app: Flask, client: FlaskClient, db: Session, user: Any, prefix: str = "", password: str = TEST_PASSWORD
) -> None:
    """Sign `user` in through both steps (setting up their second factor first if they have none), with the CSRF
    token when the app checks it. The code is the one at the app's clock: move the clock on 30 seconds before
    signing the same account in again, since a code is taken only once."""
    state = app.extensions["learning_loop"]
    if db.get(SecondFactor, user.id) is None:
        enrol_second_factor(db, state.settings, user)
        db.commit()
    _post(app, client, f"{prefix}/login", {"email": user.email, "password": password})
    _post(app, client, f"{prefix}/second-factor/", {"code": totp_code(state.clock.now())})


def _post(app: Flask, client: FlaskClient, path: str, data: dict[str, str]) -> None:
    if app.config.get("WTF_CSRF_ENABLED"):
        data = {**data, "csrf_token": csrf_token(client.get(path).get_data(as_text=True))}
    response = client.post(path, data=data)
    assert response.status_code == 302, (path, response.get_data(as_text=True)[:1000])
