"""SMTP over TLS against a real aiosmtpd server on loopback with a certificate from a CA made for the test.

Each TLS mode the settings offer delivers with the certificate checked against the configured CA; a sign-in
(AUTH LOGIN or PLAIN) works inside TLS; a certificate nobody trusts is retried and then recorded as a failure,
never sent; and a password never crosses a plain connection unless the settings say so outright.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from core.mail.keys import load_mail_key
from core.mail.transport import Letter, SmtpTransport
from core.models import OutboxMessage
from core.services import outbox
from tests.smtp_tls import PASSWORD, USERNAME, make_certificates

SECURE_MODES = ("starttls", "ssl")
OTHER_MECHANISMS = {"LOGIN": ["PLAIN"], "PLAIN": ["LOGIN"]}


def _relay(make_settings, server, mode, ca_file="", password="", **extra):
    """Settings for this server in `mode`, trusting the CAs in `ca_file`; with a `password`, signing in as USERNAME."""
    sign_in = {"smtp_username": USERNAME, "smtp_password": password} if password else {}
    return make_settings(
        smtp_host=server.host, smtp_port=server.port, smtp_tls=mode, smtp_ca_file=str(ca_file), **sign_in, **extra
    )


def _send_one(db, settings, clock, attempts: int = 1) -> OutboxMessage:
    """Queue one message and drain `attempts` times, each once its retry is due."""
    message = outbox.enqueue(
        db, load_mail_key(settings), Letter("worker@example.org", "Hello", "Body"), kind="test", now=clock.now()
    )
    db.commit()
    for _ in range(attempts):
        outbox.drain(
            db, key=load_mail_key(settings), transport=SmtpTransport(settings), settings=settings, now=clock.now
        )
        db.refresh(message)
        if message.state != "queued":
            break
        clock.at = message.next_attempt_at.replace(tzinfo=dt.timezone.utc)
    return message


@pytest.mark.parametrize("mode", SECURE_MODES)
def test_each_tls_mode_delivers_inside_tls_checking_the_certificate_against_the_configured_ca(
    db, make_settings, clock, tls_smtp, certificates, mode
):
    server = tls_smtp(mode)
    settings = _relay(make_settings, server, mode, certificates.ca_file)
    message = _send_one(db, settings, clock)
    assert message.state == "sent"
    assert server.message_ids() == [message.message_id]
    assert server.recorder.over_tls == [True]


@pytest.mark.parametrize("mode", SECURE_MODES)
@pytest.mark.parametrize("mechanism", sorted(OTHER_MECHANISMS))
def test_the_username_and_password_sign_in_inside_tls(
    db, make_settings, clock, tls_smtp, certificates, mode, mechanism
):
    # aiosmtpd cannot tell TLS from the start from none, and warns at requiring AUTH there: the attempts show it.
    required = {"auth_required": True} if mode == "starttls" else {}
    server = tls_smtp(mode, auth_exclude_mechanism=OTHER_MECHANISMS[mechanism], **required)
    settings = _relay(
        make_settings,
        server,
        mode,
        certificates.ca_file,
        password=PASSWORD,
    )
    message = _send_one(db, settings, clock)
    assert message.state == "sent" and len(server.received) == 1
    assert server.authenticator.attempts == [(mechanism, USERNAME, True)]


def test_a_wrong_password_is_retried_then_recorded_without_the_message_going(
    db, make_settings, clock, tls_smtp, certificates
):
    server = tls_smtp("starttls", auth_required=True)
    settings = _relay(
        make_settings,
        server,
        "starttls",
        certificates.ca_file,
        password="not the password",
        mail_max_attempts=2,
    )
    message = _send_one(db, settings, clock, attempts=3)
    assert (message.state, message.attempts) == ("failed", 2)
    assert "refused the username or password: 535" in message.last_error
    # smtplib tries each mechanism the server offers (PLAIN, then LOGIN) on each of the two connections.
    assert server.received == [] and len(server.authenticator.attempts) == 4
    assert all(over_tls for *_, over_tls in server.authenticator.attempts)


@pytest.mark.parametrize("mode", SECURE_MODES)
@pytest.mark.parametrize("trusted", ["configured CA", "system CAs"])
def test_an_untrusted_certificate_is_retried_then_a_recorded_failure_and_nothing_is_sent(
    db, make_settings, clock, tls_smtp, certificates, tmp_path, mode, trusted
):
    stranger = make_certificates(tmp_path / "stranger", ca_name="A CA nobody configured")
    server = tls_smtp(mode, certificates=stranger)
    ca_file = str(certificates.ca_file) if trusted == "configured CA" else ""
    settings = _relay(make_settings, server, mode, ca_file, password=PASSWORD, mail_max_attempts=3)
    message = _send_one(db, settings, clock, attempts=5)
    assert (message.state, message.attempts, message.sealed) == ("failed", 3, None)
    assert "certificate is not trusted" in message.last_error
    assert "LEARNING_LOOP_SMTP_CA_FILE" in message.last_error
    assert server.recorder.data_commands == 0 and server.authenticator.attempts == []
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 1  # recorded once, never queued twice


def test_a_certificate_for_another_name_is_not_trusted(db, make_settings, clock, tls_smtp, certificates):
    # The certificate names 127.0.0.1 and localhost; reached as 127.0.0.2 (also loopback) it does not fit.
    server = tls_smtp("ssl", host="127.0.0.2")
    settings = _relay(make_settings, server, "ssl", certificates.ca_file)
    message = _send_one(db, settings, clock)
    assert message.state == "queued" and "certificate is not trusted" in message.last_error
    assert "127.0.0.2" in message.last_error and server.received == []


def test_starttls_is_required_when_configured_a_server_without_it_gets_neither_password_nor_mail(
    db, make_settings, clock, tls_smtp, certificates
):
    server = tls_smtp("none", auth_require_tls=False)  # would take a password and mail in the clear
    settings = _relay(
        make_settings,
        server,
        "starttls",
        certificates.ca_file,
        password=PASSWORD,
    )
    message = _send_one(db, settings, clock)
    assert message.state == "queued" and "does not offer STARTTLS" in message.last_error
    assert server.authenticator.attempts == [] and server.recorder.data_commands == 0


def test_ssl_against_a_plain_port_says_to_check_the_mode_and_port(db, make_settings, clock, tls_smtp):
    server = tls_smtp("none")
    message = _send_one(db, _relay(make_settings, server, "ssl"), clock)
    assert message.state == "queued" and "could not set up TLS" in message.last_error
    assert "ssl is usually 465" in message.last_error


def test_a_password_is_never_sent_over_a_plain_connection(db, make_settings, clock, tls_smtp):
    server = tls_smtp("none", auth_require_tls=False)
    with pytest.raises(ValueError, match="the password would cross the network unencrypted"):
        _relay(make_settings, server, "none", password=PASSWORD)
    # Settings made without load_settings's check are refused by the transport too, before it connects.
    settings = dataclasses.replace(
        _relay(make_settings, server, "none"), smtp_username=USERNAME, smtp_password=PASSWORD
    )
    message = _send_one(db, settings, clock)
    assert message.state == "queued" and "not sending the password over an unencrypted connection" in (
        message.last_error
    )
    assert server.authenticator.attempts == [] and server.recorder.data_commands == 0


def test_a_plain_sign_in_happens_only_when_the_settings_say_so_outright(db, make_settings, clock, tls_smtp):
    server = tls_smtp("none", auth_require_tls=False)
    settings = _relay(make_settings, server, "none", password=PASSWORD, smtp_auth_without_tls=True)
    message = _send_one(db, settings, clock)
    assert message.state == "sent"
    assert [(user, tls) for _, user, tls in server.authenticator.attempts] == [(USERNAME, False)]
