"""Invisible control characters typed or pasted into free text are removed before the respondent checks it.

NUL, ESC and BEL (and C1 controls, and the bidi overrides that turn text round) were kept, shown back on the check
page and sealed. They are taken out silently: the respondent sees the text as kept before sending it, and a
message about a character nobody can see would only confuse. Line breaks are kept as LF, tabs as they are.
"""

from __future__ import annotations

from tests.feedback_app.flows import answer_survey, send_survey, unique_word

TYPED = "the bell\x07 rang and escape\x1b[31m and nul\x00 and\u202e turned\r\nnext\x85 line\tend"


def test_controls_in_a_survey_answer_are_removed_and_the_check_page_shows_what_is_kept(surveys, feedback_client, db):
    word = unique_word()
    check = answer_survey(feedback_client, db, "practitioner-feedback", overrides={"working_well": f"{word} {TYPED}"})
    page = check.get_data(as_text=True)
    assert check.status_code == 200 and word in page
    for control in ("\x07", "\x1b", "\x00", "\u202e", "\x85", "\r"):
        assert control not in page
    assert "the bell rang and escape[31m and nul and turned" in page


def test_an_answer_of_nothing_but_controls_is_no_answer(surveys, feedback_client, db):
    answered = feedback_client.post("/s/practitioner-feedback/page/3", data={"working_well": "\x00\x07\x1b\u202e"})
    page = answered.get_data(as_text=True)
    assert answered.status_code == 400 and "Enter your answer to &#39;What is working well" in page


def test_controls_in_an_addendum_are_removed_before_it_is_checked(surveys, feedback_client, db):
    code = send_survey(feedback_client, db, "practitioner-feedback")
    feedback_client.post("/receipt", data={"code": code})
    word = unique_word()
    to_check = feedback_client.post("/receipt/yours", data={"text": f"{word} {TYPED}"})
    assert to_check.status_code == 302
    page = feedback_client.get("/receipt/yours/check").get_data(as_text=True)
    assert word in page and "\x07" not in page and "\x00" not in page and "\u202e" not in page
    nothing = feedback_client.post("/receipt/yours", data={"text": "\x00\x1b"})
    assert nothing.status_code == 400 and "Enter what you would like to add" in nothing.get_data(as_text=True)
