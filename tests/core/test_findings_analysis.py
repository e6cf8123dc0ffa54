"""The theming run: only what changed, derived data without text, staff coding kept, locked keys reported."""

from __future__ import annotations

import dataclasses
import json
import datetime as dt

import pytest
from sqlalchemy import select

from analysis.polarity_reader import shipped_reader
from core.models import AnalysisRun, ResponseAnalysis, ResponseRating, ResponseTheme
from core.opening import Keyring
from core.services import findings
from core.services.findings import LABELLED_SET
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
    assert again.pending == 0 and again.message.startswith("Nothing new to theme")


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


def test_the_same_weights_read_by_new_prediction_rules_retheme_what_the_old_rules_themed(
    db, settings, surveys, keyring, classifier, monkeypatch
):
    import analysis.themes

    _respond(db, settings)
    findings.run_analysis(db, keyring, classifier, today=dt.date(2026, 11, 27))
    db.commit()
    # A release whose predict() reads the shipped weights by other rules (here: no clause scores).
    monkeypatch.setattr(analysis.themes, "PREDICTION_RULES", "c0")
    model_version = classifier.version.split("/", 1)[0]
    older_rules = dataclasses.replace(classifier, version=findings.read_by(model_version, classifier.model.reader))
    assert older_rules.version != classifier.version and older_rules.version.startswith("shipped-")

    run = findings.run_analysis(db, keyring, older_rules, today=dt.date(2026, 11, 28))

    assert run.pending == 1 and run.analysed == 1


def test_a_run_with_the_keys_locked_says_so_and_themes_nothing(db, settings, surveys, classifier):
    _respond(db, settings)
    run = findings.run_analysis(db, Keyring(), classifier, today=dt.date(2026, 11, 27))
    assert run.status == "locked" and "locked" in run.message
    assert db.scalar(select(ResponseAnalysis)) is None
    assert [r.status for r in db.scalars(select(AnalysisRun))] == ["locked"]


def test_staff_corrections_retrain_the_model_and_change_the_next_run(db, settings, surveys, keyring, tmp_path):
    install_themes(db)
    rows = (LABELLED_SET.read_text(encoding="utf-8")).splitlines()
    small = tmp_path / "labelled.jsonl"
    small.write_text("\n".join(rows[:240]) + "\n", encoding="utf-8")
    text = "Nobody asked about the family's faith or the language they speak at home before the meeting."
    first = _respond(db, settings, text)
    cache = findings.ClassifierCache()
    findings.run_analysis(db, keyring, cache.get(db), today=dt.date(2026, 11, 27))
    before = {t.theme_code for t in db.scalars(select(ResponseTheme).where(ResponseTheme.response_id == first))}
    findings.correct_theme(db, None, first, "culture_identity", "development")
    for code in before - {"culture_identity"}:
        findings.correct_theme(db, None, first, code, "absent")
    db.commit()

    model = findings.retrain(db, keyring, today=dt.date(2026, 11, 28), labelled=small)
    assert model is not None and model.corrections == 1 and model.version.startswith("retrained-")
    assert findings.retrain(db, keyring, today=dt.date(2026, 11, 28), labelled=small) is None  # nothing new since
    second = _respond(db, settings, text)
    run = findings.run_analysis(db, keyring, cache.get(db), today=dt.date(2026, 11, 29))
    # The new model themes everything again.
    assert run.model_version == findings.read_by(model.version, shipped_reader()) and run.analysed == 2
    coded = {
        t.theme_code: t.polarity for t in db.scalars(select(ResponseTheme).where(ResponseTheme.response_id == second))
    }
    assert coded.get("culture_identity") == "development"
    assert not (before - {"culture_identity"}) & set(coded)


def test_rated_answers_on_themed_questions_are_kept_as_polarity_and_strength_only(
    db, settings, surveys, keyring, classifier
):
    answers = {"role": "Social worker", "agency_type": "Police", "conf_share": "1", "conf_escalate": "3"}
    answers["conf_challenge"] = "5"
    response_id = store_response(db, settings, "practitioner-feedback", answers).response_id
    findings.run_analysis(db, keyring, classifier, today=dt.date(2026, 11, 27))
    ratings = {r.question_key: r for r in db.scalars(select(ResponseRating))}
    # The midpoint of the scale says neither; each end is the strongest it can be.
    assert set(ratings) == {"conf_share", "conf_challenge"}
    assert (ratings["conf_share"].theme_code, ratings["conf_share"].polarity) == ("information_sharing", "development")
    assert (ratings["conf_challenge"].theme_code, ratings["conf_challenge"].polarity) == (
        "escalation_challenge",
        "good_practice",
    )
    assert all(r.strength == 1.0 and r.response_id == response_id for r in ratings.values())


def test_a_stored_model_of_an_older_format_gives_way_to_the_shipped_one_and_is_retrained(
    db, settings, surveys, keyring, tmp_path
):
    from core.models.findings import ThemeModelRecord

    shipped = findings.load_classifier()
    weights, document = shipped.model.to_bytes()
    old = json.loads(document)
    old["format"] = "learning-loop-themes/1"
    db.add(ThemeModelRecord(version="retrained-old", corrections=1, weights=weights, document=json.dumps(old)))
    db.commit()
    assert findings.load_classifier(db).version == shipped.version

    install_themes(db)
    first = _respond(db, settings)
    findings.run_analysis(db, keyring, shipped, today=dt.date(2026, 11, 27))
    findings.correct_theme(db, None, first, "information_sharing", "development")
    db.commit()
    small = tmp_path / "labelled.jsonl"
    small.write_text("\n".join(LABELLED_SET.read_text(encoding="utf-8").splitlines()[:240]) + "\n", encoding="utf-8")
    # One correction, as the old model had, yet the old model cannot be loaded: a new one is trained.
    model = findings.retrain(db, keyring, today=dt.date(2026, 11, 28), labelled=small)
    assert model is not None and findings.load_classifier(db).version == findings.read_by(
        model.version, shipped_reader()
    )
