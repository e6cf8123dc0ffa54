"""Adding words with a receipt code, clicked twice at once, adds them once; both replies say they were added."""

from __future__ import annotations

import threading

from sqlalchemy import event, func, select

from core.models import ResponseAddendum
from tests.feedback_app.flows import send_survey, unique_word


def test_two_adds_of_the_same_words_at_once_keep_one_copy(feedback_app, feedback_client, db, surveys):
    code = send_survey(feedback_client, db, "family-feedback")
    assert feedback_client.post("/receipt", data={"code": code}).status_code == 302
    assert feedback_client.post("/receipt/yours", data={"text": f"One more thing {unique_word()}"}).status_code == 302
    cookie = feedback_client.get_cookie("ll_feedback")
    assert cookie is not None
    twin = feedback_app.test_client()
    twin.set_cookie("ll_feedback", cookie.value, domain=cookie.domain)

    # Both requests have read the held words before either removes them: the race a double click makes.
    both_read = threading.Barrier(2, timeout=10)

    def hold_until_both_read(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("DELETE FROM DRAFT"):
            both_read.wait()

    engine = feedback_app.extensions["learning_loop_engine"]
    event.listen(engine, "before_cursor_execute", hold_until_both_read)
    replies: list[tuple[int, str]] = []

    def add(client):
        reply = client.post("/receipt/yours/check")
        replies.append((reply.status_code, reply.get_data(as_text=True)))

    try:
        threads = [threading.Thread(target=add, args=(client,)) for client in (feedback_client, twin)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        event.remove(engine, "before_cursor_execute", hold_until_both_read)

    assert [status for status, _ in replies] == [200, 200], [page[:1500] for _, page in replies]
    # Whichever reply the browser shows (the last to arrive), it says the words were added.
    assert all("Your words have been added" in page for _, page in replies)
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(ResponseAddendum)) == 1


def test_a_second_click_that_arrives_after_the_first_was_answered_says_the_words_were_added(
    feedback_app, feedback_client, db, surveys
):
    code = send_survey(feedback_client, db, "family-feedback")
    feedback_client.post("/receipt", data={"code": code})
    feedback_client.post("/receipt/yours", data={"text": "I want to tell you i want to kill myself"})
    cookie = feedback_client.get_cookie("ll_feedback")
    assert cookie is not None
    # The browser drops the first click's reply and its new cookie: the second carries the cookie from before.
    first = feedback_client.post("/receipt/yours/check")
    assert first.status_code == 200 and "Your words have been added" in first.get_data(as_text=True)
    browser = feedback_app.test_client()
    browser.set_cookie("ll_feedback", cookie.value, domain=cookie.domain)

    second = browser.post("/receipt/yours/check")

    page = second.get_data(as_text=True)
    assert second.status_code == 200, page[:1500]
    assert "Your words have been added" in page
    assert "Important: getting help now" in page  # what the first reply said about the words, said again
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(ResponseAddendum)) == 1
    # Nothing is held any more: opening the check page again goes back to the feedback page.
    assert browser.get("/receipt/yours/check").status_code == 302


def test_the_check_page_without_words_held_goes_back_to_your_feedback(surveys, feedback_client, db):
    code = send_survey(feedback_client, db, "family-feedback")
    feedback_client.post("/receipt", data={"code": code})
    reply = feedback_client.post("/receipt/yours/check")
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/receipt/yours")
