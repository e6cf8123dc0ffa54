"""Invariant 9: bad input gets a clear message and a 4xx, never a 500 and never a partial write."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import select

from core.models import Response, Survey
from tests.feedback_app.flows import answer_survey, row_counts, send_survey

PAGE = "/s/practitioner-feedback/page/{}"
CHECK = "/s/practitioner-feedback/check"
FORM = "application/x-www-form-urlencoded"


@dataclass
class Case:
    """One bad request, and what the respondent must see."""

    method: str
    path: str
    status: int
    says: tuple[str, ...]
    data: Any = None
    content_type: str | None = None
    links_to: str | None = None
    ready: bool = False  # answer every page first, so the check page can be sent
    extra: dict[str, Any] = field(default_factory=dict)


CASES: dict[str, Case] = {
    "text over the question's limit": Case(
        "POST",
        PAGE.format(3),
        400,
        ("There is a problem", "must be 2000 characters or fewer"),
        data={"working_well": "x" * 2001},
        links_to="#q-working_well",
    ),
    "request over MAX_CONTENT_LENGTH": Case(
        "POST", PAGE.format(3), 413, ("too long",), data={"working_well": "x" * (70 * 1024)}
    ),
    "a choice that is not offered": Case(
        "POST",
        PAGE.format(1),
        400,
        ("There is a problem", "Select one of the answers listed"),
        data={"role": "Astronaut"},
        links_to="#q-role-1",
    ),
    "two answers to a one-answer question": Case(
        "POST",
        PAGE.format(1),
        400,
        ("Select one of the answers listed",),
        data={"role": ["Housing", "Other"]},
        links_to="#q-role-1",
    ),
    "a scale value off the scale": Case(
        "POST",
        PAGE.format(5),
        400,
        ("Select one of the answers listed",),
        data={"conf_escalate": "9", "conf_share": "3", "conf_challenge": "2", "aware_key_areas": "1"},
        links_to="#q-conf_escalate-1",
    ),
    "a checkbox that is not offered": Case(
        "POST",
        PAGE.format(6),
        400,
        ("Select one of the answers listed",),
        data={"learning_used": ["Nope"]},
        links_to="#q-learning_used-1",
    ),
    "a required answer missing": Case(
        "POST", PAGE.format(3), 400, ("Enter your answer",), data={}, links_to="#q-working_well"
    ),
    "percent-encoded bytes that are not UTF-8": Case(
        "POST", PAGE.format(3), 400, ("could not be read",), data=b"working_well=%FF%FE", content_type=FORM
    ),
    "raw bytes that are not UTF-8": Case(
        "POST", PAGE.format(3), 400, ("could not be read",), data=b"working_well=caf\xe9", content_type=FORM
    ),
    "an encoded surrogate": Case(
        "POST", PAGE.format(3), 400, ("could not be read",), data=b"working_well=%ED%A0%80", content_type=FORM
    ),
    "an unknown survey": Case("GET", "/s/no-such-survey/", 404, ("could not find that survey",)),
    "an answer posted to an unknown survey": Case(
        "POST", "/s/no-such-survey/page/1", 404, ("could not find that survey",), data={"role": "Housing"}
    ),
    "a page number past the end": Case("GET", PAGE.format(99), 404, ("does not exist",)),
    "page zero": Case("POST", PAGE.format(0), 404, ("does not exist",), data={"role": "Housing"}),
    "the honeypot filled on a page": Case(
        "POST", PAGE.format(1), 400, ("could not be understood",), data={"role": "Housing", "website": "http://x"}
    ),
    "the honeypot filled when sending": Case(
        "POST", CHECK, 400, ("could not be understood",), data={"website": "spam"}, ready=True
    ),
    "a wrong receipt code": Case(
        "POST",
        "/receipt",
        404,
        ("could not find that receipt code",),
        data={"code": "ABCD-EFGH-JKMN-PQRS-TVWX"},
        links_to="#code",
    ),
    "a receipt code of the wrong shape": Case(
        "POST", "/receipt", 404, ("could not find that receipt code",), data={"code": "hello?"}, links_to="#code"
    ),
    "a receipt code far too long": Case(
        "POST", "/receipt", 400, ("Your receipt code is too long",), data={"code": "A" * 500}, links_to="#code"
    ),
    "the receipt page without a code": Case("GET", "/receipt/yours", 404, ("Enter your receipt code again",)),
    "a campaign link for another survey": Case(
        "GET", "/s/practitioner-feedback/?campaign=999999", 404, ("not for this survey",)
    ),
    "a campaign number too big for the database": Case(
        "GET", "/s/practitioner-feedback/?campaign=99999999999999999999999", 404, ("not for this survey",)
    ),
    "a method the page does not take": Case("GET", "/receipt/leave", 405, ("cannot be used in this way",)),
    "an unknown page": Case("GET", "/wp-login.php", 404, ("Page not found",)),
}


def _send(client, case: Case):
    kwargs: dict[str, Any] = {"data": case.data, **case.extra}
    if case.content_type:
        kwargs["content_type"] = case.content_type
    return client.open(case.path, method=case.method, **kwargs)


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gets_a_clear_message_and_a_4xx_and_writes_nothing(name, surveys, feedback_client, db, engine):
    case = CASES[name]
    if case.ready:
        answer_survey(feedback_client, db, "practitioner-feedback")
    else:
        # Part-way through, so a draft exists that a partial write could change.
        feedback_client.post(PAGE.format(1), data={"role": "Housing"})
    before = row_counts(engine)
    response = _send(feedback_client, case)
    page = response.get_data(as_text=True)
    assert response.status_code == case.status, page[:3000]
    for words in case.says:
        assert words in page
    if case.links_to:
        assert f'<a href="{case.links_to}">' in page
        assert f'id="{case.links_to[1:]}"' in page
    assert row_counts(engine) == before


def test_what_was_typed_is_shown_again_after_an_error_but_not_kept(surveys, feedback_client, db, engine):
    before = row_counts(engine)
    response = feedback_client.post(PAGE.format(3), data={"working_well": "kept only on screen " + "y" * 2000})
    assert response.status_code == 400
    assert "kept only on screen" in response.get_data(as_text=True)
    assert row_counts(engine) == before


def test_too_many_attempts_from_one_address_are_refused_for_a_while(make_settings, clock, engine, surveys):
    from feedback_app import create_app

    app = create_app(make_settings(rate_limit_per_hour=2), clock=clock)
    try:
        client = app.test_client()
        other = app.test_client()
        statuses = [
            client.post(
                "/receipt", data={"code": "ABCD-EFGH-JKMN-PQRS-TVWX"}, environ_base={"REMOTE_ADDR": "198.51.100.7"}
            ).status_code
            for _ in range(3)
        ]
        assert statuses == [404, 404, 429]
        before = row_counts(engine)
        refused = client.post("/receipt", data={"code": "x"}, environ_base={"REMOTE_ADDR": "198.51.100.7"})
        assert refused.status_code == 429
        assert "too many" in refused.get_data(as_text=True)
        assert row_counts(engine) == before
        # Someone else is not held back.
        assert (
            other.post("/receipt", data={"code": "x"}, environ_base={"REMOTE_ADDR": "198.51.100.8"}).status_code == 404
        )
    finally:
        app.extensions["learning_loop_engine"].dispose()


def test_sending_too_often_is_refused_before_anything_is_stored(make_settings, clock, engine, surveys, db):
    from feedback_app import create_app

    app = create_app(make_settings(rate_limit_per_hour=1), clock=clock)
    try:
        client = app.test_client()
        send_survey(client, db, "compliments-complaints")
        answer_survey(client, db, "compliments-complaints")
        before = row_counts(engine)
        refused = client.post("/s/compliments-complaints/check")
        assert refused.status_code == 429 and "too many" in refused.get_data(as_text=True)
        assert row_counts(engine) == before
    finally:
        app.extensions["learning_loop_engine"].dispose()


def test_a_closed_survey_takes_no_answers(surveys, feedback_client, db, engine):
    answer_survey(feedback_client, db, "family-feedback")
    survey = db.scalar(select(Survey).where(Survey.slug == "family-feedback"))
    survey.status = "closed"
    db.commit()
    before = row_counts(engine)
    for method, path in (("GET", "/s/family-feedback/"), ("POST", "/s/family-feedback/check")):
        response = feedback_client.open(path, method=method)
        assert response.status_code == 410
        assert "This survey is closed" in response.get_data(as_text=True)
    assert row_counts(engine) == before


WEIRD_TEXT = [
    "a\x00b",
    "\u202eright to left\u202c and \u200bzero width",
    "emoji \U0001f600\U0001f469\u200d\U0001f467" * 50,
    "<script>alert(1)</script> {{ 7*7 }} {% raw %}",
    "'; DROP TABLE response; --",
    "\r\n" * 100 + "text",
    "ü" * 2000,
]


@pytest.mark.parametrize("text", WEIRD_TEXT, ids=range(len(WEIRD_TEXT)))
def test_odd_but_valid_text_is_accepted_or_refused_clearly_never_a_500(text, surveys, feedback_client, db, engine):
    response = feedback_client.post(PAGE.format(3), data={"working_well": text})
    assert response.status_code in (302, 400), response.get_data(as_text=True)[:2000]
    if response.status_code == 302:
        check = feedback_client.get(PAGE.format(3))
        assert check.status_code == 200
        assert "<script>alert(1)</script>" not in check.get_data(as_text=True)


def test_a_multipart_post_with_bad_bytes_is_not_a_500(surveys, feedback_client, db, engine):
    body = b'--b\r\nContent-Disposition: form-data; name="working_well"\r\n\r\ncaf\xe9\xff\r\n--b--\r\n'
    response = feedback_client.post(PAGE.format(3), data=body, content_type="multipart/form-data; boundary=b")
    assert response.status_code in (302, 400)


def test_nothing_is_stored_until_the_respondent_sends(surveys, feedback_client, db):
    answer_survey(feedback_client, db, "practitioner-feedback")
    assert db.scalar(select(Response)) is None


def test_behind_a_trusted_proxy_the_limit_is_per_forwarded_address(make_settings, clock, engine, surveys):
    from feedback_app import create_app

    app = create_app(make_settings(rate_limit_per_hour=1, trusted_proxies=1), clock=clock)
    try:
        client = app.test_client()

        def attempt(forwarded: str) -> int:
            return client.post(
                "/receipt",
                data={"code": "x"},
                headers={"X-Forwarded-For": forwarded},
                environ_base={"REMOTE_ADDR": "10.0.0.1"},
            ).status_code

        assert [attempt("198.51.100.21"), attempt("198.51.100.22"), attempt("198.51.100.21")] == [404, 404, 429]
    finally:
        app.extensions["learning_loop_engine"].dispose()
