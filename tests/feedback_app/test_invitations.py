"""Invitations against a real SMTP server: links arrive and work once, reminders go only to who has not answered."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.models import Campaign, Invitation, Response
from tests.feedback_app.flows import send_survey
from tests.mail_cycle import SLUG, Cycle, answer_through


@pytest.fixture
def cycle(db, surveys, make_settings, clock, smtp_server):
    settings = make_settings(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    return Cycle(db, settings, clock, smtp_server, people=6)


def test_each_person_gets_a_link_that_opens_the_survey_and_works_once(cycle, feedback_app, db):
    cycle.invite()
    links = cycle.links()
    assert sorted(links) == sorted(cycle.addresses) and len(set(links.values())) == 6
    client = feedback_app.test_client()
    answer_through(client, db, links["worker0@example.org"])
    (response,) = db.scalars(select(Response)).all()
    assert response.campaign_id == cycle.campaign.id
    again = feedback_app.test_client().get(links["worker0@example.org"])
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">This invitation link can no longer be used</h1>' in again.get_data(as_text=True)
    answered = db.scalars(select(Invitation.answered).order_by(Invitation.id)).all()
    assert answered.count(True) == 1


def test_reminders_go_only_to_those_who_have_not_answered_and_replace_their_link(cycle, feedback_app, db):
    cycle.invite()
    first = cycle.links()
    answered = cycle.addresses[:2]
    for address in answered:
        answer_through(feedback_app.test_client(), db, first[address])
    cycle.remind()
    reminded = cycle.links("Reminder: ")
    assert sorted(reminded) == sorted(cycle.addresses[2:])
    old = feedback_app.test_client().get(first["worker2@example.org"])
    assert old.status_code == 404 and "newest email" in old.get_data(as_text=True)
    answer_through(feedback_app.test_client(), db, reminded["worker2@example.org"])
    cycle.remind()
    assert sorted(cycle.links("Reminder: ")) == sorted(cycle.addresses[2:])  # the same people, nobody new
    newest = cycle.links("Reminder: ")
    assert "worker2@example.org" in newest  # the second round went only to the three still waiting:
    second_round = [m for m in cycle.smtp.received if str(m["Subject"]).startswith("Reminder: ")][4:]
    assert sorted(str(m["To"]) for m in second_round) == sorted(cycle.addresses[3:])


def test_an_expired_link_is_refused_and_not_reminded(cycle, feedback_app, clock):
    cycle.invite(valid_days=3)
    link = cycle.links()["worker1@example.org"]
    clock.advance(days=4)
    refused = feedback_app.test_client().get(link)
    assert refused.status_code == 410 and "expired" in refused.get_data(as_text=True)
    before = len(cycle.smtp.received)
    cycle.remind()
    assert len(cycle.smtp.received) == before


def test_a_link_opened_but_not_used_to_answer_still_works(cycle, feedback_app, db):
    cycle.invite()
    link = cycle.links()["worker3@example.org"]
    assert feedback_app.test_client().get(link).status_code == 302
    answer_through(feedback_app.test_client(), db, link)


def test_staff_see_counts_suppressed_under_five_never_who(cycle, feedback_app, db, admin_client, auth):
    cycle.invite()
    links = cycle.links()
    for address in cycle.addresses[:2]:
        answer_through(feedback_app.test_client(), db, links[address])
    auth.login("staff")
    page = admin_client.get(f"/mail/campaigns/{cycle.campaign.id}").get_data(as_text=True)
    counts = page[page.index('id="invitation-counts"') :]
    assert 'Invited</dt><dd class="govuk-summary-list__value">6<' in counts
    assert counts.count("fewer than 5") == 2  # opened and answered: 2 each
    assert "worker" not in page
    assert f"/s/{SLUG}/?campaign={cycle.campaign.id}" in page  # the link to share


def test_a_campaign_link_without_a_token_still_counts_towards_the_campaign(cycle, feedback_app, db):
    client = feedback_app.test_client()
    assert client.get(f"/s/{SLUG}/?campaign={cycle.campaign.id}").status_code == 200
    send_survey(client, db, SLUG)
    assert db.scalar(select(Response.campaign_id)) == cycle.campaign.id
    assert db.scalar(select(Campaign.id).where(Campaign.purpose == "invitation")) == cycle.campaign.id
