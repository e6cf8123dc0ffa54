"""Staff send a published key area set to a list and schedule follow-ups, stored as jobs in the database."""

from __future__ import annotations

from sqlalchemy import func, select

from core.mail.keys import load_mail_key
from core.models import Dissemination, FollowUp, OutboxMessage, scheduled_job
from core.services import mailing_lists
from tests.mail_cycle import make_published_set


def test_staff_send_the_key_areas_and_schedule_follow_ups_as_stored_jobs(admin_client, auth, db, settings, clock):
    auth.login("staff")
    group = mailing_lists.create_list(db, name="Practitioners", audience="practitioner")
    mailing_lists.import_addresses(
        db, load_mail_key(settings), group, b"email\na@example.org\n", today=clock.now().date()
    )
    db.commit()
    published = make_published_set(db, clock.now().date())
    assert "Learning from 2026" in admin_client.get("/mail/disseminate").get_data(as_text=True)
    response = admin_client.post(
        "/mail/disseminate",
        data={"set_id": str(published.id), "list_id": str(group.id), "follow_ups": ["baseline", "6w", "3m"]},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "queued to 1 people; 3 follow-up(s) scheduled" in page and "After 6 weeks" in page
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    ids = {f"follow-up-{f.id}" for f in db.scalars(select(FollowUp))}
    with db.get_bind().connect() as conn:
        stored = set(conn.scalars(select(scheduled_job.c.id)))
    assert ids == stored and len(ids) == 3


def test_sending_without_a_set_or_list_is_refused_and_nothing_is_queued(admin_client, auth, db):
    auth.login("staff")
    response = admin_client.post("/mail/disseminate", data={"set_id": "x", "list_id": "", "follow_ups": ["never"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Choose a published key area set" in page and "Choose a mailing list" in page
    assert db.scalar(select(func.count()).select_from(Dissemination)) == 0
