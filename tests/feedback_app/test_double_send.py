"""One draft sent twice at once (a double click, two tabs) stores one response: the second send waits on the
first's claim of the draft and is told its answers were already sent."""

from __future__ import annotations

import threading

from sqlalchemy import event, func, select

from core.models import Response
from core.services.dissemination import follow_up_survey
from tests.feedback_app.flows import answer_survey, open_invitation_link
from tests.mail_cycle import make_published_set

SLUG = "practitioner-feedback"


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
    # Whichever of the two reaches the draft first, the other is told one copy was kept.
    _send_twice_at_once(feedback_app, feedback_client, db, survey.slug, refusals=(403, 409))


def _send_twice_at_once(feedback_app, feedback_client, db, slug: str, refusals: tuple[int, ...] = (409,)) -> None:
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
    assert statuses[0] == 200 and statuses[1] in refusals, statuses
    refused = next(page for status, page in results.values() if status != 200)
    assert "one copy was kept" in refused
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Response)) == 1
