"""The outbox page lists a message whose sending was interrupted; staff send it again or mark it failed, on record."""

from __future__ import annotations

import html

from sqlalchemy import func, select

from core.mail.keys import load_mail_key
from core.mail.transport import Letter
from core.models import AuditEvent, OutboxDecision, OutboxMessage
from core.services import outbox


def _interrupted(db, settings, clock, kind: str = "invitation", minutes: int = 11) -> OutboxMessage:
    """A message claimed by a drain that then stopped (its process killed), `minutes` ago."""
    message = outbox.enqueue(
        db, load_mail_key(settings), Letter("someone@council.example", "Hi", "Body"), kind=kind, now=clock.now()
    )
    db.commit()
    outbox.claim_due(db, clock.now())
    clock.advance(minutes=minutes)
    return message


def _page(client) -> str:
    return html.unescape(client.get("/mail/outbox").get_data(as_text=True))


def test_a_fresh_claim_is_not_listed_and_no_button_can_send_it_again(admin_client, auth, db, settings, clock):
    message = _interrupted(db, settings, clock, minutes=5)
    auth.login("staff")
    assert "No message is interrupted." in _page(admin_client)

    for action, data in (("send-again", {"understood": "yes"}), ("mark-failed", {})):
        page = admin_client.post(f"/mail/outbox/interrupted/{message.id}/{action}", data=data, follow_redirects=True)
        assert f"Message {message.id} is still being sent" in html.unescape(page.get_data(as_text=True))
    db.refresh(message)
    assert message.state == "sending" and message.sealed is not None
    assert db.scalar(select(func.count()).select_from(OutboxDecision)) == 0


def test_staff_send_an_interrupted_message_again_only_once_they_confirm_it_may_arrive_twice(
    admin_client, auth, db, settings, clock
):
    message = _interrupted(db, settings, clock)
    user = auth.login("staff")
    page = _page(admin_client)
    listed = page.split('id="outbox-interrupted"')[1].split("</table>")[0]
    assert f'<td class="govuk-table__cell">{message.id}</td>' in listed and "council.example" in listed
    assert "I understand the person may get this email twice" in listed and "someone@" not in page

    refused = admin_client.post(f"/mail/outbox/interrupted/{message.id}/send-again", follow_redirects=True)
    assert "Confirm you understand that the person may get this email twice" in refused.get_data(as_text=True)
    db.refresh(message)
    assert message.state == "sending"

    clock.advance(minutes=1)
    sent = admin_client.post(
        f"/mail/outbox/interrupted/{message.id}/send-again", data={"understood": "yes"}, follow_redirects=True
    )
    text = html.unescape(sent.get_data(as_text=True))
    assert f"Message {message.id} will be sent again" in text and "No message is interrupted." in text
    db.refresh(message)
    assert (message.state, message.claim) == ("queued", None)
    decisions = text.split('id="outbox-decisions"')[1].split("</table>")[0]
    assert "Sent again" in decisions and user.name in decisions
    assert clock.now().strftime("%H:%M on %-d %B %Y") in decisions and "Waiting to be sent" in decisions
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "mail.interrupted_sent_again"))
    assert event is not None and (event.user_id, event.object_id) == (user.id, str(message.id))

    assert outbox.drain_with_settings(db, settings, clock).sent == 1  # it goes, with the next drain
    assert len(list(settings.outbox_dir.glob("*.eml"))) == 1


def test_staff_mark_an_interrupted_message_failed_and_the_page_says_who_and_when(
    admin_client, auth, db, settings, clock
):
    message = _interrupted(db, settings, clock, kind="reminder")
    user = auth.login("admin")
    listed = _page(admin_client).split('id="outbox-interrupted"')[1].split("</table>")[0]
    assert "not shown" in listed and "council.example" not in listed  # a reminder shows no domain

    page = admin_client.post(f"/mail/outbox/interrupted/{message.id}/mark-failed", follow_redirects=True)
    text = html.unescape(page.get_data(as_text=True))
    assert f"Message {message.id} is recorded as failed." in text
    db.refresh(message)
    assert (message.state, message.sealed) == ("failed", None)
    decisions = text.split('id="outbox-decisions"')[1].split("</table>")[0]
    assert "Marked as failed" in decisions and user.name in decisions and "Failed" in decisions
    assert "staff marked it as failed" in text.split("Recent failures")[1]
    assert db.scalar(select(AuditEvent.user_id).where(AuditEvent.action == "mail.interrupted_marked_failed")) == user.id

    again = admin_client.post(f"/mail/outbox/interrupted/{message.id}/mark-failed", follow_redirects=True)
    assert f"Message {message.id} is not interrupted any more: it is failed." in again.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(OutboxDecision)) == 1


def test_an_unknown_message_is_not_found(admin_client, auth):
    auth.login("staff")
    assert admin_client.post("/mail/outbox/interrupted/99999/mark-failed").status_code == 404
    assert admin_client.post("/mail/outbox/interrupted/99999/send-again", data={"understood": "yes"}).status_code == 404


def test_board_members_cannot_decide(admin_client, auth, db, settings, clock):
    message = _interrupted(db, settings, clock)
    auth.login("board")
    assert admin_client.post(f"/mail/outbox/interrupted/{message.id}/mark-failed").status_code == 403
    db.refresh(message)
    assert message.state == "sending"
