"""Going Back from 'Your answers have been sent' says they were sent, instead of an empty first page."""

from __future__ import annotations

from tests.feedback_app.flows import answer_survey, receipt_on, row_counts, token_on

SLUG = "compliments-complaints"


def test_going_back_after_sending_says_they_were_sent_without_showing_the_code_and_sends_nothing(
    surveys, protected_client, db, engine
):
    client = protected_client
    token = token_on(client.get(f"/s/{SLUG}/page/1").get_data(as_text=True))
    answer_survey(client, db, SLUG, csrf_token=token)
    code = receipt_on(client.post(f"/s/{SLUG}/check", data={"csrf_token": token}).get_data(as_text=True))
    assert code is not None
    before = row_counts(engine)

    back = client.get(f"/s/{SLUG}/check")

    page = back.get_data(as_text=True)
    assert back.status_code == 200, page[:2000]
    assert "Your answers have already been sent" in page and "one copy was kept" in page
    # The code is shown when answers are sent, and to a repeated send; never to a page reopened from history.
    assert code not in page
    assert "Send your answers" not in page
    assert row_counts(engine) == before


def test_after_finishing_going_back_starts_again_without_the_code(surveys, protected_client, db):
    client = protected_client
    token = token_on(client.get(f"/s/{SLUG}/page/1").get_data(as_text=True))
    answer_survey(client, db, SLUG, csrf_token=token)
    code = receipt_on(client.post(f"/s/{SLUG}/check", data={"csrf_token": token}).get_data(as_text=True))
    assert client.post("/receipt/leave", data={"csrf_token": token}).status_code == 302

    back = client.get(f"/s/{SLUG}/check")

    assert back.status_code == 302 and back.headers["Location"].endswith(f"/s/{SLUG}/page/1")
    assert code not in client.get(back.headers["Location"]).get_data(as_text=True)


def test_a_new_set_of_answers_after_sending_reaches_its_own_check_page(surveys, protected_client, db):
    client = protected_client
    token = token_on(client.get(f"/s/{SLUG}/page/1").get_data(as_text=True))
    answer_survey(client, db, SLUG, csrf_token=token)
    client.post(f"/s/{SLUG}/check", data={"csrf_token": token})
    check = answer_survey(client, db, SLUG, csrf_token=token)
    assert check.status_code == 200 and "Send your answers" in check.get_data(as_text=True)


def test_going_back_after_answers_that_worry_us_still_shows_where_to_get_help(surveys, protected_client, db):
    client = protected_client
    token = token_on(client.get("/s/young-people/page/1").get_data(as_text=True))
    answer_survey(client, db, "young-people", overrides={"feel_safe": "1"}, csrf_token=token)
    client.post("/s/young-people/check", data={"csrf_token": token})

    page = client.get("/s/young-people/check").get_data(as_text=True)

    assert "Your answers have already been sent" in page
    assert "Important: getting help now" in page and "0800 1111" in page
