"""axe-core (WCAG 2.2 A and AA) on every public page and on the staff pages that exist.

Set LL_E2E_SCREENSHOTS=/some/folder to also save a full-page screenshot of each page checked.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import AxeLog
from tests.feedback_app.flows import release_for_staff
from tests.e2e.helpers import SURVEY_SLUGS, answer_page, send_answers, staff_sign_in

pytestmark = pytest.mark.e2e
IDENTIFYING_TEXT = "I told his mum Sarah to ring 07700 900123 about the plan."


@pytest.fixture
def check(page: Any, request: pytest.FixtureRequest) -> AxeLog:
    return AxeLog(page, request.node.name)


@pytest.mark.parametrize("slug", SURVEY_SLUGS)
def test_every_page_of_each_survey_is_accessible(page, site, check, slug):
    page.goto(f"/s/{slug}/")
    check("start page")
    page.get_by_role("button", name="Start now").click()
    check("question page 1")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check("question page 1 with errors")
    number = 1
    while not page.url.endswith("/check"):
        if number > 1:
            check(f"question page {number}")
        answer_page(page, default_text=IDENTIFYING_TEXT)
        number += 1
    expect(page.locator(".ll-placeholder").first).to_be_visible()
    check("check your answers")
    send_answers(page)
    expect(page.locator("#receipt-code")).to_be_visible()
    # The first face for "How safe do you feel at home?" is "Really sad", which shows the urgent help panel;
    # the other surveys answered this way do not, so both kinds of confirmation page are checked.
    urgent = slug == "young-people"
    expect(page.locator(".ll-urgent")).to_have_count(1 if urgent else 0)
    check("confirmation with urgent help" if urgent else "confirmation")
    check.assert_clean()


def test_receipt_pages_are_accessible(page, site, check):
    page.goto("/s/compliments-complaints/")
    page.get_by_role("button", name="Start now").click()
    while not page.url.endswith("/check"):
        answer_page(page)
    code = send_answers(page)

    page.goto("/receipt")
    check("receipt enter")
    page.get_by_label("Enter your receipt code").fill("AAAA-BBBB-CCCC-DDDD-EEEE")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_label("Enter your receipt code")).to_have_value("AAAA-BBBB-CCCC-DDDD-EEEE")
    check("receipt enter with error")
    page.get_by_label("Enter your receipt code").fill(code)
    page.get_by_role("button", name="Continue").click()
    check("receipt yours")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check("receipt yours with error")
    page.get_by_label("What would you like to add?").fill("Please ring Sarah on 07700 900123 about this.")
    page.get_by_role("button", name="Continue").click()
    check("addendum check")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Your words have been added")).to_be_visible()
    check("addendum added")
    check.assert_clean()


def test_home_information_and_error_pages_are_accessible(page, site, check):
    for label, path in [
        ("home", "/"),
        ("privacy", "/privacy"),
        ("accessibility statement", "/accessibility"),
        ("help", "/help"),
        ("not found", "/no-such-page"),
        ("survey not found", "/s/no-such-survey/"),
    ]:
        page.goto(path)
        check(label)
    check.assert_clean()


def test_staff_pages_are_accessible(page, site, check, admin_user, db):
    page.goto("/s/practitioner-feedback/")
    page.get_by_role("button", name="Start now").click()
    while not page.url.endswith("/check"):
        answer_page(page)
    send_answers(page)
    release_for_staff(db)

    page.goto("/admin/login")
    check("login")
    page.get_by_label("Email address").fill(admin_user.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check("login with error")
    staff_sign_in(page, admin_user.email, admin_user.password)
    check("dashboard")
    page.goto("/admin/surveys/")
    check("surveys list")
    page.get_by_role("button", name=re.compile(r"^Close .+ to new answers$")).first.click()
    expect(page.get_by_text("is now closed to new answers")).to_be_visible()
    check("surveys list after closing one")
    page.get_by_role("button", name=re.compile(r"^Open .+ to new answers$")).first.click()
    expect(page.get_by_text("is now open to new answers")).to_be_visible()
    page.get_by_role("link", name="Tell us about safeguarding practice where you work", exact=True).click()
    expect(page.locator(".ll-response")).to_have_count(1)
    check("responses")
    page.goto("/admin/keys/unlock")
    check("keys unlock")
    page.goto("/admin/audit/")
    check("audit log")
    page.goto("/admin/no-such-page")
    check("staff not found")
    check.assert_clean()
