"""What every public page owes a respondent: a quick exit, headings, callable numbers, plain errors, one promise.

The bad-input tests here run with CSRF on, as in production.
"""

from __future__ import annotations

import io
import re
from typing import Iterator

import pytest
from flask import Flask

from config import load_settings
from tests.factories import survey_by_slug
from tests.feedback_app.flows import answer_survey, receipt_on, row_counts, send_survey, unique_word
from tests.feedback_app.readability import sentences, visible_blocks

SLUGS = ("compliments-complaints", "family-feedback", "practitioner-feedback", "review-participation", "young-people")
# The one thing every page says about who reads answers and when (macros.html, who_reads): the staff app lists
# flagged answers first, and nobody watches answers as they arrive.
PROMISE = (
    "Nobody reads the answers straight away.",
    "When staff read them, they start with answers that say someone may not be safe.",
)
TIMING = re.compile(r"\b(first|straight away|right away|immediately|at once|soon|quickly|within)\b", re.I)
READING = re.compile(r"\b(read|reads|reading|look at|looks at|see|sees)\b", re.I)


@pytest.fixture
def protected(make_settings, clock, engine) -> Iterator[Flask]:
    from feedback_app import create_app

    app = create_app(make_settings(csrf_enabled=True), clock=clock)
    yield app
    app.extensions["learning_loop_engine"].dispose()


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def _error_summary(html: str) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert match, "no error summary"
    return match.group(0)


def public_pages(client, db) -> dict[str, str]:
    """Every kind of public page, as a respondent meets it (the urgent and plain confirmations included)."""
    pages = {path: client.get(path).get_data(as_text=True) for path in ("/", "/privacy", "/help", "/accessibility")}
    pages["/receipt"] = client.get("/receipt").get_data(as_text=True)
    pages["not found"] = client.get("/no-such-page").get_data(as_text=True)
    for slug in SLUGS:
        version = survey_by_slug(db, slug).current_version
        pages[f"/s/{slug}/"] = client.get(f"/s/{slug}/").get_data(as_text=True)
        for number in version.page_numbers:
            pages[f"/s/{slug}/page/{number}"] = client.get(f"/s/{slug}/page/{number}").get_data(as_text=True)
        pages[f"/s/{slug}/check"] = answer_survey(client, db, slug).get_data(as_text=True)
        pages[f"sent {slug}"] = client.post(f"/s/{slug}/check").get_data(as_text=True)
    answer_survey(client, db, "compliments-complaints", text="My stepdad hits me and I am scared to go home")
    pages["sent, urgent (words)"] = client.post("/s/compliments-complaints/check").get_data(as_text=True)
    answer_survey(client, db, "young-people", overrides={"feel_safe": "1"})
    pages["sent, urgent (face)"] = client.post("/s/young-people/check").get_data(as_text=True)
    code = send_survey(client, db, "family-feedback")
    client.post("/receipt", data={"code": code})
    pages["/receipt/yours"] = client.get("/receipt/yours").get_data(as_text=True)
    client.post("/receipt/yours", data={"text": "I am being hurt at home"})
    pages["/receipt/yours/check"] = client.get("/receipt/yours/check").get_data(as_text=True)
    pages["added, urgent"] = client.post("/receipt/yours/check").get_data(as_text=True)
    return pages


def test_every_public_page_makes_the_same_promise_about_who_reads_answers_and_when(surveys, feedback_client, db):
    pages = public_pages(feedback_client, db)
    claims = {
        sentence
        for html in pages.values()
        for sentence in sentences(visible_blocks(html))
        if READING.search(sentence) and TIMING.search(sentence)
    }
    assert claims <= set(PROMISE), f"claims about when answers are read that differ from the promise: {claims}"
    for name in ("/help", "/privacy", "sent, urgent (words)", "sent, urgent (face)", "added, urgent"):
        assert " ".join(PROMISE) in " ".join(visible_blocks(pages[name])), name


def test_every_public_page_has_an_exit_this_page_link_to_a_neutral_site(surveys, feedback_client, db, settings):
    for name, html in public_pages(feedback_client, db).items():
        link = re.search(r'<a href="([^"]+)"[^>]*class="[^"]*govuk-js-exit-this-page-button[^"]*"[^>]*>(.*?)</a>', html)
        assert link, f"no Exit this page on {name}"
        assert link.group(1) == "/exit"
        assert "Exit this page" in link.group(2)
        assert 'rel="nofollow noreferrer"' in link.group(0)


