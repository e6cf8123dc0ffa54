"""Invariant 9: bad input gets a clear message and a 4xx, never a 500 and never a partial write.

Every request here carries a real CSRF token from the page, with CSRF on as in production: a check that ran
after CSRFProtect had read the form would see nothing wrong, so these tests would not notice it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from core.db import Base
from core.models import Response, Survey
from tests.feedback_app.flows import answer_survey, send_survey, token_on

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
    "raw 0xFF 0xFE bytes": Case(
        "POST", PAGE.format(3), 400, ("could not be read",), data=b"working_well=\xff\xfe", content_type=FORM
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


def _with_token(data: Any, token: str) -> Any:
    if isinstance(data, bytes):
        return b"csrf_token=" + token.encode() + b"&" + data
    return {**(data or {}), "csrf_token": token}


def _send(client, case: Case, token: str):
    kwargs: dict[str, Any] = {**case.extra}
    if case.method == "POST":
        kwargs["data"] = _with_token(case.data, token)
    if case.content_type:
        kwargs["content_type"] = case.content_type
    return client.open(case.path, method=case.method, **kwargs)


def stored(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table: a refused request must change none (a draft updated in place keeps the count)."""
    with engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t))), key=repr) for t in Base.metadata.sorted_tables}


def _token(client) -> str:
    return token_on(client.get(PAGE.format(1)).get_data(as_text=True))


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_gets_a_clear_message_and_a_4xx_and_writes_nothing(name, surveys, protected_client, db, engine):
    case = CASES[name]
    client = protected_client
    token = _token(client)
    if case.ready:
        answer_survey(client, db, "practitioner-feedback", csrf_token=token)
    else:
        # Part-way through, so a draft exists that a partial write could change.
        assert client.post(PAGE.format(1), data={"role": "Housing", "csrf_token": token}).status_code == 302
    before = stored(engine)
    response = _send(client, case, token)
    page = response.get_data(as_text=True)
    assert response.status_code == case.status, page[:3000]
    for words in case.says:
        assert words in page
    if case.links_to:
        assert f'<a href="{case.links_to}">' in page
        assert f'id="{case.links_to[1:]}"' in page
    assert stored(engine) == before


def test_what_was_typed_is_shown_again_after_an_error_but_not_kept(surveys, protected_client, db, engine):
    token = _token(protected_client)
    before = stored(engine)
    response = protected_client.post(
        PAGE.format(3), data={"working_well": "kept only on screen " + "y" * 2000, "csrf_token": token}
    )
    assert response.status_code == 400
    assert "kept only on screen" in response.get_data(as_text=True)
    assert stored(engine) == before


