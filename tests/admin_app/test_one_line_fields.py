"""Titles, names and labels are one line with no invisible controls; summaries keep their line breaks as LF.

A title saved with CR LF showed the break in the heading and the report and lost it at the next edit; a
right-to-left override turned the text round. Both are refused with a message, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json

import pytest
from sqlalchemy import select

from core.models import KeyAreaSet, Theme
from core.services.themes import install_themes
from tests.factories import themed_responses
from tests.feedback_app.flows import row_counts


@pytest.fixture
def area(auth, admin_client, db, surveys, settings) -> int:
    """A draft key area, staff signed in."""
    install_themes(db)
    themed_responses(db, settings.keys_dir, "information_sharing", "development", 6, dt.date(2026, 10, 1))
    db.commit()
    auth.login("staff")
    proposed = admin_client.post("/key-areas/propose", data={"year": "2026", "title": "Key areas 2026"})
    assert proposed.status_code == 302
    return db.scalar(select(KeyAreaSet)).areas[0].id


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("Thresholds\r\nand early help", "A title for the area must be on one line"),
        ("Thresholds\nand early help", "A title for the area must be on one line"),
        ("Thresholds \u202eand early help", "A title for the area must not contain control characters"),
        ("Thresholds\u2066and early help", "A title for the area must not contain control characters"),
        ("Thresholds\x85and early help", "A title for the area must not contain control characters"),
        ("Thresholds\tand early help", "A title for the area must not contain control characters"),
    ],
    ids=repr,
)
def test_a_key_area_title_with_a_line_break_or_a_control_is_refused_and_nothing_is_written(
    admin_client, engine, db, area, title, message
):
    before = row_counts(engine)
    answer = admin_client.post(f"/key-areas/areas/{area}/edit", data={"title": title, "action": "We will act."})
    assert answer.status_code == 400 and message in answer.get_data(as_text=True)
    assert row_counts(engine) == before
    db.expire_all()
    assert "\n" not in db.scalar(select(KeyAreaSet)).areas[0].title


def test_a_key_area_summary_keeps_its_lines_as_line_feeds_and_refuses_other_controls(admin_client, db, area):
    saved = admin_client.post(
        f"/key-areas/areas/{area}/edit",
        data={"title": "Thresholds", "summary": "You said:\r\n\tone\r\ntwo", "action": "We will\r\nact."},
    )
    assert saved.status_code == 302
    db.expire_all()
    kept = db.scalar(select(KeyAreaSet)).areas[0]
    assert (kept.summary, kept.action) == ("You said:\n\tone\ntwo", "We will\nact.")
    refused = admin_client.post(
        f"/key-areas/areas/{area}/edit", data={"title": "Thresholds", "summary": "One\x1b[31m", "action": "x\u202e"}
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and page.count("must not contain control characters") >= 2


def test_a_theme_name_with_a_line_break_or_an_override_is_refused(auth, admin_client, db, surveys):
    install_themes(db)
    db.commit()
    auth.login("staff")
    for label, message in [
        ("Young\r\ncarers", "must be on one line"),
        ("Young \u202ecarers", "must not contain control characters"),
    ]:
        answer = admin_client.post("/learning/themes/new", data={"label": label})
        assert answer.status_code == 400 and f"The name of the theme {message}" in answer.get_data(as_text=True)
    assert db.scalar(select(Theme).where(Theme.label.like("Young%"))) is None


# An imported survey definition follows the same rule as the builder's forms: titles, questions and answers one line.
IMPORTED = [
    ({"title": "Imported\r\nsurvey"}, 'the survey: "title" must be on one line'),
    ({"title": "Imported \u202esurvey"}, 'the survey: "title" must not contain control characters'),
    ({"prompt": "What went\nwell?"}, 'question 1: "prompt" must be on one line'),
]


@pytest.mark.parametrize(("change", "message"), IMPORTED, ids=repr)
def test_an_imported_title_or_question_with_a_line_break_or_an_override_is_refused(
    auth, admin_client, db, engine, surveys, change, message
):
    install_themes(db)
    db.commit()
    auth.login("staff")
    question = {"key": "q1", "kind": "text", "prompt": "What went well?", "required": False}
    question.update({k: v for k, v in change.items() if k == "prompt"})
    definition = {
        "title": change.get("title", "Imported"),
        "audience": "practitioner",
        "pages": [{"questions": [question]}],
    }
    before = row_counts(engine)
    answer = admin_client.post(
        "/surveys/build/import",
        data={"definition": (io.BytesIO(json.dumps(definition).encode()), "survey.json")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400 and message in html.unescape(answer.get_data(as_text=True))
    assert row_counts(engine) == before


def test_an_imported_hint_keeps_its_lines(auth, admin_client, db, surveys):
    install_themes(db)
    db.commit()
    auth.login("staff")
    question = {"key": "q1", "kind": "text", "prompt": "What went well?", "hint": "One\n\tTwo", "required": False}
    definition = {"title": "Imported", "audience": "practitioner", "pages": [{"questions": [question]}]}
    answer = admin_client.post(
        "/surveys/build/import",
        data={"definition": (io.BytesIO(json.dumps(definition).encode()), "survey.json")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302, html.unescape(answer.get_data(as_text=True))[-2000:]
