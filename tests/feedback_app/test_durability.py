"""Invariant 7: a receipt means the response is stored; a failed send says so and keeps the answers."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import pytest
from flask import template_rendered
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from tests.feedback_app.flows import answer_survey, receipt_on, row_counts, unique_word

CHECK = "/s/practitioner-feedback/check"


def test_receipt_is_shown_only_after_commit(surveys, feedback_app, feedback_client, db, engine):
    answer_survey(feedback_client, db, "practitioner-feedback")
    seen_when_shown: list[dict[str, int]] = []
    drafts_when_shown: list[set[str]] = []
    answered = _draft_ids(engine)

    def on_render(_app, template, context, **_extra):
        if template.name == "surveys/sent.html":
            # Another connection must already see the response and its receipt: they are committed.
            seen_when_shown.append(row_counts(engine))
            drafts_when_shown.append(_draft_ids(engine))

    with template_rendered.connected_to(on_render, feedback_app):
        sent = feedback_client.post(CHECK)
    assert sent.status_code == 200 and receipt_on(sent.get_data(as_text=True))
    assert len(seen_when_shown) == 1
    assert seen_when_shown[0]["response"] == 1 and seen_when_shown[0]["receipt"] == 1
    # The answered draft went in the same commit; only the sealed receipt page held for a repeated send is left.
    assert len(answered) == 1 and not answered & drafts_when_shown[0]
    assert seen_when_shown[0]["draft"] == 1


def _draft_ids(engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.scalars(text("SELECT id FROM draft")))


@contextmanager
def receipt_table_moved(engine) -> Iterator[None]:
    """A real fault: the receipt table is not there while the respondent sends."""
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE receipt RENAME TO receipt_moved_away"))
    try:
        yield
    finally:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE receipt_moved_away RENAME TO receipt"))


def _commit_fails(exc: Exception):
    def fail(_session) -> None:
        raise exc

    return fail


def _assert_not_sent_and_answers_kept(page_response, word: str) -> None:
    assert 500 <= page_response.status_code < 600
    page = page_response.get_data(as_text=True)
    assert "Your answers have not been sent" in page
    assert receipt_on(page) is None and "Your receipt code is" not in page
    assert word in page  # the respondent's answers are still on the page, ready to send again


def _resend_works(client, engine, word: str) -> None:
    again = client.get(CHECK)
    assert again.status_code == 200 and word in again.get_data(as_text=True)
    sent = client.post(CHECK)
    assert sent.status_code == 200 and receipt_on(sent.get_data(as_text=True))
    counts = row_counts(engine)
    # The draft went with the send; the one draft row left is the sealed receipt page held for a repeated send.
    assert counts["response"] == 1 and counts["receipt"] == 1 and counts["draft"] == 1


def test_a_send_that_fails_in_the_database_stores_nothing_keeps_the_answers_and_can_be_sent_again(
    surveys, feedback_client, db, engine
):
    word = unique_word()
    answer_survey(feedback_client, db, "practitioner-feedback", text=f"the {word} plan")
    before = row_counts(engine)
    with receipt_table_moved(engine):
        _assert_not_sent_and_answers_kept(feedback_client.post(CHECK), word)
    assert row_counts(engine) == before
    _resend_works(feedback_client, engine, word)


@pytest.mark.parametrize(
    "fault",
    [
        OperationalError("COMMIT", {}, Exception("disk I/O error")),
        RuntimeError("something else broke while committing"),
    ],
    ids=["database error", "any other error"],
)
def test_a_commit_that_fails_shows_no_receipt_and_stores_nothing(
    surveys, feedback_app, feedback_client, db, engine, fault
):
    word = unique_word()
    answer_survey(feedback_client, db, "practitioner-feedback", text=f"the {word} plan")
    before = row_counts(engine)
    sessions = feedback_app.extensions["learning_loop"].sessions
    listener = _commit_fails(fault)
    event.listen(sessions, "before_commit", listener)
    try:
        _assert_not_sent_and_answers_kept(feedback_client.post(CHECK), word)
    finally:
        event.remove(sessions, "before_commit", listener)
    assert row_counts(engine) == before
    _resend_works(feedback_client, engine, word)


def test_an_addendum_that_fails_to_store_says_so_and_can_be_sent_again(
    surveys, feedback_app, feedback_client, db, engine
):
    from tests.feedback_app.flows import send_survey

    code = send_survey(feedback_client, db, "compliments-complaints")
    word = unique_word()
    feedback_client.post("/receipt", data={"code": code})
    feedback_client.post("/receipt/yours", data={"text": f"one more thing about the {word}"})
    before = row_counts(engine)
    sessions = feedback_app.extensions["learning_loop"].sessions
    listener = _commit_fails(OperationalError("COMMIT", {}, Exception("disk I/O error")))
    event.listen(sessions, "before_commit", listener)
    try:
        failed = feedback_client.post("/receipt/yours/check")
    finally:
        event.remove(sessions, "before_commit", listener)
    assert failed.status_code == 503
    page = failed.get_data(as_text=True)
    assert "Your words have not been added" in page and word in page
    assert row_counts(engine) == before
    added = feedback_client.post("/receipt/yours/check")
    assert added.status_code == 200 and "Your words have been added" in added.get_data(as_text=True)
    assert row_counts(engine)["response_addendum"] == 1


def test_sending_the_same_answers_twice_stores_them_once(surveys, feedback_client, db, engine):
    answer_survey(feedback_client, db, "family-feedback")
    first = feedback_client.post("/s/family-feedback/check")
    code = receipt_on(first.get_data(as_text=True))
    assert code
    again = feedback_client.post("/s/family-feedback/check")  # a double click, or a reload of the sent page
    page = again.get_data(as_text=True)
    assert again.status_code == 200 and "Your answers have already been sent" in page
    assert receipt_on(page) == code  # the same code: the browser may have shown only this reply
    assert row_counts(engine)["response"] == 1
    assert row_counts(engine)["receipt"] == 1


def test_answers_deleted_after_the_draft_lifetime_are_said_to_be_gone_not_silently_dropped(
    surveys, feedback_app, feedback_client, db, clock
):
    client = feedback_client
    assert client.get("/s/family-feedback/page/1").status_code == 200
    assert 'id="draft-lost"' not in client.get("/s/family-feedback/page/1").get_data(as_text=True)
    answer_survey(client, db, "family-feedback")
    hours = feedback_app.extensions["learning_loop"].settings.draft_lifetime_hours
    clock.advance(hours=hours + 1, seconds=1)  # past the lifetime and the hour it is rounded up to
    back = client.get("/s/family-feedback/check")
    assert back.status_code == 302 and back.headers["Location"].endswith("/s/family-feedback/page/1")
    page = client.get("/s/family-feedback/page/1").get_data(as_text=True)
    assert 'id="draft-lost"' in page and f"about {hours} hours after you last saved them" in page
    # Answered again, the notice goes.
    assert client.post("/s/family-feedback/page/1", data={"service": "early_help"}).status_code == 302
    assert 'id="draft-lost"' not in client.get("/s/family-feedback/page/2").get_data(as_text=True)
