"""In a real browser: from themed answers to published key areas, seen on the public site and the receipt page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import SystemClock
from core.models import ThemeCorrection
from core.services.deadlines import today_in_england
from core.services.themes import install_themes
from tests.e2e.a11y import AxeLog
from tests.e2e.helpers import complete_survey, send_answers, staff_sign_in
from tests.factories import themed_responses

pytestmark = pytest.mark.e2e


def test_staff_review_findings_correct_a_theme_and_publish_key_areas_that_the_public_then_sees(
    page, browser, site, staff, db: Session
):
    install_themes(db)
    today = today_in_england(SystemClock())
    keys = site.settings.keys_dir
    # Key areas are proposed for a calendar year: the answers stay in this one whenever the test runs.
    january = today.replace(month=1, day=1)
    ids = themed_responses(
        db, keys, "information_sharing", "development", 6, max(today - dt.timedelta(days=20), january)
    )
    themed_responses(db, keys, "supervision_workforce", "good_practice", 5, max(today - dt.timedelta(days=40), january))
    db.commit()

    # A parent sends feedback and keeps the receipt code.
    respondent = browser.new_context(base_url=site.url)
    parent = respondent.new_page()
    complete_survey(parent, "family-feedback")
    code = send_answers(parent)

    axe = AxeLog(page, "key-areas")
    staff_sign_in(page, staff.email, staff.password)
    page.get_by_role("link", name="Findings", exact=True).click()
    axe("findings")
    page.get_by_role("link", name="Tell us about safeguarding practice where you work").click()
    expect(page.get_by_role("heading", name="Tell us about safeguarding practice where you work")).to_be_visible()
    expect(page.get_by_text("Information sharing").first).to_be_visible()
    axe("survey findings")

    # Correct one response's theme.
    page.goto(f"/admin/findings/responses/{ids[0]}/themes")
    axe("themes of a response")
    page.get_by_label("Theme", exact=True).select_option("recording")
    page.get_by_label("Development need").check()
    page.get_by_role("button", name="Save the coding").click()
    expect(page.get_by_text("The theme coding is saved")).to_be_visible()
    assert [c.theme_code for c in db.scalars(select(ThemeCorrection))] == ["recording"]

    # Propose, read the quotes behind an area, write what we will do, publish.
    page.get_by_role("link", name="Key areas", exact=True).click()
    axe("key areas (none yet)")
    page.get_by_label("Year").select_option(str(today.year))
    page.get_by_label("Title (optional)").fill("Key areas this year")
    page.get_by_role("button", name="Propose key areas").click()
    expect(page.get_by_role("heading", name="Key areas this year")).to_be_visible()
    axe("proposed set")
    page.get_by_role("link", name=re.compile("^Read what people said")).first.click()
    expect(page.get_by_text("Information from health arrives late.").first).to_be_visible()
    axe("quotes")
    page.go_back()
    while page.get_by_text("What we will do is not written yet.").count():
        _first_unwritten(page).get_by_role("link", name=re.compile("^Change")).click()
        axe("change an area")
        page.get_by_label("What people told us (you said)").fill("Practitioners told us information arrives late.")
        page.get_by_label("What we will do").fill("Share conference reports five working days ahead.")
        page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Publish these key areas").click()
    expect(page.get_by_text("Published: the areas now show on the public site")).to_be_visible()
    page.get_by_role("link", name="Printable report").click()
    axe("printable report")

    public = respondent.new_page()
    public.goto("/you-said-we-did/")
    expect(public.get_by_text("Key areas this year")).to_be_visible()
    expect(public.get_by_text("Share conference reports five working days ahead.").first).to_be_visible()
    public_axe = AxeLog(public, "public")
    public_axe("you said, we did")
    public.goto("/receipt")
    public.get_by_label("Enter your receipt code").fill(code)
    public.get_by_role("button", name="Continue").click()
    expect(public.get_by_text("Share conference reports five working days ahead.").first).to_be_visible()
    public_axe("receipt page with key areas")
    respondent.close()
    axe.assert_clean()
    public_axe.assert_clean()


def _first_unwritten(page):
    """The first area on the page with no 'what we will do' yet."""
    return page.locator("section.ll-key-area").filter(has_text="What we will do is not written yet.").first
