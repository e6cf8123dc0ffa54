"""Invariant 5 across a whole invitation cycle: no response row, sealed answer, log line or file links a token,
an address or a contact to an answer; invitations hold nothing finer than a day and no response."""

from __future__ import annotations

import json
import logging

from sqlalchemy import Date, DateTime, inspect, select, text

from core.drafts import DraftHandle, load_draft
from core.mail.tokens import token_hash
from core.models import Contact, Invitation, Receipt, Response, Survey
from core.pairing import is_pairing_hash, normalise
from core.sealing import context_info
from core.services.dissemination import PAIRING_QUESTION
from tests.factories import survey_by_slug
from tests.feedback_app.flows import answer_survey, release_for_staff, unique_word
from tests.mail_cycle import LINK, Cycle, answer_through, disseminate_to, send_later_round
from tests.smtp_server import body_of

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


def _answer_round_with_codes(feedback_app, db, messages, codes: dict[str, str], confidence: dict[str, str]) -> None:
    """Each person answers through their link, giving their own code; the draft already holds only its hash."""
    slug = db.scalar(select(Survey.slug).where(Survey.slug.like("follow-up-%")))
    version_id = survey_by_slug(db, slug).current_version.id
    for message in messages:
        client = feedback_app.test_client()
        link = LINK.search(body_of(message))
        assert link is not None
        client.get(client.get(link.group(1)).headers["Location"])
        code = codes[str(message["To"])]
        answer_survey(client, db, slug, overrides={**confidence, PAIRING_QUESTION: code})
        with client.session_transaction() as cookie:
            handle = DraftHandle.from_cookie(cookie["drafts"][slug])
        draft = load_draft(db, handle, version_id, now=feedback_app.extensions["learning_loop"].clock.now())
        assert draft is not None and is_pairing_hash(draft["answers"][PAIRING_QUESTION])
        assert normalise(code) not in json.dumps(draft)
        assert client.post(f"/s/{slug}/check").status_code == 200


def test_a_pairing_code_is_kept_only_as_a_keyed_hash_sealed_in_the_answers_and_pairs_the_rounds(
    db, engine, surveys, make_settings, clock, smtp_server, feedback_app, admin_client, admin_app, auth, caplog
):
    caplog.set_level(logging.DEBUG)
    settings = make_settings(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    people = [f"paired{n}@example.org" for n in range(6)]
    sent, published = disseminate_to(db, settings, clock, people)
    area = published.areas[0]
    codes = {address: f"Kettle {unique_word('')} {n}" for n, address in enumerate(people)}
    _answer_round_with_codes(feedback_app, db, smtp_server.received[6:12], codes, {f"confidence_{area.id}": "2"})
    release_for_staff(db, clock.now().date())
    send_later_round(db, settings, clock, sent)
    # Typed again with other spaces and capitals: the same code.
    retyped = {address: f"  {code.upper().replace(' ', '')} " for address, code in codes.items()}
    _answer_round_with_codes(feedback_app, db, smtp_server.received[12:18], retyped, {f"confidence_{area.id}": "4"})
    release_for_staff(db, clock.now().date())

    auth.login("staff")
    page = admin_client.get(f"/impact/disseminations/{sent.id}").get_data(as_text=True)
    section = page[page.index(area.title) :]
    assert "6 people gave the same memorable code in both rounds" in section
    assert "median +2.0" in section and "effect size +1.00 (matched-pairs" in section

    keyring = admin_app.extensions["learning_loop"].keyring
    hashes = set()
    for response in db.scalars(select(Response)):
        info = context_info(response.version.survey_id, response.survey_version_id)
        opened = keyring.open(response.key_id, response.sealed, info)["answers"]
        assert is_pairing_hash(opened[PAIRING_QUESTION])
        hashes.add(opened[PAIRING_QUESTION])
    assert len(hashes) == 6  # one per person, the same in both rounds
    needles = {*codes.values(), *retyped.values(), *(normalise(c) for c in codes.values()), *hashes}
    needles = {n.strip() for n in needles} | {unique.split()[1] for unique in codes.values()}
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            dumped = repr(conn.execute(text(f'SELECT * FROM "{table}"')).all())  # noqa: S608 (names from the schema)
            assert not [n for n in needles if n in dumped or n.upper() in dumped], table
    logged = "\n".join(record.getMessage() for record in caplog.records if record.name != "mail.log")
    assert not [n for n in needles if n in logged or n.upper() in logged]
    for path in settings.instance_path.rglob("*"):
        if path.is_file():
            content = path.read_bytes().lower()
            assert not [n for n in needles if n.lower().encode() in content], path
