"""Coming back with a receipt code: forgiving to type, adding words that are stripped and sealed."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from core.models import Response, ResponseAddendum
from tests.factories import survey_by_slug
from tests.feedback_app.flows import release_for_staff, row_counts, send_survey, unique_word


def _as_typed_carelessly(code: str) -> str:
    """Lower case, spaces for dashes, letter O for zero and letter I for one."""
    return "  " + code.replace("-", " ").replace("0", "O").replace("1", "I").lower() + " "


def test_a_receipt_typed_carelessly_still_finds_the_response(surveys, feedback_client, db):
    code = send_survey(feedback_client, db, "family-feedback")
    back = feedback_client.post("/receipt", data={"code": _as_typed_carelessly(code)})
    assert back.status_code == 302 and back.headers["Location"].endswith("/receipt/yours")
    page = feedback_client.get("/receipt/yours").get_data(as_text=True)
    assert survey_by_slug(db, "family-feedback").title in page
    assert "27 November 2026" in page


def test_an_addendum_is_stripped_shown_before_sending_and_stored_sealed(
    surveys, feedback_client, db, engine, auth, admin_client
):
    code = send_survey(feedback_client, db, "practitioner-feedback")
    word = unique_word()
    feedback_client.post("/receipt", data={"code": code})
    before = row_counts(engine)
    to_check = feedback_client.post("/receipt/yours", data={"text": f"Ring Sarah on 07700 900123 about the {word}"})
    assert to_check.status_code == 302
    check = feedback_client.get("/receipt/yours/check").get_data(as_text=True)
    assert "07700 900123" not in check and "Sarah" not in check
    assert "[PHONE]" in check and word in check
    assert row_counts(engine)["response_addendum"] == before["response_addendum"]  # nothing kept until sent
    added = feedback_client.post("/receipt/yours/check")
    assert added.status_code == 200 and "Your words have been added" in added.get_data(as_text=True)
    addendum = db.scalar(select(ResponseAddendum))
    assert addendum is not None and word.encode() not in addendum.sealed
    assert type(addendum.submitted_on).__name__ == "date"
    # The addendum's draft is gone; what remains is the sealed receipt page held for a repeated send of the survey.
    assert row_counts(engine)["draft"] == before["draft"]

    release_for_staff(db, dt.date(2026, 11, 28))  # the response and its addendum
    auth.login("staff")
    response = db.scalar(select(Response))
    staff = admin_client.get(f"/surveys/{response.version.survey_id}/responses").get_data(as_text=True)
    assert re.search(r"Added, released 28 November 2026.*?" + word, staff, re.S)
    assert "07700 900123" not in staff


def test_an_addendum_that_discloses_harm_flags_the_response_and_shows_where_to_get_help(surveys, feedback_client, db):
    code = send_survey(feedback_client, db, "compliments-complaints")
    assert db.scalar(select(Response)).needs_attention is False
    feedback_client.post("/receipt", data={"code": code})
    feedback_client.post("/receipt/yours", data={"text": "I am being hurt at home"})
    added = feedback_client.post("/receipt/yours/check").get_data(as_text=True)
    assert "Important: getting help now" in added and "0800 1111" in added
    db.expire_all()
    response = db.scalar(select(Response))
    assert response.needs_attention is True and response.attention_handled is False
    assert response.addenda[0].needs_attention is True


def test_an_empty_or_too_long_addendum_is_refused_with_a_link_to_the_box(surveys, feedback_client, db, engine):
    code = send_survey(feedback_client, db, "compliments-complaints")
    feedback_client.post("/receipt", data={"code": code})
    before = row_counts(engine)
    for text, message in (("   ", "Enter what you would like to add"), ("z" * 2001, "2000 characters or fewer")):
        refused = feedback_client.post("/receipt/yours", data={"text": text})
        page = refused.get_data(as_text=True)
        assert refused.status_code == 400 and message in page
        assert '<a href="#text">' in page and 'id="text"' in page
    assert row_counts(engine) == before


def test_leaving_forgets_the_receipt_in_this_browser(surveys, feedback_client, db):
    code = send_survey(feedback_client, db, "compliments-complaints")
    feedback_client.post("/receipt", data={"code": code})
    assert feedback_client.get("/receipt/yours").status_code == 200
    assert feedback_client.post("/receipt/leave").status_code == 302
    assert feedback_client.get("/receipt/yours").status_code == 404


def test_after_leaving_the_receipt_pages_link_to_the_receipt_code_form(surveys, feedback_client, db):
    code = send_survey(feedback_client, db, "compliments-complaints")
    feedback_client.post("/receipt", data={"code": code})
    assert feedback_client.post("/receipt/leave").status_code == 302
    for method, path in (("GET", "/receipt/yours"), ("POST", "/receipt/yours"), ("GET", "/receipt/yours/check")):
        page = feedback_client.open(path, method=method, data={"text": "more"} if method == "POST" else None)
        assert page.status_code == 404
        html = page.get_data(as_text=True)
        assert "Enter your receipt code again to continue." in html
        assert '<a class="govuk-link" href="/receipt">Enter your receipt code</a>' in html
    form = feedback_client.get("/receipt")
    assert form.status_code == 200 and 'name="code"' in form.get_data(as_text=True)


def test_the_receipt_code_is_shown_once(surveys, feedback_client, db):
    code = send_survey(feedback_client, db, "compliments-complaints")
    for path in ("/", "/receipt", "/s/compliments-complaints/check", "/s/compliments-complaints/"):
        assert code not in feedback_client.get(path).get_data(as_text=True)


def test_changing_words_not_yet_added_shows_them_again_to_change(surveys, feedback_client, db):
    code = send_survey(feedback_client, db, "family-feedback")
    word = unique_word()
    feedback_client.post("/receipt", data={"code": code})
    feedback_client.post("/receipt/yours", data={"text": f"Ring Sarah on 07700 900123 about the {word}"})
    check = feedback_client.get("/receipt/yours/check").get_data(as_text=True)
    assert 'href="/receipt/yours">Change what you wrote' in check
    again = feedback_client.get("/receipt/yours").get_data(as_text=True)
    box = re.search(r'<textarea[^>]*id="text"[^>]*>(.*?)</textarea>', again, re.S)
    assert box is not None and word in box.group(1) and "[PHONE]" in box.group(1)
    assert "07700 900123" not in again
    # Once added, the box is empty again for anything more.
    feedback_client.post("/receipt/yours/check")
    after = feedback_client.get("/receipt/yours").get_data(as_text=True)
    assert word not in after


def test_a_child_who_adds_words_that_disclose_harm_is_shown_the_childrens_help(surveys, feedback_client, db):
    code = send_survey(feedback_client, db, "young-people")
    feedback_client.post("/receipt", data={"code": code})
    feedback_client.post("/receipt/yours", data={"text": "I am being hurt at home"})
    added = feedback_client.post("/receipt/yours/check").get_data(as_text=True)
    assert "Important: getting help now" in added
    assert "What you wrote makes us worry that you may not be safe." in added
    assert "You can talk to a grown-up you trust" in added
    assert "Adults worried about a child" not in added


def test_the_receipt_page_title_matches_its_heading(surveys, feedback_client, db):
    code = send_survey(feedback_client, db, "family-feedback")
    feedback_client.post("/receipt", data={"code": code})
    page = feedback_client.get("/receipt/yours").get_data(as_text=True)
    title = re.search(r"<title>(.*?) –", page)
    heading = re.search(r'<h1 class="govuk-heading-l">(.*?)</h1>', page)
    assert title is not None and heading is not None and title.group(1) == heading.group(1)


def test_the_box_for_more_words_says_how_much_it_takes_before_refusing_more(surveys, feedback_client, db):
    for slug, limit in (("family-feedback", "up to 2000 characters"), ("young-people", "up to 2000 letters")):
        code = send_survey(feedback_client, db, slug)
        feedback_client.post("/receipt", data={"code": code})
        page = feedback_client.get("/receipt/yours").get_data(as_text=True)
        hint = re.search(r'<div id="text-hint" class="govuk-hint">(.*?)</div>', page, re.S)
        assert hint is not None and limit in hint.group(1), slug
        feedback_client.post("/receipt/leave")


def test_a_child_checking_words_to_add_is_told_what_was_taken_out_in_the_childrens_words(surveys, feedback_client, db):
    code = send_survey(feedback_client, db, "young-people")
    feedback_client.post("/receipt", data={"code": code})
    feedback_client.post("/receipt/yours", data={"text": "My teacher Miss Hughes helped me"})
    check = feedback_client.get("/receipt/yours/check").get_data(as_text=True)
    assert "we took it out" in check and "We took out:" in check
    assert "This is exactly what we will keep." not in check and "We removed:" not in check
