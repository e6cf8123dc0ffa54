"""Steps a person takes in the browser, shared by the e2e tests."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping

from tests.factories import totp_code

DEFAULT_TEXT = "Strategy meetings happen quickly now."
SURVEY_SLUGS = (
    "compliments-complaints",
    "family-feedback",
    "practitioner-feedback",
    "review-participation",
    "young-people",
)


def answer_page(page: Any, texts: Mapping[str, str] | None = None, default_text: str = DEFAULT_TEXT) -> None:
    """Answer every question on the current survey page (first option; the given text, by key) and continue."""
    texts = texts or {}
    for name in _choice_names(page):
        page.locator(f"input[name='{name}']").first.check()
    for area in page.locator("form textarea").all():
        key = area.get_attribute("name")
        area.fill(texts.get(key, default_text))
    # Wait for the next page: the caller reads it at once, and under load the old one could still be there.
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^(Continue|Save and go back)")).click()


def _choice_names(page: Any) -> list[str]:
    names: list[str] = []
    for box in page.locator("form input[type=radio], form input[type=checkbox]").all():
        name = box.get_attribute("name")
        if name not in names:
            names.append(name)
    return names


def complete_survey(page: Any, slug: str, texts: Mapping[str, str] | None = None) -> list[str]:
    """From the start page, answer every page until 'check your answers'; returns the page URLs visited."""
    page.goto(f"/s/{slug}/")
    page.get_by_role("button", name="Start now").click()
    visited = []
    for _ in range(20):
        if page.url.endswith(f"/s/{slug}/check"):
            return visited
        visited.append(page.url)
        answer_page(page, texts)
    raise AssertionError(f"never reached check your answers for {slug}: {visited}")


def send_answers(page: Any) -> str:
    """Send from 'check your answers' and return the receipt code shown."""
    page.get_by_role("button", name="Send your answers").click()
    return str(page.locator("#receipt-code").inner_text()).strip()


def staff_sign_in(page: Any, email: str, password: str) -> None:
    """Sign in with the password, then a code from the test authenticator (the account's second factor is set up
    with factories.TEST_TOTP_SECRET)."""
    password_step(page, email, password)
    page.get_by_label("Code").fill(totp_code(dt.datetime.now(dt.timezone.utc)))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Dashboard").wait_for()


def password_step(page: Any, email: str, password: str) -> None:
    page.goto("/admin/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
