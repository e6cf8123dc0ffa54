"""A code is taken once, and guessing pauses after five, even when sign-ins check one account at the same moment."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy.orm import Session

from core.db import make_session_factory
from core.errors import ValidationFailed
from core.models import SecondFactor
from core.second_factor import SecretBox, code_at
from core.services import second_factor as service
from tests.factories import TEST_TOTP_SECRET, make_user

AT = dt.datetime(2026, 11, 27, 10, 30, 10, tzinfo=dt.timezone.utc)
BOX = SecretBox("an instance secret of a good length")


@pytest.fixture
def enrolled(db):
    user = make_user(db)
    db.add(SecondFactor(user_id=user.id, encrypted_secret=BOX.seal(TEST_TOTP_SECRET), confirmed_at=AT))
    db.commit()
    return user


def test_a_code_read_by_another_worker_before_it_was_used_is_still_refused_there(db, engine, enrolled):
    # The second worker's request read the account's authenticator before the first one took the code: someone
    # who saw the code typed sends it at the same moment as its owner. Only one of them signs in.
    other: Session = make_session_factory(engine)()
    try:
        other_user = other.get(type(enrolled), enrolled.id)
        seen = other.get(SecondFactor, enrolled.id)  # kept, as the request that read it keeps it
        assert seen.last_step == 0
        code = code_at(TEST_TOTP_SECRET, AT)
        service.check_code(db, BOX, enrolled, code, AT)
        db.commit()
        with pytest.raises(ValidationFailed) as refused:
            service.check_code(other, BOX, other_user, code, AT)
        assert "used already" in refused.value.errors["code"]
        other.commit()
    finally:
        other.close()


def test_a_burst_of_guesses_sent_at_the_same_moment_gets_no_more_than_five_checked(engine, enrolled):
    # Someone who has the password sends many wrong codes at once, each in its own worker: every check counted the
    # failures before any of the others had written theirs, so the pause after five never came.
    factory = make_session_factory(engine)
    outcomes: list[str] = []
    start = threading.Barrier(12)

    def guess() -> None:
        session = factory()
        try:
            user = session.get(type(enrolled), enrolled.id)
            start.wait()
            try:
                service.check_code(session, BOX, user, "000000", AT)
                outcomes.append("accepted")
            except service.TooManyAttempts:
                outcomes.append("paused")
            except ValidationFailed:
                outcomes.append("checked")
            session.commit()
        finally:
            session.close()

    workers = [threading.Thread(target=guess) for _ in range(12)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(outcomes) == ["checked"] * service.MAX_FAILURES + ["paused"] * (12 - service.MAX_FAILURES)
