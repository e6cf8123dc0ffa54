"""Unsubscribing from an email's link: no sign-in, honoured at once, even for mail already waiting."""

from __future__ import annotations

import re

from sqlalchemy import select

from core.mail.keys import load_mail_key
from core.models import OutboxMessage
from core.services import mailing_lists, outbox
from tests.smtp_server import body_of


def _link_in(message) -> str:
    found = re.search(r"http://localhost:5000(/unsubscribe\?token=[A-Za-z0-9_-]+)", body_of(message))
    assert found, body_of(message)
    assert str(message["List-Unsubscribe"]).strip() == f"<http://localhost:5000{found.group(1)}>"
    return found.group(1)


def _queue_hello(db, key, settings, list_id, clock) -> int:
    queued = mailing_lists.queue_to_list(
        db, key, settings, list_id, kind="test", now=clock.now(), compose=lambda r: ("Hello", "News")
    )
    db.commit()
    return queued


def test_the_link_in_an_email_unsubscribes_at_once_and_cancels_mail_already_waiting(
    db, make_protected_app, make_settings, clock, smtp_server
):
    settings = make_settings(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    key = load_mail_key(settings)
    group = mailing_lists.create_list(db, name="Families", audience="family")
    mailing_lists.import_addresses(
        db, key, group, b"email\nparent@example.org\nother@example.org\n", today=clock.now().date()
    )
    db.commit()
    assert _queue_hello(db, key, settings, group.id, clock) == 2
    outbox.drain_with_settings(db, settings, clock)
    first = next(m for m in smtp_server.received if m["To"] == "parent@example.org")
    link = _link_in(first)
    _queue_hello(db, key, settings, group.id, clock)  # waiting when the person unsubscribes

    client = make_protected_app().test_client()  # CSRF on: a mail program's one-click POST has no form token
    page = client.get(link)
    assert page.status_code == 200 and "Unsubscribe from “Families”" in page.get_data(as_text=True)
    assert len(list(mailing_lists.recipients(db, key, group.id))) == 2  # opening the link changes nothing
    done = client.post(link, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "You have unsubscribed" in done.get_data(as_text=True)

    outbox.drain_with_settings(db, settings, clock)
    to_parent = [m for m in smtp_server.received if m["To"] == "parent@example.org"]
    assert len(to_parent) == 1 and len(smtp_server.received) == 3
    states = db.scalars(select(OutboxMessage.state).order_by(OutboxMessage.id)).all()
    assert sorted(states) == ["cancelled", "sent", "sent", "sent"]
    assert _queue_hello(db, key, settings, group.id, clock) == 1  # and no later mail is queued to them


def test_an_unknown_or_mangled_unsubscribe_link_is_a_clear_404(feedback_client):
    for link in ("/unsubscribe", "/unsubscribe?token=short", "/unsubscribe?token=" + "A" * 22):
        response = feedback_client.post(link)
        assert response.status_code == 404
        assert "not recognised" in response.get_data(as_text=True)


def test_a_link_that_no_longer_works_tells_the_person_how_else_to_unsubscribe(
    db, make_protected_app, make_settings, clock
):
    settings = make_settings(data_protection_email="mailing@partnership.example", data_protection_phone="01234 500600")
    key = load_mail_key(settings)
    group = mailing_lists.create_list(db, name="Families", audience="family")
    mailing_lists.import_addresses(db, key, group, b"email\nparent@example.org\n", today=clock.now().date())
    db.commit()
    (recipient,) = mailing_lists.recipients(db, key, group.id)
    assert mailing_lists.remove_address(db, key, group.id, "parent@example.org")  # taken off by staff: the link ends
    db.commit()

    client = make_protected_app(
        data_protection_email="mailing@partnership.example", data_protection_phone="01234 500600"
    ).test_client()
    for link in (f"/unsubscribe?token={recipient.unsubscribe_token}", "/unsubscribe?token=short"):
        for response in (client.get(link), client.post(link, data={"List-Unsubscribe": "One-Click"})):
            page = response.get_data(as_text=True)
            assert response.status_code == 404, link
            assert '<h1 class="govuk-heading-l">This unsubscribe link is not recognised</h1>' in page
            assert "Other ways to unsubscribe" in page
            assert 'href="mailto:mailing@partnership.example?subject=Unsubscribe"' in page
            assert "01234 500600" in page


def test_a_one_click_unsubscribe_whose_body_is_not_utf8_says_nothing_about_answers(feedback_client):
    response = feedback_client.post(
        "/unsubscribe?token=" + "A" * 22,
        data=b"List-Unsubscribe=One-Click%FF",
        content_type="application/x-www-form-urlencoded",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "You have not been unsubscribed yet" in page and "answer" not in page.split("<main")[-1]
