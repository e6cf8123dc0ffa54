"""Staff build surveys: drafts apart from what the public answers, checks before publishing, versions, import."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from core.errors import ValidationFailed
from core.models import AuditEvent, Survey, SurveyDraft
from core.services import survey_builder as builder
from core.services.surveys import public_surveys, survey_for_answering
from core.services.themes import install_themes
from core.errors import NotFound
from tests.feedback_app.flows import store_response

LIKERT = builder.QuestionSpec(
    "likert", "I know who to call when I am worried about a child", theme="escalation_challenge"
)
TEXT = builder.QuestionSpec("text", "What would help you most?", hint="Do not include names.", required=False)


@pytest.fixture
def codebook(db, surveys):
    install_themes(db)
    db.flush()


def _two_pages(db) -> SurveyDraft:
    draft = builder.start_draft(db, None, title="Neglect consultation", audience="practitioner")
    builder.add_question(db, None, draft, 1, LIKERT)
    builder.add_question(db, None, draft, 2, TEXT)
    return draft


def test_a_draft_is_invisible_to_the_public_until_published(db, codebook):
    draft = _two_pages(db)
    slug = draft.definition["slug"]
    assert slug == "neglect-consultation"
    assert slug not in {s.slug for s in public_surveys(db)}
    with pytest.raises(NotFound):
        survey_for_answering(db, slug)

    survey = builder.publish(db, None, draft)

    assert survey in public_surveys(db) and [v.number for v in survey.versions] == [1]
    _view, version = survey_for_answering(db, slug)
    assert [(q.page, q.kind) for q in version.questions] == [(1, "likert"), (2, "text")]
    assert db.scalar(select(func.count()).select_from(SurveyDraft)) == 0
    assert db.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1)) == "survey.published"


def test_an_edit_after_publishing_is_a_new_version_and_old_answers_keep_their_questions(db, codebook, settings):
    survey = builder.publish(db, None, _two_pages(db))
    db.commit()
    store_response(db, settings, survey.slug, {"q1": "2", "q2": "More time."})
    first = survey.current_version

    draft = builder.draft_for(db, None, survey)
    builder.update_question(db, None, draft, "q1", builder.QuestionSpec("likert", "I can escalate a concern"))
    # The published version does not change while the draft does.
    assert survey.current_version.questions[0].prompt == LIKERT.prompt
    builder.publish(db, None, draft)

    assert [v.number for v in survey.versions] == [1, 2]
    assert first.questions[0].prompt == LIKERT.prompt and first.id != survey.current_version.id
    assert survey.current_version.questions[0].prompt == "I can escalate a concern"


def test_questions_move_within_and_across_pages(db, codebook):
    draft = _two_pages(db)
    builder.add_question(db, None, draft, 2, builder.QuestionSpec("single", "Your role", options=("A", "B")))
    builder.move_question(db, None, draft, "q2", -1)  # from the top of page 2 to the end of page 1
    assert [[q["key"] for q in p["questions"]] for p in draft.definition["pages"]] == [["q1", "q2"], ["q3"]]
    builder.move_question(db, None, draft, "q2", -1)
    assert [[q["key"] for q in p["questions"]] for p in draft.definition["pages"]] == [["q2", "q1"], ["q3"]]
    builder.move_page(db, None, draft, 2, -1)
    assert [[q["key"] for q in p["questions"]] for p in draft.definition["pages"]] == [["q3"], ["q2", "q1"]]


@pytest.mark.parametrize(
    ("audience", "spec", "refusal"),
    [
        ("child", LIKERT, "Use the faces scale"),
        (
            "practitioner",
            builder.QuestionSpec("text", "What is your name and phone number?"),
            "must not ask for a name",
        ),
        (
            "practitioner",
            builder.QuestionSpec("text", "Tell us your address so we can reply"),
            "must not ask for a name",
        ),
        (
            "child",
            builder.QuestionSpec(
                "faces",
                "Considering the multi-agency safeguarding arrangements, how satisfactorily were your "
                "circumstances comprehensively investigated by professionals?",
            ),
            "Use shorter sentences and shorter words",
        ),
    ],
)
def test_the_checks_refuse_what_they_should_with_a_clear_message(db, codebook, audience, spec, refusal):
    draft = builder.start_draft(db, None, title="Checked", audience=audience)
    builder.add_question(db, None, draft, 1, spec)
    with pytest.raises(ValidationFailed) as refused:
        builder.publish(db, None, draft)
    assert refusal in refused.value.errors["publish"]
    assert db.scalar(select(Survey).where(Survey.slug == "checked")) is None


def test_a_childrens_survey_in_short_words_with_faces_passes(db, codebook):
    draft = builder.start_draft(db, None, title="Your say", audience="child")
    builder.add_question(db, None, draft, 1, builder.QuestionSpec("faces", "How do you feel at school?"))
    builder.add_question(db, None, draft, 1, builder.QuestionSpec("text", "What would make it better?"))
    assert all(c.passed for c in builder.checks(draft.definition))
    assert builder.reading_grade(draft.definition) <= builder.CHILD_GRADE_LIMIT
    builder.publish(db, None, draft)


def test_a_bad_question_is_refused_naming_the_field(db, codebook):
    draft = builder.start_draft(db, None, title="Bad", audience="family")
    with pytest.raises(ValidationFailed) as refused:
        builder.add_question(db, None, draft, 1, builder.QuestionSpec("single", " ", options=("Only one",)))
    assert set(refused.value.errors) == {"prompt", "options"}
    with pytest.raises(ValidationFailed) as refused:
        builder.add_question(db, None, draft, 5, builder.QuestionSpec("likert", "Fine", theme="not_a_theme"))
    assert set(refused.value.errors) == {"page", "theme"}
    assert draft.definition["pages"] == []


def test_export_then_import_round_trips_and_an_invalid_definition_is_refused_naming_the_problem(db, codebook):
    survey = builder.publish(db, None, _two_pages(db))
    shared = builder.export_definition(survey)
    copy = builder.import_definition(db, None, shared.encode())
    assert (
        copy.definition["pages"] == json.loads(shared)["pages"] and copy.definition["slug"] == "neglect-consultation-2"
    )
    drafts = db.scalar(select(func.count()).select_from(SurveyDraft))

    for raw, problem in (
        (b"{not json", "not valid JSON (line 1)"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[]", "not a survey definition"),
        (json.dumps({**json.loads(shared), "audience": "aliens"}).encode(), '"audience" must be one of: child,'),
        (
            json.dumps(
                {**json.loads(shared), "pages": [{"questions": [{"key": "a", "kind": "poll", "prompt": "x"}]}]}
            ).encode(),
            'question 1: "kind" must be one of:',
        ),
        (
            json.dumps({**json.loads(shared), "pages": [{"questions": "lots"}]}).encode(),
            'page 1: "questions" must be a list',
        ),
    ):
        with pytest.raises(ValidationFailed) as refused:
            builder.import_definition(db, None, raw)
        assert problem in refused.value.errors["file"]
    assert db.scalar(select(func.count()).select_from(SurveyDraft)) == drafts


def test_starting_from_a_template_or_a_copy(db, codebook):
    from_template = builder.start_draft(db, None, title="Families 2027", audience="family", template="family-feedback")
    assert from_template.definition["pages"] and from_template.definition["slug"] == "families-2027"
    survey = builder.publish(db, None, _two_pages(db))
    copied = builder.start_draft(db, None, title="Neglect again", audience="practitioner", copy_of=survey.id)
    assert [q["prompt"] for p in copied.definition["pages"] for q in p["questions"]] == [LIKERT.prompt, TEXT.prompt]
    with pytest.raises(ValidationFailed) as refused:
        builder.start_draft(db, None, title="", audience="aliens", template="nope")
    assert set(refused.value.errors) == {"title", "audience", "template"}


def _template_question(db, slug: str, key: str) -> tuple[SurveyDraft, dict]:
    survey = db.scalar(select(Survey).where(Survey.slug == slug))
    draft = builder.draft_for(db, None, survey)
    return draft, builder.question_of(draft, key)


def test_editing_a_published_choice_question_keeps_each_answers_stored_value(db, codebook):
    draft, before = _template_question(db, "family-feedback", "service")
    lines = builder.options_text(before).splitlines()
    assert lines[0] == "Everyday services, like school, nursery, GP or health visitor"

    # Same answers, a new prompt: the question's answers are exactly as they were.
    builder.update_question(db, None, draft, "service", builder.QuestionSpec("single", "Which service?", options=lines))
    assert builder.question_of(draft, "service")["options"] == before["options"]

    # One reworded in its place (a typo put right), one in other capitals, the rest reordered, one added: each
    # keeps its stored value, so answers already given to it still count as it.
    changed = ["Everyday services (school, nursery, GP)", lines[1].upper(), *reversed(lines[2:]), "Something else"]
    builder.update_question(
        db, None, draft, "service", builder.QuestionSpec("single", "Which service?", options=changed)
    )
    after = builder.question_of(draft, "service")["options"]
    old = before["options"]
    assert after[0] == {**old[0], "label": "Everyday services (school, nursery, GP)"}
    assert after[1] == {**old[1], "label": lines[1].upper()}
    assert after[2:-1] == list(reversed(old[2:])) and after[-1] == "Something else"


def test_editing_a_rated_question_keeps_its_own_scale_and_its_flags(db, codebook):
    draft, before = _template_question(db, "family-feedback", "satisfaction")
    builder.update_question(
        db, None, draft, "satisfaction", builder.QuestionSpec("likert", "How satisfied are you with the help?")
    )
    after = builder.question_of(draft, "satisfaction")
    assert after["options"] == before["options"] and after["options"][0]["label"] == "Very dissatisfied"

    faces_draft, faces = _template_question(db, "young-people", "feel_safe")
    builder.update_question(db, None, faces_draft, "feel_safe", builder.QuestionSpec("faces", "Do you feel safe?"))
    assert builder.question_of(faces_draft, "feel_safe")["flag_values"] == faces["flag_values"] == ["1", "2"]

    # A published question people have answered keeps its kind: its answers would no longer read as they meant.
    for kind in ("text", "single"):
        spec = builder.QuestionSpec(kind, "What would help?", options=("Yes", "No") if kind == "single" else ())
        with pytest.raises(ValidationFailed) as refused:
            builder.update_question(db, None, draft, "satisfaction", spec)
        assert "its kind cannot change" in refused.value.errors["kind"]
    assert builder.question_of(draft, "satisfaction") == after


def test_a_new_question_turned_into_another_kind_starts_afresh_and_publishes(db, codebook):
    survey = db.scalar(select(Survey).where(Survey.slug == "family-feedback"))
    draft = builder.start_draft(db, None, title="Families again", audience="family", copy_of=survey.id)
    builder.update_question(db, None, draft, "satisfaction", builder.QuestionSpec("text", "What would help?"))
    turned = builder.question_of(draft, "satisfaction")
    assert "options" not in turned and "flag_values" not in turned and "measure" not in turned
    assert turned.get("max_length") is None  # the rating's empty limit is not carried into free text
    builder.publish(db, None, draft)  # a 500 before: the rating's null limit reached the free-text question


def test_a_deeply_nested_or_notepad_saved_file_is_refused_or_read_plainly(db, codebook):
    with pytest.raises(ValidationFailed) as refused:
        builder.import_definition(db, None, b"[" * 5000 + b"]" * 5000)
    assert "nested far too deeply" in refused.value.errors["file"]
    survey = builder.publish(db, None, _two_pages(db))
    exported = builder.export_definition(survey).encode("utf-8")
    imported = builder.import_definition(db, None, b"\xef\xbb\xbf" + exported)
    assert imported.definition["title"] == survey.title


@pytest.mark.parametrize(
    "prompt",
    [
        "What is your first name?",
        "Surname",
        "Where do you live?",
        "Email address",
        "Name:",
        "Name (optional)",
        "Contact number (optional)",
        "Can we contact you? If so, leave a number.",
        "Please give your postcode",
    ],
)
def test_a_free_text_question_asking_who_someone_is_or_how_to_reach_them_fails_its_check(prompt):
    definition = {"pages": [{"questions": [{"key": "q1", "kind": "text", "prompt": prompt}]}]}
    check = next(c for c in builder.checks(definition) if c.name == "No question asks who someone is")
    assert not check.passed and prompt in check.detail


@pytest.mark.parametrize(
    ("prompt", "hint"),
    [
        ("What is the name of the service that helped you?", ""),
        ("What would help you most?", "Please do not write your name, phone number or address."),
        ("How did you hear about this survey (email, poster, website)?", ""),
        ("Tell us about the people who helped", "No names, please."),
    ],
)
def test_a_question_that_only_warns_against_names_or_names_a_service_passes(prompt, hint):
    definition = {"pages": [{"questions": [{"key": "q1", "kind": "text", "prompt": prompt, "hint": hint}]}]}
    assert next(c for c in builder.checks(definition) if c.name == "No question asks who someone is").passed
