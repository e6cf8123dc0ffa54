"""Codes staff would otherwise read raw are named in words from admin_app/labels.json."""

from __future__ import annotations

from core.mail.keys import load_mail_key
from core.mail.transport import Letter
from core.services import outbox


def test_the_outbox_names_each_kind_of_email_in_words(admin_client, auth, db, settings, clock):
    key = load_mail_key(settings)
    for kind in ("dissemination", "follow_up"):
        outbox.enqueue(db, key, Letter("a@example.org", "Hi", "Body"), kind=kind, now=clock.now())
    db.commit()
    auth.login("staff")
    page = admin_client.get("/mail/outbox").get_data(as_text=True)
    for words in ("Key areas sent out", "Follow-up invitations"):
        assert f'<th scope="row" class="govuk-table__header">{words}</th>' in page
    assert ">follow_up<" not in page and ">dissemination<" not in page
