"""A survey definition imported into the builder is checked whole: a bad one is a 400 naming each problem by its
question and field, and nothing is written. The same answer twice in a choice is refused, imported or typed into
the builder. Sent as a browser sends it, with CSRF on."""

from __future__ import annotations

import html
import io
import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from core.models import SurveyDraft
from core.services import survey_builder as builder
from core.services.surveys import load_templates
from core.services.themes import install_themes
from tests.admin_app.protected import protected_admin_app, sign_in  # noqa: F401 (the fixture)
from tests.factories import TEST_PASSWORD, make_user
from tests.feedback_app.flows import row_counts


@pytest.fixture
def staff(protected_admin_app, db, surveys) -> tuple[FlaskClient, str]:  # noqa: F811
    """A signed-in member of staff, and their session's CSRF token, with the codebook's themes installed."""
    install_themes(db)
    user = make_user(db, role="staff")
    db.commit()
    client = protected_admin_app.test_client()
    return client, sign_in(client, db, user.email, TEST_PASSWORD)


def _question(**changes: Any) -> dict[str, Any]:
    return {"key": "q1", "kind": "text", "prompt": "What went well?", "required": False, **changes}


def _definition(*questions: dict[str, Any], **changes: Any) -> dict[str, Any]:
    pages = [{"questions": list(questions or [_question()])}]
    return {"title": "Imported", "audience": "practitioner", "intro": "", "summary": "", "pages": pages, **changes}


def _import(staff: tuple[FlaskClient, str], definition: Any) -> Any:
    client, token = staff
    upload = (io.BytesIO(json.dumps(definition).encode()), "survey.json")
    return client.post(
        "/surveys/build/import",
        data={"definition": upload, "csrf_token": token},
        content_type="multipart/form-data",
    )


CHOICE = {"key": "q1", "kind": "single", "prompt": "Which agency?", "required": True}
# (what is imported, what the page says about it): each was a 500 or a draft that broke the builder.
REFUSED = [
    (_definition(audience=["family"]), '"audience" must be one of: child, compliments, family'),
    (_definition(_question(kind=["text"])), 'question 1: "kind" must be one of:'),
    (_definition({**CHOICE, "options": [1, 2]}), 'question 1, answer 1 must be text, or an object with "value"'),
    (_definition({**CHOICE, "options": [{"x": 1}, {"y": 2}]}), 'question 1, answer 1 needs "value"'),
    (_definition({**CHOICE, "options": [{"value": 1, "label": "A"}]}), 'answer 1: "value" must be text'),
    (_definition(_question(max_length="abc")), 'question 1: "max_length" must be a whole number from 1 to'),
    (_definition(_question(max_length=None)), 'question 1: "max_length" must be a whole number from 1 to'),
    (_definition(_question(max_length=-5)), 'question 1: "max_length" must be a whole number from 1 to'),
    (_definition(_question(max_length=2**40)), 'question 1: "max_length" must be a whole number from 1 to'),
    (_definition(_question(flag_values=5)), 'question 1: "flag_values" must be a list'),
    (_definition(_question(key="a/b")), 'question 1: "key" must be up to 40 letters, numbers, - or _'),
    (_definition(_question(kind="likert", theme="no-such-theme")), 'question 1: "theme" must be the code of a theme'),
    (_definition(_question(required="no")), 'question 1: "required" must be true or false'),
    (
        _definition(
            {**CHOICE, "kind": "multi", "options": ["A", {"value": "n", "label": "Neither", "exclusive": "yes"}]}
        ),
        'question 1, answer 2: "exclusive" must be true or false',
    ),
    (_definition(title="x" * 100_000), '"title" must be 200 characters or fewer'),
    (_definition(_question(prompt="What\x00 went well?")), 'question 1: "prompt" must not contain control characters'),
    (_definition(title="Imported\x1b[31m"), 'the survey: "title" must not contain control characters'),
    (_definition(_question(), _question(key="q2", prompt=7)), 'question 2: "prompt" must be text'),
    (_definition({**CHOICE, "options": ["Police", "Health", "police"]}), "each answer must be different"),
    (_definition(_question(colour="red")), 'question 1: "colour" is not a field of a survey definition'),
    ({**_definition(), "pages": [{"questions": []}]}, "page 1 has no questions"),
]


@pytest.mark.parametrize(("definition", "message"), REFUSED)
def test_a_bad_definition_is_refused_naming_the_problem_and_writes_nothing(staff, db, engine, definition, message):
    before = row_counts(engine)
    answer = _import(staff, definition)
    page = html.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400 and "The survey cannot be imported: " in page, page[-3000:]
    assert message in page, page[-3000:]
    assert 'class="govuk-error-summary"' in answer.get_data(as_text=True)
    assert row_counts(engine) == before
    assert db.scalar(select(func.count()).select_from(SurveyDraft)) == 0


