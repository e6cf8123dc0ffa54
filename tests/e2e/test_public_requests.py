"""A public page asks the server only for what it shows: nothing it asks for is missing."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["/", "/s/practitioner-feedback/", "/receipt"])
def test_a_public_page_asks_for_nothing_that_is_not_found(page, site, path):
    # The browser's own requests (the tab's icon) are not shown to the page's request events, only to its console.
    missing: list[str] = []
    page.on("console", lambda m: missing.append(m.text) if "Failed to load resource" in m.text else None)
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)

    page.goto(path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)

    assert not missing, missing
