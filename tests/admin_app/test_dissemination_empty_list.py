"""Sending the key areas to a list nobody on which can be emailed is refused with a message: it was 'queued to
0 people; 2 follow-ups scheduled', a success that sent nothing, kept a sent-out row and scheduled follow-ups
(and their impact pages) for nobody."""

from __future__ import annotations

from sqlalchemy import func, select

from core.mail.keys import load_mail_key
from core.models import Contact, Dissemination, FollowUp, OutboxMessage, scheduled_job
from core.services import mailing_lists
from tests.mail_cycle import make_published_set

NOBODY = "Nobody on this list can be emailed: import addresses into it first"


def _nothing_written(db) -> None:
    assert db.scalar(select(func.count()).select_from(Dissemination)) == 0
    assert db.scalar(select(func.count()).select_from(FollowUp)) == 0
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    with db.get_bind().connect() as conn:
        assert conn.scalar(select(func.count()).select_from(scheduled_job)) == 0


def test_sending_the_key_areas_to_an_empty_list_is_refused_and_nothing_is_written(admin_client, auth, db, clock):
    auth.login("staff")
    empty = mailing_lists.create_list(db, name="Nobody yet", audience="practitioner")
    published = make_published_set(db, clock.now().date())
    db.commit()
    response = admin_client.post(
        "/mail/disseminate",
        data={"set_id": str(published.id), "list_id": str(empty.id), "follow_ups": ["baseline", "6w"]},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<a href="#list_id">{NOBODY}</a>' in page and "queued to 0 people" not in page
    _nothing_written(db)


def test_a_list_whose_everyone_unsubscribed_is_refused_too(admin_client, auth, db, settings, clock):
    auth.login("staff")
    group = mailing_lists.create_list(db, name="All gone", audience="family")
    mailing_lists.import_addresses(
        db, load_mail_key(settings), group, b"email\na@example.org\n", today=clock.now().date()
    )
    for contact in db.scalars(select(Contact)):
        contact.opted_out = True
    published = make_published_set(db, clock.now().date())
    db.commit()
    response = admin_client.post(
        "/mail/disseminate", data={"set_id": str(published.id), "list_id": str(group.id), "follow_ups": ["6w"]}
    )
    assert response.status_code == 400 and NOBODY in response.get_data(as_text=True)
    _nothing_written(db)


def test_inviting_a_list_nobody_on_which_can_be_emailed_is_refused(admin_client, auth, db, surveys):
    from core.models import Campaign, Invitation
    from tests.factories import survey_by_slug

    auth.login("staff")
    survey = survey_by_slug(db, "family-feedback")
    admin_client.post("/mail/campaigns", data={"survey_id": str(survey.id), "name": "Families, spring"})
    campaign_id = db.scalar(select(Campaign.id))
    empty = mailing_lists.create_list(db, name="Nobody yet", audience="family")
    db.commit()
    response = admin_client.post(
        f"/mail/campaigns/{campaign_id}/invite", data={"list_id": str(empty.id), "valid_days": "14"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<a href="#list_id">{NOBODY}</a>' in page and "0 invitations queued" not in page
    assert db.scalar(select(func.count()).select_from(Invitation)) == 0
