"""Every page reachable from the dashboard, for every role, on the demo data: no 5xx anywhere.

One missing template variable on one register's detail page is a 500 that no unit test of that
register finds; following every link is what does.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from flask.testing import FlaskClient

from core.models import Agency
from core.services.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from tests.admin_app.mounted import PREFIX, mounted_client
from tests.factories import TEST_PASSWORD, make_user

# Signing out ends the crawl's session; the static folder holds no templates.
SKIP_PREFIXES = (f"{PREFIX}/logout", f"{PREFIX}/static/")


class _Links(HTMLParser):
    """The href of every <a> in a page (forms are not followed: the crawl only GETs)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _same_app_links(page_url: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin(f"http://localhost{page_url}", href))
        if parts.netloc != "localhost" or not parts.path.startswith(f"{PREFIX}/"):
            continue
        if parts.path.startswith(SKIP_PREFIXES):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client: FlaskClient, start: str) -> dict[str, int]:
    """Breadth-first over every same-app link from `start`: the status of each page visited."""
    seen: dict[str, int] = {}
    queue = deque([start])
    queued = {start}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        seen[url] = response.status_code
        if response.mimetype == "text/html":
            for link in _same_app_links(url, response.get_data(as_text=True)):
                if link not in queued:
                    queued.add(link)
                    queue.append(link)
    return seen


@pytest.fixture
def demo(db, settings, clock):
    load_demo(db, settings, today=clock.now().date())
    partner_agency = db.query(Agency).filter_by(name="Police").one()
    partner = make_user(db, role="partner", email="partner@example.org", agency_id=partner_agency.id)
    db.commit()
    accounts = {role: (email, DEMO_PASSWORD) for email, _name, role in DEMO_USERS}
    accounts["partner"] = (partner.email, TEST_PASSWORD)
    return accounts


def test_every_page_reachable_from_the_dashboard_opens_without_a_server_error_for_every_role(admin_app, demo):
    # One demo load for the four roles: loading it is most of the cost of a crawl.
    client = mounted_client(admin_app)
    failures: dict[str, dict[str, int]] = {}
    for role, (email, password) in demo.items():
        signed_in = client.post(f"{PREFIX}/login", data={"email": email, "password": password})
        assert signed_in.status_code == 302, signed_in.get_data(as_text=True)

        seen = crawl(client, f"{PREFIX}/")

        failed = {url: status for url, status in seen.items() if status >= 500}
        if failed:
            failures[role] = failed
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
        assert any(url.rstrip("/").split("/")[-1].isdigit() for url in seen if "/child-deaths/" in url), role
        assert any("format=csv" in url for url in seen), f"{role} never reached an export"
        client.post(f"{PREFIX}/logout")
    assert not failures, f"pages that failed, by role: {failures}"
