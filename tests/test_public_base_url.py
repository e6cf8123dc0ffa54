"""LEARNING_LOOP_PUBLIC_BASE_URL: production refuses to start with email links that would point at localhost (or at
plain http://), development and tests keep http://localhost:5000, and production's emails carry the given address."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from config import check_public_base_url, load_settings
from config.settings import EXAMPLE_PUBLIC_BASE_URL
from tests.mail_cycle import Cycle
from tests.smtp_server import body_of

PUBLIC = "https://feedback.partnership.example"
KEYS = {
    "admin_secret_key": "admin-" + "a" * 40,
    "feedback_secret_key": "feedback-" + "f" * 40,
    "second_factor_secret_key": "second-factor-" + "s" * 40,
    "pairing_secret_key": "pairing-" + "p" * 40,
    "mail_key": "bWFpbC1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXMtbG9uZw",
}


def _production(**overrides):
    return load_settings(environ={}, environment="production", database_url="postgresql+psycopg://db/ll", **overrides)


def test_production_without_a_public_base_url_is_refused_naming_the_variable_and_an_example():
    for settings in (_production(), _production(public_base_url="")):  # unset: the localhost default
        with pytest.raises(ValueError) as refused:
            check_public_base_url(settings)
        message = str(refused.value)
        assert message.startswith("LEARNING_LOOP_PUBLIC_BASE_URL must be set in production")
        assert EXAMPLE_PUBLIC_BASE_URL in message and EXAMPLE_PUBLIC_BASE_URL.startswith("https://")


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://localhost:5000", "development default"),
        ("http://localhost:5000/", "development default"),
        ("https://localhost", "this machine"),
        ("https://127.0.0.1:8443/", "this machine"),
        ("https://[::1]", "this machine"),
        ("https://0.0.0.0", "this machine"),
        ("https://feedback.localhost", "this machine"),
        # Plain http is refused: the links carry one-time tokens, and the public site is https only (Secure
        # cookies, HSTS), so a http:// link would send the token in clear before any redirect.
        ("http://feedback.partnership.example", "must start with https://"),
        ("feedback.partnership.example", "must start with https://"),
        ("https://", "no host name"),
        ("https://feedback.partnership.example:port", "not a URL"),
        ("https://feedback.partnership.example/?from=email", "their own path and query"),
        ("https://user:secret@feedback.partnership.example", "user name or password"),
        (" https://feedback.partnership.example", "space"),
    ],
)
def test_production_refuses_a_public_base_url_nobody_reading_an_email_could_safely_open(url, why):
    with pytest.raises(ValueError, match="LEARNING_LOOP_PUBLIC_BASE_URL must be set in production") as refused:
        check_public_base_url(_production(public_base_url=url))
    assert why in str(refused.value) and EXAMPLE_PUBLIC_BASE_URL in str(refused.value)


@pytest.mark.parametrize("url", [PUBLIC, PUBLIC + "/", "https://council.example/feedback", "https://203.0.113.9:8443"])
def test_production_accepts_an_absolute_https_address(url):
    check_public_base_url(_production(public_base_url=url))


@pytest.mark.parametrize("environment", ["development", "testing"])
def test_development_and_tests_keep_the_localhost_default(environment):
    settings = load_settings(environ={}, environment=environment)
    assert settings.public_base_url == "http://localhost:5000"
    check_public_base_url(settings)


def test_the_admin_app_will_not_start_in_production_without_it_and_the_feedback_app_never_asks(
    make_settings, clock, engine
):
    from admin_app import create_app as create_admin
    from feedback_app import create_app as create_feedback

    with pytest.raises(ValueError, match="LEARNING_LOOP_PUBLIC_BASE_URL must be set in production"):
        create_admin(make_settings(environment="production", **KEYS), clock=clock)
    # The public app builds none of these links: a public server is not refused for a variable it never reads.
    feedback = create_feedback(make_settings(environment="production", **KEYS), clock=clock)
    feedback.extensions["learning_loop_engine"].dispose()
    admin = create_admin(make_settings(environment="production", public_base_url=PUBLIC, **KEYS), clock=clock)
    admin.extensions["learning_loop_engine"].dispose()


def test_an_invitation_sent_under_production_settings_links_to_the_configured_host(
    db, surveys, make_settings, clock, smtp_server, engine
):
    from feedback_app import create_app

    settings = make_settings(
        environment="production",
        public_base_url=PUBLIC + "/",
        smtp_host=smtp_server.host,
        smtp_port=smtp_server.port,
        **KEYS,
    )
    check_public_base_url(settings)
    cycle = Cycle(db, settings, clock, smtp_server, people=2)
    cycle.invite()
    assert len(smtp_server.received) == 2
    for message in smtp_server.received:
        body = body_of(message)
        assert "localhost" not in body and "localhost" not in str(message["List-Unsubscribe"])
        links = re.findall(r"https?://\S+", body)
        assert links and all(link.startswith(PUBLIC + "/") for link in links), links
        assert str(message["List-Unsubscribe"]).startswith(f"<{PUBLIC}/unsubscribe?token=")
        (invitation,) = [link for link in links if "/invitation?token=" in link]
        assert invitation.startswith(f"{PUBLIC}/invitation?token=")  # one slash, though the setting ended in one
    # And the link opens the survey on the public app, as served over https in production.
    app = create_app(settings, clock=clock)
    try:
        parts = urlsplit(invitation)
        opened = app.test_client().get(f"{parts.path}?{parts.query}", base_url=PUBLIC)
        assert opened.status_code == 302 and "/s/practitioner-feedback/?campaign=" in opened.headers["Location"]
    finally:
        app.extensions["learning_loop_engine"].dispose()
