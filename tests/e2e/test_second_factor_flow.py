"""In the browser: a first sign-in sets up the authenticator from the key shown as text, gets recovery codes, and
reaches the dashboard; the set-up, code, recovery-code, password and user pages pass axe."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from core.second_factor import code_at
from tests.e2e.a11y import AxeLog
from tests.e2e.helpers import password_step, staff_sign_in
from tests.factories import TEST_PASSWORD, make_user

pytestmark = pytest.mark.e2e


def test_a_first_sign_in_sets_up_the_second_factor_accessibly(page: Any, site: Any, db: Session, request: Any):
    check = AxeLog(page, request.node.name)
    user = make_user(db, role="staff")
    db.commit()
    password_step(page, user.email, TEST_PASSWORD)
    page.get_by_role("heading", name="Set up your second factor").wait_for()
    expect(page.get_by_role("img", name="QR code holding the key shown below as text")).to_be_visible()
    check("second factor set-up")
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check("second factor set-up with an error")
    secret = "".join(page.locator("#secret").inner_text().split())
    page.get_by_label("Code from your authenticator app").fill(code_at(secret, dt.datetime.now(dt.timezone.utc)))
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    check("recovery codes")
    page.get_by_role("link", name="I have kept my recovery codes: continue").click()
    page.get_by_role("heading", name="Dashboard").wait_for()
    page.goto("/admin/account/password")
    check("change password")
    check.assert_clean()


def test_the_code_page_and_the_user_pages_are_accessible(page: Any, site: Any, admin_user: Any, request: Any):
    check = AxeLog(page, request.node.name)
    password_step(page, admin_user.email, admin_user.password)
    page.get_by_label("Code").wait_for()
    check("second factor code")
    page.goto("/admin/login")  # the code step is still open: sign in again through the helper
    staff_sign_in(page, admin_user.email, admin_user.password)
    page.goto("/admin/users/")
    check("users list")
    page.get_by_role("link", name="Add a user").click()
    page.get_by_role("button", name="Add the user").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check("add a user with errors")
    page.get_by_label("Email address").fill("new.person@example.org")
    page.get_by_label("Role").select_option("board")
    page.get_by_role("button", name="Add the user").click()
    expect(page.locator("#first-password")).to_be_visible()
    check("user added")
    page.get_by_role("link", name="See new.person@example.org").click()
    check("one user")
    check.assert_clean()
