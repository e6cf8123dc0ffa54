"""Failed sign-ins are counted in the database, per account and per address, with a growing wait, not a lock."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from core.clock import SystemClock
from core.models import AuditEvent, SignInFailures
from tests.factories import TEST_PASSWORD, make_user

ROOT = Path(__file__).resolve().parents[2]
ATTACKER = "198.51.100.7"
WRONG_PASSWORD = "not the password"  # noqa: S105 (a test's wrong guess)
OFFICE = "192.0.2.20"


def _from(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _try(client: FlaskClient, email: str, password: str = WRONG_PASSWORD) -> Any:
    return client.post("/login", data={"email": email, "password": password})


def _waits(response: Any, seconds: int) -> bool:
    return (
        response.status_code == 429
        and f"Too many attempts; try again in {seconds} seconds" in response.get_data(as_text=True)
        and response.headers["Retry-After"] == str(seconds)
    )


@pytest.fixture
def second_admin_app(settings, clock, engine) -> Iterator[Flask]:
    """Another instance of the staff app on the same database, as a second worker would be."""
    from admin_app import create_app

    app = create_app(settings, clock=clock)
    yield app
    app.extensions["learning_loop_engine"].dispose()


def test_throttling_holds_across_two_app_instances(admin_app, second_admin_app, db, clock):
    user = make_user(db)
    db.commit()
    one, two = _from(admin_app, ATTACKER), _from(second_admin_app, ATTACKER)
    for client in (one, two, one):
        assert _try(client, user.email).status_code == 400
    assert _waits(_try(two, user.email, TEST_PASSWORD), 30)
    assert _waits(_try(one, user.email, TEST_PASSWORD), 30)
    clock.advance(seconds=10)
    assert _waits(_try(two, user.email), 20), "an attempt refused for waiting is not counted"
    clock.advance(seconds=20)
    assert _try(two, user.email).status_code == 400
    assert _waits(_try(one, user.email, TEST_PASSWORD), 60), "each failure doubles the wait"
    clock.advance(seconds=60)
    assert _try(one, user.email, TEST_PASSWORD).status_code == 302


def test_throttling_holds_across_two_processes(make_settings, instance_path, database_url, engine, db):
    from admin_app import create_app

    user = make_user(db)
    db.commit()
    # Both processes read the real time here: an hour's first wait keeps a slow machine from ending it mid-test.
    hour = {"sign_in_first_delay_seconds": 3600, "sign_in_max_delay_seconds": 3600}
    app = create_app(make_settings(**hour), clock=SystemClock())
    script = textwrap.dedent(f"""
        import json
        from admin_app import create_app
        client = create_app().test_client()
        client.environ_base["REMOTE_ADDR"] = {ATTACKER!r}
        codes = [client.post("/login", data={{"email": {user.email!r}, "password": "wrong"}}).status_code
                 for _ in range(3)]
        print(json.dumps(codes))
    """)
    env = {
        **os.environ,
        "LEARNING_LOOP_INSTANCE_PATH": str(instance_path),
        "LEARNING_LOOP_DATABASE_URL": database_url,
        "LEARNING_LOOP_ENVIRONMENT": "testing",
        "LEARNING_LOOP_CSRF_ENABLED": "0",
        **{f"LEARNING_LOOP_{name.upper()}": str(value) for name, value in hour.items()},
    }
    try:
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout.strip().splitlines()[-1]) == [400, 400, 400]
        refused = _try(_from(app, OFFICE), user.email, TEST_PASSWORD)
        assert refused.status_code == 429 and 3500 < int(refused.headers["Retry-After"]) <= 3600
    finally:
        app.extensions["learning_loop_engine"].dispose()


def test_an_address_trying_many_accounts_is_slowed(admin_app, db, clock):
    real = make_user(db)
    db.commit()
    attacker = _from(admin_app, ATTACKER)
    for n in range(10):
        assert _try(attacker, f"guess{n}@example.org").status_code == 400
    assert _waits(_try(attacker, "guess10@example.org"), 30)
    assert _waits(_try(attacker, real.email, TEST_PASSWORD), 30)
    clock.advance(seconds=30)
    assert _try(attacker, "guess11@example.org").status_code == 400
    assert _waits(_try(attacker, "guess12@example.org"), 60)
    # Other addresses, and the accounts the attacker named, are not held up by that address's failures.
    office = _from(admin_app, OFFICE)
    assert _try(office, "guess1@example.org").status_code == 400
    assert _try(office, real.email, TEST_PASSWORD).status_code == 302


def test_the_real_user_is_never_locked_out_for_longer_than_the_cap(admin_app, db, clock):
    user = make_user(db)
    db.commit()
    attacker, office = _from(admin_app, ATTACKER), _from(admin_app, OFFICE)
    waits = []
    for _ in range(20):
        refused = _try(attacker, user.email)
        if refused.status_code == 429:
            waits.append(int(refused.headers["Retry-After"]))
            clock.advance(seconds=waits[-1])
            refused = _try(attacker, user.email)
        assert refused.status_code == 400
    assert waits[:6] == [30, 60, 120, 240, 480, 900] and set(waits[6:]) == {900}
    # The attacker's latest failure started a wait; once it is over the right password works, from anywhere.
    assert _waits(_try(office, user.email, TEST_PASSWORD), 900)
    clock.advance(seconds=900)
    assert _try(office, user.email, TEST_PASSWORD).status_code == 302
    failures = db.scalars(select(AuditEvent).where(AuditEvent.action == "user.login_failed")).all()
    assert len(failures) == 20, "refused attempts never reach the password check"


def test_signing_in_clears_the_accounts_count_but_not_the_addresss(admin_app, db):
    user, colleague = make_user(db), make_user(db)
    db.commit()
    office = _from(admin_app, OFFICE)
    for _ in range(2):
        assert _try(office, user.email).status_code == 400
    assert _try(office, user.email, TEST_PASSWORD).status_code == 302
    # Without the sign-in these would be the account's third and fourth failures, and the fourth would wait.
    for _ in range(3):
        assert _try(office, user.email).status_code == 400
    assert _waits(_try(office, user.email), 30)

    # An address's failures are not wiped by one account signing in from it, or a guesser could reset them.
    shared = _from(admin_app, ATTACKER)
    for n in range(9):
        assert _try(shared, f"typo{n}@example.org").status_code == 400
    assert _try(shared, colleague.email, TEST_PASSWORD).status_code == 302
    assert _try(shared, "typo9@example.org").status_code == 400
    assert _waits(_try(shared, "anyone@example.org"), 30)


def test_accounts_and_addresses_are_kept_only_as_keyed_hashes_and_forgotten_after_a_day(admin_app, db, clock):
    email, address = "someone@example.org", "203.0.113.5"
    assert _try(_from(admin_app, address), email).status_code == 400
    rows = db.scalars(select(SignInFailures)).all()
    assert sorted(row.kind for row in rows) == ["account", "address"]
    stored = " ".join(f"{row.key_hash} {row.kind}" for row in rows)
    assert email not in stored and address not in stored
    for plain in (email, address, f"account\0{email}", f"address\0{address}"):
        assert hashlib.sha256(plain.encode()).hexdigest() not in stored, "the hash is keyed, not a bare digest"
    clock.advance(days=1, seconds=1)
    assert _try(_from(admin_app, OFFICE), "other@example.org").status_code == 400
    db.expire_all()
    kept = db.scalars(select(SignInFailures)).all()
    assert len(kept) == 2 and all(row.last_failure_at.replace(tzinfo=None) > dt.datetime(2026, 11, 28) for row in kept)
