"""In a real browser (CSRF on): staff find an interrupted message on the outbox page, are stopped from sending it
again until they tick that it may arrive twice, then send one again and mark another failed, shown with their name."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import SystemClock
from core.mail.keys import load_mail_key
from core.mail.transport import Letter
from core.models import User
from core.services import outbox
from tests.e2e.a11y import AxeLog
from tests.e2e.helpers import staff_sign_in

pytestmark = pytest.mark.e2e


def test_staff_send_one_interrupted_message_again_and_mark_another_failed(page, site, staff, db: Session):
    stopped_at = SystemClock().now() - dt.timedelta(minutes=15)
    key = load_mail_key(site.settings)
    first, second = (
        outbox.enqueue(db, key, Letter(f"p{n}@council.example", "Hi", "Body"), kind="invitation", now=stopped_at)
        for n in range(2)
    )
    db.commit()
    outbox.claim_due(db, stopped_at)  # a drain took both, fifteen minutes ago, and its process then stopped

    staff_sign_in(page, staff.email, staff.password)
    page.goto("/admin/mail/outbox")
    table = page.get_by_role("table", name=re.compile("Messages whose sending was interrupted"))
    expect(table.get_by_role("row")).to_have_count(3)
    axe = AxeLog(page)
    axe("outbox with interrupted messages")

    table.get_by_role("button", name=f"Send again message {first.id}").click()
    expect(page.get_by_text("Confirm you understand that the person may get this email twice")).to_be_visible()

    page.get_by_label("I understand the person may get this email twice").first.check()
    page.get_by_role("button", name=f"Send again message {first.id}").click()
    expect(page.get_by_text(f"Message {first.id} will be sent again")).to_be_visible()

    page.get_by_role("button", name=f"Mark as failed message {second.id}").click()
    expect(page.get_by_text(f"Message {second.id} is recorded as failed.")).to_be_visible()
    expect(page.get_by_text("No message is interrupted.")).to_be_visible()

    decisions = page.get_by_role("table", name=re.compile("Decisions on interrupted messages"))
    expect(decisions.get_by_role("row", name=re.compile(f"^{first.id} .*Sent again"))).to_contain_text("Waiting")
    expect(decisions.get_by_role("row", name=re.compile(f"^{second.id} .*Marked as failed"))).to_contain_text("Failed")
    name = db.scalar(select(User.name).where(User.email == staff.email))
    expect(decisions.get_by_role("row", name=re.compile(f"{name}"))).to_have_count(2)
    axe("outbox with decisions")
    axe.assert_clean()
