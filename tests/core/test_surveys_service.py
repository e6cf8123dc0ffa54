"""Survey templates, versioning, and validating the answers to one page."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import func, select

from core.models import Question, Survey, SurveyVersion
from core.opening import Keyring
from core.services.reading import read_responses
from core.services.surveys import (
    answer_label,
    create_survey,
    definition_problems,
    flagged_by_choice,
    install_templates,
    load_templates,
    revise_survey,
    validate_page,
    version_definition,
)
from tests.factories import make_user, survey_by_slug
from tests.feedback_app.flows import store_response

TEMPLATE_SLUGS = {
    "practitioner-feedback",
    "family-feedback",
    "young-people",
    "review-participation",
    "compliments-complaints",
}


def _definition(db, slug: str) -> dict:
    return copy.deepcopy(version_definition(survey_by_slug(db, slug).current_version))


def test_the_five_templates_install_once(db):
    assert {t["slug"] for t in load_templates()} == TEMPLATE_SLUGS
    assert all(definition_problems(t) == [] for t in load_templates())
    assert len(install_templates(db)) == 5
    assert install_templates(db) == []
    db.commit()
    assert db.scalar(select(func.count()).select_from(Survey)) == 5
    assert db.scalar(select(func.count()).select_from(SurveyVersion)) == 5


def test_the_young_peoples_survey_uses_faces_and_flags_both_sad_faces_on_safety(db, surveys):
    version = survey_by_slug(db, "young-people").current_version
    faces = [q for q in version.questions if q.kind == "faces"]
    assert faces and all(len(q.options) == 5 and all("face" in o for o in q.options) for q in faces)
    safe = next(q for q in version.questions if q.prompt == "How safe do you feel at home?")
    assert safe.flag_values == ["1", "2"]
    assert flagged_by_choice(version.questions, {safe.key: "1"})
    assert flagged_by_choice(version.questions, {safe.key: "2"})
    assert not flagged_by_choice(version.questions, {safe.key: "3"})
    assert not flagged_by_choice(version.questions, {safe.key: "4"})


def test_editing_a_survey_without_responses_changes_the_current_version(db, surveys):
    survey = survey_by_slug(db, "family-feedback")
    definition = _definition(db, "family-feedback")
    definition["pages"][0]["questions"][0]["prompt"] = "Which service helped you most?"
    version = revise_survey(db, survey, definition)
    db.commit()
    assert version.number == 1 and len(survey.versions) == 1
    assert survey.current_version.questions[0].prompt == "Which service helped you most?"
    assert db.scalar(select(func.count()).select_from(Question).where(Question.version_id == version.id)) == len(
        version.questions
    )


def test_editing_a_survey_with_responses_makes_a_new_version_and_old_answers_keep_their_questions(
    db, surveys, settings
):
    survey = survey_by_slug(db, "compliments-complaints")
    store_response(
        db,
        settings,
        "compliments-complaints",
        {"kind": "compliment", "service": "Police", "details": "The officer was kind"},
    )
    definition = _definition(db, "compliments-complaints")
    definition["pages"][2]["questions"][0]["prompt"] = "Tell us more, in your own words"
    definition["pages"][0]["questions"][0]["key"] = "what_kind"
    v2 = revise_survey(db, survey, definition)
    db.commit()
    assert [v.number for v in survey.versions] == [1, 2]
    assert survey.current_version is v2
    assert survey.versions[0].questions[2].prompt != "Tell us more, in your own words"
    store_response(
        db,
        settings,
        "compliments-complaints",
        {"what_kind": "complaint", "service": "Housing", "details": "Nobody rang back"},
    )

    keyring = Keyring()
    keyring.unlock(settings.keys_dir, None)
    user = make_user(db, role="staff")
    opened = {o.version_number: o for o in read_responses(db, keyring, survey, user_id=user.id)}
    assert set(opened) == {1, 2}
    v1_answers = {a.question.key: (a.question.prompt, a.label) for a in opened[1].answers}
    v2_answers = {a.question.key: (a.question.prompt, a.label) for a in opened[2].answers}
    assert v1_answers["kind"][1] == "A compliment" and v1_answers["details"][1] == "The officer was kind"
    assert "what_kind" not in v1_answers
    assert v2_answers["what_kind"][1] == "A complaint"
    assert v2_answers["details"] == ("Tell us more, in your own words", "Nobody rang back")


def test_a_bad_definition_is_refused_with_reasons(db, surveys):
    survey = survey_by_slug(db, "family-feedback")
    definition = _definition(db, "family-feedback")
    definition["audience"] = "aliens"
    definition["pages"][1]["questions"][0]["key"] = definition["pages"][0]["questions"][0]["key"]
    with pytest.raises(ValueError, match="Choose who the survey is for"):
        revise_survey(db, survey, definition)
    assert "Question key 'service' is missing or repeated" in definition_problems(definition)
    with pytest.raises(ValueError):
        create_survey(db, {"slug": "", "title": "", "audience": "family", "pages": []})


def _practitioner(db, key: str) -> Question:
    return next(q for q in survey_by_slug(db, "practitioner-feedback").current_version.questions if q.key == key)


def test_a_valid_page_is_accepted(db, surveys):
    questions = [_practitioner(db, "role"), _practitioner(db, "working_well"), _practitioner(db, "learning_used")]
    used = [o["value"] for o in questions[2].options]
    result = validate_page(
        questions,
        {"role": ["Housing"], "working_well": ["  Fine \r\nthanks "], "learning_used": [used[2], used[0]]},
        max_text=4000,
    )
    assert result.errors == {}
    assert result.answers == {"role": "Housing", "working_well": "Fine \nthanks", "learning_used": [used[0], used[2]]}


@pytest.mark.parametrize(
    "key, values, message",
    [
        ("role", [], "Select an answer"),
        ("role", ["Astronaut"], "Select one of the answers listed"),
        ("role", ["Housing", "Other"], "Select one of the answers listed"),
        ("working_well", [], "Enter your answer"),
        ("working_well", ["   "], "Enter your answer"),
        ("working_well", ["x" * 2001], "2000 characters or fewer"),
        ("working_well", ["one", "two"], "Select one of the answers listed"),
        ("learning_used", ["Not an option"], "Select one of the answers listed"),
        ("conf_escalate", ["6"], "Select one of the answers listed"),
    ],
)
def test_bad_answers_get_a_plain_message_naming_the_question(db, surveys, key, values, message):
    question = _practitioner(db, key)
    result = validate_page([question], {key: values}, max_text=4000)
    assert message in result.errors[key]
    assert question.prompt in result.errors[key]
    assert key not in result.answers


def test_the_site_wide_text_limit_wins_over_a_longer_question_limit(db, surveys):
    question = _practitioner(db, "working_well")
    result = validate_page([question], {"working_well": ["x" * 1500]}, max_text=1000)
    assert result.errors["working_well"].endswith("must be 1000 characters or fewer")


def test_optional_questions_may_be_left_blank(db, surveys):
    questions = [_practitioner(db, "anything_else"), _practitioner(db, "learning_used")]
    result = validate_page(questions, {}, max_text=4000)
    assert result.errors == {}
    assert result.answers == {"anything_else": "", "learning_used": []}


def test_answers_read_as_their_labels(db, surveys):
    assert answer_label(_practitioner(db, "conf_escalate"), "5") == "Strongly agree"
    assert answer_label(_practitioner(db, "working_well"), "") == "Not answered"
    assert answer_label(_practitioner(db, "learning_used"), []) == "Not answered"


def test_a_replaced_version_never_takes_its_predecessors_id(db, surveys):
    # The last survey installed holds the highest version id, the one SQLite would hand out again.
    survey = db.scalar(select(Survey).order_by(Survey.id.desc()))
    before = survey.current_version.id
    definition = _definition(db, survey.slug)
    definition["pages"][0]["questions"][0]["prompt"] = "A brand new first question"
    version = revise_survey(db, survey, definition)
    db.commit()
    assert version.id != before and version.number == 1 and len(survey.versions) == 1
    assert db.get(SurveyVersion, before) is None


def test_a_cached_version_is_never_served_for_another_survey_when_its_id_comes_round_again(db, engine):
    """The public app caches each version's questions by id. A database emptied and filled again (a backup
    restored into a running server) can give the same id to another survey's version: the cache must not
    answer for it."""
    import datetime as dt

    from core.services.surveys import survey_with_draft
    from tests.factories import empty_all_tables

    now = dt.datetime(2026, 11, 27, 10, 30, tzinfo=dt.timezone.utc)
    templates = load_templates()
    for template in templates:
        create_survey(db, template)
    db.commit()
    before = {slug: survey_with_draft(db, slug, None, now=now)[1].id for slug in TEMPLATE_SLUGS}
    db.close()
    empty_all_tables(engine)
    for template in reversed(templates):
        create_survey(db, template)
    db.commit()
    after = {slug: survey_by_slug(db, slug).current_version.id for slug in TEMPLATE_SLUGS}
    assert any(before[a] == after[b] for a in TEMPLATE_SLUGS for b in TEMPLATE_SLUGS if a != b), (before, after)
    for slug in TEMPLATE_SLUGS:
        survey, version, _ = survey_with_draft(db, slug, None, now=now)
        assert (version.id, version.survey_id, version.survey_slug) == (after[slug], survey.id, slug)
        stored = survey_by_slug(db, slug).current_version.questions
        assert [q.key for q in version.questions] == [q.key for q in sorted(stored, key=lambda q: q.position)]
