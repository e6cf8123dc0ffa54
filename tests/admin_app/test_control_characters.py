"""Staff text with a control character is refused plainly (PostgreSQL refuses a NUL: a 500 there), and nothing is
written; tab and line breaks are text. CSRF on."""

from __future__ import annotations

import html
import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from core.mail.keys import load_mail_key
from core.models import Agency, MailingList, SurveyDraft
from core.services import mailing_lists
from core.services import survey_builder as builder
from core.services.themes import install_themes
from tests.admin_app.protected import protected_admin_app, sign_in  # noqa: F401 (the fixture)
from tests.factories import TEST_PASSWORD, make_user
from tests.feedback_app.flows import row_counts

CONTROLS = ["\x00", "\x07", "\x1b", "\x7f"]


@pytest.fixture
def staff(protected_admin_app: Flask, db, surveys, settings, clock) -> dict[str, Any]:  # noqa: F811
    """A signed-in member of staff with their CSRF token; a draft with one question; a list with one address."""
    install_themes(db)
    user = make_user(db, role="staff")
    draft = builder.start_draft(db, user.id, title="Neglect", audience="practitioner")
    builder.add_question(db, user.id, draft, 1, builder.QuestionSpec(kind="single", prompt="Who?", options=("A", "B")))
    group = mailing_lists.create_list(db, name="Parents", audience="family")
    mailing_lists.import_addresses(
        db, load_mail_key(settings), group, b"email\non@example.org\n", today=clock.now().date()
    )
    db.commit()
    client = protected_admin_app.test_client()
    token = sign_in(client, db, user.email, TEST_PASSWORD)
    return {"client": client, "token": token, "draft": draft.id, "list": group.id}


def _post(staff: dict[str, Any], path: str, data: dict[str, Any]) -> tuple[int, str]:
    client: FlaskClient = staff["client"]
    answer = client.post(
        path.format(**staff), data={**data, "csrf_token": staff["token"]}, content_type="multipart/form-data"
    )
    return answer.status_code, html.unescape(answer.get_data(as_text=True))


QUESTION = {"kind": "text", "prompt": "What went well?", "page": "1"}
# (path, what is posted with {c} the control character, the message)
REFUSED = [
    ("/surveys/build/{draft}/questions", {**QUESTION, "prompt": "What{c} went well?"}, "The question must not contain"),
    (
        "/surveys/build/{draft}/questions",
        {**QUESTION, "hint": "Line one\nline{c}two"},
        "The help text must not contain",
    ),
    ("/surveys/build/{draft}/questions/q1", {"kind": "text", "prompt": "Who{c}?"}, "The question must not contain"),
    ("/surveys/build/{draft}", {"title": "Neglect{c}", "audience": "family"}, "A title must not contain"),
    ("/mail/lists", {"name": "Carers{c}", "audience": "family"}, "A name for the list must not contain control"),
    ("/mail/lists", {"name": "Carers", "audience": "family", "description": "x{c}"}, "must not contain control"),
    ("/mail/lists/{list}/remove", {"address": "on{c}@example.org"}, "must not contain control characters"),
    (
        "/mail/lists/{list}/import",
        {"file": b"email\nne{c}w@example.org\n", "consent": "yes"},
        "The file was not imported",
    ),
    ("/agencies/new", {"name": "Police{c}", "kind": "police", "active": "yes"}, "The name of the agency must not"),
]


@pytest.mark.parametrize("control", CONTROLS, ids=repr)
@pytest.mark.parametrize(("path", "data", "message"), REFUSED)
def test_a_control_character_is_refused_with_its_message_and_writes_nothing(
    staff, engine, path, data, message, control
):
    filled = {
        name: (io.BytesIO(value.replace(b"{c}", control.encode())), "people.csv")
        if isinstance(value, bytes)
        else value.replace("{c}", control)
        for name, value in data.items()
    }
    before = row_counts(engine)
    status, page = _post(staff, path, filled)
    assert status == 400 and message in page, page[-3000:]
    assert row_counts(engine) == before


def test_nothing_changed_by_a_refused_question_or_name(staff, db, engine):
    _post(staff, "/surveys/build/{draft}/questions/q1", {"kind": "text", "prompt": "Who\x00?"})
    _post(staff, "/agencies/new", {"name": "Police\x00", "kind": "police"})
    db.expire_all()
    assert builder.question_of(db.get(SurveyDraft, staff["draft"]), "q1")["prompt"] == "Who?"
    assert db.scalar(select(Agency).where(Agency.name.like("Police%"))) is None
    assert [m.name for m in db.scalars(select(MailingList))] == ["Parents"]


def test_tab_and_line_breaks_are_text(staff, db):
    status, page = _post(staff, "/surveys/build/{draft}/questions", {**QUESTION, "hint": "One\r\n\tTwo"})
    assert status == 302, page[-3000:]
    db.expire_all()
    # A several-line field keeps its line breaks as LF (core.control_characters.normalise_line_breaks).
    assert builder.question_of(db.get(SurveyDraft, staff["draft"]), "q2")["hint"] == "One\n\tTwo"


def test_signing_in_with_a_control_character_in_the_address_is_refused(protected_admin_app):  # noqa: F811
    client = protected_admin_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post("/login", data={"email": "a\x00@example.org", "password": "x", "csrf_token": token})
    assert answer.status_code == 400 and "Enter an email address" in answer.get_data(as_text=True)
