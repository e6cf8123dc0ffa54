"""Words written to add to one response never end up added to another one entered later in the same browser."""

from __future__ import annotations

from sqlalchemy import select

from core.models import Receipt, ResponseAddendum
from tests.feedback_app.flows import send_survey, unique_word


def test_words_held_for_one_receipt_are_not_added_to_the_next_receipt_entered(surveys, feedback_client, db):
    client = feedback_client
    first = send_survey(client, db, "practitioner-feedback")
    second = send_survey(client, db, "practitioner-feedback")
    word = unique_word()

    assert client.post("/receipt", data={"code": first}).status_code == 302
    assert client.post("/receipt/yours", data={"text": f"About my first answers: {word}"}).status_code == 302
    # Not sent: they enter their other code instead (a parent who answered twice, a shared family device).
    assert client.post("/receipt", data={"code": second}).status_code == 302

    yours = client.get("/receipt/yours").get_data(as_text=True)
    assert word not in yours
    check = client.get("/receipt/yours/check")
    assert check.status_code == 302 and check.headers["Location"].endswith("/receipt/yours")
    client.post("/receipt/yours/check")
    assert db.scalar(select(ResponseAddendum)) is None


def test_entering_the_same_receipt_again_keeps_the_words_being_written(surveys, feedback_client, db):
    client = feedback_client
    code = send_survey(client, db, "practitioner-feedback")
    word = unique_word()
    client.post("/receipt", data={"code": code})
    client.post("/receipt/yours", data={"text": f"Still writing {word}"})
    client.post("/receipt", data={"code": code})
    assert word in client.get("/receipt/yours/check").get_data(as_text=True)
    added = client.post("/receipt/yours/check")
    assert added.status_code == 200
    receipt = db.scalar(select(Receipt))
    addendum = db.scalar(select(ResponseAddendum))
    assert addendum is not None and addendum.response_id == receipt.response_id
