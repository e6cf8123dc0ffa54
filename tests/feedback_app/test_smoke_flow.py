"""The heart of it: answer, check, send, come back, and staff read it."""
from __future__ import annotations

import re

from tests.factories import answer_practitioner_survey


def _receipt(html: str) -> str:
    match = re.search(r'id="receipt-code">([A-Z0-9-]+)<', html)
    assert match, "no receipt code on the page"
    return match.group(1)


def test_practitioner_answers_are_stripped_sealed_and_readable_by_staff(surveys, feedback_client, auth, admin_client):
    check = answer_practitioner_survey(
        feedback_client, {3: {"working_well": "I told his mum Sarah to ring 07700 900123 about the zebrafinch plan"}}
    )
    assert check.status_code == 200
    page = check.get_data(as_text=True)
    assert "07700 900123" not in page and "Sarah" not in page
    assert "[PHONE]" in page and "[NAME]" in page
    sent = feedback_client.post("/s/practitioner-feedback/check")
    assert sent.status_code == 200
    assert len(_receipt(sent.get_data(as_text=True)).replace("-", "")) == 20

    auth.login("staff")
    survey_list = admin_client.get("/surveys/")
    assert "fewer than 5" in survey_list.get_data(as_text=True)
    survey_id = re.search(r'/surveys/(\d+)/responses">Tell us about safeguarding', survey_list.get_data(as_text=True)).group(1)
    responses = admin_client.get(f"/surveys/{survey_id}/responses")
    text = responses.get_data(as_text=True)
    assert "zebrafinch" in text
    assert "[PHONE]" in text and "07700 900123" not in text
