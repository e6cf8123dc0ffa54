"""The public key-area pages keep staff's paragraphs, count additions in words, and say when a set was withdrawn."""

from __future__ import annotations

from core.models import KeyAreaSet
from tests.factories import key_area_set
from tests.feedback_app.flows import send_survey


def _key_area_set(db, status: str, title: str = "Key areas, spring and summer 2026") -> KeyAreaSet:
    return key_area_set(
        db,
        status,
        title,
        summary="What we heard this year.\n\nAnd what we found in audits.",
        you_said="Reports reached families the night before.\r\n\r\nSome never saw them <i>at all</i>.",
        we_will="Send reports five working days before every conference.\nCheck this in the spring audit.",
    )


def _paragraphs_kept(page: str) -> None:
    assert "Reports reached families the night before.</p>" in page
    assert '<p class="govuk-body">Some never saw them &lt;i&gt;at all&lt;/i&gt;.</p>' in page
    assert "Send reports five working days before every conference.</p>" in page
    assert '<p class="govuk-body">Check this in the spring audit.</p>' in page


def test_staff_paragraphs_are_paragraphs_on_the_public_page_and_the_receipt_page(surveys, db, feedback_client):
    _key_area_set(db, "published")
    public = feedback_client.get("/you-said-we-did/").get_data(as_text=True)
    _paragraphs_kept(public)
    assert '<p class="govuk-body">And what we found in audits.</p>' in public  # the set's own summary
    code = send_survey(feedback_client, db, "family-feedback")
    feedback_client.post("/receipt", data={"code": code})
    _paragraphs_kept(feedback_client.get("/receipt/yours").get_data(as_text=True))


def _add(feedback_client, text: str) -> None:
    assert feedback_client.post("/receipt/yours", data={"text": text}).status_code in (200, 302)
    assert feedback_client.post("/receipt/yours/check").status_code == 200


def test_the_receipt_page_says_once_twice_then_a_number_of_times(surveys, db, feedback_client):
    code = send_survey(feedback_client, db, "practitioner-feedback")
    feedback_client.post("/receipt", data={"code": code})
    said = []
    for n in range(3):
        _add(feedback_client, f"One more thing, number {n + 1}.")
        said.append(feedback_client.get("/receipt/yours").get_data(as_text=True))
    assert "and added to them once." in said[0] and "1 time" not in said[0]
    assert "and added to them twice." in said[1]
    assert "and added to them 3 times." in said[2]


def test_after_a_set_is_withdrawn_the_pages_say_so_and_show_nothing_of_it(surveys, db, feedback_client):
    _key_area_set(db, "withdrawn", "Withdrawn key areas")
    page = feedback_client.get("/you-said-we-did/").get_data(as_text=True)
    code = send_survey(feedback_client, db, "family-feedback")
    feedback_client.post("/receipt", data={"code": code})
    receipt = feedback_client.get("/receipt/yours").get_data(as_text=True)
    for text in (page, receipt):
        assert "has not published" not in text and "has not yet published" not in text
        assert "withdrawn" in text and "new key areas" in text
        assert "Withdrawn key areas" not in text and "Sharing information before conferences" not in text


def test_a_child_is_told_in_plain_words_when_what_we_said_was_taken_down(surveys, db, feedback_client):
    _key_area_set(db, "withdrawn", "Withdrawn key areas")
    code = send_survey(feedback_client, db, "young-people")
    feedback_client.post("/receipt", data={"code": code})
    receipt = feedback_client.get("/receipt/yours").get_data(as_text=True)
    assert "We have not said yet what we will change." not in receipt
    assert "We took down what we said we would change" in receipt and "Withdrawn key areas" not in receipt


def test_words_staff_begin_with_we_will_are_not_said_twice(surveys, db, feedback_client):
    key_area_set(
        db,
        "published",
        you_said="You said reports reached families the night before.",
        we_will="We will send reports five working days before every conference.\nWe will check this in an audit.",
    )
    page = feedback_client.get("/you-said-we-did/").get_data(as_text=True)
    assert "We will: </span>We will send" not in page
    assert '<p class="govuk-body">We will send reports five working days before every conference.</p>' in page
    assert '<p class="govuk-body">You said reports reached families the night before.</p>' in page
    assert "We will keep: </span>Keep police and health" in page  # words that do not say it keep the label
