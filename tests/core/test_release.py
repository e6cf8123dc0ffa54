"""Responses reach staff in batches: none is seen as it arrives, and nothing shown follows the order of arrival."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select, text

from core import jobs
from core.models import Receipt, ReleaseBatch, Response, ResponseAnalysis
from core.opening import Keyring
from core.receipts import ReceiptHasher
from core.sealing import load_current_public_key
from core.services import findings
from core.services.reading import count_responses, flagged_unhandled, read_responses
from core.services.release import next_release_on, release_due, release_waiting, waiting
from core.services.responses import add_addendum, find_receipt, submit_response
from tests.factories import survey_by_slug
from tests.feedback_app.flows import send_survey, unique_word

DAY = dt.date(2026, 11, 27)
HASHER = ReceiptHasher(time_cost=1, memory_kib=8)


@pytest.fixture
def keyring(settings):
    ring = Keyring()
    ring.unlock(settings.keys_dir, None)
    return ring


def _submit(db, settings, word: str, day: dt.date = DAY, *, flagged: bool = False, slug: str = "practitioner-feedback"):
    """One response as the public app stores it (held), with its receipt."""
    return submit_response(
        db,
        version=survey_by_slug(db, slug).current_version,
        answers={"role": "Social worker", "agency_type": "Police", "gets_in_the_way": f"Late letters {word}"},
        removed={},
        needs_attention=flagged,
        campaign_id=None,
        public_key=load_current_public_key(settings.keys_dir),
        hasher=HASHER,
        today=day,
    )


def _arrive(
    db, settings, words: list[str], day: dt.date = DAY, *, flagged: bool = False, slug: str = "practitioner-feedback"
) -> list[str]:
    """Responses as the public app stores them (held), one per word, in this order of arrival."""
    ids = [_submit(db, settings, word, day, flagged=flagged, slug=slug).response_id for word in words]
    db.commit()
    return ids


def _survey(db):
    return survey_by_slug(db, "practitioner-feedback")


def test_a_single_new_response_is_invisible_to_staff_until_its_batch_is_released(
    surveys, auth, admin_client, feedback_client, db, settings
):
    word = unique_word()
    send_survey(feedback_client, db, "practitioner-feedback", text=f"Nobody rang back {word}")
    auth.login("staff")
    survey = _survey(db)
    page = admin_client.get(f"/surveys/{survey.id}/responses").get_data(as_text=True)
    assert word not in page and count_responses(db, survey) == 0
    held_id = db.scalar(select(Response.id))
    # Not by its id either: a held response does not exist as far as staff can tell.
    assert admin_client.get(f"/findings/responses/{held_id}/themes").status_code == 404
    assert admin_client.get(f"/surveys/responses/{held_id}/handled").status_code == 404

    _arrive(db, settings, [unique_word() for _ in range(4)])
    assert release_due(db, DAY, min_batch=5) is not None
    db.commit()
    page = admin_client.get(f"/surveys/{survey.id}/responses").get_data(as_text=True)
    assert word in page and count_responses(db, survey) == 5


def test_fewer_than_the_minimum_waiting_are_held_and_the_minimum_is_a_setting(surveys, db, settings):
    _arrive(db, settings, ["one", "two", "three", "four"])
    assert release_due(db, DAY, min_batch=5) is None
    assert db.scalar(select(ReleaseBatch)) is None and len(waiting(db)[_survey(db).id].responses) == 4
    batch = release_due(db, DAY, min_batch=3)
    assert batch is not None and batch.responses == 4 and waiting(db) == {}


def test_at_most_one_batch_goes_out_in_the_days_set(surveys, db, settings):
    _arrive(db, settings, [f"first{n}" for n in range(5)])
    assert release_due(db, DAY, min_batch=5, every_days=1) is not None
    _arrive(db, settings, [f"second{n}" for n in range(5)])
    # The same day: a second batch would show staff what arrived since the morning.
    assert release_due(db, DAY, min_batch=5, every_days=1) is None
    assert release_due(db, DAY + dt.timedelta(days=1), min_batch=5, every_days=2) is None
    assert release_due(db, DAY + dt.timedelta(days=2), min_batch=5, every_days=2) is not None
    assert [b.released_on for b in db.scalars(select(ReleaseBatch).order_by(ReleaseBatch.id))] == [
        DAY,
        DAY + dt.timedelta(days=2),
    ]


def test_each_survey_is_counted_on_its_own(surveys, db, settings):
    _arrive(db, settings, [f"p{n}" for n in range(5)])
    family = survey_by_slug(db, "family-feedback")
    _arrive(db, settings, ["alone"], slug="family-feedback")
    batch = release_due(db, DAY, min_batch=5)
    # The practitioner survey's five go; the family survey's one answer waits rather than be seen alone.
    assert batch is not None and batch.responses == 5 and list(waiting(db)) == [family.id]


def test_staff_pages_order_by_batch_and_random_id_and_date_by_the_batch_only(
    surveys, db, settings, keyring, auth, admin_client
):
    words = [unique_word() for _ in range(8)]
    days = [DAY - dt.timedelta(days=n) for n in range(8)]
    ids = []
    for word, day in zip(words, days):
        ids += _arrive(db, settings, [word], day)
    release_waiting(db, DAY + dt.timedelta(days=3))
    db.commit()
    opened = read_responses(db, keyring, _survey(db), user_id=None)
    assert [r.id for r in opened] == sorted(ids)
    assert {r.released_on for r in opened} == {DAY + dt.timedelta(days=3)}
    auth.login("staff")
    page = admin_client.get(f"/surveys/{_survey(db).id}/responses").get_data(as_text=True)
    shown = sorted(words, key=lambda w: page.index(w))
    assert shown == [words[ids.index(i)] for i in sorted(ids)]
    assert shown != words and shown != words[::-1]  # arrival order (either way) would be a leak
    for day in days:
        assert day.strftime("%-d %B %Y") not in page
    assert "Released 30 November 2026" in page


def test_a_response_saying_someone_may_not_be_safe_goes_out_at_the_next_release_however_few_wait(surveys, db, settings):
    """The respondent is told staff start with such answers: a quiet survey must not hold one for months. What else
    that survey has waiting goes with it; other surveys still wait for their minimum."""
    _arrive(db, settings, ["ordinary"], slug="young-people")
    assert release_due(db, DAY, min_batch=5) is None
    _arrive(db, settings, ["risk"], flagged=True, slug="young-people")
    _arrive(db, settings, ["alone"], slug="family-feedback")
    assert flagged_unhandled(db) == []  # still held: nothing is seen as it arrives
    batch = release_due(db, DAY, min_batch=5)
    assert batch is not None and batch.responses == 2
    assert [(r.needs_attention, day) for r, day in flagged_unhandled(db)] == [(True, DAY)]
    assert list(waiting(db)) == [survey_by_slug(db, "family-feedback").id]
    # At most one batch a day still holds: a flagged answer that comes later the same day waits for tomorrow's.
    _arrive(db, settings, ["later"], flagged=True, slug="young-people")
    assert release_due(db, DAY, min_batch=5) is None
    assert release_due(db, DAY + dt.timedelta(days=1), min_batch=5) is not None


def test_words_added_later_wait_for_a_batch_of_their_own(surveys, db, settings, keyring):
    ids = _arrive(db, settings, [f"r{n}" for n in range(5)])
    release_waiting(db, DAY)
    word = unique_word()
    receipt = db.scalar(select(Receipt).where(Receipt.response_id == ids[0]))
    add_addendum(
        db,
        receipt=receipt,
        text=f"And one more thing {word}",
        removed=[],
        needs_attention=False,
        public_key=load_current_public_key(settings.keys_dir),
        today=DAY,
    )
    db.commit()
    opened = read_responses(db, keyring, _survey(db), user_id=None)
    assert all(r.addenda == [] for r in opened)
    assert release_due(db, DAY + dt.timedelta(days=1), min_batch=5) is None  # one addendum is not a batch
    assert release_waiting(db, DAY + dt.timedelta(days=1), min_batch=1) is not None
    opened = read_responses(db, keyring, _survey(db), user_id=None)
    assert [text for r in opened for _when, text, _flag in r.addenda] == [f"And one more thing {word}"]


def test_the_analysis_run_themes_released_responses_only(surveys, db, settings, keyring):
    classifier = findings.load_classifier()
    held = _arrive(db, settings, ["held"])
    assert findings.pending_count(db, classifier.version) == 0
    run = findings.run_analysis(db, keyring, classifier, today=DAY)
    assert run.analysed == 0
    _arrive(db, settings, [f"more{n}" for n in range(4)])
    release_due(db, DAY, min_batch=5)
    db.commit()
    run = findings.run_analysis(db, keyring, classifier, today=DAY)
    assert run.analysed == 5 and held[0] in {r.response_id for r in db.scalars(select(ResponseAnalysis))}


def test_the_release_job_is_registered_and_uses_the_settings(engine, db, settings, surveys, clock):
    assert ("release-responses", "core.jobs:release_responses", 3600) in jobs.RECURRING
    scheduler = jobs.start(jobs.make_scheduler(engine), jobs.Runtime(lambda: db, settings, clock=clock))
    try:
        scheduler.pause()
        assert scheduler.get_job("release-responses") is not None
    finally:
        scheduler.shutdown()
    _arrive(db, settings, ["a", "b", "c"])
    assert jobs.release_responses() == 0
    jobs.start(
        jobs.make_scheduler(engine),
        jobs.Runtime(lambda: db, dataclasses.replace(settings, release_min_batch=3), clock=clock),
        recurring=False,
    ).shutdown()
    assert jobs.release_responses() == 3


# Each table's response ids in the order its rows lie in the database file, as a copy of it shows them.
STORED_ORDER = {
    ("response", "sqlite"): "SELECT id FROM response ORDER BY rowid",
    ("receipt", "sqlite"): "SELECT response_id FROM receipt ORDER BY rowid",
    ("response_release", "sqlite"): "SELECT response_id FROM response_release ORDER BY rowid",
}


def _stored_order(db, table: str) -> list[str]:
    return list(db.scalars(text(STORED_ORDER[table, db.get_bind().dialect.name])))


TRANSACTIONS = {
    "response": "SELECT count(DISTINCT xmin::text) FROM response",
    "receipt": "SELECT count(DISTINCT xmin::text) FROM receipt",
}


def _transactions(db, table: str) -> int:
    """How many transactions wrote the table's rows now there (PostgreSQL's xmin)."""
    return db.scalar(text(TRANSACTIONS[table]))


def test_a_released_batch_lies_in_the_database_in_shuffled_order_and_its_receipts_still_work(db, settings, surveys):
    arrived, codes = [], {}
    for n in range(24):
        submission = _submit(db, settings, str(n))
        arrived.append(submission.response_id)
        codes[submission.response_id] = str(submission.receipt)
        db.commit()
    first = arrived[0]
    add_addendum(
        db,
        receipt=db.scalar(select(Receipt).where(Receipt.response_id == first)),
        text="And one more thing",
        removed=[],
        needs_attention=False,
        public_key=load_current_public_key(settings.keys_dir),
        today=DAY,
    )
    db.commit()
    postgresql = db.get_bind().dialect.name == "postgresql"
    if postgresql:
        # PostgreSQL reuses space freed by earlier tests, so a row's place is not a clean order to test by; each row's
        # transaction number is: one per response as they arrived, then the release's alone.
        assert _transactions(db, "response") == 24 and _transactions(db, "receipt") == 24
    else:
        assert _stored_order(db, "response") == arrived and _stored_order(db, "receipt") == arrived  # as written

    release_waiting(db, DAY)
    db.commit()

    if postgresql:
        assert _transactions(db, "response") == _transactions(db, "receipt") == 1
    else:
        lying = _stored_order(db, "response")
        assert sorted(lying) == sorted(arrived) and lying != arrived  # 1 in 24! to come out as it went in
        # Receipts and the release's own rows follow the shuffle, not the order of arrival.
        assert _stored_order(db, "receipt") == lying and _stored_order(db, "response_release") == lying
    # Nothing is lost: every receipt still opens its own response, and the added words are still there.
    for response_id, code in codes.items():
        assert find_receipt(db, code, HASHER).response_id == response_id
    assert len(db.get(Response, first).addenda) == 1
    assert count_responses(db, _survey(db)) == 24


def test_the_next_release_is_today_before_any_batch_then_the_days_set_after_the_last(surveys, db, settings):
    assert next_release_on(db, DAY, every_days=1) == DAY
    _arrive(db, settings, [f"first{n}" for n in range(5)])
    assert release_due(db, DAY, min_batch=5, every_days=2) is not None

    assert next_release_on(db, DAY, every_days=2) == DAY + dt.timedelta(days=2)
    assert next_release_on(db, DAY + dt.timedelta(days=1), every_days=1) == DAY + dt.timedelta(days=1)
    assert next_release_on(db, DAY + dt.timedelta(days=9), every_days=2) == DAY + dt.timedelta(days=9)
