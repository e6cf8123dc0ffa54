"""Signing in and out, and what each role may open."""

from __future__ import annotations

import re
from typing import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from core.models import AuditEvent, User
from tests.admin_app.signing_in import sign_in
from tests.factories import TEST_PASSWORD, make_user, survey_by_slug

WRONG = "The email address or password is not right"


def test_the_right_password_signs_in_and_is_audited(admin_client, db):
    user = make_user(db, role="staff", email="Officer@Example.org")
    db.commit()
    response = admin_client.post("/login", data={"email": "  officer@example.ORG ", "password": TEST_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    # The password is the first step: the second (here, setting up the authenticator) comes before any page.
    assert admin_client.get("/").headers["Location"] == "/second-factor/set-up?next=/"
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "user.login"))
    assert event.user_id == user.id and event.at is not None
    db.expire_all()
    assert db.get(User, user.id).last_login_at is not None


@pytest.mark.parametrize("who", ["wrong password", "unknown email", "inactive account"])
def test_a_failed_sign_in_gives_the_same_message_whoever_it_was(admin_client, db, who):
    user = make_user(db, role="staff")
    user.active = who != "inactive account"
    db.commit()
    email = "nobody@example.org" if who == "unknown email" else user.email
    password = "not the password" if who == "wrong password" else TEST_PASSWORD
    response = admin_client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert WRONG in page and '<a href="#email">' in page
    assert admin_client.get("/").status_code == 302


def test_missing_fields_are_named(admin_client):
    page = admin_client.post("/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Enter your email address" in page and "Enter your password" in page


def test_every_staff_page_needs_a_signed_in_user(admin_client, surveys, db):
    survey_id = survey_by_slug(db, "family-feedback").id
    for path in ("/", "/surveys/", f"/surveys/{survey_id}/responses", "/audit/", "/keys/unlock"):
        response = admin_client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), path
    assert admin_client.post("/surveys/responses/abc/handled").status_code == 302


def test_after_sign_in_you_return_to_the_page_you_asked_for_but_never_off_site(admin_client, db, surveys):
    user = make_user(db, role="staff")
    db.commit()
    first = admin_client.get("/surveys/")
    assert "next=" in first.headers["Location"]
    back = admin_client.post(first.headers["Location"], data={"email": user.email, "password": TEST_PASSWORD})
    assert back.headers["Location"].startswith("/surveys/")
    admin_client.post("/logout")
    away = admin_client.post("/login?next=//evil.example/x", data={"email": user.email, "password": TEST_PASSWORD})
    assert away.headers["Location"] == "/"


def test_signing_out_needs_a_post(auth, admin_client):
    auth.login("staff")
    assert admin_client.get("/logout").status_code == 405
    assert admin_client.get("/").status_code == 200
    assert admin_client.post("/logout").status_code == 302
    assert admin_client.get("/").status_code == 302


@pytest.fixture
def protected_app(make_settings, clock, engine) -> Iterator[Flask]:
    from admin_app import create_app

    app = create_app(make_settings(csrf_enabled=True), clock=clock)
    yield app
    app.extensions["learning_loop_engine"].dispose()


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_with_csrf_on_sign_in_and_sign_out_need_the_token(protected_app, db):
    user = make_user(db, role="staff")
    db.commit()
    client = protected_app.test_client()
    refused = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert refused.status_code == 400 and "security token" in refused.get_data(as_text=True)
    sign_in(protected_app, client, db, user)
    home = client.get("/").get_data(as_text=True)
    refused = client.post("/logout")
    assert refused.status_code == 400 and "security token" in refused.get_data(as_text=True)
    assert client.get("/").status_code == 200  # still signed in
    assert client.post("/logout", data={"csrf_token": _token(home)}).status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("role", ["board", "partner"])
def test_read_only_roles_cannot_open_responses_or_change_anything(auth, admin_client, db, surveys, role):
    agency_id = None
    if role == "partner":
        from tests.factories import make_agency

        agency_id = make_agency(db).id
    auth.login(role, agency_id=agency_id)
    survey = survey_by_slug(db, "family-feedback")
    listing = admin_client.get("/surveys/")
    assert listing.status_code == 200 and survey.title in listing.get_data(as_text=True)
    assert f"/surveys/{survey.id}/responses" not in listing.get_data(as_text=True)
    for method, path in (
        ("GET", f"/surveys/{survey.id}/responses"),
        ("POST", "/surveys/responses/x/handled"),
        ("GET", "/keys/unlock"),
        ("GET", "/audit/"),
    ):
        response = admin_client.open(path, method=method)
        assert response.status_code == 403, path
        assert "Your role does not allow this" in response.get_data(as_text=True)
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "response.read")) is None


def test_only_administrators_see_the_audit_log(auth, admin_client):
    auth.login("staff")
    assert admin_client.get("/audit/").status_code == 403
    auth.logout()
    auth.login("admin")
    page = admin_client.get("/audit/")
    assert page.status_code == 200 and "user.login" in page.get_data(as_text=True)


def test_repeated_failed_sign_ins_to_one_account_are_paused_and_audited(admin_client, db):
    from sqlalchemy import select

    from core.models import AuditEvent
    from tests.factories import TEST_PASSWORD, make_user

    user = make_user(db, role="staff")
    db.commit()
    for _ in range(3):
        assert admin_client.post("/login", data={"email": user.email, "password": "wrong"}).status_code == 400
    paused = admin_client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert paused.status_code == 429
    assert "Too many attempts; try again in 30 seconds" in paused.get_data(as_text=True)
    failures = db.scalars(select(AuditEvent).where(AuditEvent.action == "user.login_failed")).all()
    assert len(failures) == 3 and {e.user_id for e in failures} == {user.id}
    other = make_user(db, role="staff")
    db.commit()
    assert admin_client.post("/login", data={"email": other.email, "password": TEST_PASSWORD}).status_code == 302
