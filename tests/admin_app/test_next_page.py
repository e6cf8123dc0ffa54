"""After signing in (or unlocking the keys) you return to the staff page you asked for, and never leave the staff app."""

from __future__ import annotations

import re
from typing import Iterator
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from admin_app.next_page import is_page_of_this_app
from tests.admin_app.mounted import PREFIX, mounted_client
from tests.factories import TEST_PASSWORD, make_user

HOSTILE = [
    "/\t/evil.example/",
    "/\n/x",
    "/\r\nSet-Cookie: x=1",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "/admin/\\evil.example",
    "https://evil.example/admin/",
    "//evil.example/admin/",
    "javascript:alert(1)",
    " /admin/",
    "/admin/../",
    "/admin/%2e%2e/",
    "/admin//evil.example/",
    "/",
    "/s/practitioner-feedback/",
    "/administrator/",
    "/admin/\x00",
    "/admin/caf\u00e9",
]


@pytest.fixture
def protected_app(make_settings, clock, engine) -> Iterator[Flask]:
    """The admin app with CSRF on, mounted as wsgi.py mounts it."""
    from admin_app import create_app

    app = create_app(make_settings(csrf_enabled=True), clock=clock)
    yield app
    app.extensions["learning_loop_engine"].dispose()


def _sign_in(client: FlaskClient, login_url: str, email: str) -> str:
    page = client.get(login_url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page
    response = client.post(login_url, data={"email": email, "password": TEST_PASSWORD, "csrf_token": match.group(1)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


@pytest.mark.parametrize("asked_for", [f"{PREFIX}/", f"{PREFIX}/actions/1", f"{PREFIX}/actions/?status=open&page=2"])
def test_a_staff_link_followed_before_signing_in_comes_back_to_that_staff_page(protected_app, db, asked_for):
    user = make_user(db, role="staff")
    db.commit()
    client = mounted_client(protected_app)
    to_login = client.get(asked_for)
    assert to_login.status_code == 302
    login_url = to_login.headers["Location"]
    assert urlsplit(login_url).path == f"{PREFIX}/login"
    assert parse_qs(urlsplit(login_url).query)["next"] == [asked_for]
    assert _sign_in(client, login_url, user.email) == asked_for


@pytest.mark.parametrize("target", HOSTILE)
def test_signing_in_never_sends_you_outside_the_staff_app(protected_app, db, target):
    user = make_user(db, role="staff")
    db.commit()
    client = mounted_client(protected_app)
    assert _sign_in(client, f"{PREFIX}/login?next={quote(target, safe='')}", user.email) == f"{PREFIX}/"


@pytest.mark.parametrize("target", HOSTILE)
def test_a_hostile_next_is_not_a_page_of_the_mounted_app(admin_app, target):
    with admin_app.test_request_context("/login", base_url=f"http://localhost{PREFIX}"):
        assert not is_page_of_this_app(target)


@pytest.mark.parametrize("target", ["/admin/", "/admin/actions/1", "/admin/surveys/3/responses?page=2"])
def test_a_page_under_the_mount_point_is_a_page_of_the_app(admin_app, target):
    with admin_app.test_request_context("/login", base_url=f"http://localhost{PREFIX}"):
        assert is_page_of_this_app(target)


def test_served_alone_a_page_of_the_app_is_any_plain_path(admin_app):
    with admin_app.test_request_context("/login"):
        assert is_page_of_this_app("/actions/1") and not is_page_of_this_app("//evil.example/")
