"""Production keeps the private key encrypted: the admin app starts locked until a passphrase unlocks it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from typing import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from core.mail.keys import new_key_text
from core.models import AuditEvent
from core.services import second_factor
from core.opening import generate_keypair
from tests.admin_app.signing_in import sign_in
from tests.factories import make_user, survey_by_slug
from tests.feedback_app.flows import store_response, unique_word

PASSPHRASE = "correct horse battery staple key"


@pytest.fixture
def production(make_settings, tmp_path: Path, clock, engine, database_url):
    """Settings for production with an encrypted key pair and no passphrase in the environment."""
    instance = tmp_path / "production"
    generate_keypair(instance / "keys", passphrase=PASSPHRASE)
    return make_settings(
        environment="production",
        instance_path=instance,
        admin_secret_key="s" * 48,
        second_factor_secret_key="f" * 48,
        mail_key=new_key_text(),
        public_base_url="https://feedback.partnership.example",
        database_url=database_url,
    )


@pytest.fixture
def locked_app(production, clock) -> Iterator[Flask]:
    from admin_app import create_app

    app = create_app(production, clock=clock)
    yield app
    app.extensions["learning_loop_engine"].dispose()


def _signed_in(app: Flask, db, role: str = "staff"):
    user = make_user(db, role=role)
    db.commit()
    client = app.test_client()
    client.environ_base["wsgi.url_scheme"] = "https"  # production cookies are Secure
    sign_in(app, client, db, user)
    return client, user


def test_an_encrypted_key_stays_locked_until_the_right_passphrase_is_given(locked_app, production, db, surveys):
    assert production.secure_cookies
    word = unique_word()
    store_response(
        db,
        production,
        "compliments-complaints",
        {"kind": "compliment", "service": "Police", "details": f"the {word} was kind"},
    )
    keyring = locked_app.extensions["learning_loop"].keyring
    assert not keyring.keys and keyring.locked

    client, user = _signed_in(locked_app, db)
    assert "The keys that open responses are locked" in client.get("/").get_data(as_text=True)
    survey_id = survey_by_slug(db, "compliments-complaints").id
    blocked = client.get(f"/surveys/{survey_id}/responses")
    assert blocked.status_code == 302 and "/keys/unlock" in blocked.headers["Location"]

    wrong = client.post("/keys/unlock", data={"passphrase": "not the passphrase"})
    assert wrong.status_code == 400
    assert "The passphrase did not open the keys" in wrong.get_data(as_text=True)
    assert '<a href="#passphrase">' in wrong.get_data(as_text=True)
    assert not keyring.keys
    empty = client.post("/keys/unlock", data={"passphrase": ""})
    assert empty.status_code == 400 and "Enter the key passphrase" in empty.get_data(as_text=True)

    right = client.post(f"/keys/unlock?next=/surveys/{survey_id}/responses", data={"passphrase": PASSPHRASE})
    assert right.status_code == 302 and right.headers["Location"] == f"/surveys/{survey_id}/responses"
    assert keyring.is_unlocked
    assert word in client.get(f"/surveys/{survey_id}/responses").get_data(as_text=True)

    actions = [(e.action, e.user_id) for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert ("keys.unlock_failed", user.id) in actions and ("keys.unlocked", user.id) in actions
    for event in db.scalars(select(AuditEvent)):
        assert PASSPHRASE not in repr(event.details) and "not the passphrase" not in repr(event.details)


def test_the_unlock_page_refuses_to_send_you_off_site(locked_app, db):
    client, _user = _signed_in(locked_app, db)
    right = client.post("/keys/unlock?next=//evil.example/", data={"passphrase": PASSPHRASE})
    assert right.status_code == 302 and right.headers["Location"] == "/"


def test_a_passphrase_in_the_environment_unlocks_at_start(production, clock):
    from dataclasses import replace

    from admin_app import create_app

    app = create_app(replace(production, key_passphrase=PASSPHRASE), clock=clock)
    try:
        assert app.extensions["learning_loop"].keyring.is_unlocked
    finally:
        app.extensions["learning_loop_engine"].dispose()


@pytest.mark.parametrize("target", ["/\t/evil.example/", "/\n/x", "/\\evil.example/", "/"])
def test_the_unlock_page_mounted_under_admin_stays_inside_the_staff_app(locked_app, db, target):
    from urllib.parse import quote

    from tests.admin_app.mounted import mounted_client

    user = make_user(db, role="staff")
    db.commit()
    client = mounted_client(locked_app)
    client.environ_base["wsgi.url_scheme"] = "https"
    sign_in(locked_app, client, db, user, prefix="/admin")
    right = client.post(f"/admin/keys/unlock?next={quote(target, safe='')}", data={"passphrase": PASSPHRASE})
    assert right.status_code == 302 and right.headers["Location"] == "/admin/"


def test_a_locked_responses_page_sends_you_back_to_it_under_admin_once_unlocked(locked_app, db, surveys):
    from tests.admin_app.mounted import mounted_client

    user = make_user(db, role="staff")
    db.commit()
    client = mounted_client(locked_app)
    client.environ_base["wsgi.url_scheme"] = "https"
    sign_in(locked_app, client, db, user, prefix="/admin")
    page = f"/admin/surveys/{survey_by_slug(db, 'family-feedback').id}/responses"
    blocked = client.get(page)
    assert blocked.status_code == 302
    right = client.post(blocked.headers["Location"], data={"passphrase": PASSPHRASE})
    assert right.status_code == 302 and right.headers["Location"] == page


def test_pages_that_open_sealed_text_send_to_unlock_and_back_to_the_same_page(locked_app, db, surveys):
    client, _user = _signed_in(locked_app, db)
    survey_id = survey_by_slug(db, "compliments-complaints").id
    for page in (f"/surveys/{survey_id}/responses?page=2", f"/findings/surveys/{survey_id}?start=2026-01-01"):
        blocked = client.get(page)
        assert blocked.status_code == 302
        where = urlsplit(blocked.headers["Location"])
        assert where.path == "/keys/unlock" and parse_qs(where.query) == {"next": [page]}


@pytest.mark.parametrize("path", ["/findings/surveys/{survey_id}", "/findings/emerging"])
def test_board_members_are_told_findings_wait_for_staff_to_unlock_the_keys(locked_app, db, surveys, path):
    client, _user = _signed_in(locked_app, db, role="board")

    answer = client.get(path.format(survey_id=survey_by_slug(db, "compliments-complaints").id))
    page = answer.get_data(as_text=True)

    # Not sent to the unlock page, which is for the business unit only (a 403 for a board member).
    assert answer.status_code == 503 and "Unavailable until staff unlock the keys" in page
    assert "/keys/unlock" not in answer.headers.get("Location", "")


def test_wrong_passphrases_pause_the_account_like_wrong_codes(locked_app, db):
    client, user = _signed_in(locked_app, db)
    keyring = locked_app.extensions["learning_loop"].keyring
    for _ in range(5):
        assert client.post("/keys/unlock", data={"passphrase": "a guess"}).status_code == 400
    paused = client.post("/keys/unlock", data={"passphrase": PASSPHRASE})
    assert paused.status_code == 429 and "Too many wrong attempts" in paused.get_data(as_text=True)
    assert not keyring.keys
    failed = db.scalars(select(AuditEvent).where(AuditEvent.action == "keys.unlock_failed")).all()
    assert len(failed) == 5 and all(e.user_id == user.id for e in failed)
    lock = second_factor.lock_on(db, user)
    assert lock is not None and lock.why == "repeated wrong key passphrases"
