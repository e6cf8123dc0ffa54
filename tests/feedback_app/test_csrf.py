"""With CSRF on (as in production), a post without the page's token is refused plainly."""

from __future__ import annotations

import datetime as dt

import pytest
from itsdangerous.encoding import base64_decode, base64_encode, bytes_to_int, int_to_bytes

from tests.feedback_app.flows import receipt_on, row_counts, simple_answers, token_on


def test_a_post_without_the_token_is_refused_and_with_it_is_accepted(protected_app, surveys, db, engine):
    client = protected_app.test_client()
    page = client.get("/s/practitioner-feedback/page/1")
    token = token_on(page.get_data(as_text=True))
    before = row_counts(engine)
    refused = client.post("/s/practitioner-feedback/page/1", data={"role": "Housing"})
    assert refused.status_code == 400
    assert "the form could not be sent" in refused.get_data(as_text=True)
    refused = client.post("/s/practitioner-feedback/page/1", data={"role": "Housing", "csrf_token": "forged"})
    assert refused.status_code == 400
    assert row_counts(engine) == before
    accepted = client.post("/s/practitioner-feedback/page/1", data={"role": "Housing", "csrf_token": token})
    assert accepted.status_code == 302


def test_sending_needs_the_token_too(protected_app, surveys, db, engine):
    client = protected_app.test_client()
    token = token_on(client.get("/s/practitioner-feedback/page/1").get_data(as_text=True))
    for number, data in sorted(simple_answers(db, "practitioner-feedback").items()):
        assert (
            client.post(f"/s/practitioner-feedback/page/{number}", data={**data, "csrf_token": token}).status_code
            == 302
        )
    before = row_counts(engine)
    refused = client.post("/s/practitioner-feedback/check")
    assert refused.status_code == 400 and receipt_on(refused.get_data(as_text=True)) is None
    assert row_counts(engine) == before
    sent = client.post("/s/practitioner-feedback/check", data={"csrf_token": token})
    assert sent.status_code == 200 and receipt_on(sent.get_data(as_text=True))


def test_a_token_from_another_browser_is_refused(protected_app, surveys):
    mine, theirs = protected_app.test_client(), protected_app.test_client()
    token = token_on(theirs.get("/receipt").get_data(as_text=True))
    mine.get("/receipt")
    assert mine.post("/receipt", data={"code": "ABCD-EFGH-JKMN-PQRS-TVWX", "csrf_token": token}).status_code == 400


def test_bad_bytes_without_a_token_are_refused_as_unreadable_not_as_expired(protected_app, surveys):
    client = protected_app.test_client()
    response = client.post(
        "/s/practitioner-feedback/page/3",
        data=b"working_well=%FF\xff",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "could not be read" in response.get_data(as_text=True)


def test_the_session_cookie_is_strict_and_http_only(protected_app, surveys):
    client = protected_app.test_client()
    client.get("/s/practitioner-feedback/page/1")  # the form's token lives in the session cookie
    cookie = client.get_cookie("ll_feedback")
    assert cookie is not None
    assert cookie.same_site == "Strict" and cookie.http_only
    assert cookie.expires is None and cookie.max_age is None  # gone when the browser closes


def test_each_page_gets_its_own_token_and_both_work(protected_app, surveys, clock):
    client = protected_app.test_client()
    page = client.get("/s/practitioner-feedback/page/1").get_data(as_text=True)
    first = token_on(page)
    clock.at += dt.timedelta(seconds=5)
    second = token_on(client.get("/s/practitioner-feedback/page/1").get_data(as_text=True))
    assert first != second
    for token in (first, second):
        assert (
            client.post("/s/practitioner-feedback/page/1", data={"role": "Housing", "csrf_token": token}).status_code
            == 302
        )


def test_a_token_older_than_the_draft_lifetime_is_refused(protected_app, surveys, clock, engine):
    client = protected_app.test_client()
    token = token_on(client.get("/s/practitioner-feedback/page/1").get_data(as_text=True))
    hours = protected_app.config["WTF_CSRF_TIME_LIMIT"] / 3600
    assert hours == protected_app.extensions["learning_loop"].settings.draft_lifetime_hours
    clock.at += dt.timedelta(hours=hours, seconds=1)
    before = row_counts(engine)
    refused = client.post("/s/practitioner-feedback/page/1", data={"role": "Housing", "csrf_token": token})
    assert refused.status_code == 400 and "the form could not be sent" in refused.get_data(as_text=True)
    assert row_counts(engine) == before
    # A fresh page gives a token that works again.
    token = token_on(client.get("/s/practitioner-feedback/page/1").get_data(as_text=True))
    assert (
        client.post("/s/practitioner-feedback/page/1", data={"role": "Housing", "csrf_token": token}).status_code == 302
    )


def _later(token: str, seconds: int) -> str:
    """The token with its time moved on: its signature no longer fits."""
    payload, stamp, signature = token.split(".")
    moved = base64_encode(int_to_bytes(bytes_to_int(base64_decode(stamp)) + seconds)).decode()
    return f"{payload}.{moved}.{signature}"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t.replace(".", ""),  # no separators
        lambda t: "x" + t,  # the secret changed: the signature no longer fits
        lambda t: t.split(".")[0] + "." + "9" * 40 + "." + t.split(".")[2],  # an absurd time
        lambda t: _later(t, 3600),  # a time changed
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # a signature changed
        lambda t: t[:-1] + "\u00e9",  # a character of the signature replaced by one that is not ASCII
        lambda t: "\u00b2" + t,  # a digit int() cannot read
        lambda t: t.split(".")[0],  # the secret alone, unsigned
    ],
)
def test_a_damaged_token_is_refused_plainly(protected_app, surveys, mangle):
    client = protected_app.test_client()
    token = token_on(client.get("/s/practitioner-feedback/page/1").get_data(as_text=True))
    refused = client.post("/s/practitioner-feedback/page/1", data={"role": "Housing", "csrf_token": mangle(token)})
    assert refused.status_code == 400
    assert "the form could not be sent" in refused.get_data(as_text=True)


