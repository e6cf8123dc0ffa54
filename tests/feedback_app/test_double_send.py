"""One draft sent twice at once (a double click, two tabs) stores one response: the second send waits on the
first's claim of the draft and is told its answers were already sent, with the same receipt code.

In a browser the last response to a double click is the one shown, so every reply to a repeated send must carry
the receipt code: otherwise the person never sees it and may answer again."""

from __future__ import annotations

import threading

from sqlalchemy import event, func, select

from core.models import Draft, Response
from core.services.dissemination import follow_up_survey
from tests.feedback_app.flows import answer_survey, open_invitation_link, receipt_on, row_counts, token_on
from tests.mail_cycle import make_published_set

SLUG = "practitioner-feedback"
COMPLAINTS = "compliments-complaints"
SENT_AGAIN = "Your answers have already been sent"


def test_two_sends_of_one_draft_at_once_store_one_response(feedback_app, feedback_client, db, surveys):
    assert answer_survey(feedback_client, db, SLUG).status_code == 200
    _send_twice_at_once(feedback_app, feedback_client, db, SLUG)


def test_two_sends_of_one_invited_follow_up_at_once_say_one_was_kept_not_that_the_invitation_is_used(
    feedback_app, feedback_client, db, clock
):
    survey = follow_up_survey(db, make_published_set(db, clock.now().date()), "practitioner")
    db.commit()
    open_invitation_link(feedback_client, db, survey.id, clock.now().date())
    assert answer_survey(feedback_client, db, survey.slug).status_code == 200
    # Whichever of the two reaches the draft first, the other is told one copy was kept. The send that loses the
    # invitation but reaches the draft first cannot know the code yet (the other has not stored it): a 403 that
    # says so is the best it can do.
    _send_twice_at_once(feedback_app, feedback_client, db, survey.slug, refusals=(403,))


def _send_twice_at_once(feedback_app, feedback_client, db, slug: str, refusals: tuple[int, ...] = ()) -> None:
    cookie = feedback_client.get_cookie("ll_feedback")
    assert cookie is not None
    twin = feedback_app.test_client()
    twin.set_cookie("ll_feedback", cookie.value, domain=cookie.domain)

    # Both requests have read the draft before either removes it: the race a double click makes.
    both_read = threading.Barrier(2, timeout=10)

    def hold_until_both_read(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("DELETE FROM DRAFT"):
            both_read.wait()

    engine = feedback_app.extensions["learning_loop_engine"]
    event.listen(engine, "before_cursor_execute", hold_until_both_read)
    results: dict[str, tuple[int, str]] = {}
    clients = {"one": feedback_client, "two": twin}

    def send(name, client):
        response = client.post(f"/s/{slug}/check")
        results[name] = (response.status_code, response.get_data(as_text=True))

    try:
        threads = [threading.Thread(target=send, args=pair) for pair in (("one", feedback_client), ("two", twin))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        event.remove(engine, "before_cursor_execute", hold_until_both_read)

    statuses = sorted(status for status, _ in results.values())
    assert statuses[0] == 200 and statuses[1] in (200, *refusals), statuses
    pages = [page for _, page in results.values()]
    codes = {receipt_on(page) for status, page in results.values() if status == 200}
    assert len(codes) == 1 and None not in codes, "a repeated send did not show the same receipt code"
    repeat = next(page for page in pages if "Your answers have been sent" not in page)
    assert "one copy was kept" in repeat
    for name, (status, _page) in results.items():
        if status != 200:  # told to reload to see the code: a reload sends again, and shows it
            again = clients[name].post(f"/s/{slug}/check")
            assert again.status_code == 200 and receipt_on(again.get_data(as_text=True)) in codes
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Response)) == 1


def _check_form(client, db, slug: str) -> str:
    """Answer every page with CSRF on; returns the check page."""
    token = token_on(client.get(f"/s/{slug}/page/1").get_data(as_text=True))
    check = answer_survey(client, db, slug, csrf_token=token)
    assert check.status_code == 200
    return check.get_data(as_text=True)


def _responses(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Response)) or 0


def _assert_sent_again(reply, code: str) -> None:
    page = reply.get_data(as_text=True)
    assert reply.status_code == 200, page[:2000]
    assert SENT_AGAIN in page and "one copy was kept" in page, page[:2000]
    assert receipt_on(page) == code
    assert "What would you like to tell us?" not in page


def test_sending_the_same_answers_again_says_they_were_sent_and_shows_the_same_receipt_code(
    surveys, protected_client, db, engine
):
    token = token_on(_check_form(protected_client, db, COMPLAINTS))
    first = protected_client.post(f"/s/{COMPLAINTS}/check", data={"csrf_token": token})
    assert first.status_code == 200
    code = receipt_on(first.get_data(as_text=True))
    assert code is not None
    before = row_counts(engine)
    for _ in range(2):  # a reload of the sent page, or a second click that arrived after the first reply
        _assert_sent_again(protected_client.post(f"/s/{COMPLAINTS}/check", data={"csrf_token": token}), code)
    assert row_counts(engine) == before
    assert _responses(db) == 1


