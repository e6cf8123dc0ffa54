"""One longest password (core.passwords.MAX_LENGTH), kept wherever a password is set or given: one that could be
set can always be used to sign in, and one too long is refused where it is set and is simply wrong at sign-in."""

from __future__ import annotations

from sqlalchemy import select

from core.models import AuditEvent, User
from core.passwords import MAX_LENGTH, verify_password
from tests.admin_app.test_cli import cli  # noqa: F401  (the command runner fixture)
from tests.factories import TEST_PASSWORD, make_user

WRONG_PASSWORD = "The email address or password is not right"


def _events(db, action: str) -> list[AuditEvent]:
    db.expire_all()
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_password_longer_than_the_longest_is_refused_on_the_account_page_and_nothing_changes(auth, admin_client, db):
    user = auth.login("staff")
    stored = user.password_hash
    too_long = "A" * 100_000
    response = admin_client.post(
        "/account/password", data={"current": TEST_PASSWORD, "new": too_long, "repeat": too_long}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<a href="#new">Use {MAX_LENGTH} characters or fewer</a>' in page
    db.expire_all()
    assert db.get(User, user.id).password_hash == stored
    assert _events(db, "user.password_changed") == []


def test_a_password_of_the_longest_length_can_be_set_and_then_used_to_sign_in(auth, admin_client, db):
    user = auth.login("staff")
    longest = "A" * MAX_LENGTH
    done = admin_client.post("/account/password", data={"current": TEST_PASSWORD, "new": longest, "repeat": longest})
    assert done.status_code == 302
    auth.logout()
    assert admin_client.post("/login", data={"email": user.email, "password": longest}).status_code == 302


def test_signing_in_with_an_over_long_password_is_a_wrong_password_and_counted_as_one(admin_client, db):
    user = make_user(db, role="staff", email="long@example.org")
    db.commit()
    response = admin_client.post("/login", data={"email": user.email, "password": "A" * 100_000})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert WRONG_PASSWORD in page and "cannot be longer" not in page
    assert [e.object_id for e in _events(db, "user.login_failed")] == [str(user.id)]


def test_an_over_long_password_for_no_account_says_the_same(admin_client, db):
    response = admin_client.post("/login", data={"email": "nobody@example.org", "password": "A" * (MAX_LENGTH + 1)})
    assert response.status_code == 400 and WRONG_PASSWORD in response.get_data(as_text=True)


def test_the_command_line_refuses_to_create_an_account_with_an_over_long_password(cli, db):  # noqa: F811
    result = cli("users", "create", "y@example.org", "--role", "staff", "--password-stdin", input="A" * 300 + "\n")
    assert result.exit_code != 0
    assert f"Use {MAX_LENGTH} characters or fewer" in result.output and "Created" not in result.output
    assert db.scalar(select(User).where(User.email == "y@example.org")) is None


def test_the_command_line_creates_an_account_whose_longest_password_works(cli, db):  # noqa: F811
    longest = "B" * MAX_LENGTH
    result = cli("users", "create", "z@example.org", "--role", "staff", "--password-stdin", input=longest + "\n")
    assert result.exit_code == 0, result.output
    db.expire_all()
    assert verify_password(db.scalar(select(User).where(User.email == "z@example.org")).password_hash, longest)


def test_giving_the_password_again_with_an_over_long_one_says_it_is_not_right(auth, admin_client):
    auth.login("staff")
    response = admin_client.post("/second-factor/confirm-password", data={"password": "A" * 100_000})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert '<a href="#password">The password is not right</a>' in page and "cannot be longer" not in page