def test_too_many_attempts_from_one_address_are_refused_for_a_while(make_protected_app, engine, surveys):
    app = make_protected_app(rate_limit_per_hour=2)
    client, other = app.test_client(), app.test_client()
    token, others = _token(client), _token(other)
    here = {"REMOTE_ADDR": "198.51.100.7"}
    statuses = [
        client.post(
            "/receipt", data={"code": "ABCD-EFGH-JKMN-PQRS-TVWX", "csrf_token": token}, environ_base=here
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [404, 404, 429]
    before = stored(engine)
    refused = client.post("/receipt", data={"code": "x", "csrf_token": token}, environ_base=here)
    assert refused.status_code == 429
    assert "too many" in refused.get_data(as_text=True)
    assert stored(engine) == before
    # Someone else is not held back.
    elsewhere = {"REMOTE_ADDR": "198.51.100.8"}
    assert other.post("/receipt", data={"code": "x", "csrf_token": others}, environ_base=elsewhere).status_code == 404


def test_sending_too_often_is_refused_before_anything_is_stored(make_protected_app, engine, surveys, db):
    client = make_protected_app(rate_limit_per_hour=1).test_client()
    token = _token(client)
    send_survey(client, db, "compliments-complaints", csrf_token=token)
    answer_survey(client, db, "compliments-complaints", csrf_token=token)
    before = stored(engine)
    refused = client.post("/s/compliments-complaints/check", data={"csrf_token": token})
    assert refused.status_code == 429 and "too many" in refused.get_data(as_text=True)
    assert stored(engine) == before


def test_a_closed_survey_takes_no_answers(surveys, protected_client, db, engine):
    token = _token(protected_client)
    answer_survey(protected_client, db, "family-feedback", csrf_token=token)
    survey = db.scalar(select(Survey).where(Survey.slug == "family-feedback"))
    survey.status = "closed"
    db.commit()
    before = stored(engine)
    for method, path in (("GET", "/s/family-feedback/"), ("POST", "/s/family-feedback/check")):
        response = protected_client.open(path, method=method, data={"csrf_token": token} if method == "POST" else None)
        assert response.status_code == 410
        assert "This survey is closed" in response.get_data(as_text=True)
    assert stored(engine) == before


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
def test_odd_but_valid_text_is_accepted_or_refused_clearly_never_a_500(text, surveys, protected_client, db, engine):
    token = _token(protected_client)
    response = protected_client.post(PAGE.format(3), data={"working_well": text, "csrf_token": token})
    assert response.status_code in (302, 400), response.get_data(as_text=True)[:2000]
    if response.status_code == 302:
        check = protected_client.get(PAGE.format(3))
        assert check.status_code == 200
        assert "<script>alert(1)</script>" not in check.get_data(as_text=True)


def test_a_multipart_post_with_bad_bytes_is_not_a_500(surveys, protected_client, db, engine):
    token = _token(protected_client).encode()
    body = (
        b'--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n' + token + b"\r\n"
        b'--b\r\nContent-Disposition: form-data; name="working_well"\r\n\r\ncaf\xe9\xff\r\n--b--\r\n'
    )
    response = protected_client.post(PAGE.format(3), data=body, content_type="multipart/form-data; boundary=b")
    assert response.status_code in (302, 400)


@pytest.mark.parametrize(
    "path", ["/s/%00/", "/s/a%00b/page/1", "/s/%00/check", "/preview/%00/", "/preview/x%00/page/1"]
)
def test_a_nul_in_a_surveys_name_or_a_preview_link_is_not_found_not_a_500(path, surveys, protected_client):
    # PostgreSQL refuses a NUL in text outright: looked up, it was a server error for anyone who typed one.
    response = protected_client.get(path)
    assert response.status_code == 404, response.get_data(as_text=True)[:500]


def test_nothing_is_stored_until_the_respondent_sends(surveys, protected_client, db):
    answer_survey(protected_client, db, "practitioner-feedback", csrf_token=_token(protected_client))
    assert db.scalar(select(Response)) is None


def test_behind_a_trusted_proxy_the_limit_is_per_forwarded_address(make_protected_app, surveys):
    client = make_protected_app(rate_limit_per_hour=1, trusted_proxies=1).test_client()
    token = _token(client)

    def attempt(forwarded: str) -> int:
        return client.post(
            "/receipt",
            data={"code": "x", "csrf_token": token},
            headers={"X-Forwarded-For": forwarded},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        ).status_code

    assert [attempt("198.51.100.21"), attempt("198.51.100.22"), attempt("198.51.100.21")] == [404, 404, 429]


def test_a_refused_send_says_plainly_that_the_answers_wait_and_the_limit_is_the_connections(
    make_protected_app, engine, surveys, db
):
    client = make_protected_app(rate_limit_per_hour=1).test_client()
    token = _token(client)
    send_survey(client, db, "family-feedback", csrf_token=token)
    answer_survey(client, db, "family-feedback", csrf_token=token)
    page = client.post("/s/family-feedback/check", data={"csrf_token": token}).get_data(as_text=True)
    assert "<title>Please wait before trying again –" in page
    assert "from your internet connection" in page and "yours have not been sent yet" in page
    assert "You have sent too many" not in page and "Too Many Requests" not in page
    # The answers do wait, on the check page, to be sent later.
    assert db.scalar(select(func.count()).select_from(Response)) == 1
    waiting = client.get("/s/family-feedback/check")
    assert waiting.status_code == 200 and "Check your answers before sending them" in waiting.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "method", "heading"),
    [
        ("/no-such-page", "get", "Page not found"),
        ("/", "delete", "Sorry, there is a problem"),
        ("/s/family-feedback/page/4", "post", "Your answer is too long"),
    ],
)
def test_error_pages_have_plain_headings_not_the_protocols_names(feedback_client, surveys, path, method, heading):
    data = {"went_well": "x" * 3_000_000} if method == "post" else None
    page = getattr(feedback_client, method)(path, data=data).get_data(as_text=True)
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page
    for jargon in ("Not Found", "Method Not Allowed", "Request Entity Too Large"):
        assert jargon not in page
