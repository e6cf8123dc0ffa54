"""The public app's signed-cookie session: plain JSON, HMAC-SHA256, an age limit."""

from __future__ import annotations

import datetime as dt

from flask import Flask, session

from core.cookie_session import PlainJSONSessionInterface


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _app(clock: Clock, secret: str = "s" * 32) -> Flask:
    app = Flask("cookie_session_test")
    app.config.update(
        SECRET_KEY=secret, SESSION_COOKIE_NAME="ll_test", PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=12)
    )
    app.session_interface = PlainJSONSessionInterface(clock)

    @app.post("/set")
    def set_() -> str:
        session["drafts"] = {"practitioner-feedback": "abc.def"}
        session["receipt"] = 7
        return "ok"

    @app.get("/get")
    def get() -> dict[str, object]:
        return dict(session)

    @app.post("/clear")
    def clear() -> str:
        session.clear()
        return "ok"

    return app


def test_what_a_view_puts_in_the_session_comes_back_on_the_next_request():
    app = _app(Clock(1_800_000_000))
    client = app.test_client()
    client.post("/set")
    assert client.get("/get").get_json() == {"drafts": {"practitioner-feedback": "abc.def"}, "receipt": 7}


def test_a_cookie_with_a_changed_payload_or_tag_is_ignored():
    clock = Clock(1_800_000_000)
    app = _app(clock)
    value = app.session_interface.encode(app, {"receipt": 7})
    payload, issued, tag = value.split(".")
    forged = app.session_interface.encode(app, {"receipt": 8}).split(".")[0]
    assert app.session_interface.decode(app, value) == {"receipt": 7}
    assert app.session_interface.decode(app, f"{forged}.{issued}.{tag}") is None
    assert app.session_interface.decode(app, f"{payload}.{issued}.{tag[:-2]}AA") is None
    assert app.session_interface.decode(app, "not a cookie") is None
    assert app.session_interface.decode(app, "é.é.é") is None


def test_a_cookie_made_with_another_secret_is_ignored():
    clock = Clock(1_800_000_000)
    ours, theirs = _app(clock), _app(clock, secret="t" * 32)
    assert ours.session_interface.decode(ours, theirs.session_interface.encode(theirs, {"receipt": 7})) is None


def test_a_cookie_older_than_the_session_lifetime_is_ignored():
    clock = Clock(1_800_000_000)
    app = _app(clock)
    value = app.session_interface.encode(app, {"receipt": 7})
    clock.now += 12 * 3600
    assert app.session_interface.decode(app, value) == {"receipt": 7}
    clock.now += 1
    assert app.session_interface.decode(app, value) is None


def test_a_signed_value_that_is_not_a_json_object_is_ignored():
    app = _app(Clock(1_800_000_000))
    assert app.session_interface.decode(app, app.session_interface.encode(app, [1, 2])) is None  # type: ignore[arg-type]


def test_clearing_the_session_deletes_the_cookie_and_an_unused_session_sets_none():
    app = _app(Clock(1_800_000_000))
    client = app.test_client()
    assert "ll_test" not in client.get("/get").headers.get("Set-Cookie", "")
    client.post("/set")
    cleared = client.post("/clear")
    assert "ll_test=;" in cleared.headers["Set-Cookie"]
    assert client.get("/get").get_json() == {}


def test_responses_that_read_or_write_the_session_vary_on_cookie_once():
    app = _app(Clock(1_800_000_000))

    @app.get("/read-with-vary")
    def read_with_vary() -> tuple[str, int, dict[str, str]]:
        session.get("receipt")
        return "ok", 200, {"Vary": "Accept-Encoding"}

    @app.get("/nothing")
    def nothing() -> str:
        return "ok"

    client = app.test_client()
    written = client.post("/set")
    assert written.headers.getlist("Vary") == ["Cookie"] and written.headers.get("Set-Cookie")
    assert client.get("/get").headers.getlist("Vary") == ["Cookie"]
    assert client.get("/read-with-vary").headers.getlist("Vary") == ["Accept-Encoding, Cookie"]
    assert "Vary" not in client.get("/nothing").headers
    cleared = client.post("/clear")
    assert cleared.headers.getlist("Vary") == ["Cookie"] and "ll_test=;" in cleared.headers["Set-Cookie"]
