"""Backups taken while answers are being sent restore every table, keep sealed answers sealed, and refuse misuse."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
import uuid
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, inspect, make_url, select, text

from admin_app.cli import main
from core.backup import BackupError, make_backup, restore_backup
from core.db import Base, make_engine, make_session_factory
from core.mail.keys import load_mail_key, new_key_text
from core.models import Receipt, Response
from core.opening import Keyring, generate_keypair
from core.sealing import CLASSIC_KEM, context_info, load_current_public_key
from core.services import mailing_lists
from tests.factories import enrol_second_factor, make_user
from tests.feedback_app.flows import store_response, unique_word


@pytest.fixture
def empty_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a database with nothing in it, of the same kind as the test database."""
    if make_url(database_url).get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    server = make_url(database_url)
    name = f"restore_{uuid.uuid4().hex[:12]}"
    admin = make_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def every_table(url: str) -> dict[str, list[str]]:
    """Every row of every table (the schema's and Alembic's), as sorted reprs, to compare two databases."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            names = [t.name for t in Base.metadata.sorted_tables] + ["alembic_version"]
            assert set(names) <= set(inspect(conn).get_table_names())
            return {n: _rows(conn, n) for n in names}
    finally:
        engine.dispose()


def _rows(conn: Any, name: str) -> list[str]:
    query = text(f'SELECT * FROM "{name}"')  # noqa: S608 (table names from our own metadata)
    return sorted(repr(tuple(row)) for row in conn.execute(query))


class Submitter(threading.Thread):
    """Sends answers through the service, one committed transaction each, until stopped."""

    def __init__(self, engine: Engine, settings: Any) -> None:
        super().__init__(daemon=True)
        self.sessions = make_session_factory(engine)
        self.settings = settings
        self.stop = threading.Event()
        self.stored = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                with self.sessions() as session:
                    store_response(session, self.settings, "compliments-complaints", ANSWERS)
                self.stored += 1
        except BaseException as exc:  # the test reports it
            self.error = exc

    def wait_for(self, count: int) -> None:
        while self.stored < count and self.error is None:
            self.stop.wait(0.02)


ANSWERS = {"kind": "compliment", "service": "Police", "details": "They listened to us."}


def _backup_while_submitting(engine: Engine, settings: Any, database_url: str, target: Path, **kwargs: Any) -> int:
    submitter = Submitter(engine, settings)
    submitter.start()
    try:
        submitter.wait_for(3)
        make_backup(database_url, target, **kwargs)
        before_stop = submitter.stored
        submitter.wait_for(before_stop + 2)  # answers keep arriving after the snapshot
    finally:
        submitter.stop.set()
        submitter.join(30)
    assert submitter.error is None, submitter.error
    return submitter.stored


def _readable(url: str, keyring: Keyring) -> int:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            responses = session.scalars(select(Response)).all()
            for response in responses:
                info = context_info(response.version.survey_id, response.version.id)
                assert keyring.open(response.key_id, response.sealed, info)["answers"]["kind"] == "compliment"
            return len(responses)
    finally:
        engine.dispose()


def test_a_backup_taken_while_answers_arrive_restores_a_consistent_copy_of_every_table(
    engine, db, settings, surveys, database_url, empty_database, tmp_path
):
    stored = _backup_while_submitting(engine, settings, database_url, tmp_path / "during.backup")
    restore_backup(empty_database, tmp_path / "during.backup")
    source, restored = every_table(database_url), every_table(empty_database)
    assert 3 <= len(restored["response"]) < stored == len(source["response"])
    assert set(restored["response"]) <= set(source["response"])
    # One snapshot: each restored response has its receipt, and no receipt is left without its response.
    restored_engine = make_engine(empty_database)
    try:
        with restored_engine.connect() as conn:
            ids = {r.id for r in conn.execute(select(Response.id))}
            assert ids == {r.response_id for r in conn.execute(select(Receipt.response_id))}
    finally:
        restored_engine.dispose()
    # What arrives with each answer (its receipt, its release to staff) is in the copy as far as the answer is.
    arriving = {"response", "receipt", "response_release", "release_batch"}
    for name in source.keys() - arriving:
        assert restored[name] == source[name], name
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, None)
    assert _readable(empty_database, keyring) == len(restored["response"])


def test_a_backup_taken_when_all_is_quiet_restores_every_row_of_every_table(
    db, settings, surveys, database_url, empty_database, tmp_path
):
    store_response(db, settings, "compliments-complaints", ANSWERS)
    make_backup(database_url, tmp_path / "quiet.backup")
    restore_backup(empty_database, tmp_path / "quiet.backup")
    assert every_table(empty_database) == every_table(database_url)


def _plain_text_of(backup: Path, database_url: str) -> bytes:
    """What a reader of the backup sees: the SQLite file's bytes, or pg_dump's archive as SQL."""
    if make_url(database_url).get_backend_name() == "sqlite":
        return backup.read_bytes()
    return subprocess.run(["pg_restore", "--file", "-", str(backup)], capture_output=True, check=True).stdout


def test_a_backup_holds_answers_only_sealed(db, settings, surveys, database_url, tmp_path):
    word = unique_word()
    store_response(db, settings, "compliments-complaints", {**ANSWERS, "details": f"the {word} helped"})
    make_backup(database_url, tmp_path / "plain.backup")
    content = _plain_text_of(tmp_path / "plain.backup", database_url)
    assert b"compliments-complaints" in content  # the survey, which is not sealed, is in the copy
    assert word.encode() not in content


def test_an_encrypted_backup_restores_only_with_its_private_key(
    db, settings, surveys, database_url, empty_database, tmp_path
):
    store_response(db, settings, "compliments-complaints", ANSWERS)
    target = tmp_path / "sealed.backup"
    summary = make_backup(database_url, target, encrypt_to=load_current_public_key(settings.keys_dir))
    assert summary.encrypted_to == load_current_public_key(settings.keys_dir).key_id
    assert b"compliments-complaints" not in target.read_bytes()
    with pytest.raises(BackupError, match="private key is missing"):
        restore_backup(empty_database, target, keyring=Keyring())
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, None)
    restore_backup(empty_database, target, keyring=keyring)
    assert every_table(empty_database) == every_table(database_url)


@pytest.mark.parametrize("damage", ["flip", "cut", "extend"])
def test_a_damaged_encrypted_backup_is_refused_and_restores_nothing(
    db, settings, surveys, database_url, empty_database, tmp_path, damage
):
    store_response(db, settings, "compliments-complaints", ANSWERS)
    target = tmp_path / "sealed.backup"
    make_backup(database_url, target, encrypt_to=load_current_public_key(settings.keys_dir))
    data = bytearray(target.read_bytes())
    if damage == "flip":
        data[-20] ^= 1
    elif damage == "cut":
        data = data[:-5]
    else:
        data += b"more"
    target.write_bytes(bytes(data))
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, None)
    with pytest.raises(BackupError, match="changed or damaged|cut short|after its last chunk"):
        restore_backup(empty_database, target, keyring=keyring)
    assert "response" not in inspect_tables(empty_database)


def inspect_tables(url: str) -> set[str]:
    if make_url(url).get_backend_name() == "sqlite" and not Path(make_url(url).database or "").exists():
        return set()
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_restore_refuses_a_database_that_holds_rows_unless_forced(
    db, settings, surveys, database_url, empty_database, tmp_path
):
    store_response(db, settings, "compliments-complaints", ANSWERS)
    make_backup(database_url, tmp_path / "one.backup")
    restore_backup(empty_database, tmp_path / "one.backup")
    with pytest.raises(BackupError, match="not empty .*--force"):
        restore_backup(empty_database, tmp_path / "one.backup")
    store_response(db, settings, "compliments-complaints", ANSWERS)
    make_backup(database_url, tmp_path / "two.backup")
    restore_backup(empty_database, tmp_path / "two.backup", force=True)
    assert every_table(empty_database) == every_table(database_url)


def test_a_backup_of_a_database_that_is_not_there_is_refused_and_writes_no_file(tmp_path):
    with pytest.raises(BackupError, match="no database"):
        make_backup(f"sqlite:///{tmp_path / 'missing.sqlite3'}", tmp_path / "out.backup")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_restore_refuses_a_file_that_is_not_a_backup(empty_database, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a backup")
    with pytest.raises(BackupError, match="not a Learning Loop backup"):
        restore_backup(empty_database, bogus)


def _cli(instance: Path, url: str, *args: str, input: str | None = None) -> Any:
    env = {
        "LEARNING_LOOP_INSTANCE_PATH": str(instance),
        "LEARNING_LOOP_DATABASE_URL": url,
        "LEARNING_LOOP_ENVIRONMENT": "testing",
    }
    return CliRunner().invoke(main, list(args), env=env, input=input, catch_exceptions=False)


def test_the_backup_and_restore_commands_round_trip_an_encrypted_backup(
    db, settings, surveys, database_url, empty_database, tmp_path
):
    store_response(db, settings, "compliments-complaints", ANSWERS)
    key = load_current_public_key(settings.keys_dir)
    target = tmp_path / "cli.backup"
    made = _cli(
        settings.instance_path,
        database_url,
        "backup",
        str(target),
        "--encrypt-to",
        str(settings.keys_dir / f"{key.key_id}.public.pem"),
    )
    assert made.exit_code == 0, made.output
    assert f"encrypted to key {key.key_id}" in made.output
    restored = _cli(settings.instance_path, empty_database, "restore", str(target))
    assert restored.exit_code == 0, restored.output
    assert every_table(empty_database) == every_table(database_url)
    again = _cli(settings.instance_path, empty_database, "restore", str(target))
    assert again.exit_code == 1 and "not empty" in again.output


def test_the_commands_say_plainly_when_the_database_cannot_be_reached(tmp_path):
    unreachable = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    backup = tmp_path / "b.backup"
    backup.write_bytes(b"PGDMP not really")
    for args in (("backup", str(tmp_path / "out.backup")), ("restore", str(backup))):
        result = _cli(tmp_path / "instance", unreachable, *args)
        assert result.exit_code == 1 and "Error:" in result.output and "Traceback" not in result.output, result.output


def test_a_backup_cut_short_is_refused_in_one_line_and_restores_nothing(
    db, settings, surveys, database_url, empty_database, tmp_path
):
    store_response(db, settings, "compliments-complaints", ANSWERS)
    whole = tmp_path / "plain.backup"
    make_backup(database_url, whole)
    cut = tmp_path / "cut.backup"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    refused = _cli(settings.instance_path, empty_database, "restore", str(cut))
    assert refused.exit_code == 1, refused.output
    assert "damaged or cut short" in refused.output and "Traceback" not in refused.output, refused.output
    assert len(refused.output.strip().splitlines()) == 1
    assert "response" not in inspect_tables(empty_database)
    # Forced over a database that holds rows, it leaves them as they were.
    restore_backup(empty_database, whole)
    before = every_table(empty_database)
    forced = _cli(settings.instance_path, empty_database, "restore", "--force", str(cut))
    assert forced.exit_code == 1 and "damaged or cut short" in forced.output, forced.output
    assert every_table(empty_database) == before


def test_restore_says_a_missing_private_key_is_missing_and_where_it_was_looked_for(
    db, settings, surveys, database_url, empty_database, tmp_path
):
    key = load_current_public_key(settings.keys_dir)
    target = tmp_path / "sealed.backup"
    make_backup(database_url, target, encrypt_to=key)
    elsewhere = tmp_path / "new-instance"  # another server's instance folder, with no keys folder at all
    refused = _cli(elsewhere, empty_database, "restore", str(target))
    assert refused.exit_code == 1, refused.output
    wanted = elsewhere.resolve() / "keys" / f"{key.key_id}.private.json"
    assert "private key is missing" in refused.output and str(wanted) in refused.output, refused.output
    assert "unlock" not in refused.output


def test_restore_says_a_private_key_that_is_there_but_locked_needs_its_passphrase(
    database_url, empty_database, tmp_path
):
    keys_dir = tmp_path / "keys"
    key_id = generate_keypair(keys_dir, "a long passphrase", kem=CLASSIC_KEM)
    target = tmp_path / "sealed.backup"
    make_backup(database_url, target, encrypt_to=load_current_public_key(keys_dir))
    keyring = Keyring()
    keyring.unlock(keys_dir, None)
    with pytest.raises(BackupError, match=f"key {key_id}, whose private key is locked: give its passphrase"):
        restore_backup(empty_database, target, keyring=keyring, keys_dir=keys_dir)


def test_a_backup_over_an_earlier_one_replaces_it_and_says_so(db, settings, surveys, database_url, tmp_path):
    helped = CliRunner().invoke(main, ["backup", "--help"])
    assert "An existing FILE is replaced" in helped.output, helped.output
    target = tmp_path / "nightly.backup"
    first = _cli(settings.instance_path, database_url, "backup", str(target))
    assert first.exit_code == 0 and "replaced" not in first.output, first.output
    store_response(db, settings, "compliments-complaints", ANSWERS)
    second = _cli(settings.instance_path, database_url, "backup", str(target))
    assert second.exit_code == 0 and "It replaced the earlier backup" in second.output, second.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".learning-loop-")) == []


def test_a_backup_that_fails_leaves_the_earlier_backup_of_that_name_whole(tmp_path):
    good = tmp_path / "good.sqlite3"
    with sqlite3.connect(good) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    target = tmp_path / "nightly.backup"
    make_backup(f"sqlite:///{good}", target)
    earlier = target.read_bytes()
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # a database file that cannot be read
    result = _cli(tmp_path / "instance", f"sqlite:///{damaged}", "backup", str(target))
    assert result.exit_code == 1 and "cannot be copied" in result.output, result.output
    assert "Traceback" not in result.output
    assert target.read_bytes() == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["damaged.sqlite3", "good.sqlite3", "nightly.backup"]


def test_a_restore_on_another_server_warns_which_instance_secrets_to_copy_across(
    db, settings, database_url, empty_database, tmp_path, clock
):
    admin = make_user(db, role="admin")
    enrol_second_factor(db, settings, admin)
    group = mailing_lists.create_list(db, name="Families", audience="family")
    key = load_mail_key(settings)
    mailing_lists.import_addresses(db, key, group, b"email\nparent@example.org\n", today=clock.now().date())
    db.commit()
    target = tmp_path / "plain.backup"
    make_backup(database_url, target)
    elsewhere = tmp_path / "other-server"  # a new, empty instance folder
    restored = _cli(elsewhere, empty_database, "restore", str(target))
    assert restored.exit_code == 0 and "Restored" in restored.output, restored.output
    warned = restored.output
    assert "authenticator keys in this backup cannot be read" in warned, warned
    assert str(elsewhere.resolve() / "second_factor.secret") in warned and "users reset-2fa" in warned
    assert "mailing-list addresses" in warned and str(elsewhere.resolve() / "mail.key") in warned
    # The check reads this server's secrets and makes none: a new one would hide that the old one is wanted.
    assert not (elsewhere / "second_factor.secret").exists() and not (elsewhere / "mail.key").exists()
    # A server's own secrets that are not the old ones are named as not reading them.
    elsewhere.mkdir(exist_ok=True)
    for name in ("second_factor.secret", "mail.key"):
        (elsewhere / name).write_text(new_key_text())
    wrong = _cli(elsewhere, empty_database, "restore", "--force", str(target))
    assert wrong.exit_code == 0 and wrong.output.count("Warning:") == 2, wrong.output
    # With both files copied across from the old instance folder, the same restore is quiet.
    for name in ("second_factor.secret", "mail.key"):
        shutil.copyfile(settings.instance_path / name, elsewhere / name)
    again = _cli(elsewhere, empty_database, "restore", "--force", str(target))
    assert again.exit_code == 0 and "Warning" not in again.output, again.output


@pytest.mark.parametrize(
    "header",
    [
        b"[]",
        b"{}",
        b'"a backup"',
        b'{"key_id": ["k"], "sealed_key": "", "kind": "sqlite"}',
        b'{"key_id": "KEY", "sealed_key": "not base64!", "kind": "sqlite"}',
        b'{"key_id": "KEY", "sealed_key": 5, "kind": "sqlite"}',
        b'{"key_id": "KEY", "kind": "sqlite", "x": ' + b"[" * 5_000 + b"]" * 5_000 + b"}",
    ],
)
def test_an_encrypted_backup_whose_header_is_not_a_backups_is_refused_as_damaged(
    settings, empty_database, tmp_path, header
):
    # Valid JSON of the wrong shape was a TypeError, KeyError, RecursionError or binascii.Error: a traceback.
    key_id = next(p.name.split(".")[0] for p in settings.keys_dir.glob("*.private.json"))
    header = header.replace(b"KEY", key_id.encode())
    target = tmp_path / "odd.backup"
    target.write_bytes(b"LEARNING-LOOP-BACKUP/1\n" + len(header).to_bytes(4, "big") + header)
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, None)
    with pytest.raises(BackupError, match="header is damaged"):
        restore_backup(empty_database, target, keyring=keyring)
    refused = _cli(settings.instance_path, empty_database, "restore", str(target))
    assert refused.exit_code == 1 and "header is damaged" in refused.output, refused.output
    assert "response" not in inspect_tables(empty_database)