def test_a_repeat_that_carries_the_cookie_from_before_the_first_send_gets_the_same_receipt_code(
    surveys, protected_app, protected_client, db
):
    # A browser abandons the first request of a double click, with its reply and its new cookie: the second
    # request still carries the cookie from before the send.
    token = token_on(_check_form(protected_client, db, COMPLAINTS))
    cookie = protected_client.get_cookie("ll_feedback")
    assert cookie is not None
    first = protected_client.post(f"/s/{COMPLAINTS}/check", data={"csrf_token": token})
    code = receipt_on(first.get_data(as_text=True))
    assert code is not None
    browser = protected_app.test_client()
    browser.set_cookie("ll_feedback", cookie.value, domain=cookie.domain)
    _assert_sent_again(browser.post(f"/s/{COMPLAINTS}/check", data={"csrf_token": token}), code)
    # The reply leaves that browser where the first reply would have: sending once more shows the code again.
    _assert_sent_again(browser.post(f"/s/{COMPLAINTS}/check", data={"csrf_token": token}), code)
    assert _responses(db) == 1


def test_three_sends_of_one_draft_at_once_store_one_response_and_all_show_the_receipt_code(
    surveys, make_protected_app, db
):
    app = make_protected_app()
    first = app.test_client()
    token = token_on(_check_form(first, db, COMPLAINTS))
    cookie = first.get_cookie("ll_feedback")
    assert cookie is not None
    clients = [first]
    for _ in range(2):
        twin = app.test_client()
        twin.set_cookie("ll_feedback", cookie.value, domain=cookie.domain)
        clients.append(twin)

    # All three have read the draft before any removes it.
    all_read = threading.Barrier(3, timeout=10)

    def hold_until_all_read(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("DELETE FROM DRAFT"):
            all_read.wait()

    engine = app.extensions["learning_loop_engine"]
    event.listen(engine, "before_cursor_execute", hold_until_all_read)
    replies: list = [None] * 3

    def send(index: int) -> None:
        replies[index] = clients[index].post(f"/s/{COMPLAINTS}/check", data={"csrf_token": token})

    try:
        threads = [threading.Thread(target=send, args=(i,)) for i in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        event.remove(engine, "before_cursor_execute", hold_until_all_read)

    assert all(reply is not None and reply.status_code == 200 for reply in replies), [
        getattr(reply, "status_code", None) for reply in replies
    ]
    pages = [reply.get_data(as_text=True) for reply in replies]
    codes = {receipt_on(page) for page in pages}
    assert len(codes) == 1 and None not in codes, codes
    assert sum(SENT_AGAIN in page for page in pages) == 2
    assert all("Your answers have" in page and "sent" in page for page in pages)
    assert _responses(db) == 1


def test_the_receipt_code_held_for_a_repeat_send_is_sealed_and_the_size_of_the_draft_it_replaces(
    surveys, protected_client, db, engine
):
    token = token_on(_check_form(protected_client, db, COMPLAINTS))
    with engine.connect() as conn:
        (draft_size,) = conn.execute(select(func.length(Draft.ciphertext))).one()
    first = protected_client.post(f"/s/{COMPLAINTS}/check", data={"csrf_token": token})
    code = receipt_on(first.get_data(as_text=True))
    assert code is not None
    with engine.connect() as conn:
        rows = conn.execute(select(Draft.__table__)).all()
    # Held only under a key this browser has, and no bigger or smaller than a draft: a reader of the database
    # cannot tell a sent survey from one still being answered.
    assert len(rows) == 1
    assert code.encode() not in bytes(rows[0].ciphertext) and code not in repr(tuple(rows[0]))
    assert len(rows[0].ciphertext) == draft_size


def test_after_finishing_a_repeat_send_no_longer_shows_the_receipt_code(surveys, protected_client, db, engine):
    token = token_on(_check_form(protected_client, db, COMPLAINTS))
    first = protected_client.post(f"/s/{COMPLAINTS}/check", data={"csrf_token": token})
    code = receipt_on(first.get_data(as_text=True))
    assert code is not None
    _assert_sent_again(protected_client.post(f"/s/{COMPLAINTS}/check", data={"csrf_token": token}), code)
    assert protected_client.post("/receipt/leave", data={"csrf_token": token}).status_code == 302
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Draft.__table__)) == 0
    again = protected_client.post(f"/s/{COMPLAINTS}/check", data={"csrf_token": token})
    assert code not in again.get_data(as_text=True)
    assert _responses(db) == 1
