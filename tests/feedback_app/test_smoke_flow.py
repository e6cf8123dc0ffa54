"""The heart of it: answer, check, send, come back, and staff read it."""

from __future__ import annotations

import re

from tests.factories import answer_practitioner_survey
from tests.feedback_app.flows import release_for_staff


def _receipt(html: str) -> str:
    match = re.search(r'id="receipt-code">([A-Z0-9-]+)<', html)
    assert match, "no receipt code on the page"
    return match.group(1)


def test_practitioner_answers_are_stripped_sealed_and_readable_by_staff(
    surveys, feedback_client, auth, admin_client, db
):
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

    release_for_staff(db)
    auth.login("staff")
    survey_list = admin_client.get("/surveys/")
    assert "fewer than 5" in survey_list.get_data(as_text=True)
    survey_id = re.search(
        r'/surveys/(\d+)/responses">Tell us about safeguarding', survey_list.get_data(as_text=True)
    ).group(1)
    responses = admin_client.get(f"/surveys/{survey_id}/responses")
    text = responses.get_data(as_text=True)
    assert "zebrafinch" in text
    assert "[PHONE]" in text and "07700 900123" not in text


def test_free_text_is_stripped_before_it_is_sealed_and_the_person_is_told_what_was_removed(
    surveys, feedback_client, db, settings
):
    from sqlalchemy import select

    from core.models import Response
    from core.opening import Keyring
    from core.sealing import context_info

    text = "My son Jayden (14) at Riverside PRU, ring me on 07700 900123 or sarah.jones@example.com"
    check = answer_practitioner_survey(feedback_client, {3: {"working_well": text}}).get_data(as_text=True)
    for identifier in ("Jayden", "Riverside PRU", "07700 900123", "sarah.jones@example.com"):
        assert identifier not in check
    assert "We removed:" in check
    assert "A phone number" in check and "An email address" in check
    assert feedback_client.post("/s/practitioner-feedback/check").status_code == 200

    response = db.scalar(select(Response))
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, None)
    payload = keyring.open(
        response.key_id, response.sealed, context_info(response.version.survey_id, response.survey_version_id)
    )
    kept = payload["answers"]["working_well"]
    assert "[NAME]" in kept and "[PHONE]" in kept and "[EMAIL]" in kept and "[SCHOOL]" in kept
    for identifier in ("Jayden", "Riverside", "07700", "sarah.jones"):
        assert identifier not in kept
    assert {f["kind"] for f in payload["removed"]["working_well"]} >= {"NAME", "PHONE", "EMAIL", "SCHOOL"}


def test_an_edited_survey_shows_its_new_questions_at_once(db, surveys, feedback_client):
    import copy

    from sqlalchemy import select

    from core.models import Survey
    from core.services.surveys import revise_survey, version_definition

    # The last survey installed holds the highest version id: the case where SQLite would reuse an id.
    survey = db.scalar(select(Survey).order_by(Survey.id.desc()))
    definition = copy.deepcopy(version_definition(survey.current_version))
    old_prompt = definition["pages"][0]["questions"][0]["prompt"]
    assert old_prompt in feedback_client.get(f"/s/{survey.slug}/page/1").get_data(as_text=True)
    definition["pages"][0]["questions"][0]["prompt"] = "How did the zebracorn team do?"
    revise_survey(db, survey, definition)
    db.commit()
    page = feedback_client.get(f"/s/{survey.slug}/page/1").get_data(as_text=True)
    assert "How did the zebracorn team do?" in page and old_prompt not in page
