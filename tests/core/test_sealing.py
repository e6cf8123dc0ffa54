"""Sealing to the public key, opening with the private key, and key files at rest."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from core.opening import CannotOpen, Keyring, WrongPassphrase, generate_keypair, load_private_key, private_key_path
from core.sealing import (
    KeyFileError,
    context_info,
    current_key_id,
    load_current_public_key,
    load_public_key,
    public_key_path,
    seal,
)

PASSPHRASE = "a long enough passphrase"


@pytest.fixture
def keys_dir(tmp_path: Path) -> Path:
    generate_keypair(tmp_path / "keys", passphrase=None)
    return tmp_path / "keys"


def _keyring(keys_dir: Path, passphrase: str | None = None) -> Keyring:
    keyring = Keyring()
    keyring.unlock(keys_dir, passphrase)
    return keyring


def test_sealed_payload_opens_with_the_private_key_and_the_same_context(keys_dir):
    public = load_current_public_key(keys_dir)
    sealed = seal({"answers": {"q": "the words"}}, public, context_info(3, 7))
    assert sealed.key_id == public.key_id == current_key_id(keys_dir)
    assert b"the words" not in sealed.blob
    payload = _keyring(keys_dir).open(sealed.key_id, sealed.blob, context_info(3, 7))
    assert payload["answers"] == {"q": "the words"}
    assert payload["format"] == 1


@pytest.mark.parametrize("info", [context_info(3, 8), context_info(4, 7), context_info(3, 7, purpose="addendum")])
def test_a_sealed_blob_does_not_open_in_another_survey_version_or_purpose(keys_dir, info):
    sealed = seal({"answers": {}}, load_current_public_key(keys_dir), context_info(3, 7))
    with pytest.raises(CannotOpen):
        _keyring(keys_dir).open(sealed.key_id, sealed.blob, info)


def test_a_sealed_blob_does_not_open_with_another_key(keys_dir, tmp_path):
    sealed = seal({"answers": {}}, load_current_public_key(keys_dir), context_info(1, 1))
    other_dir = tmp_path / "other"
    other_id = generate_keypair(other_dir, passphrase=None)
    other = _keyring(other_dir)
    with pytest.raises(CannotOpen):
        other.open(sealed.key_id, sealed.blob, context_info(1, 1))  # key not held at all
    with pytest.raises(CannotOpen):
        other.open(other_id, sealed.blob, context_info(1, 1))  # a different private key


def test_a_damaged_blob_does_not_open(keys_dir):
    sealed = seal({"answers": {}}, load_current_public_key(keys_dir), context_info(1, 1))
    damaged = sealed.blob[:-1] + bytes([sealed.blob[-1] ^ 1])
    with pytest.raises(CannotOpen):
        _keyring(keys_dir).open(sealed.key_id, damaged, context_info(1, 1))


def test_sealing_the_same_answers_twice_gives_different_blobs(keys_dir):
    public = load_current_public_key(keys_dir)
    first = seal({"answers": {"q": "same"}}, public, context_info(1, 1))
    second = seal({"answers": {"q": "same"}}, public, context_info(1, 1))
    assert first.blob != second.blob


def test_an_encrypted_private_key_needs_its_passphrase(tmp_path):
    keys_dir = tmp_path / "keys"
    key_id = generate_keypair(keys_dir, passphrase=PASSPHRASE)
    path = private_key_path(keys_dir, key_id)
    record = json.loads(path.read_text())
    assert record["encryption"] == "scrypt+aes-256-gcm"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(WrongPassphrase):
        load_private_key(path, None)
    sealed = seal({"answers": {"q": "x"}}, load_current_public_key(keys_dir), context_info(1, 1))
    locked = _keyring(keys_dir, "not the passphrase")
    assert locked.locked == [key_id] and not locked.is_unlocked
    unlocked = _keyring(keys_dir, PASSPHRASE)
    assert unlocked.is_unlocked
    assert unlocked.open(sealed.key_id, sealed.blob, context_info(1, 1))["answers"] == {"q": "x"}


def test_a_private_key_file_that_does_not_match_its_id_is_refused(keys_dir, tmp_path):
    key_id = current_key_id(keys_dir)
    other_dir = tmp_path / "other"
    other_id = generate_keypair(other_dir, passphrase=None)
    record = json.loads(private_key_path(other_dir, other_id).read_text())
    record["key_id"] = key_id
    forged = tmp_path / "forged.private.json"
    forged.write_text(json.dumps(record))
    with pytest.raises(KeyFileError):
        load_private_key(forged, None)


def test_public_key_files_hold_no_private_material(keys_dir):
    key_id = current_key_id(keys_dir)
    pem = public_key_path(keys_dir, key_id).read_text()
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    assert "PRIVATE" not in pem
    assert load_public_key(public_key_path(keys_dir, key_id)).key_id == key_id


def test_missing_or_wrong_key_files_give_a_clear_error(tmp_path):
    with pytest.raises(KeyFileError, match="keys generate"):
        load_current_public_key(tmp_path / "nothing")
    bad = tmp_path / "bad.public.pem"
    bad.write_text("not a key")
    with pytest.raises(KeyFileError):
        load_public_key(bad)


def test_rotation_keeps_old_keys_able_to_open_old_blobs(keys_dir):
    old = load_current_public_key(keys_dir)
    old_blob = seal({"answers": {"q": "old"}}, old, context_info(1, 1))
    new_id = generate_keypair(keys_dir, passphrase=None)
    assert current_key_id(keys_dir) == new_id != old.key_id
    new_blob = seal({"answers": {"q": "new"}}, load_current_public_key(keys_dir), context_info(1, 1))
    keyring = _keyring(keys_dir)
    assert keyring.open(old_blob.key_id, old_blob.blob, context_info(1, 1))["answers"] == {"q": "old"}
    assert keyring.open(new_blob.key_id, new_blob.blob, context_info(1, 1))["answers"] == {"q": "new"}
