"""Staff open a campaign of any survey, see its link, and send it to a list; bad input is a clear 400."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from io import BytesIO

from core.models import Campaign, Invitation, MailingList, OutboxMessage
from core.services.survey_plans import plan_for
from tests.factories import survey_by_slug


def _open(admin_client, db) -> int:
    survey = survey_by_slug(db, "family-feedback")
    response = admin_client.post("/mail/campaigns", data={"survey_id": str(survey.id), "name": "Families, spring"})
    assert response.status_code == 302
    return db.scalar(select(Campaign.id))


def test_staff_open_a_campaign_see_its_link_and_invite_a_list(admin_client, auth, db, surveys):
    auth.login("staff")
    campaign_id = _open(admin_client, db)
    admin_client.post("/mail/lists", data={"name": "Parents", "audience": "family"})
    list_id = db.scalar(select(MailingList.id))
    admin_client.post(
        f"/mail/lists/{list_id}/import",
        data={"file": (BytesIO(b"email\na@example.org\nb@example.org\n"), "p.csv"), "consent": "yes"},
        content_type="multipart/form-data",
    )
    page = admin_client.get(f"/mail/campaigns/{campaign_id}").get_data(as_text=True)
    assert f"http://localhost:5000/s/family-feedback/?campaign={campaign_id}" in page
    sent = admin_client.post(
        f"/mail/campaigns/{campaign_id}/invite",
        data={"list_id": str(list_id), "valid_days": "14"},
        follow_redirects=True,
    )
    assert "2 invitations queued" in sent.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Invitation)) == 2
    again = admin_client.post(
        f"/mail/campaigns/{campaign_id}/invite",
        data={"list_id": str(list_id), "valid_days": "14"},
        follow_redirects=True,
    )
    assert "0 invitations queued" in again.get_data(as_text=True)  # nobody is invited twice
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 2


def test_bad_campaign_and_invitation_input_is_refused_with_a_message_and_nothing_written(
    admin_client, auth, db, surveys
):
    auth.login("staff")
    refused = admin_client.post("/mail/campaigns", data={"survey_id": "99999999999", "name": ""})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Choose a survey" in page and "Enter a name" in page
    assert db.scalar(select(func.count()).select_from(Campaign)) == 0
    campaign_id = _open(admin_client, db)
    for data, message in (
        ({"list_id": "", "valid_days": "14"}, "Choose a mailing list"),
        ({"list_id": "1", "valid_days": "x"}, "Enter how many days"),
    ):
        response = admin_client.post(f"/mail/campaigns/{campaign_id}/invite", data=data)
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert admin_client.get("/mail/campaigns/2147483647").status_code == 404
    assert db.scalar(select(func.count()).select_from(Invitation)) == 0


def test_a_campaign_sent_twice_is_opened_once(admin_client, auth, db, surveys):
    auth.login("staff")
    _open(admin_client, db)
    survey = survey_by_slug(db, "family-feedback")

    again = admin_client.post("/mail/campaigns", data={"survey_id": str(survey.id), "name": " families,  SPRING "})

    page = again.get_data(as_text=True)
    assert again.status_code == 400 and "This survey already has a campaign called" in page
    assert db.scalar(select(func.count(Campaign.id))) == 1
    other = survey_by_slug(db, "practitioner-feedback")
    elsewhere = admin_client.post("/mail/campaigns", data={"survey_id": str(other.id), "name": "Families, spring"})
    assert elsewhere.status_code == 302 and db.scalar(select(func.count(Campaign.id))) == 2


def _list_of_two(admin_client, db) -> int:
    admin_client.post("/mail/lists", data={"name": "Parents", "audience": "family"})
    list_id = db.scalar(select(MailingList.id))
    admin_client.post(
        f"/mail/lists/{list_id}/import",
        data={"file": (BytesIO(b"email\na@example.org\nb@example.org\n"), "p.csv"), "consent": "yes"},
        content_type="multipart/form-data",
    )
    return list_id


def test_nobody_is_invited_or_reminded_to_answer_a_survey_closed_since_its_campaign_opened(
    admin_client, auth, db, surveys
):
    auth.login("staff")
    campaign_id = _open(admin_client, db)
    list_id = _list_of_two(admin_client, db)
    survey = survey_by_slug(db, "family-feedback")
    survey.status = "closed"
    db.commit()
    response = admin_client.post(
        f"/mail/campaigns/{campaign_id}/invite", data={"list_id": str(list_id), "valid_days": "14"}
    )
    assert response.status_code == 400
    assert "That survey is closed: open it again before inviting people to it" in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Invitation)) == 0
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_an_invitation_link_lasts_no_longer_than_the_survey_takes_answers(admin_client, auth, db, surveys, clock):
    auth.login("staff")
    campaign_id = _open(admin_client, db)
    list_id = _list_of_two(admin_client, db)
    survey = survey_by_slug(db, "family-feedback")
    closes_on = clock.now().date() + dt.timedelta(days=3)
    plan_for(db, survey).closes_on = closes_on
    db.commit()
    response = admin_client.post(
        f"/mail/campaigns/{campaign_id}/invite", data={"list_id": str(list_id), "valid_days": "14"}
    )
    assert response.status_code == 302
    assert set(db.scalars(select(Invitation.expires_on))) == {closes_on}
    # Once it has closed (brought forward to yesterday), reminders would point at a survey taking no answers.
    plan_for(db, survey).closes_on = clock.now().date() - dt.timedelta(days=1)
    db.commit()
    reminded = admin_client.post(f"/mail/campaigns/{campaign_id}/remind")
    assert reminded.status_code == 400 and "closing date has passed" in reminded.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 2


def test_a_survey_past_its_closing_day_in_england_takes_no_invitations_in_the_hour_utc_is_a_day_behind(
    admin_client, auth, db, surveys, clock
):
    clock.at = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.timezone.utc)  # 00:30 on 2 July in England (BST)
    auth.login("staff")
    campaign_id = _open(admin_client, db)
    list_id = _list_of_two(admin_client, db)
    plan_for(db, survey_by_slug(db, "family-feedback")).closes_on = dt.date(2026, 7, 1)
    db.commit()
    response = admin_client.post(
        f"/mail/campaigns/{campaign_id}/invite", data={"list_id": str(list_id), "valid_days": "14"}
    )
    assert response.status_code == 400 and "closing date has passed" in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Invitation)) == 0
