"""The `learning-loop` command: database, keys, users, demo data and the web server."""

from __future__ import annotations

import contextlib
import getpass
import importlib
import json
import sys
from pathlib import Path
from typing import Any, Iterator

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select

from config import check_public_base_url, instance_secret, load_settings
from core import migrate
from core.models import Agency
from core.mail.keys import new_key_text
from core.opening import generate_keypair
from core.errors import NotFound, ValidationFailed
from core.models.people import ROLES
from core.sealing import CURRENT_FILE, KeyFileError


def _create_app() -> Flask:
    from admin_app import create_app

    try:
        app = create_app()
    except ValueError as exc:  # settings refused at start-up (e.g. a missing secret key): the message, no traceback
        raise click.ClickException(str(exc)) from exc
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        # Close pooled connections when the command ends, not whenever they are garbage-collected.
        ctx.call_on_close(app.extensions["learning_loop_engine"].dispose)
    return app


def _settings() -> Any:
    return current_app.extensions["learning_loop"].settings


def _session() -> Any:
    return current_app.extensions["learning_loop"].sessions()


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_default_commands=False,
    add_version_option=False,
    load_dotenv=False,
    set_debug_flag=False,
)
def main() -> None:
    """Learning Loop: the learning and improvement platform of a safeguarding children partnership.

    Settings come from LEARNING_LOOP_* environment variables (see the README).
    """


@main.group()
def db() -> None:
    """The database schema (Alembic migrations)."""


@contextlib.contextmanager
def _known_revision(revision: str) -> Iterator[None]:
    """A revision Alembic cannot find is named in one line, not its traceback (an empty one was an AssertionError)."""
    from alembic.util import CommandError

    if not revision.strip():
        raise click.ClickException("there is no revision '': give one such as head, base or -1")
    try:
        yield
    except CommandError as exc:
        raise click.ClickException(f"there is no revision {revision!r}: {exc}") from exc


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Bring the database schema up to date."""
    with _known_revision(revision):
        migrate.upgrade(_settings().resolved_database_url(), revision)
    click.echo("Database is up to date.")


@db.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Step the schema back to REVISION (e.g. -1, or base)."""
    with _known_revision(revision):
        migrate.downgrade(_settings().resolved_database_url(), revision)
    click.echo(f"Database downgraded to {revision}.")


@main.group()
def keys() -> None:
    """The partnership's key pair (answers are sealed to its public half), and a new mail key."""


@keys.command("new-mail-key", with_appcontext=False)
def keys_new_mail_key() -> None:
    """Print a new key for LEARNING_LOOP_MAIL_KEY (needs no settings: production will not start without one)."""
    click.echo(new_key_text())


def _read_secret(from_stdin: bool, prompt: str, name: str) -> str:
    """A new passphrase or password: one line of standard input, or typed twice at the terminal (not echoed)."""
    if from_stdin:
        from admin_app.cli_durability import stdin_line

        return stdin_line(name)
    first = getpass.getpass(f"{prompt}: ")
    if first != getpass.getpass("Type it again: "):
        raise click.ClickException(f"The two {name}s do not match.")
    return first


@keys.command("generate")
@click.option("--no-passphrase", is_flag=True, help="Store the private key unencrypted (the embedded default only).")
@click.option("--passphrase-stdin", is_flag=True, help="Read the passphrase from standard input.")
@click.option("--if-missing", is_flag=True, help="Do nothing if a current key pair exists.")
@with_appcontext
def keys_generate(no_passphrase: bool, passphrase_stdin: bool, if_missing: bool) -> None:
    """Generate a new key pair and make it the one new answers are sealed to (old keys still open old answers)."""
    keys_dir = _settings().keys_dir
    if if_missing and (keys_dir / CURRENT_FILE).exists():
        click.echo(f"A key pair already exists in {keys_dir}.")
        return
    if no_passphrase and _settings().environment == "production":
        raise click.ClickException(
            "An unencrypted private key is for the embedded default only: in production, choose a passphrase "
            "(drop --no-passphrase)."
        )
    passphrase = (
        None if no_passphrase else _read_secret(passphrase_stdin, "Passphrase for the private key", "passphrase")
    )
    if passphrase is not None and len(passphrase) < 12:
        raise click.ClickException("Use a passphrase of at least 12 characters.")
    key_id = generate_keypair(keys_dir, passphrase)
    click.echo(f"Generated key {key_id} in {keys_dir}.")
    click.echo(f"Give the feedback app only {key_id}.public.pem; keep {key_id}.private.json on the admin side.")


