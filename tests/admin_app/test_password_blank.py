"""A password that is nothing but spaces cannot be set: the sign-in page (and giving the password again) reads
such a password as no password at all, so whoever set one would be locked out of their own account."""

from __future__ import annotations

from sqlalchemy import select

from core.models import AuditEvent, User
from core.passwords import password_problem
from tests.admin_app.test_cli import cli  # noqa: F401  (the command runner fixture)
from tests.factories import TEST_PASSWORD, make_user

SPACES = " " * 12
BLANK_MESSAGE = "Use letters, numbers or symbols, not only spaces"


def test_a_password_of_only_spaces_is_refused_on_the_account_page_and_nothing_changes(auth, admin_client, db):
    user = auth.login("board")
    stored = user.password_hash
    for blank in (SPACES, " \t" * 8, "\u00a0" * 12):
        response = admin_client.post(
            "/account/password", data={"current": TEST_PASSWORD, "new": blank, "repeat": blank}
        )
        assert response.status_code == 400, repr(blank)
        assert f'<a href="#new">{BLANK_MESSAGE}</a>' in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, user.id).password_hash == stored
    assert list(db.scalars(select(AuditEvent).where(AuditEvent.action == "user.password_changed"))) == []
    # The old password still signs in.
    auth.logout()
    assert admin_client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).status_code == 302


def test_a_password_with_spaces_around_words_can_be_set_and_used_to_sign_in(auth, admin_client):
    user = auth.login("staff")
    spaced = "  correct horse battery  "
    done = admin_client.post("/account/password", data={"current": TEST_PASSWORD, "new": spaced, "repeat": spaced})
    assert done.status_code == 302
    auth.logout()
    assert admin_client.post("/login", data={"email": user.email, "password": spaced}).status_code == 302


def test_the_command_line_refuses_a_password_of_only_spaces(cli, db):  # noqa: F811
    make_user(db, role="staff", email="s@example.org")
    db.commit()
    result = cli("users", "set-password", "s@example.org", "--password-stdin", input=SPACES + "\n")
    assert result.exit_code != 0 and BLANK_MESSAGE in result.output
    result = cli("users", "create", "t@example.org", "--role", "staff", "--password-stdin", input=SPACES + "\n")
    assert result.exit_code != 0 and BLANK_MESSAGE in result.output
    assert db.scalar(select(User).where(User.email == "t@example.org")) is None


def test_the_one_password_rule_names_a_blank_password():
    assert password_problem(SPACES) == BLANK_MESSAGE
    assert password_problem("   short   ") is not None
    assert password_problem("x" * 12) is None
