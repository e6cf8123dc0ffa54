"""Staff give a survey its dates and say what it is for, in the builder; the link shows on both sides."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from core.models import (
    Audit,
    AuditEvent,
    Campaign,
    Dissemination,
    FollowUp,
    Review,
    Survey,
    SurveyDraft,
    SurveyPlan,
    ThemedWork,
)
from core.services import dissemination, reviews, survey_plans
from core.services.themes import install_themes
from tests.factories import make_agency, survey_by_slug
from tests.mail_cycle import make_published_set

TODAY = dt.date(2026, 11, 27)  # the fixed clock's date


@pytest.fixture
def codebook(db, surveys):
    install_themes(db)
    db.commit()


@pytest.fixture
def entries(db) -> dict[str, Any]:
    review = reviews.create_review(
        db, None, reviews.ReviewDetails(kind="lcspr", subject="Child A", aware_on=dt.date(2026, 11, 2)), TODAY
    )
    audit = Audit(reference="MAA-2026-001", title="Neglect audit", kind="multi_agency", status="in_progress")
    work = ThemedWork(title="Exploitation", area="Child sexual exploitation", status="active")
    db.add_all([audit, work])
    db.commit()
    return {"review": review, "audit": audit, "themed_work": work}


def _draft(admin_client, db) -> SurveyDraft:
    admin_client.post(
        "/surveys/build/new", data={"title": "Neglect consultation", "audience": "practitioner", "start": "blank"}
    )
    draft = db.scalar(select(SurveyDraft))
    question = {"kind": "likert", "prompt": "I can spot neglect early", "page": "1", "required": "yes"}
    assert admin_client.post(f"/surveys/build/{draft.id}/questions", data=question).status_code == 302
    db.expire_all()
    return draft


def _details(draft: SurveyDraft, **values: str) -> dict[str, str]:
    return {"title": draft.definition["title"], "audience": "practitioner", "summary": "", "intro": "", **values}


def test_dates_and_purpose_wait_on_the_draft_then_go_with_the_published_survey(
    auth, admin_client, db, codebook, entries
):
    auth.login("staff")
    draft = _draft(admin_client, db)
    review = entries["review"]
    saved = admin_client.post(
        f"/surveys/build/{draft.id}",
        data=_details(draft, opens_on="2026-12-01", closes_on="2026-12-31", purpose=f"review:{review.id}"),
    )
    assert saved.status_code == 302
    page = admin_client.get(f"/surveys/build/{draft.id}").get_data(as_text=True)
    assert "From 1 December 2026 to the end of 31 December 2026" in page
    assert f"/reviews/{review.id}" in page and "Case review " + review.reference in page

    assert admin_client.post(f"/surveys/build/{draft.id}/publish").status_code == 302
    survey = db.scalar(select(Survey).where(Survey.slug == "neglect-consultation"))
    plan = db.scalar(select(SurveyPlan))
    assert (plan.survey_id, plan.draft_id, plan.review_id) == (survey.id, None, review.id)

    listing = admin_client.get("/surveys/").get_data(as_text=True)
    assert "Not open yet: opens on 1 December 2026" in listing and f"/reviews/{review.id}" in listing
    detail = admin_client.get(f"/surveys/{survey.id}/responses").get_data(as_text=True)
    assert "Not open yet: opens on 1 December 2026" in detail and f"/reviews/{review.id}" in detail
    shown = admin_client.get(f"/reviews/{review.id}").get_data(as_text=True)
    assert "Surveys for this case review" in shown and "Neglect consultation" in shown
    assert f"/surveys/{survey.id}/responses" in shown
    assert {"survey_draft.plan_changed", "survey.published"} <= set(db.scalars(select(AuditEvent.action)))


@pytest.mark.parametrize("kind", ["audit", "themed_work"])
def test_an_audit_or_themed_work_lists_the_surveys_for_it(auth, admin_client, db, codebook, entries, kind):
    auth.login("staff")
    draft = _draft(admin_client, db)
    entry = entries[kind]
    admin_client.post(f"/surveys/build/{draft.id}", data=_details(draft, purpose=f"{kind}:{entry.id}"))
    admin_client.post(f"/surveys/build/{draft.id}/publish")
    path = {"audit": f"/audits/{entry.id}", "themed_work": f"/themed-work/{entry.id}"}[kind]
    shown = admin_client.get(path).get_data(as_text=True)
    assert "Neglect consultation" in shown and "Open" in shown.split("Surveys for this")[1]
    assert path in admin_client.get("/surveys/").get_data(as_text=True)


def test_a_closing_date_before_the_opening_date_is_refused_and_nothing_is_written(
    auth, admin_client, db, codebook, entries
):
    auth.login("staff")
    draft = _draft(admin_client, db)
    before = dict(draft.definition)
    refused = admin_client.post(
        f"/surveys/build/{draft.id}",
        data=_details(draft, title="A new title", opens_on="2026-12-10", closes_on="2026-12-01"),
    )
    assert refused.status_code == 400
    assert "The closing date must be the same as or after the opening date" in refused.get_data(as_text=True)
    unknown = admin_client.post(f"/surveys/build/{draft.id}", data=_details(draft, purpose="review:999999"))
    assert unknown.status_code == 400 and "Select what the survey is for from the list" in unknown.get_data(
        as_text=True
    )
    db.expire_all()
    assert db.get(SurveyDraft, draft.id).definition == before
    assert db.scalar(select(func.count()).select_from(SurveyPlan)) == 0


def test_a_date_already_past_is_saved_only_once_confirmed(auth, admin_client, db, codebook):
    auth.login("staff")
    draft = _draft(admin_client, db)
    data = _details(draft, closes_on="2026-11-20")
    held = admin_client.post(f"/surveys/build/{draft.id}", data=data)
    page = held.get_data(as_text=True)
    assert "Not saved yet" in page and "The closing date, 20 November 2026, has already passed" in page
    assert db.scalar(select(func.count()).select_from(SurveyPlan)) == 0
    assert (
        admin_client.post(f"/surveys/build/{draft.id}", data={**data, "confirm_past_dates": "yes"}).status_code == 302
    )
    assert db.scalar(select(SurveyPlan.closes_on)) == dt.date(2026, 11, 20)


def test_a_published_surveys_dates_change_at_once_without_a_new_version(auth, admin_client, db, codebook):
    auth.login("staff")
    survey = survey_by_slug(db, "family-feedback")
    admin_client.post(f"/surveys/build/surveys/{survey.id}/edit")
    draft = db.scalar(select(SurveyDraft))
    saved = admin_client.post(
        f"/surveys/build/{draft.id}",
        data={**_details(draft), "audience": "family", "closes_on": "2027-01-31"},
        follow_redirects=True,
    )
    assert "apply to the published survey now" in saved.get_data(as_text=True)
    db.expire_all()
    assert survey_plans.plan_of(db, survey).closes_on == dt.date(2027, 1, 31)
    assert [v.number for v in db.get(Survey, survey.id).versions] == [1]


def test_opening_again_a_survey_past_its_closing_date_takes_the_date_off(auth, admin_client, db, codebook, clock):
    auth.login("staff")
    survey = survey_by_slug(db, "family-feedback")
    plan = survey_plans.plan_for(db, survey)
    plan.closes_on, survey.status = dt.date(2026, 11, 1), "closed"
    db.commit()
    assert "Closed" in admin_client.get("/surveys/").get_data(as_text=True)
    opened = admin_client.post(f"/surveys/{survey.id}/status", data={"status": "open"}, follow_redirects=True)
    assert "Its closing date, 1 November 2026, had passed, so it was taken off" in opened.get_data(as_text=True)
    db.expire_all()
    assert survey_plans.plan_of(db, survey).closes_on is None


def test_a_participation_campaign_and_a_restricted_review_show_as_each_may_see(auth, admin_client, db, codebook):
    mine, other = make_agency(db, "Health"), make_agency(db, "Police")
    details = reviews.ReviewDetails(kind="lcspr", subject="Child B", aware_on=dt.date(2026, 11, 2))
    review = reviews.create_review(db, None, details, TODAY)
    review.restricted, review.agency_id = True, mine.id
    campaign = reviews.create_participation_campaign(db, None, review, TODAY)
    db.commit()
    survey_id = survey_by_slug(db, "review-participation").id
    auth.login("staff")
    listing = admin_client.get("/surveys/").get_data(as_text=True)
    assert f"participation campaign “{campaign.name}”" in listing
    shown = admin_client.get(f"/reviews/{review.id}").get_data(as_text=True).split("Surveys for this case review")[1]
    assert f"/surveys/{survey_id}/responses" in shown and "participation campaign" in shown
    auth.logout()
    auth.login("partner", agency_id=other.id)
    assert f"/reviews/{review.id}" not in admin_client.get("/surveys/").get_data(as_text=True)
    assert db.get(Review, review.id).participation_campaign_id == campaign.id


def test_a_follow_up_survey_shows_the_key_areas_it_follows_up(auth, admin_client, db, codebook, clock):
    published = make_published_set(db, TODAY)
    survey = dissemination.follow_up_survey(db, published, "practitioner")
    campaign = Campaign(survey_id=survey.id, name="Follow-up after 6 weeks", purpose="follow_up")
    sent = Dissemination(key_area_set_id=published.id, sent_on=TODAY)
    db.add_all([campaign, sent])
    db.flush()
    for label in ("Baseline, when sent", "After 6 weeks"):
        sent.follow_ups.append(FollowUp(label=label, due_at=clock.now(), state="sent", campaign_id=campaign.id))
    db.commit()
    auth.login("staff")
    listing = admin_client.get("/surveys/").get_data(as_text=True)
    assert (
        "Follow-up of the key areas “Learning from 2026”" in listing
        and "(rounds: baseline, when sent, after 6 weeks)" in listing
    )
    assert f"/impact/disseminations/{sent.id}" in listing


def test_no_campaign_is_opened_on_a_survey_past_its_closing_date(auth, admin_client, db, codebook):
    survey = survey_by_slug(db, "family-feedback")
    survey_plans.plan_for(db, survey).closes_on = dt.date(2026, 11, 26)
    db.commit()
    auth.login("staff")
    refused = admin_client.post("/mail/campaigns", data={"survey_id": str(survey.id), "name": "Too late"})
    assert refused.status_code == 400 and "closing date has passed" in refused.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Campaign)) == 0
