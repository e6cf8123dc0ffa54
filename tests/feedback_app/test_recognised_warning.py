"""Stripping removes identifiers, not voice or detail: every survey's start page tells respondents so, in its
audience's words, before they write anything (threat model, adversary 1, 'Writing style and content')."""

from __future__ import annotations

import re

import pytest

from tests.feedback_app.readability import page_readability
from tests.e2e.helpers import SURVEY_SLUGS


def _warning(page: str) -> str:
    match = re.search(r'<li id="recognised">(.*?)</li>', page, re.S)
    assert match, "no warning that someone who knows them may recognise what they write"
    return " ".join(match.group(1).split())


@pytest.mark.parametrize("slug", SURVEY_SLUGS)
def test_each_start_page_warns_that_someone_who_knows_you_may_recognise_what_you_write(slug, surveys, feedback_client):
    warning = _warning(feedback_client.get(f"/s/{slug}/").get_data(as_text=True))
    assert "recognise" in warning or "guess it is you" in warning
    assert "leave out" in warning


def test_the_childrens_warning_is_in_a_childs_words(surveys, feedback_client):
    page = feedback_client.get("/s/young-people/").get_data(as_text=True)
    warning = _warning(page)
    assert "guess it is you" in warning
    assert page_readability(f"<main><p>{warning}</p></main>").grade <= 3.5
