"""Staff build a survey in the staff app, preview it on the public app, publish it; other roles cannot."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from core.models import AuditEvent, Survey, SurveyDraft
from core.services.themes import install_themes


@pytest.fixture
def codebook(db, surveys):
    install_themes(db)
    db.commit()


def _build(admin_client, db) -> SurveyDraft:
    started = admin_client.post(
        "/surveys/build/new", data={"title": "Neglect consultation", "audience": "practitioner", "start": "blank"}
    )
    assert started.status_code == 302, started.get_data(as_text=True)[:3000]
    draft = db.scalar(select(SurveyDraft))
    url = f"/surveys/build/{draft.id}/questions"
    likert = {"kind": "likert", "prompt": "I can spot neglect early", "page": "1", "required": "yes"}
    assert admin_client.post(url, data={**likert, "theme": "neglect"}).status_code == 302
    text = {"kind": "text", "prompt": "What gets in the way?", "hint": "Do not include names.", "page": "2"}
    assert admin_client.post(url, data=text).status_code == 302
    db.expire_all()
    return draft


def test_staff_build_preview_and_publish_a_two_page_survey(auth, admin_client, feedback_client, db, codebook):
    auth.login("staff")
    draft = _build(admin_client, db)
    page = admin_client.get(f"/surveys/build/{draft.id}").get_data(as_text=True)
    assert "I can spot neglect early" in page and "Page 2" in page and "theme: Neglect" in page
    assert f"/preview/{draft.preview_token}/" in page
    slug = draft.definition["slug"]
    assert feedback_client.get(f"/s/{slug}/").status_code == 404  # a draft is not a survey anyone can answer

    preview = feedback_client.get(f"/preview/{draft.preview_token}/").get_data(as_text=True)
    assert "Preview" in preview and "Neglect consultation" in preview
    missing = feedback_client.post(f"/preview/{draft.preview_token}/page/1", data={})
    assert missing.status_code == 400 and "I can spot neglect early" in missing.get_data(as_text=True)
    moved_on = feedback_client.post(f"/preview/{draft.preview_token}/page/1", data={"q1": "4"})
    assert moved_on.status_code == 302 and moved_on.headers["Location"].endswith("/page/2")

    assert admin_client.post(f"/surveys/build/{draft.id}/publish").status_code == 302
    survey = db.scalar(select(Survey).where(Survey.slug == slug))
    assert survey.status == "open" and [q.theme for q in survey.current_version.questions] == ["neglect", ""]
    assert feedback_client.get(f"/s/{slug}/").status_code == 200
    assert feedback_client.get(f"/preview/{draft.preview_token}/").status_code == 404
    actions = set(db.scalars(select(AuditEvent.action)))
    assert {"survey_draft.created", "survey_draft.question_added", "survey.published"} <= actions


def test_a_refused_publish_says_why_and_changes_nothing(auth, admin_client, db, codebook):
    auth.login("staff")
    admin_client.post("/surveys/build/new", data={"title": "Your say", "audience": "child", "start": "blank"})
    draft = db.scalar(select(SurveyDraft))
    admin_client.post(
        f"/surveys/build/{draft.id}/questions", data={"kind": "likert", "prompt": "I feel safe", "page": "1"}
    )
    refused = admin_client.post(f"/surveys/build/{draft.id}/publish")
    assert refused.status_code == 400 and "Use the faces scale" in refused.get_data(as_text=True)
    assert "autofocus" in refused.get_data(as_text=True).split('class="govuk-error-summary"')[1].split(">")[0]
    assert db.scalar(select(Survey).where(Survey.slug == "your-say")) is None


def test_bad_question_input_gets_a_message_and_a_400(auth, admin_client, db, codebook):
    auth.login("staff")
    admin_client.post("/surveys/build/new", data={"title": "Bad", "audience": "family", "start": "blank"})
    draft = db.scalar(select(SurveyDraft))
    response = admin_client.post(
        f"/surveys/build/{draft.id}/questions", data={"kind": "single", "prompt": "", "options": "one", "page": "9"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Enter the question" in page and "Select the page from the list" in page
    db.expire_all()
    assert db.get(SurveyDraft, draft.id).definition["pages"] == []


def test_changing_a_published_survey_is_a_draft_of_its_next_version(auth, admin_client, db, codebook):
    auth.login("staff")
    survey = db.scalar(select(Survey).where(Survey.slug == "family-feedback"))
    opened = admin_client.post(f"/surveys/build/surveys/{survey.id}/edit")
    draft = db.scalar(select(SurveyDraft))
    assert opened.headers["Location"].endswith(f"/surveys/build/{draft.id}") and draft.survey_id == survey.id
    key = draft.definition["pages"][0]["questions"][0]["key"]
    form = admin_client.get(f"/surveys/build/{draft.id}/questions/{key}").get_data(as_text=True)
    assert "Change a question" in form
    assert admin_client.post(f"/surveys/build/{draft.id}/publish").status_code == 302
    db.expire_all()
    assert [v.number for v in db.get(Survey, survey.id).versions] == [1, 2]


def test_export_and_import_through_the_pages(auth, admin_client, db, codebook):
    auth.login("staff")
    survey = db.scalar(select(Survey).where(Survey.slug == "young-people"))
    exported = admin_client.get(f"/surveys/build/surveys/{survey.id}/definition.json")
    assert exported.mimetype == "application/json" and json.loads(exported.data)["audience"] == "child"
    imported = admin_client.post(
        "/surveys/build/import", data={"definition": (io.BytesIO(exported.data), "young-people.json")}
    )
    assert imported.status_code == 302
    refused = admin_client.post("/surveys/build/import", data={"definition": (io.BytesIO(b"{oops"), "bad.json")})
    assert refused.status_code == 400 and "not valid JSON (line 1)" in refused.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(SurveyDraft)) == 1


@pytest.mark.parametrize("role", ["board", "partner"])
def test_only_staff_build_surveys(auth, admin_client, db, codebook, role):
    auth.login(role)
    assert admin_client.get("/surveys/build/").status_code == 403
    assert (
        admin_client.post("/surveys/build/new", data={"title": "X", "audience": "family", "start": "blank"}).status_code
        == 403
    )
    assert db.scalar(select(func.count()).select_from(SurveyDraft)) == 0


def test_the_draft_takes_its_details_and_refuses_bad_ones_changing_nothing(auth, admin_client, db, codebook):
    auth.login("staff")
    draft = _build(admin_client, db)
    saved = admin_client.post(
        f"/surveys/build/{draft.id}", data={"title": "Neglect 2027", "audience": "family", "intro": "Hello."}
    )
    assert saved.status_code == 302
    refused = admin_client.post(f"/surveys/build/{draft.id}", data={"title": "", "audience": "aliens"})
    assert refused.status_code == 400 and "Enter a title" in refused.get_data(as_text=True)
    db.expire_all()
    definition = db.get(SurveyDraft, draft.id).definition
    assert (definition["title"], definition["audience"], definition["intro"]) == ("Neglect 2027", "family", "Hello.")


def test_a_published_choice_question_opens_with_its_answers_and_saves_unchanged(auth, admin_client, db, codebook):
    auth.login("staff")
    survey = db.scalar(select(Survey).where(Survey.slug == "family-feedback"))
    admin_client.post(f"/surveys/build/surveys/{survey.id}/edit")
    draft = db.scalar(select(SurveyDraft))
    before = next(q for p in draft.definition["pages"] for q in p["questions"] if q["key"] == "service")
    url = f"/surveys/build/{draft.id}/questions/service"
    form = admin_client.get(url).get_data(as_text=True)
    assert "Everyday services, like school, nursery, GP or health visitor" in form
    lines = "\n".join(o["label"] for o in before["options"])
    saved = admin_client.post(
        url, data={"kind": "single", "prompt": before["prompt"], "options": lines, "required": "yes"}
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    db.expire_all()
    after = next(
        q for p in db.get(SurveyDraft, draft.id).definition["pages"] for q in p["questions"] if q["key"] == "service"
    )
    assert after["options"] == before["options"]


def test_very_plain_words_get_a_reading_age_not_a_negative_grade(auth, admin_client, db, codebook):
    auth.login("staff")
    admin_client.post("/surveys/build/new", data={"title": "Us", "audience": "child", "start": "blank"})
    draft = db.scalar(select(SurveyDraft))
    question = {"kind": "faces", "prompt": "Do you feel safe?", "page": "1", "required": "yes"}
    assert admin_client.post(f"/surveys/build/{draft.id}/questions", data=question).status_code == 302
    page = admin_client.get(f"/surveys/build/{draft.id}").get_data(as_text=True)
    assert "Reading age of the words: 6 or under: very short, plain words." in page and "grade -" not in page


def test_a_draft_is_deleted_only_once_the_box_is_ticked(auth, admin_client, db, codebook):
    auth.login("staff")
    draft_id = _build(admin_client, db).id
    refused = admin_client.post(f"/surveys/build/{draft_id}/discard")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Tick the box to confirm that you want to delete this draft" in page
    assert db.get(SurveyDraft, draft_id) is not None
    assert admin_client.post(f"/surveys/build/{draft_id}/discard", data={"confirm": "yes"}).status_code == 302
    db.expire_all()
    assert db.get(SurveyDraft, draft_id) is None


def test_a_theme_taken_out_of_use_is_not_offered_for_a_new_question_but_an_existing_one_keeps_it(
    auth, admin_client, db, codebook
):
    from core.models import Theme

    auth.login("staff")
    draft = _build(admin_client, db)
    db.scalar(select(Theme).where(Theme.code == "neglect")).active = False
    db.commit()
    offered = admin_client.get(f"/surveys/build/{draft.id}").get_data(as_text=True)
    assert 'value="neglect"' not in offered and 'value="recording"' in offered
    added = admin_client.post(
        f"/surveys/build/{draft.id}/questions",
        data={"kind": "likert", "prompt": "I record what I see", "page": "1", "theme": "neglect"},
    )
    assert added.status_code == 400 and "I record what I see" not in str(db.scalar(select(SurveyDraft)).definition)

    key = next(q["key"] for p in draft.definition["pages"] for q in p["questions"] if q.get("theme") == "neglect")
    editing = admin_client.get(f"/surveys/build/{draft.id}/questions/{key}").get_data(as_text=True)
    assert "Neglect (no longer in use)" in editing
    saved = admin_client.post(
        f"/surveys/build/{draft.id}/questions/{key}",
        data={"kind": "likert", "prompt": "I can spot neglect early on", "required": "yes", "theme": "neglect"},
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
