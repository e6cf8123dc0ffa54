"""SMTP settings: a mistake is refused at startup with a message naming the variable, before any mail is queued."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from admin_app.cli import main
from config import load_settings


def _load(**variables: str):
    return load_settings(environ={f"LEARNING_LOOP_{name.upper()}": value for name, value in variables.items()})


def test_a_typical_relay_is_read_from_the_environment():
    settings = _load(
        smtp_host="smtp.council.example",
        smtp_port="587",
        smtp_tls="STARTTLS",
        smtp_username="learning-loop",
        smtp_password="secret",
        smtp_from="Learning Loop <learning-loop@council.example>",
    )
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_tls) == ("smtp.council.example", 587, "starttls")
    assert (settings.smtp_username, settings.smtp_auth_without_tls, settings.smtp_ca_file) == (
        "learning-loop",
        False,
        "",
    )


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"smtp_tls": "tls"}, "LEARNING_LOOP_SMTP_TLS must be none, starttls (usually port 587) or ssl"),
        ({"smtp_port": "smtp"}, "LEARNING_LOOP_SMTP_PORT: must be a whole number, not 'smtp'"),
        ({"smtp_port": "587.0"}, "LEARNING_LOOP_SMTP_PORT: must be a whole number, not '587.0'"),
        ({"smtp_port": "70000"}, "LEARNING_LOOP_SMTP_PORT must be a port number from 1 to 65535, not 70000"),
        ({"smtp_port": "0"}, "LEARNING_LOOP_SMTP_PORT must be a port number from 1 to 65535"),
        ({"smtp_timeout_seconds": "0"}, "LEARNING_LOOP_SMTP_TIMEOUT_SECONDS"),
        ({"smtp_timeout_seconds": "90"}, "LEARNING_LOOP_MAIL_INTERRUPTED_AFTER_MINUTES must be at least ten times"),
        ({"smtp_password": "secret"}, "LEARNING_LOOP_SMTP_PASSWORD is set but LEARNING_LOOP_SMTP_USERNAME is not"),
        (
            {"smtp_host": "relay", "smtp_username": "me", "smtp_password": "secret"},
            "the password would cross the network unencrypted",
        ),
        ({"smtp_ca_file": "/nowhere/ca.pem"}, "LEARNING_LOOP_SMTP_CA_FILE '/nowhere/ca.pem' is not a readable file"),
    ],
)
def test_a_bad_smtp_setting_is_refused_with_a_message_naming_it(variables, message):
    with pytest.raises(ValueError) as refused:
        _load(**variables)
    assert message in str(refused.value)


def test_a_ca_file_that_is_not_pem_certificates_is_refused(tmp_path: Path):
    not_pem = tmp_path / "ca.pem"
    not_pem.write_text("this is not a certificate\n")
    with pytest.raises(ValueError, match="LEARNING_LOOP_SMTP_CA_FILE .* is not a readable file of PEM CA certificates"):
        _load(smtp_ca_file=str(not_pem))


def test_a_plain_sign_in_is_allowed_only_when_asked_for_outright():
    settings = _load(smtp_host="localhost", smtp_username="me", smtp_password="secret", smtp_auth_without_tls="true")
    assert (settings.smtp_tls, settings.smtp_auth_without_tls) == ("none", True)


@pytest.mark.parametrize("command", [["serve", "--app", "admin"], ["scheduler"]])
@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SMTP_TLS", "smtps", "LEARNING_LOOP_SMTP_TLS must be none, starttls"),
        ("SMTP_PORT", "twenty-five", "LEARNING_LOOP_SMTP_PORT: must be a whole number, not 'twenty-five'"),
    ],
)
def test_the_server_and_scheduler_do_not_start_on_a_bad_smtp_setting_and_say_why(
    tmp_path, database_url, command, variable, value, message
):
    env = {
        "LEARNING_LOOP_INSTANCE_PATH": str(tmp_path / "instance"),
        "LEARNING_LOOP_DATABASE_URL": database_url,
        "LEARNING_LOOP_ENVIRONMENT": "testing",
        f"LEARNING_LOOP_{variable}": value,
    }
    result = CliRunner().invoke(main, command, env=env, catch_exceptions=False)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