@pytest.mark.parametrize("damage", [lambda v: v[:-2] + "AA", lambda v: "x" + v, lambda v: "é" + v, lambda v: "."])
def test_a_damaged_session_cookie_starts_a_new_session_and_its_tokens_are_refused(protected_app, surveys, damage):
    client = protected_app.test_client()
    token = token_on(client.get("/s/practitioner-feedback/page/1").get_data(as_text=True))
    cookie = client.get_cookie("ll_feedback")
    assert cookie is not None
    client.set_cookie("ll_feedback", damage(cookie.value))
    refused = client.post("/s/practitioner-feedback/page/1", data={"role": "Housing", "csrf_token": token})
    assert refused.status_code == 400 and "the form could not be sent" in refused.get_data(as_text=True)
    client.set_cookie("ll_feedback", damage(cookie.value))
    assert client.get("/s/practitioner-feedback/page/1").status_code == 200


def test_a_token_without_a_session_is_refused(protected_app, surveys):
    maker = protected_app.test_client()
    token = token_on(maker.get("/s/practitioner-feedback/page/1").get_data(as_text=True))
    stranger = protected_app.test_client()  # no cookie at all: no secret to check against
    assert (
        stranger.post("/s/practitioner-feedback/page/1", data={"role": "Housing", "csrf_token": token}).status_code
        == 400
    )


def test_receipt_forms_are_protected_by_the_same_check(protected_app, surveys):
    client = protected_app.test_client()
    token = token_on(client.get("/receipt").get_data(as_text=True))
    assert client.post("/receipt", data={"code": "ABCD-EFGH-JKMN-PQRS-TVWX"}).status_code == 400
    assert client.post("/receipt/leave", data={}).status_code == 400
    wrong = client.post("/receipt", data={"code": "ABCD-EFGH-JKMN-PQRS-TVWX", "csrf_token": token})
    assert wrong.status_code == 404  # past the token: only the receipt code is wrong
    assert client.post("/receipt/leave", data={"csrf_token": token}).status_code == 302
    assert client.post("/no-such-page", data={}).status_code == 404  # not a CSRF refusal


def test_over_https_a_post_without_a_referrer_is_accepted_with_its_token(protected_app, surveys):
    # The pages tell browsers to send no Referer (privacy), so the token must be enough on its own.
    client = protected_app.test_client()
    https = "https://feedback.example.org"
    token = token_on(client.get("/s/practitioner-feedback/page/1", base_url=https).get_data(as_text=True))
    sent = client.post("/s/practitioner-feedback/page/1", data={"role": "Housing", "csrf_token": token}, base_url=https)
    assert sent.status_code == 302
    refused = client.post("/s/practitioner-feedback/page/1", data={"role": "Housing"}, base_url=https)
    assert refused.status_code == 400 and "the form could not be sent" in refused.get_data(as_text=True)


def test_a_page_open_too_long_does_not_promise_the_answers_saved_before_it_are_kept(protected_app, surveys, clock):
    client = protected_app.test_client()
    token = token_on(client.get("/s/practitioner-feedback/page/1").get_data(as_text=True))
    assert client.post("/s/practitioner-feedback/page/1", data={"role": "Housing", "csrf_token": token}).status_code
    page_two = client.get("/s/practitioner-feedback/page/2").get_data(as_text=True)
    # Past the token's life and the hour a draft's expiry is rounded up to.
    clock.at += dt.timedelta(hours=protected_app.config["WTF_CSRF_TIME_LIMIT"] / 3600 + 1, seconds=1)
    refused = client.post("/s/practitioner-feedback/page/2", data={"csrf_token": token_on(page_two)})
    message = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "the form could not be sent" in message
    assert "still kept" not in message and "you may need to give some answers again" in message
    # As the page says: the first page's answer is gone.
    assert "checked" not in client.get("/s/practitioner-feedback/page/1").get_data(as_text=True)
