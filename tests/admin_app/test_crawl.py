"""Every page reachable from the dashboard, for every role, on the demo data: no 5xx anywhere.

One missing template variable on one register's detail page is a 500 that no unit test of that
register finds; following every link is what does.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from flask.testing import FlaskClient

from core.models import Agency
from core.services.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from tests.admin_app.mounted import PREFIX, mounted_client
from core.models import User
from tests.factories import TEST_PASSWORD, enrol_second_factor, make_user, totp_code

# Signing out ends the crawl's session; the static folder holds no templates.
SKIP_PREFIXES = (f"{PREFIX}/logout", f"{PREFIX}/static/")


class _Page(HTMLParser):
    """The links of a page (forms are not followed: the crawl only GETs), and how each table is wrapped."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        # For each table, the id naming the scrollable region around it ("" when it has none).
        self.table_regions: list[str] = []
        self._before: tuple[str, dict[str, str | None]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if named.get("id"):
            self.ids.add(str(named["id"]))
        if tag == "a" and named.get("href"):
            self.hrefs.append(str(named["href"]))
        if tag == "table":
            self.table_regions.append(_region_label(self._before))
        self._before = (tag, named)

    def handle_endtag(self, tag: str) -> None:
        self._before = None

    def bare_tables(self) -> int:
        """Tables not inside a scrollable, focusable region labelled by an element of the page (375 px screens)."""
        return sum(1 for label in self.table_regions if label not in self.ids)


def _region_label(parent: tuple[str, dict[str, str | None]] | None) -> str:
    if parent is None or parent[0] != "div":
        return ""
    attrs = parent[1]
    scrolls = "ll-table-scroll" in (attrs.get("class") or "").split()
    if scrolls and attrs.get("role") == "region" and attrs.get("tabindex") == "0":
        return attrs.get("aria-labelledby") or ""
    return ""


def _same_app_links(page_url: str, hrefs: list[str]) -> list[str]:
    found = []
    for href in hrefs:
        parts = urlsplit(urljoin(f"http://localhost{page_url}", href))
        if parts.netloc != "localhost" or not parts.path.startswith(f"{PREFIX}/"):
            continue
        if parts.path.startswith(SKIP_PREFIXES):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


@dataclass
class Crawl:
    """What a crawl found: the status of each page, and the pages whose tables would overflow a phone."""

    statuses: dict[str, int] = field(default_factory=dict)
    bare_tables: dict[str, int] = field(default_factory=dict)
    # Content-Type headers that are not one media type with at most one charset.
    bad_content_types: dict[str, str] = field(default_factory=dict)


def crawl(client: FlaskClient, start: str) -> Crawl:
    """Breadth-first over every same-app link from `start`, each page once."""
    found = Crawl()
    queue = deque([start])
    queued = {start}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        found.statuses[url] = response.status_code
        content_type = response.headers.get("Content-Type", "")
        if content_type.lower().count("charset=") > 1:
            found.bad_content_types[url] = content_type
        if response.mimetype != "text/html":
            continue
        page = _Page()
        page.feed(response.get_data(as_text=True))
        if page.bare_tables():
            found.bare_tables[url] = page.bare_tables()
        for link in _same_app_links(url, page.hrefs):
            if link not in queued:
                queued.add(link)
                queue.append(link)
    return found


@pytest.fixture
def demo(db, settings, clock):
    load_demo(db, settings, today=clock.now().date())
    partner_agency = db.query(Agency).filter_by(name="Police").one()
    partner = make_user(db, role="partner", email="partner@example.org", agency_id=partner_agency.id)
    for user in db.query(User).all():
        enrol_second_factor(db, settings, user)
    db.commit()
    accounts = {role: (email, DEMO_PASSWORD) for email, _name, role in DEMO_USERS}
    accounts["partner"] = (partner.email, TEST_PASSWORD)
    return accounts


def test_every_page_reachable_from_the_dashboard_opens_without_a_server_error_for_every_role(admin_app, demo, clock):
    # One demo load for the four roles: loading it is most of the cost of a crawl.
    client = mounted_client(admin_app)
    failures: dict[str, dict[str, int]] = {}
    bare: dict[str, dict[str, int]] = {}
    content_types: dict[str, dict[str, str]] = {}
    for role, (email, password) in demo.items():
        signed_in = client.post(f"{PREFIX}/login", data={"email": email, "password": password})
        assert signed_in.status_code == 302, signed_in.get_data(as_text=True)
        second = client.post(f"{PREFIX}/second-factor/", data={"code": totp_code(clock.now())})
        assert second.status_code == 302, second.get_data(as_text=True)

        found = crawl(client, f"{PREFIX}/")
        seen = found.statuses

        failed = {url: status for url, status in seen.items() if status >= 500}
        if failed:
            failures[role] = failed
        if found.bare_tables:
            bare[role] = found.bare_tables
        if found.bad_content_types:
            content_types[role] = found.bad_content_types
        # The crawl reached the registers' detail pages, exports and charts, not just the dashboard.
        for expected in (
            "/reviews/",
            "/child-deaths/modifiable-factors",
            "/audits/",
            "/section11/",
            "/actions/",
            "/exports/",
        ):
            assert any(url.startswith(f"{PREFIX}{expected}") for url in seen), f"{role} never reached {expected}"
        # Individual child deaths are the business unit's: no page a board member or partner reaches links to one,
        # to their list or to their export (each would say 403); they reach the counts per year instead.
        records = [
            url for url in seen if url.split("?")[0].rstrip("/").split("/")[-1].isdigit() and "/child-deaths/" in url
        ]
        listed = [
            url for url in seen if url.split("?")[0] in (f"{PREFIX}/child-deaths/", f"{PREFIX}/child-deaths/export")
        ]
        if role in ("staff", "admin"):
            assert records and listed, role
        else:
            assert not records and not listed, f"{role} reached {records + listed}"
        assert any("format=csv" in url for url in seen), f"{role} never reached an export"
        client.post(f"{PREFIX}/logout")
    assert not failures, f"pages that failed, by role: {failures}"
    assert not bare, f"tables outside a scrollable labelled region, by role and page: {bare}"
    assert not content_types, f"downloads with a malformed Content-Type, by role: {content_types}"
