"""Staff pages on a 375 px phone, on the demo data: tables scroll inside a focusable, labelled region, the page never does."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from core.models import Survey, User
from core.services.demo import load_demo
from tests.e2e.helpers import staff_sign_in
from tests.factories import enrol_second_factor

pytestmark = pytest.mark.e2e

PAGES = [
    "/admin/",
    "/admin/surveys/",
    "/admin/actions/",
    "/admin/reviews/",
    "/admin/reviews/1",
    "/admin/child-deaths/",
    "/admin/child-deaths/3",
    "/admin/child-deaths/modifiable-factors",
    "/admin/audits/",
    "/admin/section11/",
    "/admin/exports/",
]


@pytest.fixture
def demo(db: Session, site: Any) -> None:
    load_demo(db, site.settings)
    for user in db.query(User).all():
        enrol_second_factor(db, site.settings, user)
    db.commit()


def _shoot(page: Any, name: str) -> None:
    folder = os.environ.get("LL_E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(Path(folder) / f"small-{name.strip('/').replace('/', '-') or 'home'}.png"), full_page=True
        )


def test_admin_tables_scroll_in_a_labelled_region_and_the_page_fits_375_px(browser: Any, site: Any, demo: None):
    context = browser.new_context(base_url=site.url, viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        staff_sign_in(page, "staff@example.org", "learning-loop-demo")
        for path in PAGES:
            page.goto(path)
            _shoot(page, path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"{path} is {width} px wide at 375 px"
            tables = page.locator("table")
            assert tables.count(), path
            for i in range(tables.count()):
                region = page.locator("table").nth(i).locator("xpath=..")
                assert region.get_attribute("role") == "region", path
                assert region.get_attribute("tabindex") == "0", path
                label = page.locator(f"#{region.get_attribute('aria-labelledby')}")
                assert label.count() == 1 and label.inner_text().strip(), path
                overflow = region.evaluate("e => getComputedStyle(e).overflowX")
                assert overflow == "auto", path
    finally:
        context.close()


def test_the_close_to_new_answers_button_reads_as_one_label(browser: Any, site: Any, db: Session, staff: Any):
    context = browser.new_context(base_url=site.url, viewport={"width": 1024, "height": 800})
    page = context.new_page()
    try:
        staff_sign_in(page, staff.email, staff.password)
        page.goto("/admin/surveys/")
        _shoot(page, "surveys-1024")
        title = db.query(Survey).order_by(Survey.title).first().title
        button = page.get_by_role("button", name=f"Close {title} to new answers")
        # The visible label reads in order, line by line: with the bug, "Close" sat as a column beside
        # "to new answers", lower than the first line of the text that follows it.
        runs = button.evaluate(
            """b => { const r = document.createRange(); const runs = [];
                for (const n of b.childNodes) { if (n.nodeType === 3 && n.textContent.trim()) {
                    r.selectNodeContents(n);
                    runs.push(Array.from(r.getClientRects(), x => [Math.round(x.top), Math.round(x.left)])); } }
                return runs; }"""
        )
        assert len(runs) == 2, runs
        (last_top, last_left), (next_top, next_left) = runs[0][-1], runs[1][0]
        assert next_top > last_top or (next_top == last_top and next_left > last_left), runs
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/admin/indicators/import"])
def test_a_page_with_a_code_example_fits_375_px(browser: Any, site: Any, demo: None, path: str):
    context = browser.new_context(base_url=site.url, viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        staff_sign_in(page, "staff@example.org", "learning-loop-demo")
        page.goto(path)
        assert page.locator(".ll-code").count()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} is {width} px wide at 375 px"
    finally:
        context.close()


def test_a_campaigns_share_link_wraps_at_375_px(browser: Any, site: Any, db: Session, demo: None):
    from core.services.invitations import open_campaign

    survey = db.query(Survey).order_by(Survey.id).first()
    assert survey is not None
    campaign = open_campaign(db, survey_id=survey.id, name="Neglect event, spring", today=dt.date(2026, 11, 27))
    db.commit()
    context = browser.new_context(base_url=site.url, viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        staff_sign_in(page, "staff@example.org", "learning-loop-demo")
        page.goto(f"/admin/mail/campaigns/{campaign.id}")
        assert page.locator("#share-link").inner_text().startswith("http")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"the campaign page is {width} px wide at 375 px"
    finally:
        context.close()


def test_pages_with_a_file_to_upload_fit_320_px(browser: Any, site: Any, demo: None):
    """WCAG reflow: at 320 px (1280 px at 400% zoom) the browser's file picker made the page scroll sideways."""
    context = browser.new_context(base_url=site.url, viewport={"width": 320, "height": 800})
    page = context.new_page()
    try:
        staff_sign_in(page, "staff@example.org", "learning-loop-demo")
        for path in ("/admin/indicators/import", "/admin/surveys/build/"):
            page.goto(path)
            assert page.locator("input[type=file]").count(), path
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{path} is {width} px wide at 320 px"
    finally:
        context.close()
