"""A follow-up round counts only the people it was sent to: its survey takes answers only through an emailed
invitation, so the impact figures cannot be swelled by anyone who learns the address."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from core.models import Campaign, Response
from core.services.dissemination import follow_up_survey
from tests.feedback_app.flows import answer_survey, open_invitation_link, row_counts, simple_answers
from tests.mail_cycle import make_published_set


@pytest.fixture
def follow_up(db, clock):
    survey = follow_up_survey(db, make_published_set(db, clock.now().date()), "practitioner")
    db.commit()
    return survey


@pytest.mark.parametrize("path", ["/s/{slug}/", "/s/{slug}/page/1", "/s/{slug}/check"])
def test_without_an_invitation_every_page_is_refused_plainly(feedback_app, follow_up, path):
    response = feedback_app.test_client().get(path.format(slug=follow_up.slug))
    assert response.status_code == 403
    assert "only for people who were sent an invitation" in response.get_data(as_text=True)


def test_a_campaign_link_is_not_an_invitation(feedback_app, db, follow_up, engine):
    campaign = Campaign(survey_id=follow_up.id, name="Follow-up after 6 weeks", purpose="follow_up")
    db.add(campaign)
    db.commit()
    campaign_id = campaign.id
    client = feedback_app.test_client()
    before = row_counts(engine)
    assert client.get(f"/s/{follow_up.slug}/?campaign={campaign_id}").status_code == 403
    page = simple_answers(db, follow_up.slug)[1]
    assert client.post(f"/s/{follow_up.slug}/page/1", data=page).status_code == 403
    assert row_counts(engine) == before


def test_the_invited_answer_once_and_a_second_send_on_the_same_link_is_refused(feedback_app, db, follow_up, clock):
    client = feedback_app.test_client()
    open_invitation_link(client, db, follow_up.id, clock.now().date())
    assert answer_survey(client, db, follow_up.slug).status_code == 200
    with client.session_transaction() as cookie:
        kept = dict(cookie["invitations"])
    assert client.post(f"/s/{follow_up.slug}/check").status_code == 200

    # The same browser, given the used link back, gets no second answer in.
    with client.session_transaction() as cookie:
        cookie["invitations"] = kept
    assert answer_survey(client, db, follow_up.slug).status_code == 200
    refused = client.post(f"/s/{follow_up.slug}/check")
    assert refused.status_code == 403
    assert "already been used or has expired" in refused.get_data(as_text=True)
    assert "these answers were not sent again" in refused.get_data(as_text=True)


def test_an_invitation_that_ends_before_the_answers_are_sent_says_so_and_when(feedback_app, db, follow_up, clock):
    client = feedback_app.test_client()
    clock.advance(hours=13)  # late in the evening of the invitation's last day
    open_invitation_link(client, db, follow_up.id, clock.now().date() - dt.timedelta(28))
    start = client.get(f"/s/{follow_up.slug}/").get_data(as_text=True)
    assert "Your invitation lets you answer until the end of 27 November 2026" in start
    assert answer_survey(client, db, follow_up.slug).status_code == 200
    clock.advance(hours=1)  # past midnight: the invitation has ended, the draft has not
    refused = client.post(f"/s/{follow_up.slug}/check")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 403
    assert "Your invitation to this survey ended on 27 November 2026" in page
    assert "already been used" not in page and "reload this page" not in page
    assert db.scalar(select(func.count()).select_from(Response)) == 0
