"""A message whose drain was killed mid-send: found by the rule, never sent again by itself, decided by staff.

The rule (core.services.outbox_interrupted): still "sending", and its drain has ended or has not shown it was at
work for `mail_interrupted_after_minutes` (10 by default). A drain shows it is at work every fifth of that.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import pytest
from sqlalchemy import func, select, update

from core.clock import FixedClock
from core.db import make_session_factory
from core.errors import NotFound, ValidationFailed
from core.mail.keys import load_mail_key
from core.mail.transport import Letter, SmtpTransport
from core.models import AuditEvent, Contact, OutboxClaim, OutboxDecision, OutboxMessage
from core.services import mailing_lists, outbox
from core.services import outbox_interrupted as interrupted
from tests.factories import make_user
from tests.smtp_server import Recorder, SmtpServer, serving

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class StallingRecorder(Recorder):
    """Keeps each message, then (while `stall` is set) waits before saying so; `on_data` runs at each DATA."""

    stall: threading.Event = field(default_factory=threading.Event)
    on_data: Optional[Callable[[], None]] = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        if self.on_data is not None:
            self.on_data()
        while self.stall.is_set():
            await asyncio.sleep(0.01)
        return reply


@pytest.fixture
def stalling_server():
    recorder = StallingRecorder()
    with serving(recorder) as server:
        try:
            yield server
        finally:
            recorder.stall.clear()  # a stalled handler would hold the server's shutdown up


def _queue(db, settings, clock, count: int = 1) -> list[OutboxMessage]:
    key = load_mail_key(settings)
    messages = [
        outbox.enqueue(db, key, Letter(f"person{n}@example.org", "Hello", "Body"), kind="invitation", now=clock.now())
        for n in range(count)
    ]
    db.commit()
    return messages


def _drain(db, settings, clock) -> outbox.DrainReport:
    return outbox.drain(
        db, key=load_mail_key(settings), transport=SmtpTransport(settings), settings=settings, now=clock.now
    )


def _kill_a_drain_mid_send(settings, server: SmtpServer) -> None:
    """Run a drain in its own process, and kill it (SIGKILL) once the server has the message but has not answered."""
    server.recorder.stall.set()  # type: ignore[attr-defined]
    env = {
        **os.environ,
        "LEARNING_LOOP_ENVIRONMENT": "testing",
        "LEARNING_LOOP_INSTANCE_PATH": str(settings.instance_path),
        "LEARNING_LOOP_DATABASE_URL": settings.database_url,
        "LEARNING_LOOP_SMTP_HOST": server.host,
        "LEARNING_LOOP_SMTP_PORT": str(server.port),
    }
    script = (
        "from config import load_settings\n"
        "from core.db import make_engine, make_session_factory\n"
        "from core.services.outbox import drain_with_settings\n"
        "settings = load_settings()\n"
        "drain_with_settings(make_session_factory(make_engine(settings.database_url))(), settings)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while not server.received and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.received, "the drain never handed the message over"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
        server.recorder.stall.clear()  # type: ignore[attr-defined]


def test_a_drain_killed_mid_send_leaves_the_message_sending_and_it_shows_as_interrupted_only_once_stale(
    db, make_settings, stalling_server
):
    settings = make_settings(smtp_host=stalling_server.host, smtp_port=stalling_server.port)
    killed_at = FixedClock(dt.datetime.now(dt.timezone.utc))
    (message,) = _queue(db, settings, killed_at)
    _kill_a_drain_mid_send(settings, stalling_server)

    db.refresh(message)
    assert message.state == "sending" and message.sealed is not None
    assert db.scalar(select(func.count()).select_from(OutboxClaim)) == 1  # the killed drain could not release it
    assert interrupted.interrupted(db, settings, killed_at.now()) == []  # a fresh claim: perhaps still at work
    killed_at.advance(minutes=9)
    assert interrupted.interrupted(db, settings, killed_at.now()) == []
    killed_at.advance(minutes=2)
    (found,) = interrupted.interrupted(db, settings, killed_at.now())
    assert found.message.id == message.id and found.alive_at is not None

    assert _drain(db, settings, killed_at).sent == 0  # no drain takes it again by itself
    assert len(stalling_server.received) == 1


def test_sending_again_needs_the_confirmation_then_the_message_goes_once_more(db, make_settings, stalling_server):
    settings = make_settings(smtp_host=stalling_server.host, smtp_port=stalling_server.port)
    clock = FixedClock(dt.datetime.now(dt.timezone.utc))
    staff = make_user(db, role="staff")
    (message,) = _queue(db, settings, clock)
    _kill_a_drain_mid_send(settings, stalling_server)
    clock.advance(minutes=11)

    with pytest.raises(ValidationFailed) as refused:
        interrupted.send_again(db, settings, message.id, understood=False, user_id=staff.id, now=clock.now())
    assert refused.value.errors == {"understood": interrupted.UNDERSTOOD_ERROR}
    db.rollback()

    interrupted.send_again(db, settings, message.id, understood=True, user_id=staff.id, now=clock.now())
    db.commit()
    assert _drain(db, settings, clock).sent == 1
    db.refresh(message)
    assert (message.state, message.attempts, message.sealed) == ("sent", 2, None)
    # Twice, as staff accepted: the killed drain's copy arrived, and this one.
    assert stalling_server.message_ids() == [message.message_id, message.message_id]
    (decision,) = db.scalars(select(OutboxDecision))
    assert (decision.decision, decision.user_id, decision.message_id) == ("sent_again", staff.id, message.id)
    assert decision.decided_at.replace(tzinfo=dt.timezone.utc) == clock.now()
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "mail.interrupted_sent_again"))
    assert event is not None and (event.user_id, event.object_id) == (staff.id, str(message.id))
    with pytest.raises(ValidationFailed, match="not interrupted any more: it is sent"):
        interrupted.send_again(db, settings, message.id, understood=True, user_id=staff.id, now=clock.now())


def test_marking_failed_records_who_and_when_and_drops_the_content(db, settings, clock):
    staff = make_user(db, role="staff")
    (message,) = _queue(db, settings, clock)
    outbox.claim_due(db, clock.now())  # what a drain does first; its process then stops before sending
    clock.advance(minutes=10)

    interrupted.mark_failed(db, settings, message.id, user_id=staff.id, now=clock.now())
    db.commit()
    db.refresh(message)
    assert (message.state, message.sealed) == ("failed", None)
    assert message.last_error == interrupted.MARKED_FAILED_REASON
    (decision,) = interrupted.decisions(db)
    assert (decision.decision, decision.user.id, decision.message.state) == ("marked_failed", staff.id, "failed")
    assert db.scalar(select(AuditEvent.user_id).where(AuditEvent.action == "mail.interrupted_marked_failed")) == (
        staff.id
    )
    assert interrupted.interrupted(db, settings, clock.now()) == []
    assert _drain(db, settings, clock).sent == 0


@pytest.mark.parametrize("decide", ["send_again", "mark_failed"])
def test_a_fresh_claim_cannot_be_sent_again_or_marked_failed(db, settings, clock, decide):
    staff = make_user(db, role="staff")
    (message,) = _queue(db, settings, clock)
    outbox.claim_due(db, clock.now())
    clock.advance(minutes=9, seconds=59)
    extra = {"understood": True} if decide == "send_again" else {}
    with pytest.raises(ValidationFailed, match="is still being sent"):
        getattr(interrupted, decide)(db, settings, message.id, user_id=staff.id, now=clock.now(), **extra)
    db.rollback()
    db.refresh(message)
    assert message.state == "sending" and db.scalar(select(func.count()).select_from(OutboxDecision)) == 0


def test_a_queued_message_or_an_unknown_id_is_refused(db, settings, clock):
    staff = make_user(db, role="staff")
    (message,) = _queue(db, settings, clock)
    with pytest.raises(ValidationFailed, match="not interrupted any more: it is waiting to be sent"):
        interrupted.mark_failed(db, settings, message.id, user_id=staff.id, now=clock.now())
    db.rollback()
    with pytest.raises(NotFound):
        interrupted.mark_failed(db, settings, message.id + 1000, user_id=staff.id, now=clock.now())


def test_a_drain_that_ends_leaves_no_claim_behind_and_one_that_fails_leaves_its_messages_interrupted_at_once(
    db, make_settings, clock, smtp_server
):
    settings = make_settings(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    _queue(db, settings, clock, count=3)
    assert _drain(db, settings, clock).sent == 3
    assert db.scalar(select(func.count()).select_from(OutboxClaim)) == 0

    (broken,) = _queue(db, settings, clock)
    broken.sealed = b"not what the mail key sealed"
    db.commit()
    with pytest.raises(ValueError, match="another mail key"):  # the drain stops on content it cannot open
        _drain(db, settings, clock)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(OutboxClaim)) == 0
    (found,) = interrupted.interrupted(db, settings, clock.now())
    assert found.message.id == broken.id and found.alive_at is None


def test_a_long_drain_shows_it_is_at_work_so_its_messages_never_look_interrupted(
    db, engine, make_settings, clock, stalling_server
):
    settings = make_settings(smtp_host=stalling_server.host, smtp_port=stalling_server.port)
    _queue(db, settings, clock, count=6)
    onlooker = make_session_factory(engine)()
    seen: list[int] = []

    def each_message_takes_four_minutes() -> None:
        clock.advance(minutes=4)
        seen.append(len(interrupted.interrupted(onlooker, settings, clock.now())))
        onlooker.rollback()

    stalling_server.recorder.on_data = each_message_takes_four_minutes  # type: ignore[attr-defined]
    try:
        assert _drain(db, settings, clock).sent == 6
    finally:
        onlooker.close()
    assert seen == [0] * 6  # 24 minutes in all, past the 10-minute rule, yet never taken for interrupted


def test_a_batch_all_cancelled_for_unsubscribing_leaves_no_claim_behind(db, settings, clock):
    key = load_mail_key(settings)
    group = mailing_lists.create_list(db, name="Families", audience="family")
    mailing_lists.import_addresses(db, key, group, b"email\nparent@example.org\n", today=clock.now().date())
    mailing_lists.queue_to_list(
        db, key, settings, group.id, kind="test", now=clock.now(), compose=lambda r: ("Hello", "News")
    )
    db.execute(update(Contact).values(opted_out=True))  # they unsubscribed while it waited
    db.commit()
    assert outbox.drain_with_settings(db, settings, clock).sent == 0
    assert db.scalars(select(OutboxMessage.state)).all() == ["cancelled"]
    assert db.scalar(select(func.count()).select_from(OutboxClaim)) == 0
