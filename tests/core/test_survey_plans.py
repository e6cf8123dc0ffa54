"""A survey's plan: the days it takes answers, and the plan going with its draft, or going away with it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from core.errors import ValidationFailed
from core.models import SurveyPlan, answering_state
from core.services import survey_builder as builder
from core.services import survey_plans

DAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("status", "opens_on", "closes_on", "today", "state"),
    [
        ("open", None, None, DAY, "open"),
        ("open", DAY, None, DAY - dt.timedelta(days=1), "not_yet"),
        ("open", DAY, None, DAY, "open"),
        ("open", None, DAY, DAY, "open"),
        ("open", None, DAY, DAY + dt.timedelta(days=1), "closed"),
        ("closed", DAY, None, DAY - dt.timedelta(days=1), "closed"),
        ("closed", None, None, DAY, "closed"),
    ],
)
def test_a_survey_takes_answers_from_its_opening_day_to_the_end_of_its_closing_day(
    status, opens_on, closes_on, today, state
):
    assert answering_state(status, opens_on, closes_on, today) == state


def _draft(db):
    draft = builder.start_draft(db, None, title="Planned", audience="practitioner")
    builder.add_question(db, None, draft, 1, builder.QuestionSpec("likert", "I know who to call"))
    return draft


def test_the_plan_goes_with_the_published_survey_and_is_deleted_with_a_discarded_draft(db, surveys):
    draft = _draft(db)
    survey_plans.set_plan(db, None, draft, opens_on=DAY, closes_on=None, purpose="")
    survey = builder.publish(db, None, draft)
    assert survey_plans.plan_of(db, survey).opens_on == DAY

    other = _draft(db)
    survey_plans.set_plan(db, None, other, opens_on=None, closes_on=DAY, purpose="")
    builder.discard(db, None, other)
    db.commit()
    assert db.scalar(select(func.count()).select_from(SurveyPlan)) == 1


def test_a_refused_plan_writes_nothing(db, surveys):
    draft = _draft(db)
    with pytest.raises(ValidationFailed) as refused:
        survey_plans.set_plan(db, None, draft, opens_on=DAY, closes_on=DAY - dt.timedelta(days=1), purpose="audit:x")
    assert set(refused.value.errors) == {"closes_on", "purpose"}
    assert survey_plans.plan_of(db, draft) is None
