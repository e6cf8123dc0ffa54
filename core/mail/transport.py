"""Delivering one message: to an SMTP relay, or as an .eml file in the instance folder (the embedded default).

A transport says how a delivery ended, so the outbox knows whether it may try again: a temporary failure (the
server could not be reached, or answered 4xx) may be retried; a permanent one (5xx) may not; and a connection
lost after the message was handed over leaves it unknown whether it arrived, which is never retried, since
each message is sent at most once.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Protocol

from config import Settings


# A server's reply often repeats the address it refused: the reason is logged and shown to staff without it.
_ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>@]+>?")


class DeliveryFailed(Exception):
    """The message was not delivered; `retry` says whether trying again later may help."""

    retry = False

    def __init__(self, reason: str) -> None:
        reason = _ADDRESS.sub("[address]", reason)[:500]
        super().__init__(reason)
        self.reason = reason


class TemporaryFailure(DeliveryFailed):
    retry = True


class PermanentFailure(DeliveryFailed):
    retry = False


class UncertainDelivery(DeliveryFailed):
    retry = False


@dataclass(frozen=True)
class Letter:
    """One email as the services write it, before it is sealed into the outbox."""

    to: str
    subject: str
    text: str
    html: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def build_message(letter: Letter, sender: str, message_id: str, sent_at: dt.datetime) -> EmailMessage:
    """The message as it goes out at `sent_at` (an aware time): its Date is the moment it is handed over, not when
    it was queued. RFC 5322 requires a Date; without one a relay may refuse the message, spam filters count it
    against it, and a mail program shows no date or the time it happened to receive it."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = letter.to
    message["Date"] = format_datetime(sent_at.astimezone(dt.timezone.utc))
    message["Subject"] = letter.subject
    message["Message-ID"] = message_id
    for name, value in letter.headers.items():
        message[name] = value
    message.set_content(letter.text)
    if letter.html:
        message.add_alternative(letter.html, subtype="html")
    return message


def new_message_id() -> str:
    return make_msgid(domain="learning-loop.invalid")


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...

    def close(self) -> None: ...


class FileTransport:
    """Writes each message to instance/outbox/<name>.eml; a file already there means it was delivered before."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        name = str(message["Message-ID"]).strip("<>").replace("/", "_")
        path = self.folder / f"{name}.eml"
        partial = self.folder / f".{name}.partial"
        try:
            with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
                fh.write(message.as_bytes())
            # A link, not a rename: it fails if the file is there, so a message is never written twice.
            os.link(partial, path)
        except FileExistsError:
            raise UncertainDelivery("a file for this message is already in the outbox folder") from None
        except OSError as exc:
            raise TemporaryFailure(f"could not write to the outbox folder: {exc.strerror}") from exc
        finally:
            partial.unlink(missing_ok=True)

    def close(self) -> None:
        return None


def _failure(code: int, reply: bytes | str, stage: str) -> DeliveryFailed:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    reason = f"the mail server refused the {stage}: {code} {text}".strip()
    return TemporaryFailure(reason) if 400 <= code < 500 else PermanentFailure(reason)


def tls_context(settings: Settings) -> ssl.SSLContext:
    """Checks the relay's certificate and name against the configured CA file, or the system's CAs."""
    return ssl.create_default_context(cafile=settings.smtp_ca_file or None)


class SmtpTransport:
    """Sends through the configured relay, keeping one connection open across a batch."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self._unfinished = False

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.smtp_username and s.smtp_tls == "none" and not s.smtp_auth_without_tls:
            # load_settings refuses this too; checked here as well since the password must never go out unencrypted.
            raise TemporaryFailure("not sending the password over an unencrypted connection: set SMTP_TLS")
        context = tls_context(s)
        smtp: smtplib.SMTP
        if s.smtp_tls == "ssl":
            smtp = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds, context=context)
        else:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds)
        try:
            # Commands and replies are small and strictly alternate: without this, each waits on delayed ACKs.
            if smtp.sock is not None:
                smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            smtp.ehlo()
            if s.smtp_tls == "starttls":
                if not smtp.has_extn("starttls"):
                    raise TemporaryFailure("the mail server does not offer STARTTLS; nothing was sent unencrypted")
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.smtp_username:
                if not smtp.has_extn("auth"):
                    raise TemporaryFailure("the mail server does not offer a sign-in (AUTH); check the SMTP settings")
                smtp.login(s.smtp_username, s.smtp_password)
        except smtplib.SMTPAuthenticationError as exc:
            smtp.close()
            # The settings are wrong, not the message: retried, so fixing them lets the queue go out.
            raise TemporaryFailure(f"the mail server refused the username or password: {exc.smtp_code}") from exc
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            try:
                self._smtp = self._connect()
            except smtplib.SMTPResponseException as exc:
                raise _failure(exc.smtp_code, exc.smtp_error, "connection") from exc
            except ssl.SSLCertVerificationError as exc:
                raise TemporaryFailure(
                    f"the mail server's certificate is not trusted ({exc.verify_message}); nothing was sent. A relay "
                    "whose certificate your own CA signed needs that CA in LEARNING_LOOP_SMTP_CA_FILE"
                ) from exc
            except ssl.SSLError as exc:
                raise TemporaryFailure(
                    f"could not set up TLS with the mail server ({exc.reason or exc}); check SMTP_TLS against the "
                    "port: ssl is usually 465, starttls 587"
                ) from exc
            except (OSError, smtplib.SMTPException) as exc:
                raise TemporaryFailure(f"could not reach the mail server: {exc}") from exc
        return self._smtp

    def send(self, message: EmailMessage) -> None:
        smtp = self._connection()
        sender, recipient = self.settings.smtp_from, str(message["To"])
        try:
            if self._unfinished:  # a refused sender or recipient leaves the server mid-transaction
                smtp.rset()
            self._unfinished = True
            code, reply = smtp.mail(sender)
            if code != 250:
                raise _failure(code, reply, "sender")
            code, reply = smtp.rcpt(recipient)
            if code not in (250, 251):
                raise _failure(code, reply, "recipient")
        except DeliveryFailed:
            raise
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise TemporaryFailure(f"lost the mail server before sending: {exc}") from exc
        try:
            # SMTP lines end in CRLF; smtplib passes bytes through as they are.
            code, reply = smtp.data(message.as_bytes(policy=message.policy.clone(linesep="\r\n")))
        except smtplib.SMTPDataError as exc:
            raise _failure(exc.smtp_code, exc.smtp_error, "message") from exc
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise UncertainDelivery(f"lost the mail server while sending; it may have arrived: {exc}") from exc
        self._unfinished = False
        if code != 250:
            raise _failure(code, reply, "message")

    def close(self) -> None:
        self._unfinished = False
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                self._smtp.close()
            self._smtp = None


def transport_for(settings: Settings) -> Transport:
    """The relay when a host is configured, otherwise files in the instance folder."""
    if settings.smtp_host:
        return SmtpTransport(settings)
    return FileTransport(settings.outbox_dir)
