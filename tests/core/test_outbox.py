"""The outbox against a real SMTP server on loopback: mail arrives once, is retried with backoff, fails on record."""

from __future__ import annotations

import datetime as dt
import threading
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import select

from core.db import make_session_factory
from core.mail.keys import load_mail_key
from core.mail.transport import FileTransport, Letter, SmtpTransport
from core.models import OutboxMessage
from core.services import outbox
from tests.smtp_server import SmtpServer, body_of


@pytest.fixture
def mail_settings(make_settings, smtp_server: SmtpServer):
    return make_settings(smtp_host=smtp_server.host, smtp_port=smtp_server.port, mail_max_attempts=3)


def _queue(db, settings, clock, count: int = 1, to: str = "worker@example.org") -> list[OutboxMessage]:
    key = load_mail_key(settings)
    messages = [
        outbox.enqueue(db, key, Letter(to, f"Subject {n}", f"Hello {n}"), kind="test", now=clock.now())
        for n in range(count)
    ]
    db.commit()
    return messages


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives stored times back without their zone; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _drain(db, settings, clock, batch: int = outbox.BATCH) -> outbox.DrainReport:
    return outbox.drain(
        db,
        key=load_mail_key(settings),
        transport=SmtpTransport(settings),
        settings=settings,
        now=clock.now,
        batch=batch,
    )


def test_a_queued_message_arrives_once_and_keeps_nothing_of_its_content(db, mail_settings, clock, smtp_server):
    (message,) = _queue(db, mail_settings, clock)
    report = _drain(db, mail_settings, clock)
    assert (report.sent, report.failed) == (1, 0)
    (arrived,) = smtp_server.received
    assert arrived["To"] == "worker@example.org" and arrived["Subject"] == "Subject 0"
    assert body_of(arrived).strip() == "Hello 0"
    assert arrived["Message-ID"] == message.message_id
    db.refresh(message)
    assert (message.state, message.attempts, message.sealed) == ("sent", 1, None)
    assert _drain(db, mail_settings, clock).sent == 0
    assert len(smtp_server.received) == 1


def test_queued_mail_is_encrypted_at_rest(db, mail_settings, clock):
    (message,) = _queue(db, mail_settings, clock, to="someone.private@example.org")
    stored = db.scalar(select(OutboxMessage.sealed).where(OutboxMessage.id == message.id))
    assert stored and b"someone.private" not in stored and b"Hello" not in stored
    assert message.recipient_domain == "example.org"


def test_a_server_that_turns_mail_away_gets_retries_with_doubling_delays_then_a_recorded_failure(
    db, mail_settings, clock, smtp_server
):
    smtp_server.recorder.refuse = 100
    (message,) = _queue(db, mail_settings, clock)
    start = clock.now()
    waits = []
    for _ in range(3):
        report = _drain(db, mail_settings, clock)
        db.refresh(message)
        if message.state == "queued":
            waits.append(_utc(message.next_attempt_at) - clock.now())
            assert _drain(db, mail_settings, clock).retrying == 0  # not due yet: not tried early
            clock.at = _utc(message.next_attempt_at)
    assert waits == [dt.timedelta(seconds=60), dt.timedelta(seconds=120)]
    assert (report.failed, message.state, message.attempts) == (1, "failed", 3)
    assert "451" in message.last_error and "try again later" in message.last_error
    assert _utc(message.finished_at) == start + dt.timedelta(seconds=180) and message.sealed is None
    assert smtp_server.recorder.data_commands == 3 and smtp_server.received == []
    clock.advance(days=1)
    assert _drain(db, mail_settings, clock).failed == 0 and smtp_server.recorder.data_commands == 3


def test_a_server_that_recovers_gets_the_message_exactly_once(db, mail_settings, clock, smtp_server):
    smtp_server.recorder.refuse = 2
    (message,) = _queue(db, mail_settings, clock)
    for _ in range(5):
        _drain(db, mail_settings, clock)
        clock.advance(minutes=10)
    db.refresh(message)
    assert (message.state, message.attempts) == ("sent", 3)
    assert smtp_server.message_ids() == [message.message_id]


