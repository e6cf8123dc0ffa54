"""In a real browser: staff send published key areas to a list with follow-ups; the follow-up email's link opens
the survey, and once five have answered their answers show in the impact view."""

from __future__ import annotations

import email
import email.policy
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core import jobs
from core.clock import SystemClock
from core.db import make_session_factory
from core.mail.keys import load_mail_key
from core.services import mailing_lists
from tests.e2e.helpers import answer_page, send_answers, staff_sign_in
from tests.feedback_app.flows import release_for_staff
from tests.mail_cycle import make_published_set

pytestmark = pytest.mark.e2e
PEOPLE = [f"practitioner{n}@example.org" for n in range(5)]
FOLLOW_UP_LINK = re.compile(r"http://localhost:5000(/invitation\?token=[A-Za-z0-9_-]+)")


def _follow_up_links(folder) -> list[str]:
    links = []
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if str(message["Subject"]).endswith("a few questions on each key area"):
            found = FOLLOW_UP_LINK.search(message.get_body(preferencelist=("plain",)).get_content())
            assert found is not None
            links.append(found.group(1))
    return links


def test_key_areas_go_to_a_list_and_the_follow_up_answers_reach_the_impact_view(
    page, browser, site, staff, db: Session, engine: Engine
):
    today = SystemClock().now().date()
    group = mailing_lists.create_list(db, name="Health visitors", audience="practitioner")
    csv = ("email\n" + "\n".join(PEOPLE)).encode()
    mailing_lists.import_addresses(db, load_mail_key(site.settings), group, csv, today=today)
    published = make_published_set(db, today)

    staff_sign_in(page, staff.email, staff.password)
    page.get_by_role("link", name="Mail", exact=True).click()
    page.get_by_role("link", name="Send out the key areas").click()
    page.get_by_label("Key area set", exact=True).select_option(str(published.id))
    page.get_by_label("Mailing list", exact=True).select_option(str(group.id))
    page.get_by_label("Baseline, when sent").check()
    page.get_by_role("button", name="Send the key areas").click()
    expect(page.get_by_text("The key areas are queued to 5 people; 3 follow-ups scheduled.")).to_be_visible()

    # The scheduler process, as `learning-loop scheduler` runs it: the baseline is due now.
    scheduler = jobs.start(
        jobs.make_scheduler(engine), jobs.Runtime(make_session_factory(engine), site.settings), recurring=False
    )
    try:
        for _ in range(200):
            if len(_follow_up_links(site.settings.outbox_dir)) == 5:
                break
            page.wait_for_timeout(50)
    finally:
        scheduler.shutdown()
    links = _follow_up_links(site.settings.outbox_dir)
    assert len(links) == 5

    for n, link in enumerate(links):
        respondent = browser.new_context(base_url=site.url)
        answering = respondent.new_page()
        answering.goto(link)
        expect(answering.get_by_role("heading", name=re.compile("a few questions on each key area"))).to_be_visible()
        answering.get_by_role("button", name="Start now").click()
        for _ in range(10):
            if answering.url.endswith("/check"):
                break
            code = answering.get_by_label("Your own memorable code (optional)")
            if code.count():
                code.fill(f"teapot {n} green")
            answer_page(answering)
        expect(answering.get_by_text("A code was given")).to_be_visible()
        assert f"teapot {n} green" not in answering.content()
        send_answers(answering)
        respondent.close()
    release_for_staff(db)  # as the release job does: five are waiting

    page.get_by_role("link", name="Mail", exact=True).click()
    page.get_by_role("link", name="Send out the key areas").click()
    page.get_by_role("link", name=re.compile("^Impact of")).click()
    area = published.areas[0]
    table = page.get_by_role("table", name=f"Follow-up rounds for {area.title}")
    row = table.get_by_role("row", name=re.compile("Baseline"))
    expect(row).to_contain_text("5")
    expect(row).to_contain_text("100%")

    # The printable report: the same figures, with the charts drawn on the page.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Impact", exact=True).click()
    page.get_by_role("link", name="Printable impact report").click()
    expect(page.get_by_role("heading", name=re.compile("^Impact report"))).to_be_visible()
    awareness = page.get_by_role("img", name="Knew of the key area, by follow-up round")
    expect(awareness).to_be_visible()
    expect(page.get_by_role("table", name=f"Follow-up rounds for {area.title}")).to_contain_text("100%")
