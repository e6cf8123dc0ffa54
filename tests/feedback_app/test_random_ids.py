"""Response, addendum and receipt ids are random: none of them tells staff the order in which people answered."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from core.models import Receipt, Response, ResponseAddendum
from tests.feedback_app.flows import send_survey


def _is_random_uuid(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 32:
        return False
    parsed = uuid.UUID(hex=value)
    return parsed.version == 4 and parsed.variant == uuid.RFC_4122


def test_receipt_response_and_addendum_ids_are_random_not_counters(surveys, feedback_client, db):
    codes = [send_survey(feedback_client, db, "practitioner-feedback") for _ in range(3)]
    feedback_client.post("/receipt", data={"code": codes[0]})
    feedback_client.post("/receipt/yours", data={"text": "One more thing about the meeting."})
    assert feedback_client.post("/receipt/yours/check").status_code == 200

    receipts = db.scalars(select(Receipt.id)).all()
    responses = db.scalars(select(Response.id)).all()
    addenda = db.scalars(select(ResponseAddendum.id)).all()
    assert len(receipts) == 3 and len(responses) == 3 and len(addenda) == 1
    for value in [*receipts, *responses, *addenda]:
        assert _is_random_uuid(value), value


def test_coming_back_with_a_receipt_keeps_its_random_id_in_the_session(surveys, feedback_client, db):
    code = send_survey(feedback_client, db, "family-feedback")
    assert feedback_client.post("/receipt", data={"code": code}).status_code == 302
    with feedback_client.session_transaction() as session:
        held = session["receipt"]
    assert held == db.scalar(select(Receipt.id)) and _is_random_uuid(held)
    assert feedback_client.get("/receipt/yours").status_code == 200
