"""The public pages on a phone (375 px wide, and 320 px: 1280 px zoomed to 400%): the quick exit, the error
summary taking focus, the receipt code on one line, and axe-core on each page changed for these."""

from __future__ import annotations

import re
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y import AxeLog
from tests.e2e.conftest import LiveServer, _new_page
from tests.e2e.helpers import answer_page, complete_survey, send_answers

pytestmark = pytest.mark.e2e
PHONE = {"width": 375, "height": 667}
NEUTRAL = "Weather forecast"


@pytest.fixture
def phone(browser: Any, site: LiveServer) -> Iterator[Any]:
    """A phone-sized page with JavaScript on; the neutral site is answered here, never fetched from outside."""
    for page in _new_page(browser, site, viewport=PHONE):
        page.route(
            site.settings.exit_page_url + "*", lambda route: route.fulfill(body=NEUTRAL, content_type="text/plain")
        )
        yield page


@pytest.fixture
def phone_nojs(browser: Any, site: LiveServer) -> Iterator[Any]:
    for page in _new_page(browser, site, viewport=PHONE, java_script_enabled=False):
        yield page


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript on", "javascript off"])
def test_an_empty_receipt_code_is_asked_for_and_the_error_summary_takes_focus(phone, phone_nojs, javascript):
    page = phone if javascript else phone_nojs
    page.goto("/receipt")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Enter your receipt code")).to_be_visible()
    expect(page.get_by_text("could not find")).to_have_count(0)
    # Autofocus applies once the page has rendered: expect() waits for it.
    expect(summary).to_be_focused()
    summary.get_by_role("link").click()
    expect(page.get_by_label("Enter your receipt code")).to_be_focused()


def test_a_question_page_error_summary_takes_focus(phone):
    phone.goto("/s/young-people/page/1")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Choose a face")
    expect(phone.locator(".govuk-error-summary")).to_be_focused()


def test_exit_this_page_is_on_screen_while_scrolling_and_leaves_for_the_neutral_site(phone, site):
    phone.goto("/privacy")
    exit_link = phone.get_by_role("button", name="Emergency Exit this page")
    expect(exit_link).to_be_in_viewport()
    phone.mouse.wheel(0, 3000)
    phone.wait_for_function("() => window.scrollY > 500")
    expect(exit_link).to_be_in_viewport()
    exit_link.click()
    expect(phone.get_by_text(NEUTRAL)).to_be_visible()
    assert phone.url.startswith(site.settings.exit_page_url)


def test_pressing_shift_three_times_leaves_and_back_does_not_return(phone, site):
    phone.goto("/")
    phone.goto("/s/young-people/")
    phone.keyboard.press("Shift")
    phone.keyboard.press("Shift")
    expect(phone.locator("#exit-this-page-status")).to_have_text(re.compile("press 1 more time"))
    phone.keyboard.press("Shift")
    expect(phone.get_by_text(NEUTRAL)).to_be_visible()
    phone.go_back()
    # The survey page was replaced in the tab's history: Back goes to the page before it.
    assert urlsplit(phone.url).path == "/"


def test_typing_capital_letters_does_not_leave_the_page(phone):
    phone.goto("/s/young-people/page/4")
    box = phone.locator("textarea")
    box.click()
    for letter in "ABC":
        phone.keyboard.press(f"Shift+{letter}")
    expect(box).to_have_value("ABC")
    assert "/s/young-people/page/4" in phone.url


def test_exit_this_page_works_without_javascript(phone_nojs, site):
    phone_nojs.route(
        site.settings.exit_page_url + "*", lambda route: route.fulfill(body=NEUTRAL, content_type="text/plain")
    )
    phone_nojs.goto("/help")
    expect(phone_nojs.get_by_text("Or press Shift 3 times")).to_be_hidden()
    phone_nojs.get_by_role("button", name="Emergency Exit this page").click()
    expect(phone_nojs.get_by_text(NEUTRAL)).to_be_visible()


@pytest.mark.parametrize("width", [375, 320])
def test_the_receipt_code_stays_on_one_line_inside_the_panel(browser, site, width):
    for page in _new_page(browser, site, viewport={"width": width, "height": 700}):
        complete_survey(page, "compliments-complaints")
        code = send_answers(page)
        fit = page.evaluate(
            """() => {
                const code = document.getElementById('receipt-code');
                const panel = code.closest('.govuk-panel');
                const c = code.getBoundingClientRect(), p = panel.getBoundingClientRect();
                const lineHeight = parseFloat(getComputedStyle(code).fontSize) * 1.6;
                return {oneLine: c.height < lineHeight, inside: c.left >= p.left && c.right <= p.right,
                        noScroll: document.documentElement.scrollWidth <= window.innerWidth,
                        fontSize: parseFloat(getComputedStyle(code).fontSize)};
            }"""
        )
        assert fit["oneLine"] and fit["inside"] and fit["noScroll"], fit
        assert fit["fontSize"] >= 14, fit
        assert page.locator("#receipt-code").inner_text() == code


def test_the_changed_public_pages_are_accessible_on_a_phone(phone, site):
    check = AxeLog(phone, "phone")
    for label, path in [("home", "/"), ("privacy", "/privacy"), ("help", "/help"), ("receipt", "/receipt")]:
        phone.goto(path)
        check(label)
    phone.get_by_role("button", name="Continue").click()
    check("receipt with error")
    phone.goto("/s/young-people/")
    check("children's start")
    phone.get_by_role("button", name="Start now").click()
    phone.get_by_role("button", name="Continue").click()
    check("children's question with error")
    while not phone.url.endswith("/check"):
        answer_page(phone, default_text="My worker is nice.")
    check("children's check your answers")
    send_answers(phone)
    expect(phone.locator(".ll-urgent")).to_contain_text("Really sad")
    check("children's confirmation with urgent help")
    complete_survey(phone, "family-feedback")
    check("family check your answers")
    phone.goto("/s/family-feedback/page/4")
    expect(phone.get_by_role("heading", level=1)).to_have_count(1)
    check("family page 4")
    check.assert_clean()
