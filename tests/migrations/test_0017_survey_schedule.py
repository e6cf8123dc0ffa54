"""Migration 0017 on a database with surveys and a review: they keep working, with no schedule and no link."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text

from core import migrate
from core.db import make_engine, make_session_factory
from core.models import Review, Survey, SurveyPlan
from core.services import survey_plans
from core.services.surveys import survey_for_answering
from tests.migrations import old_rows
from tests.migrations.test_migrations import fresh_url  # noqa: F401  (the fixture)


def test_surveys_already_there_stay_open_unscheduled_and_can_be_linked(fresh_url):  # noqa: F811
    migrate.upgrade(fresh_url, "0016")
    engine = make_engine(fresh_url)
    try:
        with engine.begin() as conn:
            old_rows.survey_version(conn)
            conn.execute(
                text(
                    "INSERT INTO review (id, reference, kind, subject, summary, stage, lead_reviewer, "
                    "national_panel_ref, participation_notes, restricted, created_at, updated_at) VALUES "
                    "(7, 'R-7', 'lcspr', 'Child A', '', 'fieldwork', '', '', '', false, :now, :now)"
                ),
                {"now": dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)},
            )
        migrate.upgrade(fresh_url)
        with make_session_factory(engine)() as session:
            survey = session.get(Survey, 1)
            assert session.scalars(select(SurveyPlan)).all() == []
            view, _version = survey_for_answering(session, "s")
            assert (view.opens_on, view.closes_on) == (None, None)
            assert view.state_on(dt.date(2027, 1, 1)) == "open"
            review = session.get(Review, 7)
            plan = survey_plans.plan_for(session, survey)
            plan.review_id = review.id
            session.commit()
            assert [
                s.survey.id for s in survey_plans.surveys_for(session, "review", review.id, dt.date(2027, 1, 1))
            ] == [1]
        migrate.downgrade(fresh_url, "0016")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM survey")).scalar_one() == 1
    finally:
        engine.dispose()
