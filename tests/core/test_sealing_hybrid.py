"""New keys seal with hybrid HPKE (ML-KEM-768 + X25519); answers sealed to older X25519 keys stay readable."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from core.models import Response
from core.opening import CannotOpen, Keyring, generate_keypair
from core.rotation import reseal, rotate, sealed_counts
from core.sealing import (
    CLASSIC_KEM,
    HYBRID_KEM,
    KeyFileError,
    context_info,
    load_current_public_key,
    load_public_key,
    public_key_path,
    seal,
)
from tests.feedback_app.flows import store_response


def _keyring(keys_dir: Path) -> Keyring:
    keyring = Keyring()
    keyring.unlock(keys_dir, None)
    return keyring


def test_a_new_key_is_hybrid_and_its_sealed_answers_open_only_with_it(tmp_path):
    keys_dir = tmp_path / "keys"
    key_id = generate_keypair(keys_dir, None)
    public = load_current_public_key(keys_dir)
    assert (public.kem, public.key_id) == (HYBRID_KEM, key_id)
    assert public_key_path(keys_dir, key_id).read_text().count("BEGIN PUBLIC KEY") == 2
    sealed = seal({"answers": {"q": "words"}}, public, context_info(1, 2))
    assert len(sealed.blob) > 1088  # the ML-KEM-768 ciphertext (1088 bytes) and the X25519 share travel with it
    assert _keyring(keys_dir).open(key_id, sealed.blob, context_info(1, 2))["answers"] == {"q": "words"}
    with pytest.raises(CannotOpen):
        _keyring(keys_dir).open(key_id, sealed.blob, context_info(1, 3))
    other = tmp_path / "other"
    other_id = generate_keypair(other, None)
    with pytest.raises(CannotOpen):
        _keyring(other).open(other_id, sealed.blob, context_info(1, 2))


def test_a_public_key_file_with_its_parts_swapped_or_missing_is_refused(tmp_path):
    keys_dir = tmp_path / "keys"
    key_id = generate_keypair(keys_dir, None)
    path = public_key_path(keys_dir, key_id)
    first, second = path.read_text().split("-----END PUBLIC KEY-----\n")[:2]
    swapped = tmp_path / "swapped.pem"
    swapped.write_text(second + "-----END PUBLIC KEY-----\n" + first + "-----END PUBLIC KEY-----\n")
    only_mlkem = tmp_path / "only.pem"
    only_mlkem.write_text(first + "-----END PUBLIC KEY-----\n")
    for bad in (swapped, only_mlkem):
        with pytest.raises(KeyFileError, match="neither"):
            load_public_key(bad)


def test_answers_sealed_to_an_x25519_key_stay_readable_after_moving_to_a_hybrid_key_and_reseal_to_it(
    db, settings, surveys
):
    generate_keypair(settings.keys_dir, None, kem=CLASSIC_KEM)
    assert load_current_public_key(settings.keys_dir).kem == CLASSIC_KEM
    classic = store_response(db, settings, "compliments-complaints", {"kind": "compliment", "details": "kind"})
    old, new = rotate(settings.keys_dir, None)
    assert load_current_public_key(settings.keys_dir).kem == HYBRID_KEM
    hybrid = store_response(db, settings, "compliments-complaints", {"kind": "complaint", "details": "slow"})
    assert db.get(Response, classic.response_id).key_id == old and db.get(Response, hybrid.response_id).key_id == new

    def opened() -> dict[str, str]:
        db.expire_all()
        keyring = _keyring(settings.keys_dir)
        return {
            r.id: keyring.open(r.key_id, r.sealed, context_info(r.version.survey_id, r.version.id))["answers"]["kind"]
            for r in db.scalars(select(Response))
        }

    assert opened() == {classic.response_id: "compliment", hybrid.response_id: "complaint"}
    reseal(db, _keyring(settings.keys_dir), settings.keys_dir)
    assert sealed_counts(db) == {new: 2}
    assert opened() == {classic.response_id: "compliment", hybrid.response_id: "complaint"}
