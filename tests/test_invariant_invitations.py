"""Invariant 5 across a whole invitation cycle: no response row, sealed answer, log line or file links a token,
an address or a contact to an answer; invitations hold nothing finer than a day and no response."""

from __future__ import annotations

import json
import logging

from sqlalchemy import Date, DateTime, select

from core.mail.tokens import token_hash
from core.models import Contact, Invitation, Receipt, Response
from core.sealing import context_info
from tests.mail_cycle import Cycle, answer_through

ANSWER_TABLES = (Response, Receipt)


def test_no_response_log_line_or_file_links_a_token_or_address_to_an_answer(
    db, surveys, make_settings, clock, smtp_server, feedback_app, admin_app, caplog
):
    caplog.set_level(logging.DEBUG)
    settings = make_settings(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    cycle = Cycle(db, settings, clock, smtp_server, people=8)
    cycle.invite()
    first = cycle.links()
    for address in cycle.addresses[:3]:
        answer_through(feedback_app.test_client(), db, first[address])
    clock.advance(days=7)
    cycle.remind()
    reminded = cycle.links("Reminder: ")
    assert sorted(reminded) == sorted(cycle.addresses[3:])
    for address in cycle.addresses[3:6]:
        answer_through(feedback_app.test_client(), db, reminded[address])

    tokens = [link.rsplit("=", 1)[1] for link in [*first.values(), *reminded.values()]]
    contacts = db.scalars(select(Contact)).all()
    needles = {*tokens, *(token_hash(t) for t in tokens), *cycle.addresses}
    needles |= {c.address_hash for c in contacts} | {c.unsubscribe_hash for c in contacts}
    needles |= {a.split("@")[0] for a in cycle.addresses}

    keyring = admin_app.extensions["learning_loop"].keyring
    responses = db.scalars(select(Response)).all()
    assert len(responses) == 6
    for response in responses:
        row = json.dumps(
            {c.name: str(getattr(response, c.name)) for c in Response.__table__.columns if c.name != "sealed"}
        )
        info = context_info(response.version.survey_id, response.survey_version_id)
        opened = json.dumps(keyring.open(response.key_id, response.sealed, info))
        for needle in needles:
            assert needle not in row and needle not in opened and needle.encode() not in response.sealed
        contact_ids = {str(c.id) for c in contacts}
        assert response.campaign_id == cycle.campaign.id and not contact_ids & {response.id}
    for receipt in db.scalars(select(Receipt)):
        assert not any(needle in f"{receipt.id} {receipt.lookup} {receipt.secret_hash}" for needle in needles)

    # Every log line of ours and of the libraries we run; "mail.log" is the test's SMTP server, the outside world.
    logged = "\n".join(record.getMessage() for record in caplog.records if record.name != "mail.log")
    assert not [needle for needle in needles if needle in logged]
    for path in settings.instance_path.rglob("*"):
        if path.is_file() and path.name != "mail.key":
            content = path.read_bytes()
            assert not [n for n in needles if n.encode() in content], path

    # The invitation knows answered or not, nothing finer than the day, and nothing of the response.
    columns = Invitation.__table__.columns
    assert not [c.name for c in columns if isinstance(c.type, DateTime)]
    assert {c.name for c in columns if isinstance(c.type, Date)} == {"sent_on", "expires_on"}
    assert not [c.name for c in columns if "response" in c.name or "receipt" in c.name]
    assert not [fk for c in columns for fk in c.foreign_keys if fk.column.table.name in {"response", "receipt"}]
    response_ids = {r.id for r in responses}
    for invitation in db.scalars(select(Invitation)):
        values = {str(getattr(invitation, c.name)) for c in columns}
        assert not values & response_ids
    assert sum(i.answered for i in db.scalars(select(Invitation))) == 6
