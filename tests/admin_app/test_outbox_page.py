"""Staff see the outbox: counts by state and kind, failures with their reason, never an address."""

from __future__ import annotations

from sqlalchemy import select

from core.mail.keys import load_mail_key
from core.mail.transport import Letter
from core.models import AuditEvent
from core.services import outbox
from tests.smtp_server import SmtpServer


def test_staff_see_counts_and_the_reason_for_a_failure_but_no_address(
    admin_client, auth, db, make_settings, clock, smtp_server: SmtpServer
):
    settings = make_settings(smtp_host=smtp_server.host, smtp_port=smtp_server.port, mail_max_attempts=1)
    key = load_mail_key(settings)
    for n in range(3):
        outbox.enqueue(db, key, Letter(f"person{n}@example.org", "Hello", "Body"), kind="invitation", now=clock.now())
    db.commit()
    smtp_server.recorder.refuse = 1
    smtp_server.recorder.reply = "550 5.1.1 <person0@example.org> unknown"
    outbox.drain_with_settings(db, settings, clock)
    auth.login("staff")
    page = admin_client.get("/mail/outbox").get_data(as_text=True)
    assert "550 5.1.1 [address] unknown" in page
    assert "person0" not in page and "person1" not in page
    assert "example.org" in page  # the domain, which says which organisation refuses mail


def test_the_send_button_drains_the_outbox_into_files_without_a_relay(admin_client, auth, db, settings, clock):
    outbox.enqueue(db, load_mail_key(settings), Letter("a@example.org", "Hi", "Body"), kind="test", now=clock.now())
    db.commit()
    auth.login("staff")
    response = admin_client.post("/mail/outbox/send", follow_redirects=True)
    assert "Sent 1; 0 to try again later; 0 failed." in response.get_data(as_text=True)
    assert len(list(settings.outbox_dir.glob("*.eml"))) == 1


def test_board_members_cannot_see_the_outbox(admin_client, auth):
    auth.login("board")
    assert admin_client.get("/mail/outbox").status_code == 403


def test_reminders_are_not_counted_and_a_failed_one_shows_no_domain(
    admin_client, auth, db, make_settings, clock, smtp_server: SmtpServer
):
    # Reminders go only to those who have not answered: seven invited, three reminded, would tell four answered.
    settings = make_settings(smtp_host=smtp_server.host, smtp_port=smtp_server.port, mail_max_attempts=1)
    key = load_mail_key(settings)
    for n in range(3):
        outbox.enqueue(db, key, Letter(f"p{n}@council.example", "Reminder", "Body"), kind="reminder", now=clock.now())
    for n in range(7):
        outbox.enqueue(db, key, Letter(f"p{n}@example.org", "Invitation", "Body"), kind="invitation", now=clock.now())
    db.commit()
    smtp_server.recorder.refuse = 1  # the first sent, a reminder
    smtp_server.recorder.reply = "550 5.1.1 refused"
    outbox.drain_with_settings(db, settings, clock)

    auth.login("staff")
    page = admin_client.get("/mail/outbox").get_data(as_text=True)

    assert '<th scope="row" class="govuk-table__header">Reminders</th>' not in page
    counts = outbox.summary(db)
    assert sum(counts.by_state.values()) == 7 and set(counts.by_kind) == {"invitation"}
    failures = page.split("Recent failures")[1]
    assert "550 5.1.1 refused" in failures and "not shown" in failures and "council.example" not in page


def test_sending_now_does_not_count_the_reminders_it_sent(admin_client, auth, db, settings, clock):
    # Six invited and five reminded would tell one answered, which the campaign's page shows as "fewer than 5".
    key = load_mail_key(settings)
    for n in range(5):
        outbox.enqueue(db, key, Letter(f"p{n}@example.org", "Reminder", "Body"), kind="reminder", now=clock.now())
    outbox.enqueue(db, key, Letter("a@example.org", "Invitation", "Body"), kind="invitation", now=clock.now())
    db.commit()
    auth.login("staff")
    response = admin_client.post("/mail/outbox/send", follow_redirects=True)
    assert "Sent 1; 0 to try again later; 0 failed." in response.get_data(as_text=True)
    assert len(list(settings.outbox_dir.glob("*.eml"))) == 6  # the reminders went all the same
    logged = db.scalar(select(AuditEvent).where(AuditEvent.action == "mail.outbox_sent"))
    assert logged.details["sent"] == 1


def test_the_outbox_gives_times_in_uk_time(admin_client, auth, db, settings):
    import datetime as dt

    summer_night = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.timezone.utc)  # 00:30 on 2 July in England (BST)
    outbox.enqueue(db, load_mail_key(settings), Letter("a@example.org", "Hi", "Body"), kind="test", now=summer_night)
    db.commit()
    auth.login("staff")
    page = admin_client.get("/mail/outbox").get_data(as_text=True)
    assert "The next message waiting is due at 00:30 on 2 July 2026." in page
    assert "(UTC)" not in page
