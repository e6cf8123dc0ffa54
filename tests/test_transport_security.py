"""Strict-Transport-Security: sent by both apps in production, never in development (plain HTTP on localhost)."""

from __future__ import annotations

import pytest

KEYS = {
    "admin_secret_key": "admin-" + "a" * 40,
    "feedback_secret_key": "feedback-" + "f" * 40,
    "second_factor_secret_key": "second-factor-" + "s" * 40,
    "pairing_secret_key": "pairing-" + "p" * 40,
    "mail_key": "bWFpbC1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXMtbG9uZw",
    "public_base_url": "https://learning-loop.example",
}


def _app(which: str, settings, clock):
    if which == "admin":
        from admin_app import create_app
    else:
        from feedback_app import create_app
    return create_app(settings, clock=clock)


@pytest.mark.parametrize(("which", "path"), [("admin", "/login"), ("feedback", "/"), ("feedback", "/no-such-page")])
def test_production_pages_tell_browsers_to_use_https_only(which, path, make_settings, clock, engine):
    app = _app(which, make_settings(environment="production", **KEYS), clock)
    try:
        response = app.test_client().get(path, base_url="https://learning-loop.example")
        assert response.status_code in (200, 404)
        hsts = response.headers["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    finally:
        app.extensions["learning_loop_engine"].dispose()


@pytest.mark.parametrize("which", ["admin", "feedback"])
def test_development_pages_do_not_pin_https(which, make_settings, clock, engine):
    app = _app(which, make_settings(environment="development"), clock)
    try:
        response = app.test_client().get("/login" if which == "admin" else "/")
        assert "Strict-Transport-Security" not in response.headers
    finally:
        app.extensions["learning_loop_engine"].dispose()
