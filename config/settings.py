"""Settings for both apps: classes with defaults, overridden by LEARNING_LOOP_* environment variables."""

from __future__ import annotations

import ipaddress
import os
import secrets
import ssl
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

PREFIX = "LEARNING_LOOP_"
SMTP_TLS_MODES = ("none", "starttls", "ssl")


def _as_bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _as_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    """Everything an app needs to run; immutable once built."""

    environment: str = "development"
    instance_path: Path = Path("instance")
    database_url: str = ""
    # One session-signing key per app: the public app must never hold the key that signs staff sessions, or a
    # compromised public server could forge a staff sign-in. Unset outside production: generated per app into
    # the instance folder.
    admin_secret_key: str = ""
    feedback_secret_key: str = ""
    # Encrypts staff TOTP keys at rest and keys the hashes of recovery codes (admin app only). Kept apart from the
    # session key, so changing that one to sign everybody out does not lose everyone's authenticator.
    second_factor_secret_key: str = ""
    # Keys the hashes of respondents' own pairing codes (public app only). Never changed once answers use it: the
    # same code would give a new hash and no follow-up would pair with its baseline.
    pairing_secret_key: str = ""
    # Reading respondents' words or exporting asks for the password again when it (or a TOTP code) was last
    # given longer ago than this.
    reauthenticate_after_minutes: int = 15
    # The partnership's own words and colours (shown on every page).
    partnership_name: str = "Learning Loop Safeguarding Children Partnership"
    partnership_short_name: str = "the partnership"
    brand_colour: str = "#1d4f7a"
    brand_text_colour: str = "#ffffff"
    front_door_name: str = "Children's services front door"
    front_door_phone: str = "01234 567890"
    front_door_out_of_hours: str = "01234 567999"
    # The privacy notice: who the data controller is, how to reach them, how long answers are kept.
    data_controller_name: str = "Learning Loop Safeguarding Children Partnership"
    data_controller_address: str = "Partnership Business Unit, Civic Centre, Example Street, Exampletown EX1 1AA"
    data_protection_email: str = "dataprotection@example.org"
    data_protection_phone: str = "01234 567800"
    retention_years: int = 2
    # Where "Exit this page" goes: a neutral site that gives no hint of what the person was doing.
    exit_page_url: str = "https://www.bbc.co.uk/weather"
    # Phrases the stripper must never remove: the partnership's own services and places.
    strip_keep: tuple[str, ...] = ("Early Help", "MASH", "Front Door")
    # Small-number suppression threshold (DESIGN invariant 6).
    min_cell_size: int = 5
    # Responses reach staff in batches, never one by one as they arrive: a survey's waiting responses (and words
    # added later with a receipt) are released together once at least `release_min_batch` wait, at most once every
    # `release_every_days` days (or at the next release, however few, once one says someone may not be safe).
    # Staff see the release date, never the day a response was sent.
    release_min_batch: int = 5
    release_every_days: int = 1
    # Statutory deadlines and actions due within this many days show as "due soon" (dashboard, registers).
    due_soon_days: int = 10
    # Public submission limits.
    max_text_length: int = 4000
    max_request_bytes: int = 64 * 1024
    rate_limit_per_hour: int = 30
    trusted_proxies: int = 0
    draft_lifetime_hours: int = 12
    # Keys: the feedback app only ever gets public keys.
    key_passphrase: str = ""
    # The feedback app seals to this public key file (default: the current key in keys_dir).
    public_key_file: str = ""
    # Receipt hashing cost (argon2id). A receipt secret is 80 random bits, not a password a
    # person chose: no dictionary helps and 2^80 guesses are out of reach at any cost, so the
    # hash needs to be one-way and memory-hard, not password-slow. 4 MiB, one pass: ~4 ms.
    receipt_hash_time_cost: int = 1
    receipt_hash_memory_kib: int = 4 * 1024
    # Staff sessions: ended after this long without a request, and this long after signing in whatever happens.
    staff_session_idle_minutes: int = 30
    staff_session_max_hours: int = 12
    # Staff sign-in throttling, per account and per client address: after this many failures each further
    # attempt waits, first for sign_in_first_delay_seconds, doubling with every failure up to the maximum.
    # An address gets more failures before waiting, since a whole office may share one.
    sign_in_free_failures: int = 3
    sign_in_address_free_failures: int = 10
    sign_in_first_delay_seconds: int = 30
    sign_in_max_delay_seconds: int = 900
    # Mail. No host: each message is written as an .eml file under instance/outbox (the embedded default).
    smtp_host: str = ""
    smtp_port: int = 25
    # none; starttls (a plain connection upgraded to TLS, usually port 587); ssl (TLS from the start, usually 465).
    smtp_tls: str = "none"
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_from: str = "learning-loop@localhost"
    smtp_timeout_seconds: int = 30
    # CA certificates (a PEM file) for a relay whose certificate the organisation's own CA signed, trusted instead
    # of the system's; empty: the system's. The relay's certificate and name are always checked: no setting turns
    # that off.
    smtp_ca_file: str = ""
    # A username and password cross the network only inside TLS, unless this says the link needs none (a relay on
    # this host or a private link).
    smtp_auth_without_tls: bool = False
    # A message whose drain has shown no sign of life for this long was interrupted (the process stopped between
    # taking it and recording that it went): staff may then send it again or mark it failed.
    mail_interrupted_after_minutes: int = 10
    # A message the server turns away for now is tried again after 1, 2, 4... times this, then marked failed.
    mail_max_attempts: int = 5
    mail_retry_seconds: int = 60
    # Encrypts mailing-list addresses and queued mail; unset outside production: a key made in the instance folder.
    mail_key: str = ""
    # Where people open the links in emails, and staff a survey's preview: the public feedback app's address.
    public_base_url: str = "http://localhost:5000"
    scheduler_enabled: bool = False
    # Where pg_dump and pg_restore are, for backups of a PostgreSQL database (empty: found on PATH).
    pg_bin_dir: str = ""
    testing: bool = False
    csrf_enabled: bool = True
    secure_cookies: bool = False

    @property
    def keys_dir(self) -> Path:
        return self.instance_path / "keys"

    @property
    def outbox_dir(self) -> Path:
        return self.instance_path / "outbox"

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.instance_path / 'learning_loop.sqlite3').resolve()}"