@main.group()
def users() -> None:
    """Staff, board and partner accounts."""


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(sorted(ROLES)), required=True)
@click.option("--name", default="")
@click.option("--agency", default=None, help="Name of the partner agency (for partner users).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def users_create(email: str, role: str, name: str, agency: str | None, password_stdin: bool) -> None:
    """Create an account that can sign in to the admin app (it sets up its second factor at first sign-in)."""
    from core.services.users import COMMAND_LINE, NewUser, create_user

    password = _read_secret(password_stdin, "Password", "password")
    with _session() as session:
        agency_id = None
        if agency:
            agency_id = session.scalar(select(Agency.id).where(Agency.name == agency))
            if agency_id is None:
                raise click.ClickException(f"There is no agency called {agency!r}.")
        try:
            create_user(session, COMMAND_LINE, NewUser(email, role, name, agency_id), password)
        except ValidationFailed as exc:
            raise click.ClickException(_messages(exc)) from exc
        session.commit()
    click.echo(f"Created {role} account for {email.strip().lower()}.")


def _messages(exc: ValidationFailed) -> str:
    return "; ".join(exc.errors.values()) + "."


@users.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input.")
@with_appcontext
def users_set_password(email: str, password_stdin: bool) -> None:
    """Give an account a new password when its own is lost (ends its sessions; audit-logged)."""
    from core.services import users as service

    password = _read_secret(password_stdin, "Password", "password")
    with _session() as session:
        try:
            user = service.find_user(session, email)
            service.set_password(session, service.COMMAND_LINE, user, password)
        except ValidationFailed as exc:
            raise click.ClickException(_messages(exc)) from exc
        except NotFound as exc:
            raise click.ClickException(exc.message) from exc
        session.commit()
    click.echo(f"{user.email} has a new password; any session they had open is ended. Pass it on to them safely.")


@users.command("list")
@with_appcontext
def users_list() -> None:
    """Every account: email, role, agency, whether its second factor is set up, and whether it is active."""
    from core.models import SecondFactor
    from core.services.users import list_users

    with _session() as session:
        enrolled = set(session.scalars(select(SecondFactor.user_id).where(SecondFactor.confirmed_at.is_not(None))))
        for user in list_users(session):
            agency = f" ({user.agency.name})" if user.agency else ""
            factor = "second factor set up" if user.id in enrolled else "no second factor yet"
            state = "active" if user.active else "deactivated"
            click.echo(f"{user.email}\t{user.role}{agency}\t{factor}\t{state}")


def _user_command(name: str, action: str, done: str, nothing: str) -> None:
    """`users NAME EMAIL`: apply core.services.users.ACTION to one account from the command line (audit-logged)."""

    @users.command(name, help=f"{done.format(email='EMAIL')[:-1]}.")
    @click.argument("email")
    @with_appcontext
    def command(email: str) -> None:
        from core.services import users as service

        with _session() as session:
            try:
                user = service.find_user(session, email)
                changed = getattr(service, action)(session, service.COMMAND_LINE, user)
            except ValidationFailed as exc:
                raise click.ClickException(_messages(exc)) from exc
            except NotFound as exc:
                raise click.ClickException(exc.message) from exc
            session.commit()
        click.echo((done if changed else nothing).format(email=user.email))


_user_command("deactivate", "deactivate", "{email} can no longer sign in.", "{email} was already deactivated.")
_user_command("reactivate", "reactivate", "{email} can sign in again.", "{email} was already active.")
_user_command(
    "reset-2fa",
    "reset_second_factor",
    "{email} sets up a new second factor at their next sign-in.",
    "{email} had no second factor; they set one up at their next sign-in.",
)


@main.group()
def surveys() -> None:
    """Survey templates."""


def _install_command(group: click.Group, installer: str, what: str, about: str) -> None:
    """Add `<group> install` (help: `about`): run `installer` ("module:function", imported only when the command
    runs, like every command's heavy imports) on one session, commit, and say how many `what` it added."""

    @group.command("install", help=about)
    @with_appcontext
    def install() -> None:
        module, function = installer.split(":")
        with _session() as session:
            created = getattr(importlib.import_module(module), function)(session)
            session.commit()
        click.echo(f"Installed {len(created)} {what}.")


_install_command(
    surveys,
    "core.services.surveys:install_templates",
    "survey template(s)",
    "Load the seeded survey templates (those not already present).",
)


@main.group()
def themes() -> None:
    """The codebook of learning themes."""


_install_command(
    themes,
    "core.services.themes:install_themes",
    "theme(s)",
    "Load the codebook's themes (those not already present; staff edits are kept).",
)


@themes.command("classify", with_appcontext=False)
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
def themes_classify(file: Path) -> None:
    """Theme each text in FILE (one a line, or JSON lines with a "text" field): one JSON line out per text.

    Each line out is {"themes": [{"id", "polarity", "score", "evidence"}], "sentiment": {"polarity",
    "subjectivity"}} (and the input's "id" when it has one). Blank lines are skipped. "-" reads standard input.
    """
    from analysis.theme_input import InputError, parse_texts
    from analysis.themes import ModelFileError, load_model

    name = "standard input" if str(file) == "-" else str(file)
    try:
        raw = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    except OSError as exc:
        click.echo(f"Error: cannot read {name}: {exc.strerror}", err=True)
        sys.exit(2)
    try:
        texts = parse_texts(raw, name)
    except InputError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    try:
        model = load_model()
    except ModelFileError as exc:
        raise click.ClickException(str(exc)) from exc
    for item, result in zip(texts, model.predict([t.text for t in texts])):
        out = result.as_dict()
        if item.id is not None:
            out = {"id": item.id, **out}
        click.echo(json.dumps(out, ensure_ascii=False))


@main.group()
def demo() -> None:
    """Demonstration data for trying Learning Loop out."""


@demo.command("load")
@with_appcontext
def demo_load() -> None:
    """Load demo surveys, staff accounts and sealed sample responses (idempotent)."""
    from core.services.demo import DEMO_PASSWORD, load_demo

    settings = _settings()
    if settings.environment == "production":
        # The demo accounts' password is published in the README: never create them where real answers live.
        raise click.ClickException("Demo data is refused in production: its accounts have a published password.")
    with _session() as session:
        try:
            summary = load_demo(session, settings)
        except KeyFileError as exc:  # no key pair yet: say what to run, not a traceback
            raise click.ClickException(str(exc)) from exc
        session.commit()
    for line in summary:
        click.echo(line)
    click.echo(f"Demo sign-in: admin@example.org / {DEMO_PASSWORD} (change it for anything real).")
    click.echo("At each account's first sign-in, add the key it shows to an authenticator app and type its code.")


@main.group()
def audit() -> None:
    """The audit log."""


@audit.command("verify")
@with_appcontext
def audit_verify() -> None:
    """Check the audit log's hash chain; exit code 2 names the first event that was changed, removed or added."""
    from core.services.audit import verify_chain

    with _session() as session:
        report = verify_chain(session)
    if report.intact:
        click.echo(f"The audit log is intact: {report.checked} events, the latest hash {report.head_hash}.")
        return
    click.echo(f"The audit log has been tampered with: {report.problem}.", err=True)
    click.echo(f"The {report.checked} events before that are intact, ending in {report.head_hash}.", err=True)
    sys.exit(2)


@main.command("scheduler")
@with_appcontext
def scheduler() -> None:
    """Run the scheduled jobs (drafts purge, analysis, follow-ups) until stopped; run one, however many web workers."""
    import signal
    import threading

    from core import jobs

    state = current_app.extensions["learning_loop"]
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    running = jobs.start(
        jobs.make_scheduler(current_app.extensions["learning_loop_engine"]),
        jobs.Runtime(state.sessions, state.settings, keyring=state.keyring, clock=state.clock),
    )
    click.echo(f"Scheduler running: {', '.join(job.id for job in running.get_jobs())}. Stop with Ctrl-C.")
    stop.wait()
    running.shutdown()


# Never the admin app's context: `serve --app feedback` on the public server must not build the admin app (its
# secret key, its private keys) in the process that starts the workers.
@main.command("serve", with_appcontext=False)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="threads per worker")
@click.option("--app", "which", type=click.Choice(["both", "feedback", "admin"]), default="both", show_default=True)
def serve(host: str, port: int, workers: int, threads: int, which: str) -> None:
    """Serve the apps with gunicorn (access log without addresses or user agents)."""
    from config.gunicorn import run

    try:  # fail early on bad settings, before any worker starts
        settings = load_settings()
        admin_secrets = ("admin", "second_factor")
        for name in {
            "both": ("feedback", "pairing", *admin_secrets),
            "feedback": ("feedback", "pairing"),
            "admin": admin_secrets,
        }[which]:
            instance_secret(settings, name)
        if which != "feedback":
            check_public_base_url(settings)  # the admin app builds the email links (the feedback app never does)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if settings.scheduler_enabled:
        # One scheduler beside the workers, never one per worker: jobs would run twice.
        import atexit
        import subprocess

        scheduler_process = subprocess.Popen([sys.executable, "-m", "admin_app.cli", "scheduler"])
        atexit.register(scheduler_process.terminate)
    run(
        {"both": "wsgi:application", "feedback": "wsgi:feedback", "admin": "wsgi:admin"}[which],
        bind=f"{host}:{port}",
        workers=workers,
        threads=threads,
    )


def _register_more() -> None:
    """Commands kept in their own modules (backup, restore, keys rotate and reseal)."""
    from admin_app import cli_durability

    cli_durability.register(main, keys)


_register_more()

if __name__ == "__main__":
    main()
