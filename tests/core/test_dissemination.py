"""Dissemination and follow-ups: the key areas go to a list; a follow-up job survives a restart and mails once."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import select

from core import jobs
from core.db import make_session_factory
from core.errors import ValidationFailed
from core.mail.keys import load_mail_key
from core.models import FollowUp, Question, Survey
from core.services import dissemination, mailing_lists, outbox
from tests.core.test_jobs import _wait_for
from tests.mail_cycle import LINK, answer_through, make_published_set
from tests.smtp_server import body_of

ADDRESSES = ["hv1@example.org", "hv2@example.org", "sw1@example.org"]


class SchedulerTime(dt.datetime):
    """APScheduler reads the time itself: this makes it read the test's fake clock (the clock is all that is faked)."""

    clock = None

    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        moment = cls.clock.now()
        return moment.astimezone(tz) if tz is not None else moment


@pytest.fixture
def world(db, surveys, make_settings, clock, smtp_server):
    settings = make_settings(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    key = load_mail_key(settings)
    group = mailing_lists.create_list(db, name="Practitioners", audience="practitioner")
    mailing_lists.import_addresses(
        db, key, group, ("email\n" + "\n".join(ADDRESSES)).encode(), today=clock.now().date()
    )
    db.commit()
    return settings, key, group, make_published_set(db, clock.now().date())


def test_the_key_areas_go_to_the_list_by_email_with_the_web_page(db, world, clock, smtp_server):
    settings, key, group, published = world
    published.areas[0].action = "Train every team.\r\n\r\nCheck it in the spring audit."
    db.commit()
    sent = dissemination.disseminate(
        db, key, settings, set_id=published.id, list_id=group.id, follow_ups=[], user_id=None, now=clock.now()
    )
    db.commit()
    outbox.drain_with_settings(db, settings, clock)
    assert sent.queued == 3 and sorted(str(m["To"]) for m in smtp_server.received) == ADDRESSES
    text = body_of(smtp_server.received[0]).replace("\r\n", "\n")
    for area in published.areas[1:]:
        assert area.title in text and area.action in text
    # Staff's lines each stay under their area, not back at the margin where they would read as a new item.
    assert (
        f"1. {published.areas[0].title}\n" in text
        and "   Train every team.\n   Check it in the spring audit.\n" in text
    )
    assert f"http://localhost:5000/you-said-we-did/{published.id}" in text and "/unsubscribe?token=" in text
    assert "KEY AREAS FOR PRACTICE DEVELOPMENT:" in text and "AREAS OF GOOD PRACTICE:" in text


def test_a_follow_up_asks_families_in_their_own_words_and_says_how_long_it_takes(db, world):
    *_rest, published = world
    family = dissemination.follow_up_survey(db, published, "family")
    practitioner = dissemination.follow_up_survey(db, published, "practitioner")
    family_prompts = " ".join(q.prompt for q in family.current_version.questions)
    assert "practice" not in family_prompts.lower() and "help your family gets" in family_prompts
    assert "has it changed your practice?" in " ".join(q.prompt for q in practitioner.current_version.questions)
    # Three areas, three questions each, and the free text: about 4 minutes, not a fixed 5.
    assert "It takes about 4 minutes." in family.summary
    values = {
        survey.audience: [
            o["value"] for q in survey.current_version.questions if q.key.startswith("changed_") for o in q.options
        ]
        for survey in (family, practitioner)
    }
    assert values["family"] == values["practitioner"]  # the impact figures count the same answers for both


def test_only_a_published_set_to_a_real_list_with_known_follow_ups_can_be_sent(db, world, clock):
    settings, key, group, published = world
    published.status = "draft"
    db.commit()
    with pytest.raises(ValidationFailed) as refused:
        dissemination.disseminate(
            db, key, settings, set_id=published.id, list_id=999, follow_ups=["1y"], user_id=None, now=clock.now()
        )
    assert set(refused.value.errors) == {"set_id", "list_id", "follow_ups"}


def test_a_follow_up_due_while_the_scheduler_was_stopped_is_sent_once_when_it_starts(
    engine, db, world, clock, smtp_server, feedback_app, monkeypatch
):
    settings, key, group, published = world
    sent = dissemination.disseminate(
        db, key, settings, set_id=published.id, list_id=group.id, follow_ups=["6w"], user_id=None, now=clock.now()
    )
    db.commit()
    dissemination.schedule_jobs(engine, sent.follow_ups)
    outbox.drain_with_settings(db, settings, clock)
    assert len(smtp_server.received) == 3

    SchedulerTime.clock = clock
    monkeypatch.setattr("apscheduler.schedulers.base.datetime", SchedulerTime)
    monkeypatch.setattr("apscheduler.executors.base.datetime", SchedulerTime)  # where "missed by" is measured
    run = jobs.Runtime(make_session_factory(engine), settings, clock=clock)
    first = jobs.start(jobs.make_scheduler(engine), run, recurring=False)
    time.sleep(0.5)
    first.shutdown()
    assert len(smtp_server.received) == 3  # not due yet

    clock.advance(weeks=6, hours=1)  # the due time passes while no scheduler runs
    second = jobs.start(jobs.make_scheduler(engine), run, recurring=False)
    try:
        assert _wait_for(lambda: len(smtp_server.received) == 6)
        time.sleep(0.5)
    finally:
        second.shutdown()
    third = jobs.start(jobs.make_scheduler(engine), run, recurring=False)
    time.sleep(0.5)
    third.shutdown()
    follow_ups = smtp_server.received[3:]
    assert len(smtp_server.received) == 6 and sorted(str(m["To"]) for m in follow_ups) == ADDRESSES
    db.expire_all()
    (follow_up,) = db.scalars(select(FollowUp)).all()
    assert follow_up.state == "sent" and follow_up.campaign_id is not None

    # The follow-up email's link opens the survey, which asks about each key area.
    link = LINK.search(body_of(follow_ups[0]))
    assert link is not None
    survey = db.scalar(select(Survey).where(Survey.slug.like("follow-up-%")))
    assert survey is not None and not survey.is_public
    measures = set(db.scalars(select(Question.measure).where(Question.version_id == survey.current_version.id)))
    for area in published.areas:
        assert {f"aware:{area.id}", f"changed:{area.id}", f"confidence:{area.id}"} <= measures
    answer_through(feedback_app.test_client(), db, link.group(1), slug=survey.slug)


def test_a_follow_up_job_that_runs_twice_sends_once(engine, db, world, clock, smtp_server):
    settings, key, group, published = world
    sent = dissemination.disseminate(
        db, key, settings, set_id=published.id, list_id=group.id, follow_ups=["baseline"], user_id=None, now=clock.now()
    )
    db.commit()
    follow_up_id = sent.follow_ups[0].id
    assert dissemination.send_follow_up(db, key, settings, follow_up_id, now=clock.now()) == 3
    db.commit()
    assert dissemination.send_follow_up(db, key, settings, follow_up_id, now=clock.now()) == 0
