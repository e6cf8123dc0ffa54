"""`learning-loop backup` and `restore`: commands that run without the admin app, on the settings alone.

Neither builds the app: a restore runs against a database the app could not start on, and a backup
is often run by cron on a host that holds no private key.
"""

from __future__ import annotations

import sys
from pathlib import Path

from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from config import ensure_instance_folder, load_settings
from config.settings import Settings
from core.retention import describe_period


def _settings() -> Settings:
    try:
        return load_settings()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--encrypt-to",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Encrypt the backup to this public key file (e.g. instance/keys/<id>.public.pem).",
)
def backup(file: Path, encrypt_to: Path | None) -> None:
    """Write a consistent copy of the database to FILE while the apps keep serving.

    An existing FILE is replaced (so a nightly job can use one fixed name), but only once the new copy is
    complete: it is written beside FILE, synced, then renamed, so a backup that fails leaves the old FILE as it was.
    """
    from core.backup import BackupError, make_backup
    from core.sealing import KeyFileError, load_public_key

    settings = _settings()
    replacing = file.exists()
    try:
        public_key = load_public_key(encrypt_to) if encrypt_to else None
        summary = make_backup(
            settings.resolved_database_url(), file, encrypt_to=public_key, pg_bin_dir=settings.pg_bin_dir
        )
    except (BackupError, KeyFileError, OperationalError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from exc
    how = f"encrypted to key {summary.encrypted_to}" if summary.encrypted_to else "not encrypted"
    click.echo(f"Backed up the {summary.kind} database to {summary.path} ({summary.size} bytes, {how}).")
    if replacing:
        click.echo("It replaced the earlier backup of that name.")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace what the database holds (it must otherwise be empty).")
@click.option("--passphrase-stdin", is_flag=True, help="Read the private key's passphrase from standard input.")
def restore(file: Path, force: bool, passphrase_stdin: bool) -> None:
    """Restore the backup FILE into the database (empty unless --force), then bring its schema up to date."""
    from core.backup import BackupError, instance_secret_warnings, restore_backup
    from core.opening import Keyring
    from core.sealing import KeyFileError

    settings = _settings()
    url = settings.resolved_database_url()
    if not settings.database_url:
        ensure_instance_folder(settings.instance_path)
    keyring = Keyring()
    passphrase = stdin_line("passphrase") if passphrase_stdin else settings.key_passphrase
    try:
        if settings.keys_dir.is_dir():
            keyring.unlock(settings.keys_dir, passphrase or None)
        kind = restore_backup(
            url,
            file,
            force=force,
            keyring=keyring,
            keys_dir=settings.keys_dir.resolve(),
            pg_bin_dir=settings.pg_bin_dir,
        )
        # Restored all the same: what is missing is a file to copy across, which only the operator can fetch.
        warnings = instance_secret_warnings(url, settings)
    except (BackupError, KeyFileError, OperationalError) as exc:
        raise click.ClickException(str(exc).splitlines()[0]) from exc
    click.echo(f"Restored the {kind} backup {file}; the schema is up to date.")
    for warning in warnings:
        click.echo(f"Warning: {warning}.", err=True)


@click.group("retention")
def retention() -> None:
    """How long answers are kept, and deleting those whose time is up."""


def _app_state() -> Any:
    return current_app.extensions["learning_loop"]


@retention.command("set")
@click.argument("survey_slug")
@click.argument("months")
@with_appcontext
def retention_set(survey_slug: str, months: str) -> None:
    """Keep SURVEY_SLUG's answers MONTHS months (or "default": its kind's period)."""
    from core.errors import ValidationFailed
    from core.models import Survey
    from core.services.retention import period_of, set_period

    state = _app_state()
    if months != "default" and not months.isdigit():
        raise click.ClickException('Give a number of months, or "default".')
    with state.sessions() as session:
        survey = session.scalar(select(Survey).where(Survey.slug == survey_slug))
        if survey is None:
            raise click.ClickException(f"There is no survey {survey_slug!r}.")
        try:
            set_period(session, survey, None if months == "default" else int(months))
        except ValidationFailed as exc:
            raise click.ClickException(next(iter(exc.errors.values()))) from exc
        kept = period_of(session, survey, state.settings.retention_years)
        session.commit()
    click.echo(f"{survey.title}: answers are kept {describe_period(kept)}.")


@retention.command("run")
@with_appcontext
def retention_run() -> None:
    """Delete the answers whose time is up now (the daily job does this by itself); print the counts."""
    from core.services.retention import apply_retention, forget_freed_pages

    state = _app_state()
    with state.sessions() as session:
        run = apply_retention(session, state.settings.retention_years, state.clock.now())
        session.commit()
        forget_freed_pages(session)
        session.commit()
    counts = ", ".join(f"{table} {n}" for table, n in run.deleted.items()) or "nothing"
    click.echo(f"Deleted: {counts}.")


def stdin_line(what: str) -> str:
    """One line of standard input without its line break; refused in one line unless it is UTF-8 text.

    Bytes that are not UTF-8 were a UnicodeDecodeError traceback (a UTF-8 locale), or half characters that the key
    or password hashing could not encode, a UnicodeEncodeError traceback (the C locale's surrogate escapes).
    """
    try:
        line = sys.stdin.readline()
        line.encode("utf-8")
    except UnicodeError:
        raise click.ClickException(f"The {what} on standard input is not UTF-8 text.") from None
    return line.rstrip("\n")


def _passphrase(from_stdin: bool, settings: Settings) -> str | None:
    if from_stdin:
        return stdin_line("passphrase") or None
    return settings.key_passphrase or None


@click.command("rotate")
@click.option("--passphrase-stdin", is_flag=True, help="Read the current key's passphrase from standard input.")
@with_appcontext
def keys_rotate(passphrase_stdin: bool) -> None:
    """Make a new key pair the one new answers are sealed to; old answers still open with the old key."""
    import getpass

    from core.rotation import RotationError, private_key_is_encrypted, rotate, sealed_counts
    from core.sealing import KeyFileError, current_key_id

    state = _app_state()
    keys_dir = state.settings.keys_dir
    try:
        passphrase = _passphrase(passphrase_stdin, state.settings)
        if passphrase is None and not passphrase_stdin and private_key_is_encrypted(keys_dir, current_key_id(keys_dir)):
            passphrase = getpass.getpass("Passphrase of the current key: ")
        old, new = rotate(keys_dir, passphrase, allow_unencrypted=state.settings.environment != "production")
    except (RotationError, KeyFileError) as exc:
        raise click.ClickException(str(exc)) from exc
    with state.sessions() as session:
        waiting = sum(n for key_id, n in sealed_counts(session).items() if key_id != new)
    click.echo(f"Key {new} is now current (it was {old}).")
    click.echo(f"Give the feedback app {new}.public.pem and restart it: new answers are then sealed to {new}.")
    click.echo(f"{waiting} answers are sealed to older keys: `learning-loop keys reseal` moves them to {new}.")


@click.command("reseal")
@click.option("--batch-size", default=200, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--passphrase-stdin", is_flag=True, help="Read the keys' passphrase from standard input.")
@with_appcontext
def keys_reseal(batch_size: int, passphrase_stdin: bool) -> None:
    """Re-seal answers on older keys to the current key, in committed batches (run again to resume)."""
    from core.opening import Keyring
    from core.rotation import RotationError, reseal

    state = _app_state()
    keyring = Keyring()
    keyring.unlock(state.settings.keys_dir, _passphrase(passphrase_stdin, state.settings))
    with state.sessions() as session:
        try:
            progress = reseal(
                session,
                keyring,
                state.settings.keys_dir,
                batch_size=batch_size,
                after_batch=lambda p: click.echo(f"  re-sealed {p.resealed} ({p.batches} batches)"),
            )
        except RotationError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"Re-sealed {progress.resealed} answers; {progress.remaining} remain on older keys.")
    if progress.unreadable:
        click.echo(f"{len(progress.unreadable)} could not be opened (a key still locked?): they were left as they are.")
        sys.exit(2)


@click.command("retire")
@click.argument("key_id")
@with_appcontext
def keys_retire(key_id: str) -> None:
    """Destroy the private key KEY_ID, once no answer is sealed to it."""
    from core.rotation import RotationError, retire

    state = _app_state()
    with state.sessions() as session:
        try:
            retire(session, state.settings.keys_dir, key_id)
        except RotationError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"The private key {key_id} is destroyed. Backups encrypted to it can no longer be restored.")


def register(main: click.Group, keys: click.Group) -> None:
    """Add these commands to the `learning-loop` group."""
    main.add_command(backup)
    main.add_command(restore)
    main.add_command(retention)
    for command in (keys_rotate, keys_reseal, keys_retire):
        keys.add_command(command)
