"""A follow-up round whose survey staff closed (or whose closing date passed) is not sent: no campaign, no mail,
and the dissemination page says why; opened again, the next round goes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from core import jobs
from core.db import make_session_factory
from core.mail.keys import load_mail_key
from core.models import Campaign, FollowUp, Invitation, OutboxMessage
from core.services import dissemination, mailing_lists, survey_plans
from core.services.surveys import set_survey_status
from tests.mail_cycle import make_published_set

ADDRESSES = ["hv1@example.org", "sw1@example.org"]


@pytest.fixture
def sent(engine, db, surveys, make_settings, clock, smtp_server):
    """The key areas sent to a list with a baseline, a 6-week and a 3-month round; the baseline already gone."""
    settings = make_settings(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    key = load_mail_key(settings)
    group = mailing_lists.create_list(db, name="Practitioners", audience="practitioner")
    mailing_lists.import_addresses(
        db, key, group, ("email\n" + "\n".join(ADDRESSES)).encode(), today=clock.now().date()
    )
    published = make_published_set(db, clock.now().date())
    made = dissemination.disseminate(
        db,
        key,
        settings,
        set_id=published.id,
        list_id=group.id,
        follow_ups=["baseline", "6w", "3m"],
        user_id=None,
        now=clock.now(),
    )
    db.commit()
    # The job's runtime, as the scheduler process gives it; nothing is scheduled, so the scheduler runs nothing.
    jobs.start(
        jobs.make_scheduler(engine), jobs.Runtime(make_session_factory(engine), settings, clock=clock), recurring=False
    ).shutdown()
    rounds = {f.label: f.id for f in made.follow_ups}
    dissemination.follow_up_job(rounds["Baseline, when sent"])
    assert len(smtp_server.received) == 2 * len(ADDRESSES)  # the key areas, then the baseline round
    survey = dissemination.follow_up_survey(db, published, "practitioner")
    return rounds, survey


def _counts(db) -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        db.scalar(select(func.count()).select_from(model)) for model in (Campaign, Invitation, OutboxMessage)
    )


def test_a_round_whose_survey_staff_closed_is_not_sent_and_goes_again_once_it_is_opened(
    db, sent, clock, smtp_server, admin_client, auth
):
    rounds, survey = sent
    set_survey_status(db, survey, "closed")
    db.commit()
    before = _counts(db)
    clock.advance(weeks=6, hours=1)
    dissemination.follow_up_job(rounds["After 6 weeks"])
    db.expire_all()
    six_weeks = db.get_one(FollowUp, rounds["After 6 weeks"])
    assert (six_weeks.state, six_weeks.note, six_weeks.campaign_id) == (
        "skipped",
        dissemination.SURVEY_CLOSED_NOTE,
        None,
    )
    assert _counts(db) == before and len(smtp_server.received) == 2 * len(ADDRESSES)
    # Run again (a scheduler restarted), it still sends nothing.
    dissemination.follow_up_job(rounds["After 6 weeks"])
    assert _counts(db) == before and len(smtp_server.received) == 2 * len(ADDRESSES)

    auth.login("staff")
    page = admin_client.get("/mail/disseminate").get_data(as_text=True)
    assert "After 6 weeks, 8 January 2027: Not sent (The follow-up survey was closed: open it again before" in page

    set_survey_status(db, survey, "open")
    db.commit()
    clock.advance(days=49)
    dissemination.follow_up_job(rounds["After 3 months"])
    db.expire_all()
    assert db.get_one(FollowUp, rounds["After 3 months"]).state == "sent"
    assert len(smtp_server.received) == 3 * len(ADDRESSES)


@pytest.mark.parametrize(("closes_after_days", "goes"), [(-1, False), (0, True)])
def test_a_round_is_not_sent_once_its_survey_closing_date_has_passed_in_england(
    db, sent, clock, smtp_server, closes_after_days, goes
):
    rounds, survey = sent
    clock.advance(weeks=6, hours=1)
    # The survey takes answers to the end of its closing day in England: on that day the round still goes.
    survey_plans.plan_for(db, survey).closes_on = clock.now().date() + dt.timedelta(days=closes_after_days)
    db.commit()
    before = _counts(db)
    dissemination.follow_up_job(rounds["After 6 weeks"])
    db.expire_all()
    six_weeks = db.get_one(FollowUp, rounds["After 6 weeks"])
    if goes:
        assert six_weeks.state == "sent" and len(smtp_server.received) == 3 * len(ADDRESSES)
    else:
        assert (six_weeks.state, six_weeks.note) == ("skipped", dissemination.CLOSING_DATE_NOTE)
        assert _counts(db) == before and len(smtp_server.received) == 2 * len(ADDRESSES)
