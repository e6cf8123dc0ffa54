"""Shared fixtures: a real database migrated once, real keys, both apps, a fake clock only.

The database is SQLite in a temporary folder, or PostgreSQL when TEST_DATABASE_URL is set.
Each test starts with empty tables (rows are deleted after every test).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from flask import Flask
from hypothesis import settings as hypothesis_settings
from flask.testing import FlaskClient
from sqlalchemy import Engine, make_url, text
from sqlalchemy.orm import Session

from config import Settings, load_settings
from core import migrate
from core.clock import FixedClock
from core.db import make_engine, make_session_factory
from core.services.surveys import forget_cached_versions
from core.opening import generate_keypair
from core.services.surveys import install_templates
from tests import factories
from tests.smtp_server import smtp_server  # noqa: F401  (a fixture: a real SMTP server on loopback)
from tests.smtp_tls import certificates, tls_smtp  # noqa: F401  (fixtures: the same server with TLS, and its CA)

# Speed is measured by the scripts in bench/, never asserted in tests: no per-example deadline for
# property tests, which a loaded two-core CI machine trips at random.
hypothesis_settings.register_profile("learning-loop", deadline=None)
hypothesis_settings.load_profile("learning-loop")

TEST_PASSWORD = factories.TEST_PASSWORD


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        migrate.upgrade(url)
        yield url
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        migrate.upgrade(url)
        yield url
        return
    # Parallel workers (pytest -n) each get a database of their own on the same server.
    server = make_url(url)
    name = f"{server.database}_{worker}"
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    own = server.set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(own)
    try:
        yield own
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture(autouse=True)
def _clean_database(request: pytest.FixtureRequest) -> Iterator[None]:
    forget_cached_versions()  # also here: a request still running on the e2e server may have cached one since
    yield
    if "engine" in request.fixturenames:
        factories.empty_all_tables(request.getfixturevalue("engine"))
        forget_cached_versions()  # the next test's surveys get the same version ids


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session for arranging and checking data directly."""
    session = make_session_factory(engine)()
    yield session
    session.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(dt.datetime(2026, 11, 27, 10, 30, tzinfo=dt.timezone.utc))


@pytest.fixture
def instance_path(tmp_path: Path) -> Path:
    path = tmp_path / "instance"
    generate_keypair(path / "keys", passphrase=None)
    return path


@pytest.fixture
def make_settings(instance_path: Path, database_url: str) -> Callable[..., Settings]:
    def build(**overrides: Any) -> Settings:
        values: dict[str, Any] = dict(
            instance_path=instance_path,
            database_url=database_url,
            testing=True,
            csrf_enabled=False,
            receipt_hash_time_cost=1,
            receipt_hash_memory_kib=8,
            rate_limit_per_hour=1000,
            environment="testing",
        )
        values.update(overrides)
        return load_settings(environ={}, **values)

    return build


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture
def surveys(db: Session) -> list[Any]:
    """The seeded survey templates."""
    created = install_templates(db)
    db.commit()
    return created


def _dispose(app: Flask) -> None:
    app.extensions["learning_loop_engine"].dispose()


@pytest.fixture
def feedback_app(settings: Settings, clock: FixedClock, engine: Engine) -> Iterator[Flask]:
    from feedback_app import create_app

    app = create_app(settings, clock=clock)
    yield app
    _dispose(app)


@pytest.fixture
def feedback_client(feedback_app: Flask) -> FlaskClient:
    return feedback_app.test_client()


@pytest.fixture
def admin_app(settings: Settings, clock: FixedClock, engine: Engine) -> Iterator[Flask]:
    from admin_app import create_app

    app = create_app(settings, clock=clock)
    yield app
    _dispose(app)


@pytest.fixture
def admin_client(admin_app: Flask) -> FlaskClient:
    return admin_app.test_client()


class Auth:
    """Create accounts and sign in to the admin app as them: the password, then a code from the test
    authenticator at the fake clock's time (each account is new, so no code is ever sent twice)."""

    def __init__(self, client: FlaskClient, session: Session, settings: Settings, clock: FixedClock) -> None:
        self.client = client
        self.session = session
        self.settings = settings
        self.clock = clock

    def login(self, role: str = "staff", email: str | None = None, agency_id: int | None = None) -> Any:
        user = self.password_only(role, email=email, agency_id=agency_id, enrolled=True)
        response = self.client.post("/second-factor/", data={"code": factories.totp_code(self.clock.now())})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    def password_only(
        self, role: str = "staff", email: str | None = None, agency_id: int | None = None, enrolled: bool = False
    ) -> Any:
        """A new account signed in with its password only (its second factor set up beforehand if `enrolled`)."""
        user = factories.make_user(self.session, role=role, email=email, agency_id=agency_id)
        if enrolled:
            factories.enrol_second_factor(self.session, self.settings, user)
        self.session.commit()
        response = self.client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    def logout(self) -> None:
        self.client.post("/logout")


@pytest.fixture
def auth(admin_client: FlaskClient, db: Session, settings: Settings, clock: FixedClock) -> Auth:
    return Auth(admin_client, db, settings, clock)
