"""In a real browser: staff build a two-page survey, preview it at phone width, publish it; a respondent answers it
(free text stripped, receipt shown) and staff read the answer. axe checks the builder's pages and the new survey."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models import SurveyDraft
from core.services.themes import install_themes
from tests.e2e.a11y import AxeLog
from tests.e2e.helpers import complete_survey, send_answers, staff_sign_in
from tests.feedback_app.flows import release_for_staff

pytestmark = pytest.mark.e2e
# The answer as kept: the name replaced by its label, wherever the label is marked up.
STRIPPED = re.compile(r"Nobody told \[NAME\]")


def _add_question(page, kind: str, prompt: str, where: str) -> None:
    page.get_by_label("Kind of question").select_option(label=kind)
    page.get_by_label("Question", exact=True).fill(prompt)
    page.get_by_label("Page", exact=True).select_option(label=where)
    page.get_by_role("button", name="Add the question").click()
    expect(page.get_by_text("Question added.")).to_be_visible()


def test_staff_build_preview_and_publish_a_survey_that_a_respondent_then_answers(
    page, browser, site, staff, db: Session
):
    install_themes(db)
    db.commit()
    axe = AxeLog(page, "builder")
    staff_sign_in(page, staff.email, staff.password)
    page.get_by_role("link", name="Surveys", exact=True).click()
    page.get_by_role("link", name="Build a survey").click()
    axe("build a survey")
    page.get_by_label("Title").fill("Neglect consultation")
    page.get_by_label("Practitioners").check()
    page.get_by_label("Start from").select_option(label="A blank survey")
    page.get_by_role("button", name="Start the survey").click()
    expect(page.get_by_role("heading", name="Neglect consultation")).to_be_visible()
    axe("a new draft")
    _add_question(page, "Agree or disagree (5 points)", "I can spot neglect early", "A new page")
    _add_question(page, "Free text", "What gets in the way of helping a neglected child?", "A new page")
    axe("a draft with two pages")
    page.get_by_label("Closes on (optional)").fill("2099-12-31")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Until the end of 31 December 2099")).to_be_visible()
    axe("a draft with a closing date")

    # The preview is the public survey's own pages, at a phone's width.
    # The link names the public app's configured address; here the public app is the test server.
    preview_url = urlsplit(page.get_by_role("link", name="Preview the survey").get_attribute("href") or "").path
    phone = browser.new_context(base_url=site.url, viewport={"width": 375, "height": 800})
    preview = phone.new_page()
    preview.goto(preview_url)
    expect(preview.get_by_text("Preview: this is how people will see the survey")).to_be_visible()
    preview_axe = AxeLog(preview, "preview")
    preview_axe("preview start, 375 px")
    assert preview.evaluate("document.documentElement.scrollWidth") <= 375
    preview.get_by_role("button", name="Start now").click()
    expect(preview.get_by_text("I can spot neglect early")).to_be_visible()
    assert preview.evaluate("document.documentElement.scrollWidth") <= 375
    preview_axe("preview page 1, 375 px")
    phone.close()

    page.get_by_role("button", name="Publish the survey").click()
    expect(page.get_by_text("Published: the survey is open to answers")).to_be_visible()
    expect(page.get_by_text("Open until the end of 31 December 2099")).to_be_visible()
    axe("the surveys list, with a schedule")
    assert db.scalar(select(SurveyDraft)) is None

    respondent = browser.new_context(base_url=site.url)
    answering = respondent.new_page()
    public_axe = AxeLog(answering, "built survey")
    complete_survey(answering, "neglect-consultation", {"q2": "Nobody told Jane Smith's school about the referral."})
    expect(answering.get_by_text(STRIPPED).first).to_be_visible()
    assert "Jane Smith" not in answering.content()
    public_axe("check your answers")
    code = send_answers(answering)
    assert code
    public_axe("receipt")
    respondent.close()
    release_for_staff(db)  # as the release job does once a batch is ready

    page.get_by_role("link", name="Surveys", exact=True).click()
    page.get_by_role("link", name="Neglect consultation", exact=True).click()
    expect(page.get_by_text(STRIPPED).first).to_be_visible()
    axe.assert_clean()
    preview_axe.assert_clean()
    public_axe.assert_clean()
