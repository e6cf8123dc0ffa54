"""The case review register: logging, deadlines over bank holidays, stages, labels, participation, permissions."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.errors import ValidationFailed
from core.models import AuditEvent, Campaign, Review, ReviewStage
from core.receipts import ReceiptHasher
from core.sealing import load_current_public_key
from core.services import reviews
from core.services.release import release_waiting
from core.services.responses import submit_response
from admin_app.forms import ReviewForm
from tests.admin_app.signing_in import sign_in
from tests.admin_app.posting import form_data
from tests.factories import make_agency, survey_by_slug

TODAY = dt.date(2026, 11, 27)  # the fixed clock's date


def _review(db: Session, **data: Any) -> Review:
    values = {"kind": "serious_incident", "subject": "Child A", "aware_on": dt.date(2026, 11, 2)} | data
    review = reviews.create_review(db, None, reviews.ReviewDetails(**values), TODAY)
    db.commit()
    return review


def _events(db: Session, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def test_staff_log_a_serious_incident_and_see_due_dates_that_skip_christmas_and_new_year(auth, admin_client, db):
    user = auth.login("staff")
    response = admin_client.post(
        "/reviews/new",
        data={"kind": "serious_incident", "subject": "Child A", "aware_on": "2025-12-18", "notified_on": "2025-12-23"},
    )
    assert response.status_code == 302
    review = db.scalar(select(Review))
    # Aware Thursday 18 Dec 2025: Christmas Day and Boxing Day do not count, so notification was due Mon 29 Dec.
    assert review.notification_due_on == dt.date(2025, 12, 29)
    # Notified Tue 23 Dec: 15 working days skip 25, 26 Dec, weekends and 1 Jan, so due Fri 16 Jan 2026.
    assert review.rapid_review_due_on == dt.date(2026, 1, 16)
    assert review.reference == "RR-2025-001" and review.stage == "rapid_review"
    page = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "29 December 2025" in page and "16 January 2026" in page
    assert "Overdue" in page  # nothing recorded since, and the clock says 27 November 2026
    event = _events(db, "review.create")[0]
    assert event.user_id == user.id and event.details["changes"]["subject"] == [None, "Child A"]
    assert db.scalar(select(ReviewStage.stage)) == "rapid_review"
    # The rapid review began with the notification, not on the day the review was typed in (27 November 2026).
    assert db.scalar(select(ReviewStage.entered_on)) == dt.date(2025, 12, 23)


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"subject": ""}, "subject", "Enter the pseudonym"),
        ({"subject": "Jayden Smith"}, "subject", "never a name"),
        ({"kind": "not-a-kind"}, "kind", "Select the kind of review from the list"),
        ({"aware_on": ""}, "aware_on", "Enter the date the local authority became aware"),
        ({"aware_on": "2026-02-30"}, "aware_on", "must be a real date"),
        ({"aware_on": "2026-12-25"}, "aware_on", "must be today or in the past"),
        ({"notified_on": "2026-10-01"}, "notified_on", "must be on or after the date the local authority became aware"),
        ({"decision": "lcspr"}, "decision_on", "Enter the date of the decision"),
        ({"family_invited": "perhaps"}, "family_invited", "Select whether the family were invited"),
        ({"reference": "R" * 41}, "reference", "The reference must be 40 characters or fewer"),
        ({"reference": "RR 2026"}, "reference", "The reference can only contain letters, numbers, and - / . _"),
    ],
)
def test_a_review_with_bad_input_is_refused_with_a_linked_message_and_nothing_is_written(
    auth, admin_client, db, data, field, message
):
    auth.login("staff")
    form = {"kind": "serious_incident", "subject": "Child A", "aware_on": "2026-11-02"} | data
    response = admin_client.post("/reviews/new", data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'<a href="#{field}">' in page and message in page
    assert 'class="govuk-error-summary"' in page
    assert db.scalar(select(func.count(Review.id))) == 0
    assert db.scalar(select(func.count(ReviewStage.id))) == 0
    assert not _events(db, "review.create")


def test_a_reference_already_used_is_refused(auth, admin_client, db):
    _review(db, reference="RR-2026-001")
    auth.login("staff")
    response = admin_client.post(
        "/reviews/new", data={"kind": "learning_review", "subject": "Family B", "reference": "RR-2026-001"}
    )
    assert response.status_code == 400
    assert "There is already a review with the reference RR-2026-001" in response.get_data(as_text=True)
    assert db.scalar(select(func.count(Review.id))) == 1


def test_editing_a_review_audits_what_changed_from_old_to_new(admin_app, auth, admin_client, db):
    review = _review(db)
    user = auth.login("staff")
    data = form_data(admin_app, ReviewForm, review) | {
        "subject": "Child B",
        "family_invited": "yes",
        "stage": "notified",
    }
    response = admin_client.post(f"/reviews/{review.id}/edit", data=data)
    assert response.status_code == 302
    event = _events(db, "review.update")[-1]
    assert event.user_id == user.id
    assert event.details["changes"] == {
        "subject": ["Child A", "Child B"],
        "stage": ["aware", "notified"],
        "family_invited": [None, True],
    }
    stages = db.scalars(
        select(ReviewStage.stage).where(ReviewStage.review_id == review.id).order_by(ReviewStage.id)
    ).all()
    assert stages == ["aware", "notified"]


def test_an_edit_with_a_bad_date_changes_nothing(admin_app, auth, admin_client, db):
    review = _review(db)
    auth.login("staff")
    data = form_data(admin_app, ReviewForm, review) | {"subject": "Child B", "notified_on": "not a date"}
    response = admin_client.post(f"/reviews/{review.id}/edit", data=data)
    assert response.status_code == 400
    db.expire_all()
    assert db.get(Review, review.id).subject == "Child A"
    assert not _events(db, "review.update")


ORDERED = {
    "kind": "serious_incident",
    "subject": "Child A",
    "aware_on": "2026-01-05",
    "notified_on": "2026-01-08",
    "rapid_review_on": "2026-01-28",
    "decision": "lcspr",
    "decision_on": "2026-02-02",
}


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            {"decision_on": "2026-01-20"},
            "decision_on",
            "The date of the decision must be on or after the date the rapid review was sent",
        ),
        (
            {"rapid_review_on": "", "decision_on": "2026-01-06"},
            "decision_on",
            "The date of the decision must be on or after the date of notification",
        ),
        (
            {"decision_on": "2026-08-31", "commissioned_on": "2026-01-01"},
            "commissioned_on",
            "The date the review was commissioned must be on or after the date of the decision",
        ),
        (
            {"commissioned_on": "2026-03-02", "completed_on": "2026-02-20"},
            "completed_on",
            "The date the review was completed must be on or after the date the review was commissioned",
        ),
        (
            {"published_on": "2026-01-30"},
            "published_on",
            "The date of publication must be on or after the date of the decision",
        ),
        (
            {"completed_on": "2026-08-01", "published_on": "2026-09-01", "closed_on": "2026-08-15"},
            "closed_on",
            "The date the review was closed must be on or after the date of publication",
        ),
        (
            {"decision_on": "2026-08-31", "closed_on": "2026-01-01"},
            "closed_on",
            "The date the review was closed must be on or after the date of the decision",
        ),
    ],
)
def test_every_milestone_must_be_on_or_after_the_ones_it_follows(auth, admin_client, db, data, field, message):
    auth.login("staff")
    response = admin_client.post("/reviews/new", data=ORDERED | data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'<a href="#{field}">' in page and message in page
    assert db.scalar(select(func.count(Review.id))) == 0 and not _events(db, "review.create")


def test_a_review_with_its_milestones_in_order_is_saved(auth, admin_client, db):
    auth.login("staff")
    dates = {"commissioned_on": "2026-02-02", "completed_on": "2026-07-31", "published_on": "2026-08-14"}
    response = admin_client.post("/reviews/new", data=ORDERED | dates | {"closed_on": "2026-08-14"})
    assert response.status_code == 302
    assert db.scalar(select(Review.closed_on)) == dt.date(2026, 8, 14)


def test_an_edit_closing_a_review_before_its_decision_is_refused_and_changes_nothing(admin_app, auth, admin_client, db):
    review = _review(db, kind="lcspr", aware_on=None, decision="lcspr", decision_on=dt.date(2026, 8, 31))
    auth.login("staff")
    data = form_data(admin_app, ReviewForm, review) | {"closed_on": "2026-01-01"}
    response = admin_client.post(f"/reviews/{review.id}/edit", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<a href="#closed_on">' in page
    assert "The date the review was closed must be on or after the date of the decision" in page
    db.expire_all()
    assert db.get(Review, review.id).closed_on is None and not _events(db, "review.update")


def test_the_service_refuses_milestones_out_of_order_whoever_calls_it(db):
    details = reviews.ReviewDetails(
        kind="lcspr",
        subject="Child A",
        decision="lcspr",
        decision_on=dt.date(2026, 8, 31),
        closed_on=dt.date(2026, 1, 1),
    )
    with pytest.raises(ValidationFailed) as refused:
        reviews.create_review(db, None, details, TODAY)
    assert refused.value.errors == {
        "closed_on": "The date the review was closed must be on or after the date of the decision"
    }


def test_recording_a_stage_before_the_one_it_follows_is_refused(auth, admin_client, db):
    review = _review(
        db, kind="lcspr", aware_on=None, decision="lcspr", decision_on=dt.date(2026, 8, 31), stage="decision"
    )
    auth.login("staff")
    response = admin_client.post(f"/reviews/{review.id}/stage", data={"stage": "closed", "entered_on": "2026-01-01"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<a href="#entered_on">' in page
    assert "The date the review was closed must be on or after the date of the decision" in page
    db.expire_all()
    assert db.get(Review, review.id).stage == "decision" and not _events(db, "review.stage")


def test_recording_the_decision_to_hold_a_local_review_sets_the_six_month_deadline(auth, admin_client, db):
    review = _review(
        db, aware_on=dt.date(2026, 5, 1), notified_on=dt.date(2026, 5, 6), rapid_review_on=dt.date(2026, 5, 27)
    )
    auth.login("staff")
    response = admin_client.post(
        f"/reviews/{review.id}/stage",
        data={"stage": "decision", "entered_on": "2026-05-29", "decision": "lcspr", "note": "Panel agreed"},
    )
    assert response.status_code == 302
    db.expire_all()
    review = db.get(Review, review.id)
    assert (review.kind, review.decision, review.decision_on) == ("lcspr", "lcspr", dt.date(2026, 5, 29))
    assert review.local_review_due_on == dt.date(2026, 11, 29)
    assert review.next_due_on == dt.date(2026, 11, 29) and review.next_due_kind == "local_review"
    page = admin_client.get(f"/reviews/{review.id}").get_data(as_text=True)
    assert "Local child safeguarding practice review" in page and "29 November 2026" in page
    assert "Due soon" in page
    event = _events(db, "review.stage")[-1]
    assert event.details["changes"]["decision"] == [None, "lcspr"] and event.details["note"] == "Panel agreed"


def test_the_decision_stage_needs_a_decision(auth, admin_client, db):
    review = _review(db)
    auth.login("staff")
    response = admin_client.post(f"/reviews/{review.id}/stage", data={"stage": "decision", "entered_on": "2026-11-20"})
    assert response.status_code == 400
    assert "Select the decision of the rapid review" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Review, review.id).stage == "aware"
    assert not _events(db, "review.stage")


def test_a_review_decided_before_29_september_2019_shows_as_a_serious_case_review(auth, admin_client, db):
    scr = _review(
        db,
        kind="lcspr",
        subject="Child C",
        aware_on=dt.date(2019, 6, 3),
        decision="lcspr",
        decision_on=dt.date(2019, 9, 28),
        completed_on=dt.date(2020, 3, 1),
    )
    lcspr = _review(
        db,
        kind="lcspr",
        subject="Child D",
        aware_on=dt.date(2019, 9, 2),
        decision="lcspr",
        decision_on=dt.date(2019, 9, 30),
        completed_on=dt.date(2020, 3, 1),
    )
    auth.login("board")
    assert "Serious case review" in admin_client.get(f"/reviews/{scr.id}").get_data(as_text=True)
    page = admin_client.get(f"/reviews/{lcspr.id}").get_data(as_text=True)
    assert "Local child safeguarding practice review" in page and "Serious case review" not in page
    listing = admin_client.get("/reviews/").get_data(as_text=True)
    assert "Serious case review" in listing and "Local child safeguarding practice review" in listing


def _decision_shown(page: str) -> str:
    found = re.search(r'Decision</dt><dd class="govuk-summary-list__value">([^<]*)</dd>', page)
    assert found is not None
    return found.group(1)


def test_a_serious_case_reviews_decision_is_worded_as_at_its_date_like_its_heading(admin_app, auth, admin_client, db):
    scr = _review(
        db,
        kind="lcspr",
        subject="Child C",
        aware_on=dt.date(2019, 8, 1),
        decision="lcspr",
        decision_on=dt.date(2019, 9, 27),
    )
    lcspr = _review(
        db,
        kind="lcspr",
        subject="Child D",
        aware_on=dt.date(2019, 9, 2),
        decision="lcspr",
        decision_on=dt.date(2019, 9, 30),
    )
    auth.login("staff")
    page = admin_client.get(f"/reviews/{scr.id}").get_data(as_text=True)
    assert '<span class="govuk-caption-l">Serious case review</span>' in page
    assert _decision_shown(page) == "Hold a serious case review, 27 September 2019"
    page = admin_client.get(f"/reviews/{lcspr.id}").get_data(as_text=True)
    assert '<span class="govuk-caption-l">Local child safeguarding practice review</span>' in page
    assert _decision_shown(page) == "Hold a local child safeguarding practice review, 30 September 2019"
    edit = admin_client.get(f"/reviews/{scr.id}/edit").get_data(as_text=True)
    assert '<option value="lcspr" selected>Hold a serious case review</option>' in edit
    assert "Hold a local child safeguarding practice review" not in edit
    # A new review, its decision date not yet known, offers the option in both wordings.
    new = admin_client.get("/reviews/new").get_data(as_text=True)
    assert "Hold a local child safeguarding practice review (a serious case review before 29 September 2019)" in new
    exported = admin_client.get("/reviews/export?format=csv").get_data(as_text=True)
    assert "Hold a serious case review" in exported and "Hold a local child safeguarding practice review" in exported
    # Saving the edit form unchanged keeps the decision: only its words follow the date.
    assert admin_client.post(f"/reviews/{scr.id}/edit", data=form_data(admin_app, ReviewForm, scr)).status_code == 302
    db.expire_all()
    assert db.get(Review, scr.id).decision == "lcspr"


def test_a_board_member_reads_the_register_but_cannot_change_it(admin_app, auth, admin_client, db):
    review = _review(db)
    auth.login("board")
    assert admin_client.get("/reviews/").status_code == 200
    assert admin_client.get(f"/reviews/{review.id}").status_code == 200
    assert "Log a serious incident" not in admin_client.get("/reviews/").get_data(as_text=True)
    for url, data in [
        ("/reviews/new", {"kind": "learning_review", "subject": "Child Z"}),
        (f"/reviews/{review.id}/edit", form_data(admin_app, ReviewForm, review) | {"subject": "Child Y"}),
        (f"/reviews/{review.id}/stage", {"stage": "notified", "entered_on": "2026-11-03"}),
        (f"/reviews/{review.id}/campaign", {}),
    ]:
        assert admin_client.post(url, data=data).status_code == 403, url
    assert admin_client.get("/reviews/new").status_code == 403
    db.expire_all()
    assert db.scalar(select(func.count(Review.id))) == 1 and db.get(Review, review.id).subject == "Child A"
    assert db.scalar(select(func.count(Campaign.id))) == 0


def test_a_partner_does_not_see_another_agencys_restricted_reviews(auth, admin_client, db):
    police, health = make_agency(db, "Police"), make_agency(db, "Health")
    db.commit()
    own = _review(db, subject="Child E", agency_id=police.id, restricted=True)
    other = _review(db, subject="Child F", agency_id=health.id, restricted=True)
    open_one = _review(db, subject="Child G", agency_id=health.id)
    auth.login("partner", agency_id=police.id)
    listing = admin_client.get("/reviews/").get_data(as_text=True)
    assert "Child E" in listing and "Child G" in listing and "Child F" not in listing
    assert admin_client.get(f"/reviews/{own.id}").status_code == 200
    assert admin_client.get(f"/reviews/{open_one.id}").status_code == 200
    hidden = admin_client.get(f"/reviews/{other.id}")
    assert hidden.status_code == 404 and "Child F" not in hidden.get_data(as_text=True)
    assert admin_client.post(f"/reviews/{own.id}/edit", data={}).status_code == 403
    export = admin_client.get("/reviews/export?format=csv").get_data(as_text=True)
    assert "Child E" in export and "Child F" not in export
    home = admin_client.get("/").get_data(as_text=True)
    assert "Child F" not in home


def test_the_dashboard_lists_overdue_and_due_soon_deadlines_earliest_first(auth, admin_client, db):
    overdue = _review(db, subject="Child H", aware_on=dt.date(2026, 11, 2))  # notification was due 9 November
    soon = _review(db, subject="Child J", aware_on=dt.date(2026, 11, 26))  # due Thursday 3 December
    far = _review(
        db,
        subject="Child K",
        aware_on=dt.date(2026, 11, 2),
        notified_on=dt.date(2026, 11, 5),
        rapid_review_on=dt.date(2026, 11, 20),
        decision="lcspr",
        decision_on=dt.date(2026, 11, 25),
    )  # local review due in May 2027
    closed = _review(
        db, subject="Child L", aware_on=dt.date(2026, 10, 1), closed_on=dt.date(2026, 10, 2), stage="closed"
    )
    assert (overdue.next_due_on, soon.next_due_on) == (dt.date(2026, 11, 9), dt.date(2026, 12, 3))
    assert far.next_due_on == dt.date(2027, 5, 25) and closed.next_due_on is None
    auth.login("staff")
    page = admin_client.get("/").get_data(as_text=True)
    assert page.index("Child H") < page.index("Child J")
    assert "Child K" not in page and "Child L" not in page
    assert "Overdue by 18 days" in page and "Due in 6 days" in page
    overdue_list = admin_client.get("/reviews/?due=overdue").get_data(as_text=True)
    assert "Child H" in overdue_list and "Child J" not in overdue_list


def _seal_participation(db: Session, settings: Any, campaign: Campaign, n: int, value: str) -> None:
    survey = survey_by_slug(db, "review-participation")
    version = survey.current_version
    key = load_current_public_key(settings.keys_dir)
    hasher = ReceiptHasher(time_cost=1, memory_kib=8)
    for _ in range(n):
        answers = {
            "took_part_as": "family",
            "review_kind": "lcspr",
            "understood_why": value,
            "able_to_share": value,
            "taken_seriously": value,
            "told_findings": value,
            "confidence_improve": value,
            "satisfaction": value,
            "could_be_better": "Being told sooner.",
        }
        submit_response(
            db,
            version=version,
            answers=answers,
            removed={},
            needs_attention=False,
            campaign_id=campaign.id,
            public_key=key,
            hasher=hasher,
            today=TODAY,
        )
    release_waiting(db, TODAY)  # as the release job would, so the review page counts them
    db.commit()


def test_a_participation_campaign_shows_its_results_on_the_review_with_small_numbers_suppressed(
    auth, admin_client, db, surveys, settings
):
    review = _review(db)
    user = auth.login("staff")
    assert admin_client.post(f"/reviews/{review.id}/campaign").status_code == 302
    db.expire_all()
    campaign = db.get(Review, review.id).participation_campaign
    assert campaign is not None and campaign.survey.slug == "review-participation"
    _seal_participation(db, settings, campaign, 3, "4")
    page = admin_client.get(f"/reviews/{review.id}").get_data(as_text=True)
    assert "Responses: <strong>fewer than 5</strong>" in page and "Average" not in page
    assert "Being told sooner" not in page
    _seal_participation(db, settings, campaign, 3, "2")
    page = admin_client.get(f"/reviews/{review.id}").get_data(as_text=True)
    assert "Responses: <strong>6</strong>" in page
    # Both counts are hidden; an average of 3.0 beside 6 answers would give them away (a + b = 6, 4a + 2b = 18).
    assert '<td class="govuk-table__cell">3.0</td>' not in page
    assert "Being told sooner" not in page  # free text never appears in aggregates
    _seal_participation(db, settings, campaign, 2, "4")
    _seal_participation(db, settings, campaign, 2, "2")
    page = admin_client.get(f"/reviews/{review.id}").get_data(as_text=True)
    assert '<td class="govuk-table__cell">3.0</td>' in page  # (5 x 4 + 5 x 2) / 10, nothing hidden
    reads = _events(db, "campaign.results_read")
    assert len(reads) == 3 and reads[-1].user_id == user.id and reads[-1].details["responses"] == 10


def test_a_campaigns_results_are_not_shown_when_with_the_surveys_total_they_would_tell_another_reviews(
    auth, admin_client, db, surveys, settings
):
    # Two reviews' families answer the one participation survey. The survey list shows its 10 answers to every
    # role, so the first review's 8 beside it would tell that the second's "fewer than 5" is 2.
    first, second = _review(db, subject="Child A"), _review(db, subject="Child B")
    auth.login("staff")
    for review in (first, second):
        assert admin_client.post(f"/reviews/{review.id}/campaign").status_code == 302
    db.expire_all()
    _seal_participation(db, settings, db.get(Review, first.id).participation_campaign, 8, "4")
    _seal_participation(db, settings, db.get(Review, second.id).participation_campaign, 2, "1")
    auth.logout()
    auth.login("partner")

    second_page = admin_client.get(f"/reviews/{second.id}").get_data(as_text=True)
    assert "Responses: <strong>fewer than 5</strong>" in second_page
    page = admin_client.get(f"/reviews/{first.id}").get_data(as_text=True)
    assert "Responses: <strong>not shown</strong>" in page and "Average" not in page
    assert "Responses: <strong>8</strong>" not in page


def test_a_campaigns_results_are_shown_when_no_other_count_of_the_survey_is_hidden(
    auth, admin_client, db, surveys, settings
):
    first, second = _review(db, subject="Child A"), _review(db, subject="Child B")
    auth.login("staff")
    for review in (first, second):
        assert admin_client.post(f"/reviews/{review.id}/campaign").status_code == 302
    db.expire_all()
    _seal_participation(db, settings, db.get(Review, first.id).participation_campaign, 8, "4")
    _seal_participation(db, settings, db.get(Review, second.id).participation_campaign, 6, "1")

    assert "Responses: <strong>8</strong>" in admin_client.get(f"/reviews/{first.id}").get_data(as_text=True)
    assert "Responses: <strong>6</strong>" in admin_client.get(f"/reviews/{second.id}").get_data(as_text=True)


def test_a_second_campaign_for_the_same_review_is_refused(auth, admin_client, db, surveys):
    review = _review(db)
    auth.login("staff")
    assert admin_client.post(f"/reviews/{review.id}/campaign").status_code == 302
    assert admin_client.post(f"/reviews/{review.id}/campaign").status_code == 400
    assert db.scalar(select(func.count(Campaign.id))) == 1


def test_a_form_without_its_csrf_token_is_refused(make_settings, clock, engine, db):
    from admin_app import create_app
    from tests.factories import make_user

    app = create_app(make_settings(csrf_enabled=True), clock=clock)
    try:
        user = make_user(db, role="staff")
        db.commit()
        client = app.test_client()
        sign_in(app, client, db, user)
        response = client.post("/reviews/new", data={"kind": "learning_review", "subject": "Child A"})
        assert response.status_code == 400
        assert "This form has expired" in response.get_data(as_text=True)  # refused by CSRFProtect itself
        assert db.scalar(select(func.count(Review.id))) == 0
    finally:
        app.extensions["learning_loop_engine"].dispose()


def test_how_far_ahead_counts_as_due_soon_is_a_setting(make_settings, clock, engine, db):
    from admin_app import create_app
    from tests.factories import make_user

    _review(
        db, subject="Child M", aware_on=dt.date(2026, 11, 10), notified_on=dt.date(2026, 11, 11)
    )  # rapid review due 2 December
    user = make_user(db, role="board")
    db.commit()
    for days, shown in ((3, False), (10, True)):
        app = create_app(make_settings(due_soon_days=days), clock=clock)
        try:
            client = app.test_client()
            sign_in(app, client, db, user)
            clock.advance(seconds=30)  # the next sign-in needs the next code
            assert ("Child M" in client.get("/").get_data(as_text=True)) is shown
        finally:
            app.extensions["learning_loop_engine"].dispose()


def test_the_edit_form_shows_the_review_as_stored(auth, admin_client, db):
    review = _review(db, family_invited=True)
    auth.login("staff")
    page = admin_client.get(f"/reviews/{review.id}/edit").get_data(as_text=True)
    assert 'name="kind" type="radio" value="serious_incident" checked' in page
    assert 'name="subject" type="text" value="Child A"' in page
    assert 'name="aware_on" type="date" value="2026-11-02"' in page
    assert 'name="family_invited" type="radio" value="yes" checked' in page
    assert 'name="family_took_part" type="radio" value="" checked' in page  # not recorded


def test_a_refused_form_shows_back_what_was_typed_with_the_message_beside_it(auth, admin_client, db):
    auth.login("staff")
    form = {"kind": "serious_incident", "subject": "Child A", "aware_on": "2026-02-30", "lead_reviewer": "Dr Who"}
    page = admin_client.post("/reviews/new", data=form).get_data(as_text=True)
    assert 'name="aware_on" type="date" value="2026-02-30"' in page
    assert 'name="lead_reviewer" type="text" value="Dr Who"' in page
    assert 'id="aware_on-error"' in page and 'aria-describedby="aware_on-hint aware_on-error"' in page


def test_a_local_review_signed_off_but_not_yet_published_past_six_months_is_overdue(auth, admin_client, db):
    # Working Together: the review is completed AND published within 6 months of the decision; sign-off alone
    # does not meet the deadline, so a report waiting for publication past it must stay on the dashboard.
    review = _review(
        db, aware_on=dt.date(2026, 1, 5), notified_on=dt.date(2026, 1, 7), rapid_review_on=dt.date(2026, 1, 28)
    )
    auth.login("staff")
    admin_client.post(
        f"/reviews/{review.id}/stage",
        data={"stage": "decision", "entered_on": "2026-02-02", "decision": "lcspr", "note": ""},
    )
    response = admin_client.post(
        f"/reviews/{review.id}/stage", data={"stage": "sign_off", "entered_on": "2026-07-20", "note": ""}
    )
    assert response.status_code == 302
    db.expire_all()
    review = db.get(Review, review.id)
    assert review.local_review_due_on == dt.date(2026, 8, 2)
    assert review.next_due_on == dt.date(2026, 8, 2) and review.next_due_kind == "local_review"
    page = admin_client.get("/").get_data(as_text=True)
    assert review.reference in page
    admin_client.post(
        f"/reviews/{review.id}/stage", data={"stage": "published", "entered_on": "2026-09-01", "note": ""}
    )
    db.expire_all()
    review = db.get(Review, review.id)
    assert review.next_due_on is None
    page = admin_client.get(f"/reviews/{review.id}").get_data(as_text=True)
    assert "Done late" in page


def test_the_dashboard_links_to_the_deadlines_it_could_not_list_not_to_an_empty_overdue_list(auth, admin_client, db):
    for _ in range(16):  # one more than the dashboard lists; none overdue, all due within 10 days
        _review(db, aware_on=dt.date(2026, 11, 25))
    auth.login("staff")
    page = admin_client.get("/").get_data(as_text=True)
    assert "No statutory deadline" not in page and "Overdue by" not in page
    assert "/reviews/?due=overdue" not in page.split('id="statutory-deadlines"')[1]
    assert 'href="/reviews/?due=due_soon">See all 16 deadlines due in the next 10 days</a>' in page
    listed = admin_client.get("/reviews/?due=due_soon").get_data(as_text=True)
    assert listed.count("/reviews/") >= 16


def test_the_dashboard_links_to_every_overdue_deadline_when_more_are_overdue_than_it_lists(auth, admin_client, db):
    for _ in range(16):
        _review(db, aware_on=dt.date(2026, 11, 2))
    auth.login("staff")
    page = admin_client.get("/").get_data(as_text=True)
    assert 'href="/reviews/?due=overdue">See all 16 overdue deadlines</a>' in page
    assert "deadlines due in the next" not in page


def test_the_export_of_a_filtered_register_holds_the_reviews_the_page_lists(auth, admin_client, db):
    overdue = _review(db, subject="Child A", aware_on=dt.date(2026, 11, 2))
    _review(db, subject="Child B", aware_on=dt.date(2026, 11, 25))  # due soon, not overdue
    _review(db, subject="Child C", aware_on=dt.date(2026, 11, 2))  # overdue, not matching the search
    auth.login("staff")
    page = admin_client.get("/reviews/?due=overdue&q=Child+A").get_data(as_text=True)
    assert overdue.reference in page and "Child B" not in page and "Child C" not in page
    assert "/reviews/export?" in page and "due=overdue" in page
    exported = admin_client.get("/reviews/export?format=csv&due=overdue&q=Child+A").get_data(as_text=True)
    assert "Child A" in exported and "Child B" not in exported and "Child C" not in exported
    soon = admin_client.get("/reviews/export?format=csv&due=due_soon").get_data(as_text=True)
    assert "Child B" in soon and "Child A" not in soon


def test_a_closed_review_page_does_not_call_a_deadline_overdue_that_the_dashboard_and_register_have_dropped(
    auth, admin_client, db
):
    review = _review(db, aware_on=dt.date(2026, 11, 2), closed_on=dt.date(2026, 11, 20))
    assert review.next_due_on is None
    auth.login("staff")
    assert review.reference not in admin_client.get("/").get_data(as_text=True)
    page = admin_client.get(f"/reviews/{review.id}").get_data(as_text=True)
    row = re.search(r'<tr id="deadline-notification">.*?</tr>', page, re.S).group(0)
    assert "Overdue" not in row and "Not recorded: the review is closed" in row


def test_the_register_search_matches_percent_and_underscore_as_typed(auth, admin_client, db):
    _review(db, subject="Child A", reference="RR_2026_1")
    _review(db, subject="Child B", reference="RR-2026-2")
    auth.login("staff")

    def found(q: str) -> list[str]:
        page = admin_client.get("/reviews/", query_string={"q": q}).get_data(as_text=True)
        return [ref for ref in ("RR_2026_1", "RR-2026-2") if f">{ref}<" in page]

    assert found("RR_2026") == ["RR_2026_1"]  # '_' is not 'any one character'
    assert found("%") == []  # not 'everything'
    assert found("2026") == ["RR_2026_1", "RR-2026-2"]