def test_the_public_script_is_local_and_allowed_by_the_content_security_policy(surveys, feedback_client):
    response = feedback_client.get("/")
    scripts = re.findall(r'<script src="([^"]+)"', response.get_data(as_text=True))
    assert scripts == ["/static/public.js"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    script = feedback_client.get(scripts[0])
    script.close()
    assert script.status_code == 200 and script.mimetype == "text/javascript"


def test_every_survey_page_has_one_h1(surveys, feedback_client, db):
    missing = {}
    for slug in SLUGS:
        for number in survey_by_slug(db, slug).current_version.page_numbers:
            html = feedback_client.get(f"/s/{slug}/page/{number}").get_data(as_text=True)
            if html.count("<h1") != 1:
                missing[f"{slug} page {number}"] = html.count("<h1")
    assert not missing, missing


def test_every_survey_page_title_starts_with_what_its_h1_says(surveys, feedback_client, db):
    differ = {}
    for slug in SLUGS:
        for number in survey_by_slug(db, slug).current_version.page_numbers:
            html = feedback_client.get(f"/s/{slug}/page/{number}").get_data(as_text=True)
            title = re.search(r"<title>(.*?)</title>", html, re.S)
            h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
            assert title is not None and h1 is not None
            heading = " ".join(re.sub(r"<[^>]+>", " ", h1.group(1)).split()).removesuffix(" (optional)")
            if not title.group(1).startswith(heading):
                differ[f"{slug} page {number}"] = (title.group(1), heading)
    assert not differ, differ


def test_help_phone_numbers_are_tel_links(surveys, feedback_client, db):
    pages = {
        "help": feedback_client.get("/help").get_data(as_text=True),
        "start (adult)": feedback_client.get("/s/family-feedback/").get_data(as_text=True),
        "start (child)": feedback_client.get("/s/young-people/").get_data(as_text=True),
    }
    for name, html in pages.items():
        for number, href in [
            ("999", "tel:999"),
            ("0800 1111", "tel:08001111"),
            ("01234 567890", "tel:01234567890"),
            ("01234 567999", "tel:01234567999"),
        ]:
            assert f'href="{href}">{number}</a>' in html, (name, number)
    assert 'href="tel:08088005000">0808 800 5000</a>' in pages["help"]


def test_an_empty_receipt_code_is_asked_for_not_reported_as_not_found(surveys, protected, engine):
    client = protected.test_client()
    token = _token(client.get("/receipt").get_data(as_text=True))
    for typed in ("", "   "):
        response = client.post("/receipt", data={"code": typed, "csrf_token": token})
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert '<a href="#code">Enter your receipt code</a>' in _error_summary(page)
        assert "could not find" not in page


def test_a_wrong_receipt_code_is_still_reported_as_not_found(surveys, protected, engine):
    client = protected.test_client()
    token = _token(client.get("/receipt").get_data(as_text=True))
    response = client.post("/receipt", data={"code": "ABCD-EFGH-JKMN-PQRS-TVWX", "csrf_token": token})
    assert response.status_code == 404
    assert "We could not find that receipt code" in _error_summary(response.get_data(as_text=True))


@pytest.mark.parametrize(
    "path, data",
    [("/receipt", {"code": ""}), ("/s/young-people/page/1", {}), ("/s/practitioner-feedback/page/1", {})],
    ids=["receipt code", "children's question", "practitioner question"],
)
def test_the_error_summary_takes_focus_when_the_page_loads_without_javascript(surveys, protected, path, data):
    client = protected.test_client()
    token = _token(client.get(path).get_data(as_text=True))
    page = client.post(path, data={**data, "csrf_token": token}).get_data(as_text=True)
    summary = re.search(r'<div class="govuk-error-summary"[^>]*>', page)
    assert summary, page[:2000]
    assert 'tabindex="-1"' in summary.group(0) and "autofocus" in summary.group(0)


def test_the_privacy_notice_names_the_controller_contact_retention_and_rights(surveys, feedback_client):
    settings = feedback_client.application.extensions["learning_loop"].settings
    page = " ".join(visible_blocks(feedback_client.get("/privacy").get_data(as_text=True)))
    for words in (
        f"{settings.data_controller_name} is the data controller",
        settings.data_protection_email,
        settings.data_controller_address,
        "We keep your answers for 2 years",
        "(access)",
        "(rectification)",
        "(erasure)",
        "object to how we use your information",
        "Information Commissioner's Office",
        "receipt code",
    ):
        assert words in page, words


def test_the_controller_contact_and_retention_come_from_settings(make_settings, clock, engine, surveys):
    from feedback_app import create_app

    configured = load_settings(
        environ={
            "LEARNING_LOOP_DATA_CONTROLLER_NAME": "Northshire Safeguarding Children Partnership",
            "LEARNING_LOOP_DATA_PROTECTION_EMAIL": "dpo@northshire.example",
            "LEARNING_LOOP_RETENTION_YEARS": "3",
        }
    )
    app = create_app(
        make_settings(
            data_controller_name=configured.data_controller_name,
            data_protection_email=configured.data_protection_email,
            retention_years=configured.retention_years,
        ),
        clock=clock,
    )
    try:
        page = app.test_client().get("/privacy").get_data(as_text=True)
    finally:
        app.extensions["learning_loop_engine"].dispose()
    assert "Northshire Safeguarding Children Partnership is the data controller" in page
    assert 'href="mailto:dpo@northshire.example"' in page
    assert "We keep your answers for 3 years" in page


def test_the_privacy_notice_names_each_survey_kept_for_other_than_the_default(surveys, feedback_client, db):
    from core.services.retention import set_period

    set_period(db, survey_by_slug(db, "compliments-complaints"), 6)
    db.commit()
    page = feedback_client.get("/privacy").get_data(as_text=True)
    title = survey_by_slug(db, "compliments-complaints").title
    assert "We keep your answers for 2 years" in page
    assert f"<li>{title}: 6 months</li>" in page
    listed = page.split("different time")[1].split("</ul>")[0]
    assert listed.count("<li>") == 1  # the surveys on the default period are covered by the sentence above


def test_the_sent_page_still_shows_the_receipt_code_whole(surveys, feedback_client, db):
    answer_survey(feedback_client, db, "young-people", overrides={"feel_safe": "4"})
    code = receipt_on(feedback_client.post("/s/young-people/check").get_data(as_text=True))
    assert code and re.fullmatch(r"([0-9A-Z]{4}-){4}[0-9A-Z]{4}", code)


def test_a_file_posted_as_the_receipt_code_is_asked_for_again_not_a_crash(feedback_client):
    page = feedback_client.get("/receipt").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    sent = feedback_client.post(
        "/receipt",
        data={"code": (io.BytesIO(b""), "upload.csv"), "csrf_token": token.group(1)},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 400 and "Enter your receipt code" in sent.get_data(as_text=True)


def test_the_check_page_has_a_back_link_to_the_last_page_of_questions(surveys, feedback_client, db):
    for slug in SLUGS:
        last = survey_by_slug(db, slug).current_version.page_numbers[-1]
        check = answer_survey(feedback_client, db, slug).get_data(as_text=True)
        assert f'<a href="/s/{slug}/page/{last}" class="govuk-back-link">Back</a>' in check, slug


@pytest.mark.parametrize("path", ["/privacy", "/help", "/accessibility"])
def test_the_information_pages_have_a_back_link_to_the_home_page_after_exit_this_page(feedback_client, path):
    html = feedback_client.get(path).get_data(as_text=True)
    back = '<a href="/" class="govuk-back-link">Back</a>'
    assert html.count(back) == 1
    # Exit this page stays first in the page's content, the back link before <main> as on every other page, and
    # the skip link still lands on the main content.
    assert html.index("govuk-js-exit-this-page-button") < html.index(back) < html.index("<main class")
    assert 'href="#main-content"' in html and 'id="main-content"' in html


def test_exit_this_page_forgets_the_answers_in_progress_so_back_does_not_show_them(
    surveys, feedback_client, db, settings, engine
):
    word = unique_word()
    answer_survey(feedback_client, db, "family-feedback", text=f"the {word}")
    assert word in feedback_client.get("/s/family-feedback/page/4").get_data(as_text=True)
    drafts = row_counts(engine)["draft"]
    left = feedback_client.get("/exit")
    assert left.status_code == 302 and left.headers["Location"] == settings.exit_page_url
    # Someone else at the device presses Back: the page comes again from the server, empty.
    back = feedback_client.get("/s/family-feedback/page/4").get_data(as_text=True)
    assert word not in back and 'id="draft-lost"' not in back
    assert "checked" not in feedback_client.get("/s/family-feedback/page/1").get_data(as_text=True)
    assert row_counts(engine)["draft"] == drafts - 1
    assert "Exit this page also deletes any answers you have not sent yet" in feedback_client.get("/help").get_data(
        as_text=True
    )
