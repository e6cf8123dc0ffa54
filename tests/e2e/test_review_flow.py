"""In a real browser: a serious incident from notification to a done action, and axe on every register page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from core.clock import SystemClock
from core.services import child_deaths, learning, reviews
from core.services.actions import ActionDetails, create_action
from core.services.deadlines import add_working_days, local_review_due, rapid_review_due, today_in_england
from core.services.themes import install_themes
from tests.e2e.a11y import axe_violations, format_violations
from tests.e2e.helpers import staff_sign_in
from tests.factories import make_agency

pytestmark = pytest.mark.e2e


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


class Axe:
    """Runs axe-core on each page it is shown and reports every violation at the end."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.reports: list[str] = []
        self.checked: list[str] = []

    def __call__(self, label: str) -> None:
        self.checked.append(label)
        violations = axe_violations(self.page)
        if violations:
            self.reports.append(format_violations(violations, f"{label} ({self.page.url})"))

    def assert_clean(self) -> None:
        assert self.checked
        assert not self.reports, "\n\n".join(self.reports)


def test_staff_take_a_serious_incident_from_notification_to_a_done_action(page, site, staff, db: Session):
    install_themes(db)
    make_agency(db, "Police", kind="police")
    make_agency(db, "Children's Services", kind="local_authority")
    db.commit()
    axe = Axe(page)
    today = today_in_england(SystemClock())
    aware, notified, decided = add_working_days(today, -4), add_working_days(today, -2), add_working_days(today, -1)

    staff_sign_in(page, staff.email, staff.password)
    page.get_by_role("link", name="Reviews", exact=True).click()
    axe("review register (empty)")
    page.get_by_role("link", name="Log a serious incident or review").click()
    expect(page.get_by_label("Serious incident notification and rapid review")).to_be_checked()
    page.get_by_label("Subject (pseudonym)").fill("Kayden Walsh")
    page.get_by_label("Date the local authority became aware of the incident").fill(aware.isoformat())
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("never a name")
    axe("review form with an error")
    page.locator(".govuk-error-summary a").first.click()
    expect(page.get_by_label("Subject (pseudonym)")).to_be_focused()

    page.get_by_label("Subject (pseudonym)").fill("Child A")
    page.get_by_label("Date notified to the national panel").fill(notified.isoformat())
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Child A")
    rapid_row = page.locator("#deadline-rapid_review")
    expect(rapid_row).to_contain_text(_long(rapid_review_due(notified)))
    expect(rapid_row).to_contain_text(re.compile("Due soon|On track"))
    expect(page.locator("#deadline-notification")).to_contain_text("Done")
    axe("review page after notification")

    page.get_by_label("New stage").select_option(label="Decision made")
    page.get_by_label("Date", exact=True).fill(decided.isoformat())
    page.get_by_label("Decision (at the decision stage)").select_option(
        label="Hold a local child safeguarding practice review"
    )
    page.get_by_label("Note (optional)").fill("Rapid review panel agreed the criteria are met.")
    page.get_by_role("button", name="Record progress").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Recorded: Decision made")
    expect(page.locator(".govuk-caption-l")).to_have_text("Local child safeguarding practice review")
    expect(page.locator("#deadline-local_review")).to_contain_text(_long(local_review_due(decided)))

    page.get_by_role("link", name="Add a learning point").click()
    page.get_by_label("What was learnt").fill("The school was not told about the domestic abuse incident")
    page.get_by_label("Information sharing").check()
    page.get_by_label("Domestic abuse").check()
    axe("learning point form")
    page.get_by_role("button", name="Save the learning point").click()
    expect(page.locator("#learning").locator("..")).to_contain_text("The school was not told")

    page.get_by_role("link", name=re.compile("^Add an action")).click()
    page.get_by_label("Action", exact=True).fill("Next-day notification of incidents to schools")
    page.get_by_label("Owner agency").select_option(label="Police")
    page.get_by_label("Lead", exact=True).fill("Detective Inspector, Public Protection")
    page.get_by_label("Due date").fill((today + dt.timedelta(days=60)).isoformat())
    page.get_by_label("Green: on track").check()
    axe("action form")
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator(".ll-learning")).to_contain_text("Next-day notification of incidents to schools")

    page.get_by_role("link", name="Next-day notification of incidents to schools").click()
    axe("action page")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the evidence that the action is done")
    axe("action page with an error")
    page.get_by_label("Evidence that the action is done").fill("Notifications reach schools by 9am: audit of 40.")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("marked as done")
    expect(page.locator("#evidence-value")).to_contain_text("audit of 40")

    page.get_by_role("link", name="Actions", exact=True).click()
    row = page.locator("tr", has_text="Next-day notification of incidents to schools")
    expect(row).to_contain_text("Police")
    expect(row).to_contain_text("Done")
    expect(row).to_contain_text("Child A")
    axe("action tracker")
    row.get_by_role("link", name=re.compile("Child A")).click()
    learning_section = page.locator(".ll-learning")
    expect(learning_section).to_contain_text("Done")
    expect(learning_section).to_contain_text("Evidence: Notifications reach schools by 9am")
    page.get_by_role("link", name="Dashboard").click()
    axe("dashboard")
    axe.assert_clean()


