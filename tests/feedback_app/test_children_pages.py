"""The children's and young people's survey is written for a reading age of about 9, and its urgent banner says why.

Reading age is measured with the Flesch-Kincaid grade over the visible prose of each page the child sees
(tests/feedback_app/readability.py). A grade of 4 is a reading age of about 9; the limit keeps half a grade in
hand, because many children who get help from services read below their age.
"""

from __future__ import annotations

import re

import pytest

from tests.feedback_app.flows import answer_survey, receipt_on
from tests.feedback_app.readability import page_readability, sentences, visible_blocks
from tests.factories import survey_by_slug

CHILD_SURVEY = "young-people"
MAX_GRADE = 3.5
MIN_EASE = 85.0
MAX_SENTENCE_WORDS = 20
ADULT_WORDS = ("encrypted", "authorised", "computer's address", "identify", "internet address", "partnership")
HARMLESS = "My worker is nice and she helps me with my homework."
WORRYING = "i want to kill myself"


def _send(client, db, **overrides) -> str:
    check = answer_survey(client, db, CHILD_SURVEY, overrides=overrides)
    assert check.status_code == 200
    sent = client.post(f"/s/{CHILD_SURVEY}/check")
    page = sent.get_data(as_text=True)
    assert sent.status_code == 200 and receipt_on(page), page[:2000]
    return page


def children_pages(client, db) -> dict[str, str]:
    """Every page a child meets in their survey: start, each question page, an error, check, each confirmation."""
    pages = {"start": client.get(f"/s/{CHILD_SURVEY}/").get_data(as_text=True)}
    version = survey_by_slug(db, CHILD_SURVEY).current_version
    for number in version.page_numbers:
        pages[f"page {number}"] = client.get(f"/s/{CHILD_SURVEY}/page/{number}").get_data(as_text=True)
    refused = client.post(f"/s/{CHILD_SURVEY}/page/1", data={})
    assert refused.status_code == 400
    pages["page 1 with an error"] = refused.get_data(as_text=True)
    pages["check your answers"] = answer_survey(
        client, db, CHILD_SURVEY, overrides={"feel_safe": "4", "tell_us": HARMLESS}
    ).get_data(as_text=True)
    pages["confirmation"] = _send(client, db, feel_safe="4", tell_us=HARMLESS)
    pages["urgent banner: the face"] = _send(client, db, feel_safe="1", tell_us=HARMLESS)
    pages["urgent banner: the words"] = _send(client, db, feel_safe="4", tell_us=WORRYING)
    pages["urgent banner: both"] = _send(client, db, feel_safe="1", tell_us=WORRYING)
    return pages


def _urgent_banner(page: str) -> str:
    match = re.search(r'<div class="govuk-notification-banner ll-urgent".*?</ul>', page, re.S)
    assert match, "no urgent banner"
    return " ".join(visible_text for visible_text in re.sub(r"<[^>]+>", " ", match.group(0)).split())


def test_every_childrens_page_reads_at_a_reading_age_of_about_nine(surveys, feedback_client, db):
    scores = {name: page_readability(html) for name, html in children_pages(feedback_client, db).items()}
    report = "\n".join(
        f"{name:28} grade {s.grade:4.1f}  ease {s.ease:5.1f}  {s.words_per_sentence:4.1f} words a sentence"
        for name, s in scores.items()
    )
    hard = {name for name, s in scores.items() if s.grade > MAX_GRADE or s.ease < MIN_EASE}
    assert not hard, f"over grade {MAX_GRADE} or under ease {MIN_EASE}: {sorted(hard)}\n{report}"


def test_childrens_pages_have_short_sentences_and_no_adult_words(surveys, feedback_client, db):
    problems = []
    for name, html in children_pages(feedback_client, db).items():
        blocks = visible_blocks(html)
        text = " ".join(blocks).lower()
        problems += [f"{name}: says '{word}'" for word in ADULT_WORDS if word in text]
        problems += [
            f"{name}: {len(s.split())} words in '{s}'" for s in sentences(blocks) if len(s.split()) > MAX_SENTENCE_WORDS
        ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "answers, says, does_not_say",
    [
        ({"feel_safe": "1", "tell_us": HARMLESS}, ["Really sad", "How safe do you feel at home?"], ["What you wrote"]),
        (
            {"feel_safe": "2", "tell_us": HARMLESS},
            ["Sad", "How safe do you feel at home?"],
            ["Really sad", "What you wrote"],
        ),
        ({"feel_safe": "4", "tell_us": WORRYING}, ["What you wrote"], ["Really sad"]),
        (
            {"feel_safe": "1", "tell_us": WORRYING},
            ["Really sad", "How safe do you feel at home?", "What you wrote"],
            [],
        ),
    ],
    ids=["only the saddest face", "only the sad face", "only the words", "the face and the words"],
)
def test_the_urgent_banner_says_what_prompted_it(surveys, feedback_client, db, answers, says, does_not_say):
    banner = _urgent_banner(_send(feedback_client, db, **answers))
    for words in says:
        assert words in banner, banner
    for words in does_not_say:
        assert words not in banner, banner


def test_a_child_who_feels_ok_at_home_gets_no_urgent_banner(surveys, feedback_client, db):
    page = _send(feedback_client, db, feel_safe="3", tell_us=HARMLESS)
    assert "ll-urgent" not in page


def test_a_child_coming_back_with_their_code_reads_at_the_same_level(surveys, feedback_client, db):
    code = receipt_on(_send(feedback_client, db, feel_safe="4", tell_us=HARMLESS))
    token = re.search(r'name="csrf_token" value="([^"]+)"', feedback_client.get("/receipt").get_data(as_text=True))
    assert code and token
    assert feedback_client.post("/receipt", data={"code": code, "csrf_token": token.group(1)}).status_code == 302
    page = feedback_client.get("/receipt/yours").get_data(as_text=True)
    assert "Do you want to tell us more?" in page
    score = page_readability(page)
    assert score.grade <= MAX_GRADE and score.ease >= MIN_EASE, score
