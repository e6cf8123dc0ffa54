"""Real-browser fixtures: the combined WSGI app on a loopback port, one Chromium per session.

The server is the same shape as wsgi.make_application (feedback at /, admin at /admin) but built
from test settings: the session's database, a fresh key pair, CSRF ON, cheap receipt hashing.
The browser is Debian's /usr/bin/chromium (never `playwright install`; LL_E2E_CHROMIUM names another
binary); without it these tests skip. One browser serves the whole session; each test gets a fresh
context (no cookies) and starts with empty tables plus the seeded surveys (`site`).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from config import Settings, load_settings
from core.opening import generate_keypair
from core.services.surveys import install_templates
from tests import factories

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CHROMIUM = os.environ.get("LL_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (install Debian's chromium package to run e2e tests)")
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(skip)


@dataclass(frozen=True)
class LiveServer:
    """The combined app served on loopback: `url` has no trailing slash."""

    url: str
    settings: Settings

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="session")
def e2e_settings(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Settings:
    instance = tmp_path_factory.mktemp("e2e") / "instance"
    generate_keypair(instance / "keys", passphrase=None)
    return load_settings(
        environ={},
        instance_path=instance,
        database_url=database_url,
        testing=True,
        csrf_enabled=True,
        receipt_hash_time_cost=1,
        receipt_hash_memory_kib=8,
        rate_limit_per_hour=10_000,
        environment="testing",
    )


def closed_before_sending(app: WSGIApplication) -> WSGIApplication:
    """Read each response whole and close it before the server sends a byte.

    Werkzeug's development server (3.1) drains the socket before it calls the response's close(). When a
    browser drops a request after the response was written but before reading it (Chromium does this
    when a page is left mid-load, as Exit this page does), the drain raises ConnectionResetError and
    close() is skipped, leaving a static file open until garbage collection: a ResourceWarning that
    the suite's `filterwarnings = error` turns into a flaky error in whichever test is running. The
    pages here are small and none streams, so buffering them changes nothing a browser can see.
    """

    def buffered(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return buffered


@pytest.fixture(scope="session")
def live_server(e2e_settings: Settings, engine: Engine) -> Iterator[LiveServer]:
    from werkzeug.middleware.dispatcher import DispatcherMiddleware
    from werkzeug.serving import make_server

    from admin_app import create_app as create_admin
    from feedback_app import create_app as create_feedback

    feedback = create_feedback(e2e_settings)
    admin = create_admin(e2e_settings)
    application = closed_before_sending(DispatcherMiddleware(feedback, {"/admin": admin}))
    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", e2e_settings)
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
    for app in (feedback, admin):
        app.extensions["learning_loop_engine"].dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass(frozen=True)
class Staff:
    email: str
    password: str


@pytest.fixture
def site(live_server: LiveServer, db: Session) -> LiveServer:
    """The live server with the seeded surveys (tables are emptied after each test)."""
    install_templates(db)
    db.commit()
    return live_server


def _account(db: Session, settings: Settings, role: str) -> Staff:
    """A new account of `role` whose second factor is set up with the test authenticator's key."""
    user = factories.make_user(db, role=role)
    factories.enrol_second_factor(db, settings, user)
    db.commit()
    return Staff(user.email, factories.TEST_PASSWORD)


@pytest.fixture
def staff(db: Session, e2e_settings: Settings) -> Staff:
    return _account(db, e2e_settings, "staff")


@pytest.fixture
def admin_user(db: Session, e2e_settings: Settings) -> Staff:
    return _account(db, e2e_settings, "admin")


def _new_page(browser: Any, live_server: LiveServer, **options: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page(browser: Any, site: LiveServer) -> Iterator[Any]:
    """A fresh browser context (no cookies) with JavaScript on."""
    yield from _new_page(browser, site)


@pytest.fixture
def nojs_page(browser: Any, site: LiveServer) -> Iterator[Any]:
    """A fresh browser context with JavaScript turned off."""
    yield from _new_page(browser, site, java_script_enabled=False)