def test_every_register_page_of_4a_passes_axe(page, site, admin_user, db: Session):
    install_themes(db)
    police = make_agency(db, "Police", kind="police")
    health = make_agency(db, "Acute Hospital NHS Trust", kind="health")
    today = today_in_england(SystemClock())
    review = reviews.create_review(
        db,
        None,
        reviews.ReviewDetails(
            kind="serious_incident",
            subject="Child B",
            aware_on=add_working_days(today, -30),
            notified_on=add_working_days(today, -26),
            agency_id=police.id,
            family_invited=True,
            family_took_part=False,
        ),
        today,
    )
    reviews.create_review(
        db,
        None,
        reviews.ReviewDetails(
            kind="lcspr",
            subject="Family C",
            aware_on=dt.date(2018, 1, 8),
            decision="lcspr",
            decision_on=dt.date(2018, 2, 20),
            restricted=True,
        ),
        today,
    )
    cdr = child_deaths.create_cdr(
        db,
        None,
        child_deaths.CdrDetails(
            date_of_death=dt.date(2024, 3, 1),
            expected=False,
            joint_agency_response=True,
            stage="closed",
            review_meeting_on=dt.date(2024, 5, 1),
            panel_on=dt.date(2024, 7, 1),
            category="infection",
            modifiable="yes",
            domains=["mf_service"],
        ),
    )
    point = learning.create_learning_point(
        db, None, "review", review, learning.PointDetails(title="Fathers were not seen", polarity="development")
    )
    overdue = create_action(
        db,
        None,
        point,
        ActionDetails(
            title="Assess fathers",
            owner_agency_id=health.id,
            lead="Named nurse",
            status="red",
            due_on=(today - dt.timedelta(days=5)),
        ),
        today,
    )
    cdr_point = learning.create_learning_point(
        db, None, "cdr", cdr, learning.PointDetails(title="Safer sleep", polarity="development")
    )
    create_action(
        db,
        None,
        cdr_point,
        ActionDetails(
            title="Safer sleep at every contact",
            owner_agency_id=health.id,
            lead="Health visiting lead",
            status="done",
            evidence="Template",
            due_on=today,
        ),
        today,
    )
    db.commit()
    axe = Axe(page)
    staff_sign_in(page, admin_user.email, admin_user.password)
    axe("dashboard with deadlines and actions")
    for label, path in [
        ("review register", "/admin/reviews/"),
        ("review register filtered", "/admin/reviews/?due=overdue&kind=lcspr"),
        ("new review form", "/admin/reviews/new"),
        ("review page", f"/admin/reviews/{review.id}"),
        ("review edit form", f"/admin/reviews/{review.id}/edit"),
        ("child death register", "/admin/child-deaths/"),
        ("new child death review form", "/admin/child-deaths/new"),
        ("child death review", f"/admin/child-deaths/{cdr.id}"),
        ("child death edit form", f"/admin/child-deaths/{cdr.id}/edit"),
        ("modifiable factors by year", "/admin/child-deaths/modifiable-factors"),
        ("action tracker", "/admin/actions/"),
        ("action tracker filtered", "/admin/actions/?overdue=1&status=red"),
        ("action page", f"/admin/actions/{overdue.id}"),
        ("learning point form", f"/admin/learning/review/{review.id}/new"),
        ("learning point edit form", f"/admin/learning/points/{point.id}/edit"),
        ("new action form", f"/admin/learning/points/{point.id}/actions/new"),
        ("themes", "/admin/learning/themes"),
        ("agencies", "/admin/agencies/"),
        ("agency page", f"/admin/agencies/{police.id}"),
        ("new agency form", "/admin/agencies/new"),
        ("exports", "/admin/exports/"),
    ]:
        page.goto(path)
        axe(label)
    page.goto("/admin/child-deaths/new")
    page.get_by_role("button", name="Save the child death review").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe("child death form with errors")
    page.goto(f"/admin/agencies/{police.id}")
    page.get_by_role("button", name="Add the contact").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe("agency page with a contact error")
    page.goto(f"/admin/reviews/{review.id}")
    page.get_by_label("New stage").select_option(label="Decision made")
    page.get_by_role("button", name="Record progress").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe("review page with a progress error")
    axe.assert_clean()
