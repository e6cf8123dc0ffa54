"""Someone at a signed-in screen who does not know its password (a stolen cookie, a screen left open) cannot find it
out by guessing on the account page: wrong current passwords there count with the wrong passwords given again
before reading answers or exporting, and pause both after five."""

from __future__ import annotations

from sqlalchemy import select

from core.models import User
from core.services.second_factor import MAX_FAILURES
from tests.factories import TEST_PASSWORD

NEW_PASSWORD = "a different long password"


def _change(client, current: str):
    return client.post("/account/password", data={"current": current, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD})


def test_guessing_the_current_password_on_the_account_page_is_paused_after_five_wrong_ones(auth, admin_client, db):
    user = auth.login("partner")
    stored = user.password_hash
    for guess in range(MAX_FAILURES):
        assert _change(admin_client, f"guess number {guess}").status_code == 400
    # The sixth try is refused even with the right password: a guesser learns nothing from it.
    paused = _change(admin_client, TEST_PASSWORD)
    assert paused.status_code == 429
    assert "Too many wrong attempts" in paused.get_data(as_text=True)
    db.expire_all()
    assert db.scalar(select(User.password_hash).where(User.id == user.id)) == stored
    # Nor can the guessing go on where the password is given again before an export.
    again = admin_client.post("/second-factor/confirm-password", data={"password": TEST_PASSWORD})
    assert again.status_code == 429


def test_wrong_passwords_given_again_count_towards_the_account_pages_pause_too(auth, admin_client, db):
    user = auth.login("board")
    stored = user.password_hash
    for guess in range(MAX_FAILURES):
        wrong = admin_client.post("/second-factor/confirm-password", data={"password": f"guess number {guess}"})
        assert wrong.status_code == 400
    assert _change(admin_client, TEST_PASSWORD).status_code == 429
    db.expire_all()
    assert db.scalar(select(User.password_hash).where(User.id == user.id)) == stored