def test_every_problem_is_named_not_only_the_first(staff, engine):
    bad = _definition(_question(required="no"), _question(key="q/2", max_length="abc"))
    page = html.unescape(_import(staff, bad).get_data(as_text=True))
    named = ['question 1: "required"', 'question 2: "key"', 'question 2: "max_length"']
    assert all(problem in page for problem in named), page[-3000:]


@pytest.mark.parametrize("template", load_templates(), ids=lambda t: t["slug"])
def test_the_installed_templates_import_as_they_are(staff, db, template):
    answer = _import(staff, template)
    assert answer.status_code == 302, html.unescape(answer.get_data(as_text=True))[-3000:]
    assert db.scalar(select(func.count()).select_from(SurveyDraft)) == 1


def test_a_good_definition_with_answers_and_a_theme_imports(staff, db):
    choice = {**CHOICE, "options": ["Police", {"value": "health", "label": "Health"}], "flag_values": ["Police"]}
    rated = _question(key="q2", kind="likert", theme="neglect", max_length=None, hint="Think of the last month.")
    answer = _import(staff, _definition(choice, rated, _question(key="q3", max_length=500)))
    assert answer.status_code == 302, html.unescape(answer.get_data(as_text=True))[-3000:]
    draft = db.scalar(select(SurveyDraft))
    assert [q["key"] for q in draft.definition["pages"][0]["questions"]] == ["q1", "q2", "q3"]


def test_an_answer_marked_exclusive_imports_and_keeps_the_mark(staff, db):
    options = ["Training", "Supervision", {"value": "neither", "label": "Neither of them", "exclusive": True}]
    answer = _import(staff, _definition({**CHOICE, "kind": "multi", "options": options}))
    assert answer.status_code == 302, html.unescape(answer.get_data(as_text=True))[-3000:]
    (question,) = db.scalar(select(SurveyDraft)).definition["pages"][0]["questions"]
    assert question["options"][2] == {"value": "neither", "label": "Neither of them", "exclusive": True}


def _draft(db) -> SurveyDraft:
    """A draft whose first question is a choice of A or B."""
    draft = builder.start_draft(db, None, title="Neglect", audience="practitioner")
    builder.add_question(db, None, draft, 1, builder.QuestionSpec(kind="single", prompt="Who?", options=("A", "B")))
    db.commit()
    return draft


POSTED_CHOICE = {"kind": "single", "prompt": "Which agency?", "page": "1"}


@pytest.mark.parametrize(
    ("path", "options"),
    [
        ("/surveys/build/{draft}/questions", "Police\nHealth\nPolice"),
        ("/surveys/build/{draft}/questions", "Police\nHealth\n  police "),
        ("/surveys/build/{draft}/questions/q1", "A\nB\nA"),
    ],
)
def test_the_same_answer_twice_is_refused_by_the_builder(staff, db, engine, path, options):
    client, token = staff
    draft = _draft(db)
    before = row_counts(engine)
    answer = client.post(path.format(draft=draft.id), data={**POSTED_CHOICE, "options": options, "csrf_token": token})
    status, page = answer.status_code, html.unescape(answer.get_data(as_text=True))
    assert status == 400 and "Each answer must be different: “" in page and "” is there twice" in page, page[-3000:]
    assert row_counts(engine) == before
    db.expire_all()
    assert builder.question_of(db.get(SurveyDraft, draft.id), "q1")["options"] == ["A", "B"]


# (the file's bytes, what the page says about them): files no JSON reader makes a definition of.
UNREADABLE = [
    (b"{oops", "The file is not valid JSON (line 1)"),
    (b'{"pages": ' + b"[" * 5_000 + b"]" * 5_000 + b"}", "it is nested far too deeply"),
    (b"\xff\xfe{}", "The file is not UTF-8 text"),
    # Python reads no whole number of more than 4300 digits: a plain ValueError, not a JSONDecodeError (was a 500)
    (b'{"title": "Imported", "pages": [], "max_length": ' + b"9" * 5000 + b"}", "a number with too many digits"),
]


@pytest.mark.parametrize(("raw", "message"), UNREADABLE)
def test_a_file_that_is_not_readable_json_is_refused_naming_the_problem_and_writes_nothing(staff, engine, raw, message):
    client, token = staff
    before = row_counts(engine)
    answer = client.post(
        "/surveys/build/import",
        data={"definition": (io.BytesIO(raw), "survey.json"), "csrf_token": token},
        content_type="multipart/form-data",
    )
    page = html.unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400 and message in page, page[-3000:]
    assert row_counts(engine) == before
