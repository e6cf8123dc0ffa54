"""'None of these' in a real browser: the script unticks what it rules out; without the script the server refuses."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PAGE = "/s/practitioner-feedback/page/6"


def test_ticking_none_of_these_unticks_the_others_and_the_others_untick_it(page, site):
    page.goto(PAGE)
    briefing = page.get_by_label("A 7-minute briefing")
    training = page.get_by_label("Partnership training")
    none = page.get_by_label("None of these")
    expect(page.locator(".govuk-checkboxes__divider")).to_have_text("or")

    briefing.check()
    training.check()
    none.check()
    expect(none).to_be_checked()
    expect(briefing).not_to_be_checked()
    expect(training).not_to_be_checked()

    training.check()
    expect(training).to_be_checked()
    expect(none).not_to_be_checked()


def test_with_javascript_off_the_mix_is_refused_with_a_message_that_takes_you_to_the_answers(nojs_page, site):
    page = nojs_page
    page.goto(PAGE)
    page.get_by_label("A 7-minute briefing").check()
    page.get_by_label("None of these").check()
    page.get_by_role("button", name="Continue").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("select 'None of these' on its own")
    summary.get_by_role("link").click()
    assert page.url.endswith("#q-learning_used-1")
    expect(page.locator("#q-learning_used-error")).to_contain_text("on its own")

    page.get_by_label("A 7-minute briefing").uncheck()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Is there anything else you want to tell us?")).to_be_visible()
