"""Online backups of the database and restores into an empty one, optionally encrypted to a public key.

SQLite is copied with SQLite's backup API (one step, so the copy is one consistent snapshot while
the apps keep writing in WAL mode), then vacuumed so no freed page carries deleted data along.
PostgreSQL is dumped with `pg_dump` in its custom format (a consistent snapshot too). Either way
the sealed answers and encrypted drafts are copied as the ciphertext they are: a backup holds
nothing in clear that the database holds sealed.

An encrypted backup is sealed to a public key of the partnership (HPKE, like the answers), so a
nightly job can write backups without holding any secret; only whoever holds the private key and
its passphrase can restore. The file is: a magic line, a JSON header (the sealed data key), then
the body in 1 MiB AES-256-GCM chunks whose nonces count up and flag the last chunk, so a reordered,
cut or extended file is refused.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import inspect, make_url, select, func, table

from config.settings import Settings, instance_secret
from core import migrate
from core.db import make_engine
from core.sealing import PublicKey, seal

ENCRYPTED_MAGIC = b"LEARNING-LOOP-BACKUP/1\n"
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
BACKUP_INFO = b"learning-loop/v1/backup"
CHUNK = 1024 * 1024
# Tables that say nothing about whether a database holds anything: the schema version, and the
# recurring jobs a scheduler adds to any database it starts on.
BOOKKEEPING_TABLES = frozenset({"alembic_version", "scheduled_job"})


class BackupError(Exception):
    """A backup or restore cannot go ahead; the message says why in plain words."""


@dataclass(frozen=True)
class BackupSummary:
    kind: str  # "sqlite" or "postgresql"
    path: Path
    size: int
    encrypted_to: str | None  # the key id, when encrypted


def dialect_of(url: str) -> str:
    name = make_url(url).get_backend_name()
    if name not in {"sqlite", "postgresql"}:
        raise BackupError(f"backups are made of SQLite or PostgreSQL databases, not {name}")
    return name


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("give the SQLite database as a file path (sqlite:///path/to/file)")
    return Path(database).resolve()


def _pg_tool(name: str, pg_bin_dir: str) -> str:
    """The path of pg_dump or pg_restore: in the setting's folder if given, else on PATH."""
    found = shutil.which(name, path=pg_bin_dir or None)
    if not found:
        where = pg_bin_dir or "PATH"
        raise BackupError(f"{name} was not found in {where}: install the PostgreSQL client or set PG_BIN_DIR")
    return found


