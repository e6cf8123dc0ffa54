"""What the public privacy notice says about how long answers are kept.

Kept apart from core.services.retention, whose purge reaches the job runtime and so the private key: nothing the
feedback app imports may reach that.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.models.retention import SurveyRetention
from core.retention import describe_period, period_for
from core.services.surveys import public_surveys


def public_exceptions(session: Session, default_years: int) -> list[tuple[str, str]]:
    """(title, period) of each survey open to the public whose answers are kept for other than the default.

    The privacy notice states the default and then these, so a respondent can see how long their own survey's
    answers are kept.
    """
    own = {r.survey_id: r.months for r in session.scalars(select(SurveyRetention))}
    periods = (
        (survey, period_for(survey.audience, own.get(survey.id), default_years)) for survey in public_surveys(session)
    )
    return [(survey.title, describe_period(months)) for survey, months in periods if months != default_years * 12]
