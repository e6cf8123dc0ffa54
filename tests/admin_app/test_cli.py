"""The `learning-loop` command: schema, keys, accounts, templates, demo data and the server."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, inspect, select

from admin_app.cli import main
from core.db import make_engine
from core.models import Response, Survey, User
from core.opening import Keyring, WrongPassphrase, load_private_key, private_key_path
from core.passwords import verify_password
from core.sealing import context_info, current_key_id
from tests.feedback_app.flows import store_response

PASSPHRASE = "a passphrase for the cli test"
TEMPLATES = {
    "practitioner-feedback",
    "family-feedback",
    "young-people",
    "review-participation",
    "compliments-complaints",
}


@pytest.fixture
def cli(tmp_path: Path, database_url: str):
    """Run the command with a fresh instance folder and the test database."""
    instance = tmp_path / "cli-instance"

    def run(*args: str, input: str | None = None, database: str | None = None, **extra: str) -> Result:
        env = {
            "LEARNING_LOOP_INSTANCE_PATH": str(instance),
            "LEARNING_LOOP_DATABASE_URL": database or database_url,
            "LEARNING_LOOP_ENVIRONMENT": "testing",
            **{f"LEARNING_LOOP_{name.upper()}": value for name, value in extra.items()},
        }
        return CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)

    run.instance = instance  # type: ignore[attr-defined]
    return run


def test_db_upgrade_creates_the_schema_and_is_idempotent(cli, tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    for _ in range(2):
        result = cli("db", "upgrade", database=url)
        assert result.exit_code == 0, result.output
        assert "Database is up to date." in result.output
    engine = make_engine(url)
    try:
        assert {"survey", "response", "receipt", "draft", "user_account", "audit_event"} <= set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "args", [("upgrade", "--revision", "zzz"), ("upgrade", "--revision", ""), ("downgrade", "zzz")]
)
def test_db_commands_name_a_revision_that_does_not_exist_instead_of_a_traceback(cli, tmp_path, args):
    # A mistyped revision was an Alembic CommandError (an AssertionError for an empty one) with its traceback.
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert cli("db", "upgrade", database=url).exit_code == 0
    result = CliRunner().invoke(
        main,
        ["db", *args],
        env={"LEARNING_LOOP_INSTANCE_PATH": str(cli.instance), "LEARNING_LOOP_DATABASE_URL": url},
    )
    assert result.exit_code == 1, result.output
    assert "Error: there is no revision" in result.output and "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (("users", "create", "new@example.org", "--role", "staff", "--password-stdin"), "password"),
        (("keys", "generate", "--passphrase-stdin"), "passphrase"),
        (("keys", "rotate", "--passphrase-stdin"), "passphrase"),
    ],
)
def test_a_secret_on_standard_input_that_is_not_utf8_is_refused_in_one_line(cli, database_url, args, what):
    # Bytes that are not UTF-8 were a UnicodeDecodeError traceback (or, in the C locale, a UnicodeEncodeError one).
    if args[1] == "rotate":
        assert cli("keys", "generate", "--no-passphrase").exit_code == 0
    result = CliRunner().invoke(
        main,
        list(args),
        input=b"\xff\xfe then enough characters for a secret\n",
        env={
            "LEARNING_LOOP_INSTANCE_PATH": str(cli.instance),
            "LEARNING_LOOP_DATABASE_URL": database_url,
            "LEARNING_LOOP_ENVIRONMENT": "testing",
        },
    )
    assert result.exit_code == 1, result.output
    assert f"Error: The {what} on standard input is not UTF-8 text." in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


PRODUCTION = {
    "environment": "production",
    "admin_secret_key": "a-production-admin-secret-" + "x" * 20,
    "second_factor_secret_key": "a-production-second-factor-secret-" + "x" * 20,
    "mail_key": "bWFpbC1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXMtbG9uZw",
    "public_base_url": "https://feedback.partnership.example",
}


def test_the_instance_folder_and_the_sqlite_database_are_private_to_their_owner(cli):
    previous = os.umask(0o022)  # the usual default, under which SQLite alone would make a world-readable file
    try:
        database = cli.instance / "learning_loop.sqlite3"
        result = cli("db", "upgrade", database=f"sqlite:///{database}")
        assert result.exit_code == 0, result.output
        assert cli("keys", "generate", "--no-passphrase").exit_code == 0
    finally:
        os.umask(previous)
    assert cli.instance.stat().st_mode & 0o777 == 0o700
    assert database.stat().st_mode & 0o777 == 0o600
    for path in cli.instance.glob("learning_loop.sqlite3*"):  # the -wal and -shm files too
        assert path.stat().st_mode & 0o077 == 0, path
    keys_dir = cli.instance / "keys"
    assert keys_dir.stat().st_mode & 0o777 == 0o700
    assert private_key_path(keys_dir, current_key_id(keys_dir)).stat().st_mode & 0o777 == 0o600
    for secret in cli.instance.glob("*.secret"):
        assert secret.stat().st_mode & 0o777 == 0o600


def test_production_refuses_an_unencrypted_private_key(cli):
    result = cli("keys", "generate", "--no-passphrase", **PRODUCTION)
    assert result.exit_code != 0
    assert "choose a passphrase" in result.output
    assert not (cli.instance / "keys" / "current").exists()
    encrypted = cli("keys", "generate", "--passphrase-stdin", input=PASSPHRASE + "\n", **PRODUCTION)
    assert encrypted.exit_code == 0, encrypted.output


def test_production_without_a_secret_key_says_which_one_is_missing(cli):
    result = cli("keys", "generate", "--passphrase-stdin", input=PASSPHRASE + "\n", environment="production")
    assert result.exit_code == 1
    assert "LEARNING_LOOP_ADMIN_SECRET_KEY must be set in production" in result.output
    assert "Traceback" not in result.output
    serving = cli("serve", "--app", "feedback", environment="production")
    assert serving.exit_code == 1
    assert "LEARNING_LOOP_FEEDBACK_SECRET_KEY must be set in production" in serving.output


def test_production_refuses_demo_data_and_its_published_password(cli, db):
    assert cli("keys", "generate", "--passphrase-stdin", input=PASSPHRASE + "\n", **PRODUCTION).exit_code == 0
    result = cli("demo", "load", key_passphrase=PASSPHRASE, **PRODUCTION)
    assert result.exit_code != 0
    assert "refused in production" in result.output
    assert db.scalar(select(func.count()).select_from(User)) == 0
    assert db.scalar(select(func.count()).select_from(Survey)) == 0


def test_keys_generate_encrypts_the_private_key_by_default(cli):
    result = cli("keys", "generate", "--passphrase-stdin", input=PASSPHRASE + "\n")
    assert result.exit_code == 0, result.output
    keys_dir = cli.instance / "keys"
    key_id = current_key_id(keys_dir)
    assert key_id in result.output and "public.pem" in result.output
    path = private_key_path(keys_dir, key_id)
    assert json.loads(path.read_text())["encryption"] == "scrypt+aes-256-gcm"
    assert path.stat().st_mode & 0o077 == 0
    with pytest.raises(WrongPassphrase):
        load_private_key(path, None)
    assert load_private_key(path, PASSPHRASE)


def test_keys_generate_refuses_a_short_passphrase(cli):
    result = cli("keys", "generate", "--passphrase-stdin", input="short\n")
    assert result.exit_code != 0
    assert "at least 12 characters" in result.output
    assert not (cli.instance / "keys" / "current").exists()


def test_keys_generate_without_a_passphrase_and_if_missing(cli):
    result = cli("keys", "generate", "--no-passphrase")
    assert result.exit_code == 0, result.output
    key_id = current_key_id(cli.instance / "keys")
    assert json.loads(private_key_path(cli.instance / "keys", key_id).read_text())["encryption"] == "none"
    again = cli("keys", "generate", "--no-passphrase", "--if-missing")
    assert again.exit_code == 0 and "already exists" in again.output
    assert current_key_id(cli.instance / "keys") == key_id


def test_rotating_keys_seals_new_answers_to_the_new_key_and_old_answers_still_open(cli, db, surveys, make_settings):
    assert cli("keys", "generate", "--passphrase-stdin", input=PASSPHRASE + "\n").exit_code == 0
    settings = make_settings(instance_path=cli.instance)
    answers: dict[str, Any] = {"kind": "compliment", "service": "Police", "details": "first key"}
    old = store_response(db, settings, "compliments-complaints", answers)
    old_key = current_key_id(settings.keys_dir)
    assert cli("keys", "generate", "--passphrase-stdin", input=PASSPHRASE + "\n").exit_code == 0
    new_key = current_key_id(settings.keys_dir)
    assert new_key != old_key
    new = store_response(db, settings, "compliments-complaints", {**answers, "details": "second key"})
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, PASSPHRASE)
    assert set(keyring.keys) == {old_key, new_key}
    for submission, key_id, words in ((old, old_key, "first key"), (new, new_key, "second key")):
        response = db.get(Response, submission.response_id)
        assert response.key_id == key_id
        info = context_info(response.version.survey_id, response.survey_version_id)
        assert keyring.open(response.key_id, response.sealed, info)["answers"]["details"] == words


def test_users_create_makes_an_account_that_can_sign_in(cli, db):
    result = cli(
        "users",
        "create",
        "Lead@Example.org",
        "--role",
        "admin",
        "--name",
        "Lead",
        "--password-stdin",
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.scalar(select(User).where(User.email == "lead@example.org"))
    assert user.role == "admin" and user.name == "Lead"
    assert user.password_hash.startswith("$argon2id$") and verify_password(user.password_hash, "a long enough password")


@pytest.mark.parametrize(
    "args, password, message",
    [
        (["someone@example.org", "--role", "emperor"], "a long enough password", "Invalid value for '--role'"),
        (["someone@example.org", "--role", "staff"], "short", "at least 12 characters"),
        (["not-an-email", "--role", "staff"], "a long enough password", "Enter an email address"),
        (
            ["someone@example.org", "--role", "partner", "--agency", "Nowhere"],
            "a long enough password",
            "no agency called",
        ),
    ],
)
def test_users_create_refuses_bad_input_clearly(cli, db, args, password, message):
    result = cli("users", "create", *args, "--password-stdin", input=password + "\n")
    assert result.exit_code != 0
    assert message in result.output
    assert db.scalar(select(func.count()).select_from(User)) == 0


def test_users_create_refuses_a_duplicate(cli, db):
    first = cli(
        "users", "create", "dup@example.org", "--role", "staff", "--password-stdin", input="a long enough password\n"
    )
    assert first.exit_code == 0
    second = cli(
        "users", "create", "DUP@example.org", "--role", "board", "--password-stdin", input="a long enough password\n"
    )
    assert second.exit_code != 0 and "already an account" in second.output
    assert db.scalar(select(func.count()).select_from(User)) == 1


def test_surveys_install_creates_the_five_templates_once(cli, db):
    first = cli("surveys", "install")
    assert first.exit_code == 0 and "Installed 5" in first.output
    second = cli("surveys", "install")
    assert second.exit_code == 0 and "Installed 0" in second.output
    assert set(db.scalars(select(Survey.slug))) == TEMPLATES
    young = db.scalar(select(Survey).where(Survey.slug == "young-people"))
    assert "faces" in {q.kind for q in young.current_version.questions}


def test_demo_load_seeds_templates_accounts_and_sealed_responses_once(cli, db):
    assert cli("keys", "generate", "--no-passphrase").exit_code == 0
    first = cli("demo", "load")
    assert first.exit_code == 0, first.output
    assert set(db.scalars(select(Survey.slug))) == TEMPLATES
    assert db.scalar(select(User).where(User.email == "admin@example.org")).role == "admin"
    responses = db.scalar(select(func.count()).select_from(Response))
    assert responses > 0
    second = cli("demo", "load")
    assert second.exit_code == 0 and "already present" in second.output
    assert db.scalar(select(func.count()).select_from(Response)) == responses
    assert db.scalar(select(func.count()).select_from(Survey)) == 5
    keyring = Keyring()
    keyring.unlock(cli.instance / "keys", None)
    response = db.scalar(select(Response))
    assert keyring.open(
        response.key_id, response.sealed, context_info(response.version.survey_id, response.survey_version_id)
    )["answers"]


def test_serve_explains_itself(cli):
    result = cli("serve", "--help")
    assert result.exit_code == 0
    assert "--app" in result.output and "feedback" in result.output
    assert "--threads" in result.output


def test_serve_refuses_a_nonsense_worker_count_before_starting(cli):
    result = cli("serve", "--workers", "0")
    assert result.exit_code == 2 and "--workers" in result.output


def test_demo_load_without_a_key_pair_says_what_to_run(cli, db):
    result = cli("demo", "load")
    assert result.exit_code != 0
    assert "learning-loop keys generate" in result.output
    assert db.scalar(select(func.count()).select_from(Response)) == 0


def test_production_will_not_start_without_a_mail_key_and_the_cli_prints_one_without_any_settings(cli):
    without = {k: v for k, v in PRODUCTION.items() if k != "mail_key"}
    refused = cli("users", "list", **without)
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "LEARNING_LOOP_MAIL_KEY must be set in production" in refused.output
    assert not (cli.instance / "mail.key").exists()  # no key made beside the database instead
    printed = cli("keys", "new-mail-key", environment="production")
    assert printed.exit_code == 0, printed.output
    key = printed.output.strip()
    assert cli("users", "list", **without, mail_key=key).exit_code == 0
    assert cli("keys", "new-mail-key").output.strip() != key


def test_production_will_not_start_with_email_links_to_localhost_and_says_what_to_set(cli):
    without = {k: v for k, v in PRODUCTION.items() if k != "public_base_url"}
    for settings in (without, {**without, "public_base_url": "http://localhost:5000"}):
        for command in (("users", "list"), ("serve", "--app", "admin")):
            refused = cli(*command, **settings)
            assert refused.exit_code == 1 and "Traceback" not in refused.output
            assert "LEARNING_LOOP_PUBLIC_BASE_URL must be set in production" in refused.output
            assert "e.g. https://" in refused.output
    plain = cli("users", "list", **{**without, "public_base_url": "http://feedback.partnership.example"})
    assert plain.exit_code == 1 and "must start with https://" in plain.output
    assert cli("users", "list", **PRODUCTION).exit_code == 0
