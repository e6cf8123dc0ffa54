"""The theming run: only what changed, derived data without text, staff coding kept, locked keys reported."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from core.models import AnalysisRun, ResponseAnalysis, ResponseTheme
from core.opening import Keyring
from core.services import findings
from core.services.themes import install_themes
from tests.feedback_app.flows import store_response

TEXT = "The GP was not told about the referral, so information about the baby arrived too late for the conference."


@pytest.fixture(scope="module")
def classifier():
    return findings.load_classifier()


@pytest.fixture
def keyring(settings):
    ring = Keyring()
    ring.unlock(settings.keys_dir, None)
    return ring


def _respond(db, settings, text: str = TEXT) -> str:
    answers = {"role": "Social worker", "agency_type": "Police", "gets_in_the_way": text}
    return store_response(db, settings, "practitioner-feedback", answers).response_id


def test_a_run_themes_new_responses_and_keeps_ids_and_scores_only(db, settings, surveys, keyring, classifier):
    response_id = _respond(db, settings)
    run = findings.run_analysis(db, keyring, classifier, today=dt.date(2026, 11, 27))
    assert run.status == "done" and run.pending == 1 and run.analysed == 1
    themes = {
        t.theme_code: t for t in db.scalars(select(ResponseTheme).where(ResponseTheme.response_id == response_id))
    }
    assert "information_sharing" in themes and themes["information_sharing"].polarity == "development"
    analysed = db.get(ResponseAnalysis, response_id)
    assert analysed.respondent_group == "practitioner" and analysed.agency_type == "Police"
    stored = [str(v) for row in (*themes.values(), analysed) for v in vars(row).values()]
    assert not any(word in value for value in stored for word in ("GP", "referral", "conference", "baby"))
    again = findings.run_analysis(db, keyring, classifier, today=dt.date(2026, 11, 27))
    assert again.pending == 0 and again.message == "Nothing new to theme."


def test_a_new_model_rethemes_but_leaves_what_staff_coded(db, settings, surveys, keyring, classifier):
    install_themes(db)
    response_id = _respond(db, settings)
    findings.run_analysis(db, keyring, classifier, today=dt.date(2026, 11, 27))
    findings.correct_theme(db, None, response_id, "information_sharing", "good_practice")
    findings.correct_theme(db, None, response_id, "recording", "development")
    model_said = {t.theme_code for t in db.scalars(select(ResponseTheme).where(ResponseTheme.origin == "model"))}
    for code in model_said - {"information_sharing"}:
        findings.correct_theme(db, None, response_id, code, "absent")
    db.commit()
    newer = dataclasses.replace(classifier, version="retrained-test")
    run = findings.run_analysis(db, keyring, newer, today=dt.date(2026, 11, 28))
    assert run.analysed == 1
    coded = {t.theme_code: (t.polarity, t.origin) for t in db.scalars(select(ResponseTheme))}
    assert coded["information_sharing"] == ("good_practice", "staff")
    assert coded["recording"] == ("development", "staff")
    assert not model_said - {"information_sharing"} & set(coded)


def test_a_run_with_the_keys_locked_says_so_and_themes_nothing(db, settings, surveys, classifier):
    _respond(db, settings)
    run = findings.run_analysis(db, Keyring(), classifier, today=dt.date(2026, 11, 27))
    assert run.status == "locked" and "locked" in run.message
    assert db.scalar(select(ResponseAnalysis)) is None
    assert [r.status for r in db.scalars(select(AnalysisRun))] == ["locked"]
