"""A real browser answers surveys, comes back with a receipt, and staff read what was kept."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.feedback_app.flows import release_for_staff
from tests.e2e.helpers import SURVEY_SLUGS, answer_page, complete_survey, send_answers, staff_sign_in

pytestmark = pytest.mark.e2e

PHONE = "07700 900123"
FREE_TEXT = f"I told his mum Sarah to ring {PHONE} about the zebrafinch plan"


def test_practitioner_sees_identifiers_stripped_and_staff_read_only_the_stripped_answer(page, site, staff, db):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    complete_survey(page, "practitioner-feedback", {"working_well": FREE_TEXT})

    expect(page.get_by_role("heading", name="Check your answers before sending them")).to_be_visible()
    kept = page.locator(".ll-stripped").first
    expect(kept).to_contain_text("[PHONE]")
    expect(kept).to_contain_text("[NAME]")
    expect(kept).to_contain_text("zebrafinch")
    body = page.locator("main").inner_text()
    assert PHONE not in body and "Sarah" not in body
    expect(page.locator(".ll-removed").first).to_contain_text("We removed")

    code = send_answers(page)
    assert re.fullmatch(r"([0-9A-Z]{4}-){4}[0-9A-Z]{4}", code), code
    expect(page.get_by_role("heading", name="Your answers have been sent")).to_be_visible()

    release_for_staff(db)
    staff_sign_in(page, staff.email, staff.password)
    page.get_by_role("link", name="Surveys", exact=True).click()
    page.get_by_role("link", name="Tell us about safeguarding practice where you work", exact=True).click()
    response = page.locator(".ll-response").first
    expect(response).to_contain_text("zebrafinch")
    expect(response).to_contain_text("[PHONE]")
    expect(response).to_contain_text("[NAME]")
    read = page.locator("main").inner_text()
    assert PHONE not in read and "Sarah" not in read

    origin = urlsplit(site.url)
    strangers = [u for u in requests if urlsplit(u)[:2] != origin[:2]]
    assert requests and not strangers, strangers


@pytest.mark.parametrize("slug", SURVEY_SLUGS)
def test_every_survey_can_be_completed_with_javascript_off(nojs_page, site, slug):
    page = nojs_page
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    visited = complete_survey(page, slug)

    assert visited
    code = send_answers(page)
    assert len(code.replace("-", "")) == 20
    origin = urlsplit(site.url)
    assert all(urlsplit(u)[:2] == origin[:2] for u in requests), requests


def _tab_to(page: Any, selector: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("sel => document.activeElement && document.activeElement.matches(sel)", selector):
            return
    raise AssertionError(f"could not reach {selector} with Tab")


def test_faces_scale_is_answered_with_the_keyboard_and_each_face_is_named(page, site):
    page.goto("/s/young-people/")
    page.get_by_role("button", name="Start now").click()

    faces = page.get_by_role("radio")
    expect(faces).to_have_count(5)
    for word in ("Really sad", "Sad", "OK", "Happy", "Really happy"):
        expect(page.get_by_role("radio", name=word, exact=True)).to_have_count(1)

    _tab_to(page, "input[name=feel_about_help]")
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Really sad", exact=True)).to_be_checked()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    happy = page.get_by_role("radio", name="Happy", exact=True)
    expect(happy).to_be_checked()
    expect(happy).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/s/young-people/page/\d+$"))
    expect(page.get_by_role("heading", name="Do the grown-ups helping you listen to you?")).to_be_visible()
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_role("radio", name="Happy", exact=True)).to_be_checked()


def test_empty_required_page_shows_error_summary_whose_link_moves_focus_to_the_field(page, site):
    complete_survey_until = "working_well"
    page.goto("/s/practitioner-feedback/")
    page.get_by_role("button", name="Start now").click()
    while page.locator(f"textarea[name={complete_survey_until}]").count() == 0:
        answer_page(page)

    page.get_by_role("button", name="Continue").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    field = page.locator(f"textarea[name={complete_survey_until}]")
    expect(field).to_have_class(re.compile("govuk-textarea--error"))
    summary.get_by_role("link").first.click()
    expect(field).to_be_focused()


def test_coming_back_with_the_receipt_shows_the_stripped_addendum_before_it_is_added(page, site, staff, db):
    complete_survey(page, "family-feedback")
    code = send_answers(page)

    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("link", name="I have a receipt code").click()
    page.get_by_label("Enter your receipt code").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Your feedback")).to_be_visible()
    page.get_by_label("What would you like to add?").fill(f"Also, call Sarah's mum on {PHONE}, she wants to help")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check what you are adding")).to_be_visible()
    kept = page.locator(".ll-stripped")
    expect(kept).to_contain_text("[PHONE]")
    assert PHONE not in page.locator("main").inner_text()
    expect(page.get_by_text("We removed:")).to_be_visible()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Your words have been added")).to_be_visible()

    release_for_staff(db)
    staff_sign_in(page, staff.email, staff.password)
    page.get_by_role("link", name="Surveys", exact=True).click()
    page.get_by_role("link", name="Tell us about the help your family has had", exact=True).click()
    added = page.locator(".ll-response").first
    expect(added).to_contain_text("Added")
    expect(added).to_contain_text("[PHONE]")
    assert PHONE not in page.locator("main").inner_text()
