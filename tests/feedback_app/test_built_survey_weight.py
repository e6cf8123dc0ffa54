"""A survey built in the staff app keeps the templates' promise: each page under 100 KB, nothing from elsewhere.

The page and every stylesheet, script, font and image it references are fetched through the test client by the
same walk bench/page_weight.py makes over HTTP.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from core.services import survey_builder as builder
from core.services.themes import install_themes

BENCH = Path(__file__).resolve().parents[2] / "bench"
QUESTIONS = {
    "practitioner": [
        builder.QuestionSpec("likert", "I know who to call when I am worried about a child"),
        builder.QuestionSpec("single", "Which service do you work in?", options=("Health", "Police", "School")),
        builder.QuestionSpec("multi", "Which training have you had?", options=("Neglect", "Exploitation")),
        builder.QuestionSpec("text", "What would help you most?", hint="Do not include names.", required=False),
    ],
    "child": [
        builder.QuestionSpec("faces", "How safe do you feel at school?"),
        builder.QuestionSpec("text", "What would make it better?", hint="Do not write names.", required=False),
    ],
}


@pytest.fixture
def page_weight(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    return importlib.import_module("page_weight")


@pytest.mark.parametrize("audience", list(QUESTIONS))
def test_a_built_survey_is_light_and_loads_nothing_from_another_host(
    audience, page_weight, db, surveys, feedback_client
):
    install_themes(db)
    draft = builder.start_draft(db, None, title=f"Built for {audience}", audience=audience)
    for spec in QUESTIONS[audience]:
        builder.add_question(db, None, draft, 1, spec)
    survey = builder.publish(db, None, draft)
    db.commit()

    def fetch(path: str) -> tuple[int, str, bytes]:
        response = feedback_client.get(path, headers={"Accept-Encoding": "identity"})
        try:  # a static file is streamed from disk: closed here, read or not
            return response.status_code, response.content_type, response.get_data()
        finally:
            response.close()

    for path in (f"/s/{survey.slug}/", f"/s/{survey.slug}/page/1"):
        raw, _packed, foreign_assets, foreign_links, exit_links = page_weight.weigh_with(
            fetch, "http://localhost", path
        )
        assert raw["html"] > 0 and raw["css"] > 0, (path, raw)  # the walk reached the page and its stylesheet
        assert sum(raw.values()) <= page_weight.GOAL_BYTES, (path, raw)
        assert foreign_assets == [] and foreign_links == [], path
        assert len(exit_links) == 1  # the one link out by design, followed only when pressed