def _pg_connection(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, and an environment that carries it (not on the command line)."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 (our own tools)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


@contextmanager
def _private_temp(folder: Path, suffix: str) -> Iterator[Path]:
    """A file only its owner can read, removed afterwards whatever happens."""
    fd, name = tempfile.mkstemp(dir=folder, prefix=".learning-loop-", suffix=suffix)
    os.close(fd)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def _sqlite_snapshot(url: str, out: Path) -> None:
    source = sqlite3.connect(f"file:{sqlite_path(url)}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(out)
    try:
        source.execute("PRAGMA busy_timeout=30000")
        source.backup(target)  # pages=-1: the whole database in one step, under one read transaction
        target.execute("PRAGMA journal_mode=DELETE")
        target.execute("VACUUM")
    except sqlite3.Error as exc:
        raise BackupError(f"the database at {sqlite_path(url)} cannot be copied: {exc}") from exc
    finally:
        target.close()
        source.close()


def _pg_dump(url: str, out: Path, pg_bin_dir: str) -> None:
    connection, env = _pg_connection(url)
    _run([_pg_tool("pg_dump", pg_bin_dir), "--format=custom", "--no-owner", "--file", str(out), connection], env)


def make_backup(url: str, target: Path, *, encrypt_to: PublicKey | None = None, pg_bin_dir: str = "") -> BackupSummary:
    """Write a consistent copy of the database at `url` to `target` while the apps keep serving.

    An existing file at `target` is replaced, in one rename, only once the new copy is whole and synced.
    """
    kind = dialect_of(url)
    target = target.resolve()
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    with _private_temp(target.parent, ".plain") as plain, _private_temp(target.parent, ".partial") as partial:
        if kind == "sqlite":
            if not sqlite_path(url).is_file():
                raise BackupError(f"there is no database at {sqlite_path(url)}")
            _sqlite_snapshot(url, plain)
        else:
            _pg_dump(url, plain, pg_bin_dir)
        if encrypt_to is None:
            shutil.copyfile(plain, partial)
        else:
            with plain.open("rb") as src, partial.open("wb") as dst:
                encrypt_stream(src, dst, encrypt_to, kind)
        with partial.open("rb") as fh:
            os.fsync(fh.fileno())
        # A backup cut short never looks like a whole one, and never takes the place of the last good one: the
        # file at `target` (last night's, under a fixed name) is replaced only by a complete, synced copy.
        os.replace(partial, target)
        _sync_folder(target.parent)
    return BackupSummary(kind, target, target.stat().st_size, encrypt_to.key_id if encrypt_to else None)


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` survive a power cut (the file's own fsync does not cover its name)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _nonce(counter: int, last: bool) -> bytes:
    return struct.pack(">QxxxB", counter, 1 if last else 0)


def encrypt_stream(src: IO[bytes], dst: IO[bytes], public_key: PublicKey, kind: str) -> None:
    """Seal a fresh data key to `public_key` and write `src` encrypted under it in counted chunks."""
    data_key = AESGCM.generate_key(bit_length=256)
    sealed = seal({"data_key": base64.b64encode(data_key).decode()}, public_key, BACKUP_INFO)
    header = json.dumps(
        {"kind": kind, "key_id": sealed.key_id, "sealed_key": base64.b64encode(sealed.blob).decode()}
    ).encode()
    dst.write(ENCRYPTED_MAGIC + struct.pack(">I", len(header)) + header)
    aead, counter = AESGCM(data_key), 0
    chunk = src.read(CHUNK)
    while True:
        following = src.read(CHUNK)
        last = not following
        box = aead.encrypt(_nonce(counter, last), chunk, header)
        dst.write(struct.pack(">I", len(box)) + box)
        if last:
            return
        chunk, counter = following, counter + 1


HEADER_FIELDS = ("kind", "key_id", "sealed_key")


def read_header(src: IO[bytes]) -> dict[str, Any]:
    """The header of an encrypted backup (after its magic line)."""
    (length,) = struct.unpack(">I", _exactly(src, 4))
    raw = _exactly(src, length)
    try:
        header: Any = json.loads(raw)
        # Each field as encrypt_stream writes it; the sealed key is read here, so that bad base64 is damage too.
        if not isinstance(header, dict) or not all(isinstance(header.get(f), str) for f in HEADER_FIELDS):
            raise ValueError("not a header")
        base64.b64decode(header["sealed_key"], validate=True)
    except (ValueError, RecursionError) as exc:  # binascii.Error is a ValueError
        raise BackupError("the backup file's header is damaged") from exc
    header["_raw"] = raw  # authenticated with every chunk
    return dict(header)


def _exactly(src: IO[bytes], n: int) -> bytes:
    data = src.read(n)
    if len(data) != n:
        raise BackupError("the backup file is cut short")
    return data


def decrypt_stream(src: IO[bytes], dst: IO[bytes], header: dict[str, Any], data_key: bytes) -> None:
    """Write the plain body of an encrypted backup, refusing any chunk changed, moved, dropped or added."""
    aead, counter = AESGCM(data_key), 0
    while True:
        (length,) = struct.unpack(">I", _exactly(src, 4))
        box = _exactly(src, length)
        for last in (False, True):
            try:
                dst.write(aead.decrypt(_nonce(counter, last), box, header["_raw"]))
                break
            except InvalidTag:
                continue
        else:
            raise BackupError("the backup file has been changed or damaged (a chunk does not authenticate)")
        if last:
            if src.read(1):
                raise BackupError("the backup file has data after its last chunk")
            return
        counter += 1


def file_kind(path: Path) -> str:
    """ "sqlite", "postgresql" or "encrypted", from the file's first bytes."""
    with path.open("rb") as fh:
        start = fh.read(len(ENCRYPTED_MAGIC))
    if start.startswith(SQLITE_MAGIC):
        return "sqlite"
    if start.startswith(PGDUMP_MAGIC):
        return "postgresql"
    if start == ENCRYPTED_MAGIC:
        return "encrypted"
    raise BackupError(f"{path} is not a Learning Loop backup (neither SQLite, pg_dump nor an encrypted backup)")


def tables_with_rows(url: str) -> list[str]:
    """The tables of the database at `url` that hold rows (bookkeeping tables aside)."""
    if dialect_of(url) == "sqlite" and not sqlite_path(url).exists():
        return []
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            names = [n for n in inspect(conn).get_table_names() if n not in BOOKKEEPING_TABLES]
            return [n for n in sorted(names) if conn.execute(select(func.count()).select_from(table(n))).scalar()]
    finally:
        engine.dispose()


def _restore_sqlite(plain: Path, url: str) -> None:
    source = sqlite3.connect(f"file:{plain}?mode=ro", uri=True)
    try:
        try:
            problem = source.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:  # a file cut short is "malformed" before any check can run
            problem = str(exc)
        if problem != "ok":
            raise BackupError(
                f"the backup file is damaged or cut short (SQLite cannot read it whole: {problem}): "
                "nothing was restored; restore an earlier backup"
            )
        path = sqlite_path(url)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        target = sqlite3.connect(path)
        try:
            source.backup(target)  # replaces the whole target database in one transaction
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
    finally:
        source.close()


def _restore_postgresql(plain: Path, url: str, pg_bin_dir: str) -> None:
    connection, env = _pg_connection(url)
    tool = _pg_tool("pg_restore", pg_bin_dir)
    # One transaction: a restore that fails part-way leaves the database as it was.
    try:
        _run([tool, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", "--dbname", connection, str(plain)], env)  # fmt: skip
    except BackupError as exc:
        # pg_restore says "could not read from input file" (and the like) of an archive it cannot read whole.
        if "input file" in str(exc):
            raise BackupError(f"the backup file is damaged or cut short: nothing was restored ({exc})") from exc
        raise


def restore_backup(
    url: str,
    source: Path,
    *,
    force: bool = False,
    keyring: Any = None,
    keys_dir: Path | None = None,
    pg_bin_dir: str = "",
) -> str:
    """Restore `source` into the database at `url`, which must hold no rows unless `force`; returns the kind.

    An encrypted backup needs `keyring` (core.opening.Keyring) holding the private key it was sealed to;
    `keys_dir`, the folder that keyring was unlocked from, is named when the key is not there.
    """
    kind = dialect_of(url)
    if not source.is_file():
        raise BackupError(f"there is no backup file {source}")
    found = file_kind(source)
    busy = tables_with_rows(url)
    if busy and not force:
        raise BackupError(
            f"the database is not empty ({', '.join(busy[:5])}{'…' if len(busy) > 5 else ''} hold rows): "
            "restore into an empty database, or give --force to replace everything in it"
        )
    folder = sqlite_path(url).parent if kind == "sqlite" else Path(tempfile.gettempdir())
    with _private_temp(folder, ".restore") as plain:
        if found == "encrypted":
            found = _decrypt_to(source, plain, keyring, keys_dir)
        else:
            shutil.copyfile(source, plain)
        if found != kind:
            raise BackupError(
                f"this is a {found} backup and the database is {kind}: restore it into a {found} database"
            )
        if kind == "sqlite":
            _restore_sqlite(plain, url)
        else:
            _restore_postgresql(plain, url, pg_bin_dir)
    migrate.upgrade(url)  # a backup from an older release gets this release's schema
    return kind


def _decrypt_to(source: Path, plain: Path, keyring: Any, keys_dir: Path | None) -> str:
    from core.opening import CannotOpen, private_key_path

    with source.open("rb") as src:
        src.read(len(ENCRYPTED_MAGIC))
        header = read_header(src)
        key_id = header["key_id"]
        if keyring is not None and key_id in keyring.locked:
            raise BackupError(
                f"this backup is encrypted to key {key_id}, whose private key is locked: give its passphrase "
                "(LEARNING_LOOP_KEY_PASSPHRASE or --passphrase-stdin) to restore it"
            )
        if keyring is None or key_id not in keyring.keys:
            # Missing, not locked: say which file is wanted where, so it can be copied across from where it is kept.
            where = private_key_path(keys_dir, key_id) if keys_dir is not None else f"{key_id}.private.json"
            raise BackupError(
                f"this backup is encrypted to key {key_id}, and its private key is missing: it was looked for "
                f"at {where}; copy that file there from where the partnership keeps it"
            )
        try:
            opened = keyring.open(key_id, base64.b64decode(header["sealed_key"]), BACKUP_INFO)
        except CannotOpen as exc:
            raise BackupError(f"the backup's key does not open: {exc}") from exc
        with plain.open("wb") as dst:
            decrypt_stream(src, dst, header, base64.b64decode(opened["data_key"]))
    return str(header["kind"])


def instance_secret_warnings(url: str, settings: Settings) -> list[str]:
    """What the restored database holds that this instance's secrets cannot read, one warning per secret.

    Staff authenticator keys are encrypted with the second-factor secret and mailing-list addresses and queued
    mail with the mail key; neither is in a backup (a backup must not carry the keys to what it holds), so a
    restore on another server needs them copied across. One stored value of each is tried.
    """
    from core.mail.keys import KEY_FILE, load_mail_key
    from core.models import Contact, OutboxMessage, SecondFactor
    from core.second_factor import SecretBox

    warnings: list[str] = []
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            enrolled = conn.scalar(
                select(SecondFactor.encrypted_secret).order_by(SecondFactor.confirmed_at.is_(None)).limit(1)
            )
            mailed = conn.scalar(select(Contact.sealed).limit(1)) or conn.scalar(
                select(OutboxMessage.sealed).where(OutboxMessage.sealed.is_not(None)).limit(1)
            )
    finally:
        engine.dispose()
    if enrolled is not None:
        variable = "LEARNING_LOOP_SECOND_FACTOR_SECRET_KEY"
        try:
            SecretBox(instance_secret(settings, "second_factor", create=False)).open(enrolled)
        except ValueError as exc:
            how = (
                f"set {variable} to the old server's value"
                if settings.environment == "production"
                else f"copy second_factor.secret from the old server's instance folder to "
                f"{(settings.instance_path / 'second_factor.secret').resolve()} (or set {variable} to the old "
                "server's value)"
            )
            warnings.append(
                f"staff authenticator keys in this backup cannot be read with this server's second-factor secret "
                f"({exc}), so no one who set up an authenticator can sign in: {how} and restart the admin app; "
                "failing that, `learning-loop users reset-2fa EMAIL` has each person set theirs up again"
            )
    if mailed is not None:
        try:
            load_mail_key(settings, create=False).decrypt(mailed)
        except ValueError as exc:
            warnings.append(
                f"mailing-list addresses and queued emails in this backup cannot be read with this server's mail "
                f"key ({exc}): copy {KEY_FILE} from the old server's instance folder to "
                f"{(settings.instance_path / KEY_FILE).resolve()} (or set LEARNING_LOOP_MAIL_KEY to the old "
                "server's value) before mail is sent; without it nothing can be sent to the lists and no address "
                "on them can be found, so they would have to be imported again"
            )
    return warnings
