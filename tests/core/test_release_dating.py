"""Staff figures date a response by the batch it was released in, never by the day it was sent.

The release day is the finest date staff see (DESIGN.md, the release settings): a year, a quarter, a trend or a
quote's month taken from the day an answer was sent would place it more closely than the batch it came in.
"""

from __future__ import annotations

import datetime as dt

from core.opening import Keyring
from core.services import key_areas
from core.services.findings import reporting_years, respondents_by_year, survey_findings
from core.services.impact import _opened
from core.services.themes import install_themes, theme_figures
from core.models import SurveyVersion
from tests.factories import survey_by_slug, themed_responses

SENT = dt.date(2025, 12, 29)
RELEASED = dt.date(2026, 1, 2)


def _sent_in_one_year_released_in_the_next(db, settings) -> Keyring:
    install_themes(db)
    themed_responses(db, settings.keys_dir, "neglect", "development", 6, SENT, released_on=RELEASED)
    db.commit()
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, None)
    return keyring


def test_a_survey_page_counts_a_response_in_the_year_and_quarter_it_was_released(db, surveys, settings):
    keyring = _sent_in_one_year_released_in_the_next(db, settings)
    survey = survey_by_slug(db, "practitioner-feedback")

    assert reporting_years(db, survey, 2026) == [2026]
    assert respondents_by_year(db) == {(survey.id, 2026): 6}
    findings = survey_findings(db, keyring, survey, year=2026, user_id=None)
    assert findings.respondents.value == 6 and not findings.respondents.suppressed
    quarters = {label: count.value for label, count in findings.by_quarter}
    assert quarters["2026 Q1"] == 6
    assert survey_findings(db, keyring, survey, year=2025, user_id=None).respondents.value == 0


def test_the_codebook_and_the_key_areas_count_it_in_the_year_it_was_released(db, surveys, settings):
    _sent_in_one_year_released_in_the_next(db, settings)

    assert theme_figures(db)["neglect"].development.value == 6
    assert key_areas.respondents_in(db, dt.date(2025, 1, 1), dt.date(2025, 12, 31)) == 0
    proposal = key_areas.propose_for_year(db, 2026)
    assert proposal.respondents == 6
    neglect = [area for area in proposal.development if area.theme == "neglect"]
    assert neglect and neglect[0].respondents == 6
    assert key_areas.propose_for_year(db, 2025).development == ()


def test_impact_trends_read_the_release_day(db, surveys, settings):
    keyring = _sent_in_one_year_released_in_the_next(db, settings)
    survey = survey_by_slug(db, "practitioner-feedback")

    days = {day for day, _ in _opened(db, keyring, SurveyVersion.survey_id == survey.id)}
    assert days == {RELEASED}
