"""The optional memorable code on a follow-up survey: hashed before anything is saved, refused when it looks like a
name or a contact detail, kept when left empty on a second visit, forgotten when asked."""

from __future__ import annotations

import re

import pytest

from core.drafts import DraftHandle, load_draft
from core.pairing import check_code, is_pairing_hash, normalise, pairing_hash
from core.services.dissemination import PAIRING_QUESTION, follow_up_survey
from tests.feedback_app.flows import answer_survey, open_invitation_link, row_counts, simple_answers
from tests.mail_cycle import make_published_set


@pytest.fixture
def follow_up(db, clock):
    survey = follow_up_survey(db, make_published_set(db, clock.now().date()), "practitioner")
    db.commit()
    return survey


@pytest.fixture
def invited(feedback_app, db, follow_up, clock):
    """A browser opened from its invitation: a follow-up survey takes answers no other way."""
    client = feedback_app.test_client()
    open_invitation_link(client, db, follow_up.id, clock.now().date())
    return client


def _code_page(survey) -> int:
    return next(q.page for q in survey.current_version.questions if q.key == PAIRING_QUESTION)


def _post_code(client, db, survey, code: str, **extra: str):
    number = _code_page(survey)
    data = {**simple_answers(db, survey.slug)[number], PAIRING_QUESTION: code, **extra}
    return client.post(f"/s/{survey.slug}/page/{number}", data=data)


def _draft_code(client, db, survey, clock):
    with client.session_transaction() as cookie:
        handle = DraftHandle.from_cookie(cookie["drafts"][survey.slug])
    draft = load_draft(db, handle, survey.current_version.id, now=clock.now())
    assert draft is not None
    return draft["answers"][PAIRING_QUESTION]


@pytest.mark.parametrize("code", ["Sarah", "sarah1984", "07700 900123", "12/03/1985", "me@example.org"])
def test_a_code_that_looks_like_a_name_or_contact_detail_is_refused_and_nothing_is_saved(
    invited, db, engine, follow_up, code
):
    client = invited
    before = row_counts(engine)
    response = _post_code(client, db, follow_up, code)
    assert response.status_code == 400
    assert "Choose a made-up word and a number instead" in response.get_data(as_text=True)
    assert row_counts(engine) == before


@pytest.mark.parametrize(("code", "problem"), [("ab1", "at least 4"), ("x" * 41, "40 letters or numbers or fewer")])
def test_a_code_too_short_or_too_long_is_refused_plainly(invited, db, follow_up, code, problem):
    response = _post_code(invited, db, follow_up, code)
    assert response.status_code == 400 and problem in response.get_data(as_text=True)


def test_the_draft_holds_the_keyed_hash_only_and_an_empty_field_keeps_it_until_forgotten(
    feedback_app, invited, db, follow_up, clock
):
    client = invited
    assert answer_survey(client, db, follow_up.slug, overrides={PAIRING_QUESTION: "Teapot 9 green"}).status_code == 200
    secret = feedback_app.extensions["learning_loop"].pairing_secret
    stored = _draft_code(client, db, follow_up, clock)
    assert stored == pairing_hash(secret, follow_up.slug, "teapot9green") and is_pairing_hash(stored)

    page = client.get(f"/s/{follow_up.slug}/page/{_code_page(follow_up)}").get_data(as_text=True)
    assert "You have given a code" in page and stored not in page and "teapot" not in page.lower()
    field = re.search(rf'<input[^>]*id="q-{PAIRING_QUESTION}"[^>]*>', page)
    assert field is not None and f"q-{PAIRING_QUESTION}-given" in field.group(0)  # read out with the field
    assert _post_code(client, db, follow_up, "").status_code == 302
    assert _draft_code(client, db, follow_up, clock) == stored
    check = client.get(f"/s/{follow_up.slug}/check").get_data(as_text=True)
    assert "A code was given" in check and stored not in check

    assert _post_code(client, db, follow_up, "", **{f"{PAIRING_QUESTION}-forget": "yes"}).status_code == 302
    assert _draft_code(client, db, follow_up, clock) == ""


def test_the_same_code_typed_differently_gives_the_same_hash_and_another_survey_another():
    secret = b"s" * 48
    assert normalise(" Kettle-7 Blue ") == normalise("kettle7blue")
    assert pairing_hash(secret, "a", "kettle7blue") != pairing_hash(secret, "b", "kettle7blue")
    assert pairing_hash(secret, "a", "kettle7blue") != pairing_hash(b"t" * 48, "a", "kettle7blue")
    assert check_code("Teapot 9 green").problem == ""


def test_the_error_summary_links_to_the_code_field_itself(invited, db, follow_up):
    page = _post_code(invited, db, follow_up, "Sarah").get_data(as_text=True)
    summary = re.search(r"govuk-error-summary__list.*?</ul>", page, re.S)
    assert summary is not None
    target = re.search(r'href="#([^"]+)"', summary.group(0))
    assert target is not None and target.group(1) == f"q-{PAIRING_QUESTION}"
    assert f'id="q-{PAIRING_QUESTION}"' in page