def _convert(current: Any, raw: str) -> Any:
    if isinstance(current, bool):
        return _as_bool(raw)
    if isinstance(current, int):
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"must be a whole number, not {raw!r}") from None
    if isinstance(current, Path):
        return Path(raw)
    if isinstance(current, tuple):
        return _as_list(raw)
    return raw


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Build settings from defaults, then LEARNING_LOOP_* variables, then explicit overrides."""
    env = os.environ if environ is None else environ
    base = Settings()
    values: dict[str, Any] = {}
    for f in fields(Settings):
        key = PREFIX + f.name.upper()
        if key in env:
            try:
                values[f.name] = _convert(getattr(base, f.name), env[key])
            except ValueError as exc:
                raise ValueError(f"{key}: {exc}") from exc
    values.update(overrides)
    if PREFIX + "SECRET_KEY" in env:
        # The one shared key this replaced would silently be ignored: say so rather than run with generated keys.
        raise ValueError(
            f"{PREFIX}SECRET_KEY is no longer read: set {PREFIX}ADMIN_SECRET_KEY and {PREFIX}FEEDBACK_SECRET_KEY "
            "(different values) instead"
        )
    settings = replace(base, **values)
    if settings.admin_secret_key and settings.admin_secret_key == settings.feedback_secret_key:
        raise ValueError(
            f"{PREFIX}ADMIN_SECRET_KEY and {PREFIX}FEEDBACK_SECRET_KEY must differ: the public app must not hold "
            "the key that signs staff sessions"
        )
    settings = _checked_mail_settings(settings)
    if settings.environment == "production":
        if not settings.database_url:
            raise ValueError(f"{PREFIX}DATABASE_URL must be set in production")
        settings = replace(settings, secure_cookies=True)
    return settings


def _checked_mail_settings(settings: Settings) -> Settings:
    """The SMTP settings, with the TLS mode in lower case, or a ValueError that names the variable to fix."""
    tls = settings.smtp_tls.strip().lower()
    if tls not in SMTP_TLS_MODES:
        raise ValueError(
            f"{PREFIX}SMTP_TLS must be none, starttls (usually port 587) or ssl (TLS from the start, usually port "
            f"465), not {settings.smtp_tls!r}"
        )
    if not 0 < settings.smtp_port < 65536:
        raise ValueError(f"{PREFIX}SMTP_PORT must be a port number from 1 to 65535, not {settings.smtp_port}")
    if settings.smtp_timeout_seconds < 1:
        raise ValueError(f"{PREFIX}SMTP_TIMEOUT_SECONDS must be at least 1")
    # One send waits on up to ten replies (connect, EHLO, STARTTLS, EHLO, AUTH, MAIL, RCPT, DATA...): a slow but
    # working send must never pass for an interrupted one, which staff may send again.
    if settings.mail_interrupted_after_minutes * 60 < 10 * settings.smtp_timeout_seconds:
        raise ValueError(
            f"{PREFIX}MAIL_INTERRUPTED_AFTER_MINUTES must be at least ten times {PREFIX}SMTP_TIMEOUT_SECONDS "
            f"({10 * settings.smtp_timeout_seconds} seconds), so a slow send is not taken for an interrupted one"
        )
    if settings.smtp_password and not settings.smtp_username:
        raise ValueError(f"{PREFIX}SMTP_PASSWORD is set but {PREFIX}SMTP_USERNAME is not: set both or neither")
    if settings.smtp_username and tls == "none" and not settings.smtp_auth_without_tls:
        raise ValueError(
            f"{PREFIX}SMTP_USERNAME is set but {PREFIX}SMTP_TLS is none, so the password would cross the network "
            f"unencrypted: set {PREFIX}SMTP_TLS to starttls or ssl (or, for a relay on this host, "
            f"{PREFIX}SMTP_AUTH_WITHOUT_TLS=true)"
        )
    if settings.smtp_ca_file:
        try:
            ssl.create_default_context(cafile=settings.smtp_ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise ValueError(
                f"{PREFIX}SMTP_CA_FILE {settings.smtp_ca_file!r} is not a readable file of PEM CA certificates: {exc}"
            ) from exc
    return replace(settings, smtp_tls=tls)


# What each instance secret is for, named in the message when production is missing it.
SECRET_PURPOSES = {
    "admin": "it signs the admin app's session cookies",
    "feedback": "it signs the feedback app's session cookies",
    "second_factor": "it encrypts staff second-factor keys",
    "pairing": "it keys the hashes of respondents' own pairing codes",
}
SECRET_APPS = tuple(SECRET_PURPOSES)
MIN_SECRET_LENGTH = 32


def instance_secret(settings: Settings, name: str, *, create: bool = True) -> str:
    """Secret `name` (an app's session-signing key, or the second-factor key): its setting, or (outside
    production) the one in the instance folder, made on first use unless `create` is False (ValueError then:
    a check that made one would hide that another server's is wanted)."""
    if name not in SECRET_APPS:
        raise ValueError(f"unknown app {name!r}")
    variable = f"{PREFIX}{name.upper()}_SECRET_KEY"
    given: str = getattr(settings, f"{name}_secret_key")
    if settings.environment == "production":
        # Each app checks only its own key, so the public process can start without ever being given the admin one.
        if not given:
            raise ValueError(f"{variable} must be set in production ({SECRET_PURPOSES[name]})")
        if len(given) < MIN_SECRET_LENGTH:
            raise ValueError(f"{variable} must be at least {MIN_SECRET_LENGTH} characters long")
        return given
    if given:
        return given
    path = settings.instance_path / f"{name}.secret"
    if not create:
        if not path.is_file():
            raise ValueError(f"there is no {path.resolve()}")
        return path.read_text().strip()
    ensure_instance_folder(settings.instance_path)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


# The address the README and the refusal below give as an example of a production public base URL.
EXAMPLE_PUBLIC_BASE_URL = "https://feedback.your-partnership.org.uk"


def check_public_base_url(settings: Settings) -> None:
    """In production, a ValueError naming the variable unless the public base URL is an absolute https:// address
    that people reading an email can open (never the localhost default); outside production, nothing is checked."""
    if settings.environment != "production":
        return  # development and tests keep http://localhost:5000
    variable = f"{PREFIX}PUBLIC_BASE_URL"
    value = settings.public_base_url
    wanted = (
        f"{variable} must be set in production to the feedback app's public https:// address, e.g. "
        f"{EXAMPLE_PUBLIC_BASE_URL} (every link in invitations, reminders and other emails points at it)"
    )
    if not value.strip():
        raise ValueError(wanted)
    if any(c.isspace() for c in value):
        raise ValueError(f"{wanted}, not {value!r}: a space in it would break every link")
    if value.rstrip("/") == Settings.public_base_url:  # unset, or set to the default by hand
        raise ValueError(f"{wanted}, not the development default {value!r}, which would send everyone to localhost")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (a port that is not a number raises ValueError here)
    except ValueError:
        raise ValueError(f"{wanted}, not {value!r}: that is not a URL") from None
    host = (parts.hostname or "").lower()
    if parts.scheme != "https":
        # Not http:// either: invitation and unsubscribe links carry their token in the query, which must not
        # cross the network in clear before a proxy redirects to https; and production cookies are Secure and both
        # apps send HSTS, so the public site is https only and an http:// link is at best one redirect away.
        raise ValueError(f"{wanted}, not {value!r}: it must start with https://")
    if not host:
        raise ValueError(f"{wanted}, not {value!r}: it has no host name")
    if _is_local_host(host):
        raise ValueError(f"{wanted}, not {value!r}: {host} is this machine, which nobody reading an email can reach")
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"{wanted}, not {value!r}: a user name or password in it would be in every email")
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        raise ValueError(f"{wanted}, not {value!r}: the links add their own path and query after it")


def _is_local_host(host: str) -> bool:
    """Whether `host` names this machine (localhost, a loopback or unspecified address) rather than a public one."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def ensure_instance_folder(path: Path) -> None:
    """Create the instance folder readable by its owner only (it holds the database, secrets and keys)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    # mkdir's mode is reduced by the umask and ignored for a folder that already exists: set it outright (on a
    # folder of ours; one made for us by someone else is theirs to set).
    info = path.stat()
    if info.st_mode & 0o077 and info.st_uid == os.getuid():
        os.chmod(path, 0o700)


__all__ = [
    "Settings",
    "load_settings",
    "instance_secret",
    "ensure_instance_folder",
    "check_public_base_url",
    "EXAMPLE_PUBLIC_BASE_URL",
    "PREFIX",
]
