"""'None of these' on a checkbox question rules out every other answer: refused together, shown the GOV.UK way."""

from __future__ import annotations

import re

import pytest

from core.services.survey_builder import start_draft
from core.services.surveys import PageResult, QuestionView
from feedback_app.choices import is_exclusive, refuse_mixed_exclusive
from tests.feedback_app.flows import token_on
from tests.feedback_app.test_bad_input import stored

PAGE = "/s/practitioner-feedback/page/{}"
EARLIER = {
    1: {"role": "Housing"},
    2: {"agency_type": "Police"},
    3: {"working_well": "Strategy meetings happen quickly."},
    4: {"gets_in_the_way": "Waiting lists."},
    5: {"conf_escalate": "3", "conf_share": "3", "conf_challenge": "3", "aware_key_areas": "3"},
}


def _ready_for_the_checkbox_page(client) -> str:
    token = token_on(client.get(PAGE.format(1)).get_data(as_text=True))
    for number, data in EARLIER.items():
        assert client.post(PAGE.format(number), data={**data, "csrf_token": token}).status_code == 302
    return token


@pytest.mark.parametrize(
    "label", ["None of these", "None", "none of the above", "No, none of these", "NONE OF THEM.", "None of these!"]
)
def test_the_usual_ways_of_saying_none_are_exclusive(label):
    assert is_exclusive({"value": "x", "label": label})


@pytest.mark.parametrize("label", ["None of the time", "Nonetheless", "Partnership training", "Not none", ""])
def test_other_answers_are_not_exclusive(label):
    assert not is_exclusive({"value": "x", "label": label})


def test_the_definition_can_mark_an_option_exclusive_or_not_whatever_its_words():
    assert is_exclusive({"value": "x", "label": "I have not used any", "exclusive": True})
    assert not is_exclusive({"value": "x", "label": "None", "exclusive": False})


def test_a_radio_question_is_never_refused_for_a_none_answer():
    options = [{"value": "a", "label": "A"}, {"value": "n", "label": "None"}]
    question = QuestionView(1, "q", "single", "Pick", "", options, True, None, 1, "", [])
    result = PageResult(answers={"q": "n"})
    refuse_mixed_exclusive([question], result)
    assert result.errors == {} and result.answers == {"q": "n"}


def test_none_of_these_ticked_with_other_answers_is_refused_linked_to_the_field_and_nothing_is_kept(
    surveys, protected_client, engine
):
    client = protected_client
    token = _ready_for_the_checkbox_page(client)
    before = stored(engine)

    response = client.post(
        PAGE.format(6),
        data={"learning_used": ["Partnership training", "None of these"], "csrf_token": token},
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page
    assert "select &#39;None of these&#39; on its own, or untick it and select the answers that apply" in page
    assert '<a href="#q-learning_used-1">' in page and 'id="q-learning_used-1"' in page
    assert 'id="q-learning_used-error"' in page
    # What they ticked is shown again, so they can untick one.
    assert re.search(r'value="Partnership training" checked', page)
    assert re.search(r'value="None of these" checked', page)
    assert stored(engine) == before


def test_none_of_these_alone_or_other_answers_alone_are_accepted(surveys, protected_client):
    client = protected_client
    token = _ready_for_the_checkbox_page(client)
    alone = client.post(PAGE.format(6), data={"learning_used": ["None of these"], "csrf_token": token})
    assert alone.status_code == 302
    others = client.post(
        PAGE.format(6), data={"learning_used": ["A 7-minute briefing", "Partnership training"], "csrf_token": token}
    )
    assert others.status_code == 302


def test_none_of_these_comes_last_after_an_or_and_is_marked_exclusive(surveys, protected_client):
    client = protected_client
    _ready_for_the_checkbox_page(client)
    page = client.get(PAGE.format(6)).get_data(as_text=True)
    boxes = re.findall(r"<input[^>]*type=\"checkbox\"[^>]*>", page)
    assert len(boxes) == 6
    assert 'value="None of these"' in boxes[-1] and 'data-behaviour="exclusive"' in boxes[-1]
    assert all("data-behaviour" not in box for box in boxes[:-1])
    divider = page.index('<div class="govuk-checkboxes__divider">or</div>')
    assert page.index('value="Supervision that discussed safeguarding learning"') < divider
    assert divider < page.index('value="None of these"')
    assert page.count("govuk-checkboxes__divider") == 1


def test_the_survey_preview_refuses_the_mix_too(surveys, protected_client, db):
    draft = start_draft(db, None, title="Learning used", audience="practitioner", template="practitioner-feedback")
    db.commit()
    client = protected_client
    token = token_on(client.get(f"/preview/{draft.preview_token}/page/6").get_data(as_text=True))
    mixed = client.post(
        f"/preview/{draft.preview_token}/page/6",
        data={"learning_used": ["A 7-minute briefing", "None of these"], "csrf_token": token},
    )
    assert mixed.status_code == 400
    assert "on its own, or untick it" in mixed.get_data(as_text=True)
    alone = client.post(
        f"/preview/{draft.preview_token}/page/6", data={"learning_used": ["None of these"], "csrf_token": token}
    )
    assert alone.status_code == 302
