"""With CSRF on (as in production), a post without the page's token is refused plainly."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import pytest

from tests.feedback_app.flows import receipt_on, row_counts, simple_answers


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def test_a_post_without_the_token_is_refused_and_with_it_is_accepted(protected_app, surveys, db, engine):
    client = protected_app.test_client()
    page = client.get("/s/practitioner-feedback/page/1")
    token = _token(page.get_data(as_text=True))
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
    token = _token(client.get("/s/practitioner-feedback/page/1").get_data(as_text=True))
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
    token = _token(theirs.get("/receipt").get_data(as_text=True))
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
    first = _token(page)
    clock.at += dt.timedelta(seconds=5)
    second = _token(client.get("/s/practitioner-feedback/page/1").get_data(as_text=True))
    assert first != second
    # The secret the tokens are made from is in the signed cookie only, never on the page.
    cookie = client.get_cookie("ll_feedback")
    assert cookie is not None
    payload = cookie.value.split(".")[0]
    secret = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["csrf"]
    assert len(secret) == 43 and secret not in page and secret not in first
    for token in (first, second):
        assert (
            client.post("/s/practitioner-feedback/page/1", data={"role": "Housing", "csrf_token": token}).status_code
            == 302
        )


def test_a_token_older_than_the_draft_lifetime_is_refused(protected_app, surveys, clock, engine):
    client = protected_app.test_client()
    token = _token(client.get("/s/practitioner-feedback/page/1").get_data(as_text=True))
    hours = protected_app.config["WTF_CSRF_TIME_LIMIT"] / 3600
    assert hours == protected_app.extensions["learning_loop"].settings.draft_lifetime_hours
    clock.at += dt.timedelta(hours=hours, seconds=1)
    before = row_counts(engine)
    refused = client.post("/s/practitioner-feedback/page/1", data={"role": "Housing", "csrf_token": token})
    assert refused.status_code == 400 and "the form could not be sent" in refused.get_data(as_text=True)
    assert row_counts(engine) == before
    # A fresh page gives a token that works again.
    token = _token(client.get("/s/practitioner-feedback/page/1").get_data(as_text=True))
    assert (
        client.post("/s/practitioner-feedback/page/1", data={"role": "Housing", "csrf_token": token}).status_code == 302
    )


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t.replace(".", ""),  # no separator
        lambda t: "x" + t,  # not a time
        lambda t: "9" * 40 + t[t.index(".") :],  # an absurd time
        lambda t: str(int(t.split(".")[0]) + 3600) + t[t.index(".") :],  # a time changed: the tag no longer fits
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # a tag changed
        lambda t: t + "\u00e9",  # not ASCII
        lambda t: "\u00b2" + t,  # a digit int() cannot read
    ],
)
def test_a_damaged_token_is_refused_plainly(protected_app, surveys, mangle):
    client = protected_app.test_client()
    token = _token(client.get("/s/practitioner-feedback/page/1").get_data(as_text=True))
    refused = client.post("/s/practitioner-feedback/page/1", data={"role": "Housing", "csrf_token": mangle(token)})
    assert refused.status_code == 400
    assert "the form could not be sent" in refused.get_data(as_text=True)


def test_a_token_without_a_session_is_refused(protected_app, surveys):
    maker = protected_app.test_client()
    token = _token(maker.get("/s/practitioner-feedback/page/1").get_data(as_text=True))
    stranger = protected_app.test_client()  # no cookie at all: no secret to check against
    assert (
        stranger.post("/s/practitioner-feedback/page/1", data={"role": "Housing", "csrf_token": token}).status_code
        == 400
    )


def test_receipt_forms_are_protected_by_the_same_check(protected_app, surveys):
    client = protected_app.test_client()
    token = _token(client.get("/receipt").get_data(as_text=True))
    assert client.post("/receipt", data={"code": "ABCD-EFGH-JKMN-PQRS-TVWX"}).status_code == 400
    assert client.post("/receipt/leave", data={}).status_code == 400
    wrong = client.post("/receipt", data={"code": "ABCD-EFGH-JKMN-PQRS-TVWX", "csrf_token": token})
    assert wrong.status_code == 404  # past the token: only the receipt code is wrong
    assert client.post("/receipt/leave", data={"csrf_token": token}).status_code == 302
    assert client.post("/no-such-page", data={}).status_code == 404  # not a CSRF refusal
