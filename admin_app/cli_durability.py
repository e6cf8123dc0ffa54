"""`learning-loop backup` and `restore`: commands that run without the admin app, on the settings alone.

Neither builds the app: a restore runs against a database the app could not start on, and a backup
is often run by cron on a host that holds no private key.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from config import ensure_instance_folder, load_settings
from config.settings import Settings


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
    """Write a consistent copy of the database to FILE while the apps keep serving."""
    from core.backup import BackupError, make_backup
    from core.sealing import KeyFileError, load_public_key

    settings = _settings()
    try:
        public_key = load_public_key(encrypt_to) if encrypt_to else None
        summary = make_backup(
            settings.resolved_database_url(), file, encrypt_to=public_key, pg_bin_dir=settings.pg_bin_dir
        )
    except (BackupError, KeyFileError) as exc:
        raise click.ClickException(str(exc)) from exc
    how = f"encrypted to key {summary.encrypted_to}" if summary.encrypted_to else "not encrypted"
    click.echo(f"Backed up the {summary.kind} database to {summary.path} ({summary.size} bytes, {how}).")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace what the database holds (it must otherwise be empty).")
@click.option("--passphrase-stdin", is_flag=True, help="Read the private key's passphrase from standard input.")
def restore(file: Path, force: bool, passphrase_stdin: bool) -> None:
    """Restore the backup FILE into the database (empty unless --force), then bring its schema up to date."""
    from core.backup import BackupError, restore_backup
    from core.opening import Keyring
    from core.sealing import KeyFileError

    settings = _settings()
    url = settings.resolved_database_url()
    if not settings.database_url:
        ensure_instance_folder(settings.instance_path)
    keyring = Keyring()
    passphrase = sys.stdin.readline().rstrip("\n") if passphrase_stdin else settings.key_passphrase
    try:
        if settings.keys_dir.is_dir():
            keyring.unlock(settings.keys_dir, passphrase or None)
        kind = restore_backup(url, file, force=force, keyring=keyring, pg_bin_dir=settings.pg_bin_dir)
    except (BackupError, KeyFileError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored the {kind} backup {file}; the schema is up to date.")


def register(main: click.Group, keys: click.Group) -> None:
    """Add these commands to the `learning-loop` group."""
    main.add_command(backup)
    main.add_command(restore)
