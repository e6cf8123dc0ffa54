"""Rotating keys: new answers go to the new key, old ones stay readable, and re-sealing moves them all, resumably."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from admin_app.cli import main
from core.models import Response, ResponseAddendum
from core.opening import Keyring, WrongPassphrase, generate_keypair, load_private_key, private_key_path
from core.rotation import ResealProgress, RotationError, reseal, retire, rotate, sealed_counts
from core.sealing import context_info, current_key_id, load_current_public_key
from core.services.responses import add_addendum, addendum_info
from tests.feedback_app.flows import store_response

PASSPHRASE = "a long passphrase for rotation"


def _answers(n: int) -> dict[str, Any]:
    return {"kind": "compliment", "service": "Police", "details": f"They listened, visit {n}."}


def _store_some(db, settings, n: int) -> list[str]:
    ids = []
    for i in range(n):
        submission = store_response(db, settings, "compliments-complaints", _answers(i))
        ids.append(submission.response_id)
    receipt_response = db.get(Response, ids[0])
    from core.models import Receipt

    receipt = db.scalars(select(Receipt).where(Receipt.response_id == receipt_response.id)).one()
    add_addendum(
        db,
        receipt=receipt,
        text="One more thing.",
        removed=[],
        needs_attention=False,
        public_key=load_current_public_key(settings.keys_dir),
        today=receipt_response.submitted_on,
    )
    db.commit()
    return ids


def _everything_opened(db, keyring: Keyring) -> dict[str, Any]:
    """Every response and addendum opened in memory, by id (fails if any does not open)."""
    db.expire_all()
    opened: dict[str, Any] = {}
    for response in db.scalars(select(Response)):
        opened[response.id] = keyring.open(
            response.key_id, response.sealed, context_info(response.version.survey_id, response.version.id)
        )
        for addendum in response.addenda:
            opened[addendum.id] = keyring.open(addendum.key_id, addendum.sealed, addendum_info(response.version))
    return opened


def _keyring(keys_dir: Path, passphrase: str | None = None) -> Keyring:
    keyring = Keyring()
    keyring.unlock(keys_dir, passphrase)
    return keyring


def test_after_rotation_new_answers_use_the_new_key_and_old_ones_still_open(db, settings, surveys):
    _store_some(db, settings, 3)
    old, new = rotate(settings.keys_dir, None)
    assert current_key_id(settings.keys_dir) == new != old
    fresh = store_response(db, settings, "compliments-complaints", _answers(9)).response_id
    assert db.get(Response, fresh).key_id == new
    assert sealed_counts(db) == dict(sorted({old: 4, new: 1}.items()))
    opened = _everything_opened(db, _keyring(settings.keys_dir))
    assert len(opened) == 5


def test_reseal_moves_every_answer_to_the_new_key_and_the_old_key_can_then_be_destroyed(db, settings, surveys):
    _store_some(db, settings, 5)
    before = _everything_opened(db, _keyring(settings.keys_dir))
    old, new = rotate(settings.keys_dir, None)
    with pytest.raises(RotationError, match="still sealed"):
        retire(db, settings.keys_dir, old)

    progress = reseal(db, _keyring(settings.keys_dir), settings.keys_dir, batch_size=2)
    assert (progress.resealed, progress.remaining, progress.unreadable) == (6, 0, [])
    assert progress.batches == 4  # responses in batches of 2, 2 and 1, then the addendum
    assert sealed_counts(db) == {new: 6}

    retire(db, settings.keys_dir, old)
    assert not private_key_path(settings.keys_dir, old).exists()
    only_new = _keyring(settings.keys_dir)
    assert set(only_new.keys) == {new}
    assert _everything_opened(db, only_new) == before
    with pytest.raises(RotationError, match="current key"):
        retire(db, settings.keys_dir, new)


@pytest.mark.parametrize("key_id", ["k" * 5000, "../outside", "/tmp/elsewhere", ""])
def test_retire_refuses_a_key_id_that_names_no_key_file_in_the_keys_folder(db, settings, tmp_path, key_id):
    # A key id is 16 hex digits: a long one was an OSError (file name too long), and one with a "/" named a file
    # outside the keys folder, which retire would have overwritten with zeros and removed.
    outside = settings.keys_dir.parent / "outside.private.json"
    outside.write_text("not a key of ours")
    with pytest.raises(RotationError, match="there is no private key"):
        retire(db, settings.keys_dir, key_id)
    assert outside.read_text() == "not a key of ours"


class Crash(Exception):
    pass


def test_a_reseal_cut_short_after_a_batch_loses_nothing_and_resumes_where_it_stopped(db, settings, surveys):
    _store_some(db, settings, 5)
    before = _everything_opened(db, _keyring(settings.keys_dir))
    old, new = rotate(settings.keys_dir, None)

    def crash_after_first_batch(progress: ResealProgress) -> None:
        raise Crash

    with pytest.raises(Crash):
        reseal(db, _keyring(settings.keys_dir), settings.keys_dir, batch_size=2, after_batch=crash_after_first_batch)
    db.rollback()
    assert sealed_counts(db) == dict(sorted({old: 4, new: 2}.items()))  # the first batch was committed
    assert _everything_opened(db, _keyring(settings.keys_dir)) == before  # and every answer still opens

    resumed = reseal(db, _keyring(settings.keys_dir), settings.keys_dir, batch_size=2)
    assert (resumed.resealed, resumed.remaining) == (4, 0)
    assert sealed_counts(db) == {new: 6}
    assert _everything_opened(db, _keyring(settings.keys_dir)) == before


def test_reseal_leaves_answers_whose_key_is_locked_and_says_so(db, settings, surveys):
    _store_some(db, settings, 2)
    rotate(settings.keys_dir, None)
    only_new = Keyring()
    only_new.keys = {
        k: v for k, v in _keyring(settings.keys_dir).keys.items() if k == current_key_id(settings.keys_dir)
    }
    progress = reseal(db, only_new, settings.keys_dir)
    assert progress.resealed == 0 and progress.remaining == 3 and len(progress.unreadable) == 3


def test_a_rotated_key_is_encrypted_with_the_current_keys_passphrase(tmp_path):
    keys_dir = tmp_path / "keys"
    generate_keypair(keys_dir, PASSPHRASE)
    with pytest.raises(RotationError, match="give its passphrase"):
        rotate(keys_dir, None)
    with pytest.raises(RotationError, match="does not open the current key"):
        rotate(keys_dir, "not the passphrase at all")
    old, new = rotate(keys_dir, PASSPHRASE)
    record = json.loads(private_key_path(keys_dir, new).read_text())
    assert record["encryption"] == "scrypt+aes-256-gcm"
    keyring = _keyring(keys_dir, PASSPHRASE)
    assert set(keyring.keys) == {old, new} and not keyring.locked
    with pytest.raises(WrongPassphrase):
        load_private_key(private_key_path(keys_dir, new), None)  # nothing of it is readable without the passphrase


def test_production_refuses_to_rotate_to_an_unencrypted_key(tmp_path):
    keys_dir = tmp_path / "keys"
    generate_keypair(keys_dir, None)
    with pytest.raises(RotationError, match="embedded default only"):
        rotate(keys_dir, None, allow_unencrypted=False)
    assert len(list(keys_dir.glob("*.private.json"))) == 1


def test_the_keys_commands_rotate_reseal_and_retire(db, settings, surveys, database_url):
    _store_some(db, settings, 3)
    env = {
        "LEARNING_LOOP_INSTANCE_PATH": str(settings.instance_path),
        "LEARNING_LOOP_DATABASE_URL": database_url,
        "LEARNING_LOOP_ENVIRONMENT": "testing",
    }

    def run(*args: str):
        return CliRunner().invoke(main, ["keys", *args], env=env, catch_exceptions=False)

    old = current_key_id(settings.keys_dir)
    rotated = run("rotate")
    assert rotated.exit_code == 0, rotated.output
    new = current_key_id(settings.keys_dir)
    assert f"Key {new} is now current (it was {old})" in rotated.output
    assert "4 answers are sealed to older keys" in rotated.output
    refused = run("retire", old)
    assert refused.exit_code == 1 and "still sealed" in refused.output
    resealed = run("reseal", "--batch-size", "2")
    assert resealed.exit_code == 0 and "Re-sealed 4 answers; 0 remain" in resealed.output
    assert run("retire", old).exit_code == 0
    db.rollback()
    assert {r.key_id for r in db.scalars(select(Response))} | {
        a.key_id for a in db.scalars(select(ResponseAddendum))
    } == {new}
