"""TOTP codes and the second-factor records, without HTTP."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import ValidationFailed
from core.models import SecondFactor
from core.second_factor import (
    SecretBox,
    code_at,
    looks_like_recovery_code,
    matching_step,
    new_recovery_codes,
    new_secret,
    time_step,
)
from core.services import second_factor as service
from tests.factories import TEST_TOTP_SECRET, make_user

AT = dt.datetime(2026, 11, 27, 10, 30, 10, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(("offset", "accepted"), [(-60, False), (-30, True), (0, True), (30, True), (60, False)])
def test_a_code_one_step_either_side_of_now_is_accepted(offset, accepted):
    code = code_at(TEST_TOTP_SECRET, AT + dt.timedelta(seconds=offset))
    assert (matching_step(TEST_TOTP_SECRET, code, AT, after_step=0) is not None) is accepted


def test_a_code_at_or_before_the_last_step_used_is_refused():
    code = code_at(TEST_TOTP_SECRET, AT)
    step = matching_step(TEST_TOTP_SECRET, code, AT, after_step=0)
    assert step == time_step(AT)
    assert matching_step(TEST_TOTP_SECRET, code, AT, after_step=step) is None
    assert matching_step(TEST_TOTP_SECRET, f" {code[:3]} {code[3:]} ", AT, after_step=step - 1) == step


@pytest.mark.parametrize("bad", ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦"])
def test_anything_but_six_digits_matches_nothing(bad):
    assert matching_step(TEST_TOTP_SECRET, bad, AT, after_step=0) is None


@pytest.mark.parametrize("bad", ["éééééééééé", "abcde-fgh²j", "\x00" * 10])
def test_a_recovery_code_typed_with_other_characters_is_just_wrong(bad):
    assert SecretBox("an instance secret of a good length").code_hash(bad)


def test_recovery_codes_are_random_and_hash_the_same_however_typed():
    codes = new_recovery_codes()
    assert len(set(codes)) == 10 and all(looks_like_recovery_code(c) for c in codes)
    box = SecretBox("an instance secret of a good length")
    assert box.code_hash(codes[0]) == box.code_hash(codes[0].upper().replace("-", " "))
    assert box.code_hash(codes[0]) != SecretBox("another instance secret, also long").code_hash(codes[0])
    assert len(new_secret()) == 32


def test_a_set_up_begun_under_a_replaced_instance_secret_starts_again(db):
    user = make_user(db)
    old = SecretBox("the instance secret before it was replaced")
    db.add(SecondFactor(user_id=user.id, encrypted_secret=old.seal(TEST_TOTP_SECRET)))
    db.flush()
    new = SecretBox("the instance secret now in use, long enough")
    enrolment = service.start_enrolment(db, new, user, "Learning Loop")
    assert enrolment.secret != TEST_TOTP_SECRET
    assert new.open(db.get(SecondFactor, user.id).encrypted_secret) == enrolment.secret


def test_a_confirmed_key_that_cannot_be_read_is_a_clear_refusal(db):
    user = make_user(db)
    old = SecretBox("the instance secret before it was replaced")
    db.add(SecondFactor(user_id=user.id, encrypted_secret=old.seal(TEST_TOTP_SECRET), confirmed_at=AT))
    db.flush()
    with pytest.raises(ValidationFailed) as refused:
        service.check_code(db, SecretBox("the instance secret now in use"), user, code_at(TEST_TOTP_SECRET, AT), AT)
    assert "ask an administrator to reset it" in refused.value.errors["code"]
