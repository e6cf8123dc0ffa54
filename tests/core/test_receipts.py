"""Receipt codes: enough secret, forgiving to type, stored only as a slow hash."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import select

from config import Settings
from core.errors import ReceiptNotRecognised
from core.models import Receipt, Response
from core.receipts import ALPHABET, LOOKUP_CHARS, SECRET_CHARS, ReceiptHasher, new_code, parse_code
from core.services.responses import find_receipt
from tests.feedback_app.flows import store_response

HASHER = ReceiptHasher(time_cost=1, memory_kib=8)


def test_a_code_has_at_least_80_bits_of_secret_from_a_32_letter_alphabet():
    assert len(set(ALPHABET)) == 32
    assert SECRET_CHARS * math.log2(len(ALPHABET)) >= 80
    code = new_code()
    assert len(code.lookup) == LOOKUP_CHARS and len(code.secret) == SECRET_CHARS
    assert set(code.lookup + code.secret) <= set(ALPHABET)


def test_codes_do_not_repeat():
    assert len({str(new_code()) for _ in range(500)}) == 500


def test_a_code_reads_in_five_groups_of_four():
    shown = str(new_code())
    assert [len(part) for part in shown.split("-")] == [4, 4, 4, 4, 4]


def test_typing_is_forgiving_about_case_spaces_dashes_and_look_alike_letters():
    code = new_code()
    shown = str(code)
    typed = [
        shown.lower(),
        shown.replace("-", " "),
        " " + shown.replace("-", "") + " ",
        shown.replace("0", "O").replace("1", "I"),
        shown.replace("1", "l").replace("0", "o").lower(),
    ]
    for variant in typed:
        assert parse_code(variant) == code, variant


@pytest.mark.parametrize(
    "typed", ["", "ABCD", "ABCD-EFGH-JKMN-PQRS-TVW", "ABCD-EFGH-JKMN-PQRS-TVWXY", "ABCD-EFGH-JKMN-PQRS-TVW#"]
)
def test_codes_of_the_wrong_length_are_not_accepted(typed):
    assert parse_code(typed) is None


def test_the_hash_verifies_the_code_and_nothing_else():
    code = new_code()
    stored = HASHER.hash(code)
    assert code.secret not in stored and str(code) not in stored
    assert stored.startswith("$argon2id$")
    assert HASHER.verify(stored, code)
    other = parse_code(code.lookup + ("0" if code.secret[0] != "0" else "1") + code.secret[1:])
    assert other is not None and not HASHER.verify(stored, other)
    assert not HASHER.verify("not a hash", code)


def test_production_receipt_hashing_is_memory_hard_and_its_secret_is_80_random_bits():
    # The secret is 80 random bits, not a chosen password: the hash must be one-way and
    # memory-hard (argon2id, at least 4 MiB), not password-slow (see Settings.receipt_hash_*).
    defaults = Settings()
    assert defaults.receipt_hash_time_cost >= 1 and defaults.receipt_hash_memory_kib >= 4 * 1024
    stored = ReceiptHasher(defaults.receipt_hash_time_cost, defaults.receipt_hash_memory_kib).hash(new_code())
    assert stored.startswith("$argon2id$") and f"m={defaults.receipt_hash_memory_kib}" in stored
    assert SECRET_CHARS * 5 >= 80


def test_a_stored_receipt_is_found_by_its_code_and_only_by_it(db, surveys, settings):
    submission = store_response(
        db, settings, "compliments-complaints", {"kind": "compliment", "service": "Police", "details": "Thank you"}
    )
    hasher = ReceiptHasher(settings.receipt_hash_time_cost, settings.receipt_hash_memory_kib)
    receipt = find_receipt(db, str(submission.receipt).lower().replace("-", " "), hasher)
    assert receipt.response_id == submission.response_id
    stored = db.scalar(select(Receipt))
    assert stored.lookup == submission.receipt.lookup
    assert submission.receipt.secret not in stored.secret_hash
    with pytest.raises(ReceiptNotRecognised) as wrong:
        find_receipt(db, submission.receipt.lookup + "Z" * 16, hasher)
    with pytest.raises(ReceiptNotRecognised) as malformed:
        find_receipt(db, "hello", hasher)
    # The same words whatever went wrong, so a guesser learns nothing.
    assert wrong.value.message == malformed.value.message
    assert db.get(Response, submission.response_id) is not None
