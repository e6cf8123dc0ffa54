"""The second factor: no page, and so no respondent's words and no export, until a TOTP code is given; setting
it up on first sign-in; recovery codes; a code taken once; the password again after a while."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import func, select

from config import instance_secret
from core.models import AuditEvent, RecoveryCode, SecondFactor
from core.second_factor import SecretBox, code_at
from tests.admin_app.signing_in import csrf_token
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET, survey_by_slug, totp_code
from tests.feedback_app.flows import store_response, unique_word

ROLES = ("admin", "staff", "board", "partner")


def _events(db, action: str) -> list[AuditEvent]:
    db.expire_all()
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.fixture
def words(db, settings, surveys) -> tuple[int, str]:
    """A stored complaint holding a word found nowhere else; (its survey's id, the word)."""
    word = unique_word()
    store_response(db, settings, "compliments-complaints", {"kind": "complaint", "details": f"Nobody rang {word}"})
    return survey_by_slug(db, "compliments-complaints").id, word


@pytest.mark.parametrize("enrolled", [False, True], ids=["not set up", "set up but not given"])
def test_without_the_second_factor_no_response_text_and_no_export_is_shown(auth, admin_client, db, words, enrolled):
    survey_id, word = words
    auth.password_only("staff", enrolled=enrolled)
    step = "/second-factor/" if enrolled else "/second-factor/set-up"
    for path in (
        f"/surveys/{survey_id}/responses",
        "/reviews/export?format=csv",
        "/agencies/export?format=xlsx",
        "/",
        "/users/",
        "/account/password",
    ):
        response = admin_client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith(f"{step}?next="), path
        assert word not in response.get_data(as_text=True)
    assert admin_client.post("/reviews/new", data={"subject": "Child A"}).status_code == 302
    assert _events(db, "response.read") == [] and _events(db, "export") == []
    assert word not in admin_client.get(step).get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gives_a_code_before_any_page(auth, admin_client, role):
    auth.password_only(role, enrolled=True)
    assert admin_client.get("/exports/").headers["Location"] == "/second-factor/?next=/exports/"
    admin_client.post("/second-factor/", data={"code": totp_code(auth.clock.now())})
    assert admin_client.get("/exports/").status_code == 200


def _secret_on(page: str) -> str:
    match = re.search(r'<code class="ll-secret" id="secret"[^>]*>([^<]+)</code>', page)
    assert match, page[:2000]
    return "".join(html.unescape(match.group(1)).split())


def test_first_sign_in_sets_up_the_authenticator_with_the_key_as_text_beside_its_qr_code(
    auth, admin_client, db, settings, clock
):
    user = auth.password_only("staff")
    page = admin_client.get("/second-factor/set-up?next=/exports/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    secret = _secret_on(text)
    assert re.search(r'<img class="ll-qr-code" src="data:image/svg\+xml[^"]+" alt="[^"]+"', text)
    assert '<label class="govuk-label" for="code">' in text and 'autocomplete="one-time-code"' in text
    # A reload shows the same key: the person may be halfway through typing it into their phone.
    assert _secret_on(admin_client.get("/second-factor/set-up").get_data(as_text=True)) == secret
    stored = db.get(SecondFactor, user.id)
    assert secret not in stored.encrypted_secret and stored.confirmed_at is None
    assert SecretBox(instance_secret(settings, "second_factor")).open(stored.encrypted_secret) == secret

    wrong = admin_client.post("/second-factor/set-up?next=/exports/", data={"code": "000000"})
    assert wrong.status_code == 400
    assert 'class="govuk-error-summary"' in wrong.get_data(as_text=True)
    assert '<a href="#code">' in wrong.get_data(as_text=True)
    assert admin_client.get("/exports/").status_code == 302

    done = admin_client.post("/second-factor/set-up?next=/exports/", data={"code": code_at(secret, clock.now())})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", done.get_data(as_text=True))
    assert len(set(codes)) == 10
    assert 'href="/exports/"' in done.get_data(as_text=True)
    assert admin_client.get("/exports/").status_code == 200
    db.expire_all()
    assert db.get(SecondFactor, user.id).confirmed_at is not None
    hashes = db.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(hashes) == 10 and not set(codes) & set(hashes)
    assert [e.user_id for e in _events(db, "user.second_factor_set_up")] == [user.id]
    # Shown once: the set-up page now sends on, it never makes new codes.
    assert admin_client.get("/second-factor/set-up").status_code == 302


def _enrol_through_the_page(client, clock) -> list[str]:
    secret = _secret_on(client.get("/second-factor/set-up").get_data(as_text=True))
    done = client.post("/second-factor/set-up", data={"code": code_at(secret, clock.now())})
    return re.findall(r"<li><code>([a-z0-9-]+)</code></li>", done.get_data(as_text=True))


def test_a_recovery_code_signs_in_once_only(auth, admin_client, db, clock):
    user = auth.password_only("staff")
    codes = _enrol_through_the_page(admin_client, clock)
    auth.logout()
    for attempt in range(2):
        admin_client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
        typed = codes[3].upper().replace("-", " ")  # however it is typed
        response = admin_client.post("/second-factor/", data={"code": typed})
        if attempt == 0:
            assert response.status_code == 302 and admin_client.get("/").status_code == 200
            auth.logout()
        else:
            assert response.status_code == 400
            assert admin_client.get("/").headers["Location"].startswith("/second-factor/")
    used = _events(db, "user.recovery_code_used")
    assert len(used) == 1 and used[0].details == {"codes_left": 9}
    assert db.scalar(select(func.count()).select_from(RecoveryCode).where(RecoveryCode.used_at.is_not(None))) == 1


def test_a_code_is_taken_once_even_within_its_window(auth, admin_client, clock):
    user = auth.login("staff")
    auth.logout()
    admin_client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    again = admin_client.post("/second-factor/", data={"code": totp_code(clock.now())})
    assert again.status_code == 400 and "used already" in again.get_data(as_text=True)
    clock.advance(seconds=30)
    assert admin_client.post("/second-factor/", data={"code": totp_code(clock.now())}).status_code == 302


def test_a_code_from_a_step_either_side_is_accepted_and_older_ones_are_not(auth, admin_client, db, clock):
    user = auth.password_only("staff", enrolled=True)
    stale = admin_client.post("/second-factor/", data={"code": code_at(TEST_TOTP_SECRET, clock.at.replace(minute=0))})
    assert stale.status_code == 400
    early = code_at(TEST_TOTP_SECRET, clock.now() - dt.timedelta(seconds=30))
    assert admin_client.post("/second-factor/", data={"code": early}).status_code == 302
    assert db.get(SecondFactor, user.id).last_step > 0


def test_guessing_codes_is_paused_after_five_wrong_ones(auth, admin_client, db, clock):
    auth.password_only("staff", enrolled=True)
    for _ in range(5):
        assert admin_client.post("/second-factor/", data={"code": "123456"}).status_code == 400
    paused = admin_client.post("/second-factor/", data={"code": totp_code(clock.now())})
    assert paused.status_code == 429 and "Too many wrong attempts" in paused.get_data(as_text=True)
    assert len(_events(db, "user.second_factor_failed")) == 5


@pytest.mark.parametrize("bad", ["", "12345", "abcdef", "1" * 41, "\x00" * 6, "١٢٣٤٥٦", "éééééééééé", "ab²de-fghjk"])
def test_a_malformed_code_is_a_clear_400(auth, admin_client, bad):
    auth.password_only("staff", enrolled=True)
    response = admin_client.post("/second-factor/", data={"code": bad})
    assert response.status_code == 400 and 'class="govuk-error-summary"' in response.get_data(as_text=True)


def test_reading_words_or_exporting_asks_for_the_password_again_after_15_minutes(auth, admin_client, db, words, clock):
    survey_id, word = words
    auth.login("staff")
    responses = f"/surveys/{survey_id}/responses"
    assert word in admin_client.get(responses).get_data(as_text=True)
    clock.advance(minutes=14)
    assert admin_client.get("/reviews/export?format=csv").status_code == 200
    clock.advance(minutes=2)
    for page in (responses, "/reviews/export?format=csv"):
        asked = admin_client.get(page)
        assert asked.status_code == 302, page
        assert asked.headers["Location"].startswith("/second-factor/confirm-password?next=")
        assert word not in asked.get_data(as_text=True)
    # Pages without respondents' words still open.
    assert admin_client.get("/reviews/").status_code == 200
    reads_before = len(_events(db, "response.read"))
    form = admin_client.get(admin_client.get(responses).headers["Location"])
    assert form.status_code == 200 and 'autocomplete="current-password"' in form.get_data(as_text=True)
    wrong = admin_client.post(f"/second-factor/confirm-password?next={responses}", data={"password": "not it"})
    assert wrong.status_code == 400 and '<a href="#password">' in wrong.get_data(as_text=True)
    right = admin_client.post(f"/second-factor/confirm-password?next={responses}", data={"password": TEST_PASSWORD})
    assert right.status_code == 302 and right.headers["Location"] == responses
    assert word in admin_client.get(responses).get_data(as_text=True)
    assert len(_events(db, "response.read")) == reads_before + 1
    assert len(_events(db, "user.password_confirmed")) == 1


def test_how_long_a_password_counts_is_a_setting(make_settings, clock, engine, db, surveys):
    from admin_app import create_app
    from tests.admin_app.signing_in import sign_in
    from tests.factories import make_user

    app = create_app(make_settings(reauthenticate_after_minutes=2), clock=clock)
    try:
        client = app.test_client()
        sign_in(app, client, db, make_user(db, role="board"))
        clock.advance(minutes=3)
        assert client.get("/agencies/export?format=csv").headers["Location"].startswith("/second-factor/confirm")
    finally:
        app.extensions["learning_loop_engine"].dispose()


def test_with_csrf_on_the_second_step_needs_its_token(make_settings, clock, engine, db):
    from admin_app import create_app
    from tests.factories import enrol_second_factor, make_user

    app = create_app(make_settings(csrf_enabled=True), clock=clock)
    try:
        client = app.test_client()
        user = make_user(db, role="staff")
        enrol_second_factor(db, app.extensions["learning_loop"].settings, user)
        db.commit()
        token = csrf_token(client.get("/login").get_data(as_text=True))
        client.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token})
        refused = client.post("/second-factor/", data={"code": totp_code(clock.now())})
        assert refused.status_code == 400 and "security token" in refused.get_data(as_text=True)
        assert _events(db, "user.second_factor_passed") == []
        token = csrf_token(client.get("/second-factor/").get_data(as_text=True))
        passed = client.post("/second-factor/", data={"code": totp_code(clock.now()), "csrf_token": token})
        assert passed.status_code == 302 and client.get("/").status_code == 200
    finally:
        app.extensions["learning_loop_engine"].dispose()


def test_production_needs_its_own_second_factor_key(make_settings, clock, engine):
    from admin_app import create_app

    settings = make_settings(environment="production", admin_secret_key="a" * 40)
    with pytest.raises(ValueError, match="LEARNING_LOOP_SECOND_FACTOR_SECRET_KEY must be set in production"):
        create_app(settings, clock=clock)


def test_a_key_sealed_under_another_instance_secret_does_not_open():
    sealed = SecretBox("one instance secret, long enough").seal(TEST_TOTP_SECRET)
    with pytest.raises(ValueError):
        SecretBox("another instance secret, long enough").open(sealed)