def test_a_permanent_refusal_is_recorded_at_once_without_retrying(db, mail_settings, clock, smtp_server):
    smtp_server.recorder.refuse = 1
    smtp_server.recorder.reply = "550 5.1.1 <worker@example.org>: no such mailbox"
    (message,) = _queue(db, mail_settings, clock)
    assert _drain(db, mail_settings, clock).failed == 1
    db.refresh(message)
    assert (message.state, message.attempts) == ("failed", 1) and "550" in message.last_error
    assert "worker@" not in message.last_error and "[address]" in message.last_error


def test_an_unreachable_server_is_retried_then_failed_with_the_reason(db, make_settings, clock):
    from tests.smtp_server import free_port

    settings = make_settings(smtp_host="127.0.0.1", smtp_port=free_port(), mail_max_attempts=2)
    (message,) = _queue(db, settings, clock)
    _drain(db, settings, clock)
    clock.advance(minutes=1)
    _drain(db, settings, clock)
    db.refresh(message)
    assert (message.state, message.attempts) == ("failed", 2)
    assert "could not reach the mail server" in message.last_error


def test_two_drains_at_once_never_send_a_message_twice(db, engine, mail_settings, clock, smtp_server):
    queued = _queue(db, mail_settings, clock, count=60)
    sessions = make_session_factory(engine)
    errors: list[BaseException] = []
    reports: list[outbox.DrainReport] = []

    def run() -> None:
        session = sessions()
        try:
            reports.append(_drain(session, mail_settings, clock, batch=4))  # small batches: the drains interleave
        except BaseException as exc:  # noqa: BLE001  (reported by the assertion below)
            errors.append(exc)
        finally:
            session.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sum(r.sent for r in reports) == 60
    ids = smtp_server.message_ids()
    assert sorted(ids) == sorted(m.message_id for m in queued)  # every one, none twice


def test_without_a_host_mail_is_written_as_files_in_the_instance_folder(db, settings, clock):
    (message,) = _queue(db, settings, clock)
    report = outbox.drain_with_settings(db, settings, clock)
    assert report.sent == 1
    (written,) = settings.outbox_dir.glob("*.eml")
    assert message.message_id.strip("<>") in written.name
    assert "Hello 0" in written.read_text()
    assert written.stat().st_mode & 0o077 == 0


def test_a_file_already_written_is_never_written_again(tmp_path):
    from email.message import EmailMessage

    from core.mail.transport import UncertainDelivery

    message = EmailMessage()
    message["Message-ID"] = "<one@learning-loop.invalid>"
    message.set_content("x")
    transport = FileTransport(tmp_path)
    transport.send(message)
    with pytest.raises(UncertainDelivery):
        transport.send(message)
    assert len(list(tmp_path.glob("*.eml"))) == 1


def test_the_scheduled_job_sends_the_outbox(engine, db, mail_settings, clock, smtp_server):
    from core import jobs

    (message,) = _queue(db, mail_settings, clock)
    scheduler = jobs.start(
        jobs.make_scheduler(engine),
        jobs.Runtime(make_session_factory(engine), mail_settings, clock=clock),
        recurring=False,
    )
    scheduler.shutdown()
    jobs.send_mail()
    assert smtp_server.message_ids() == [message.message_id]
    assert ("send-mail", "core.jobs:send_mail", 30) in jobs.RECURRING


def test_a_sent_message_is_dated_when_it_is_handed_over(db, mail_settings, clock, smtp_server):
    _queue(db, mail_settings, clock)
    clock.advance(minutes=7)  # queued at one time, sent at another: the Date is when it went
    _drain(db, mail_settings, clock)
    (arrived,) = smtp_server.received
    # RFC 5322 requires a Date: without one a relay may refuse the message or a spam filter mark it down.
    assert arrived["Date"] is not None
    assert parsedate_to_datetime(str(arrived["Date"])) == clock.now()
