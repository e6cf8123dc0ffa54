"""Staff send a published key area set to a list and schedule follow-ups, stored as jobs in the database."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from core.mail.keys import load_mail_key
from core.models import Dissemination, FollowUp, OutboxMessage, scheduled_job
from core.services import dissemination, mailing_lists
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
    assert "queued to 1 person; 3 follow-ups scheduled." in page and "After 6 weeks" in page
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


def test_the_sent_list_names_the_set_and_the_list_and_keeps_a_row_whose_list_was_deleted(
    admin_client, auth, db, settings, clock
):
    auth.login("staff")
    kept = mailing_lists.create_list(db, name="Kept list", audience="practitioner")
    gone = mailing_lists.create_list(db, name="Gone list", audience="family")
    published = make_published_set(db, clock.now().date())
    for group in (kept, gone):
        dissemination.disseminate(
            db,
            load_mail_key(settings),
            settings,
            set_id=published.id,
            list_id=group.id,
            follow_ups=["6w"],
            user_id=None,
            now=clock.now(),
        )
    db.commit()
    db.delete(gone)
    db.commit()
    page = admin_client.get("/mail/disseminate").get_data(as_text=True)
    assert page.count('Impact<span class="govuk-visually-hidden"> of Learning from 2026') == 2
    assert "Kept list" in page and "(deleted list)" in page
    assert "Gone list" not in page


def test_the_send_page_ticks_the_baseline_it_says_goes_now_beside_the_usual_follow_ups(admin_client, auth, db, clock):
    auth.login("staff")
    make_published_set(db, clock.now().date())
    db.commit()

    page = admin_client.get("/mail/disseminate").get_data(as_text=True)

    assert "A baseline goes now" in page
    ticked = set(re.findall(r'name="follow_ups" type="checkbox" value="(\w+)" checked', page))
    assert ticked == {"baseline", "6w", "3m"}
