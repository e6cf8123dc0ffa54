"""Learning points and actions for any source, and the one action tracker across them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.models import Action, Agency, AuditEvent, LearningPoint, Theme
from core.services import child_deaths, learning, reviews
from core.services.actions import ActionDetails, TrackerFilters, create_action, tracker
from core.services.themes import install_themes
from admin_app.forms import ReviewForm
from tests.admin_app.posting import form_data
from tests.factories import make_agency, make_user, survey_by_slug

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def world(db: Session) -> dict[str, Any]:
    install_themes(db)
    police, health = make_agency(db, "Police"), make_agency(db, "Health")
    review = reviews.create_review(
        db,
        None,
        reviews.ReviewDetails(kind="serious_incident", subject="Child A", aware_on=dt.date(2026, 11, 2)),
        TODAY,
    )
    db.commit()
    return {
        "police": police,
        "health": health,
        "review": review,
        "themes": {t.code: t for t in db.scalars(select(Theme))},
    }


def _point(
    db: Session,
    source_type: str,
    entry: Any,
    title: str = "Information was not shared",
    themes: list[int] | None = None,
) -> LearningPoint:
    point = learning.create_learning_point(
        db,
        None,
        source_type,
        entry,
        learning.PointDetails(title=title, polarity="development", themes=list(themes or [])),
    )
    db.commit()
    return point


def _action(
    db: Session, point: LearningPoint, owner: Agency, due: str, status: str = "green", title: str = "Do something"
) -> Action:
    """An action due on `due` (ISO date)."""
    action = create_action(
        db,
        None,
        point,
        ActionDetails(
            title=title,
            owner_agency_id=owner.id,
            lead="Lead",
            due_on=dt.date.fromisoformat(due),
            status=status,
            evidence="Done and audited" if status == "done" else "",
        ),
        TODAY,
    )
    db.commit()
    return action


def test_staff_add_a_learning_point_with_themes_and_an_action_owned_by_a_partner(auth, admin_client, db, world):
    user = auth.login("staff")
    review, sharing = world["review"], world["themes"]["information_sharing"]
    response = admin_client.post(
        f"/learning/review/{review.id}/new",
        data={
            "title": "The GP was not told about the referral",
            "polarity": "development",
            "themes": [str(sharing.id), str(world["themes"]["multi_agency_working"].id)],
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/reviews/{review.id}#learning")
    point = db.scalar(select(LearningPoint))
    assert [t.code for t in point.themes] == ["information_sharing", "multi_agency_working"]
    assert (point.source_type, point.source_id, point.source_title) == (
        "review",
        review.id,
        f"{review.reference} Child A",
    )
    response = admin_client.post(
        f"/learning/points/{point.id}/actions/new",
        data={
            "title": "GP notification within 24 hours",
            "owner_agency_id": str(world["health"].id),
            "lead": "Designated nurse",
            "due_on": "2027-02-01",
            "status": "green",
            "impact_measure": "Audit of 20 referrals",
        },
    )
    assert response.status_code == 302
    page = admin_client.get(f"/reviews/{review.id}").get_data(as_text=True)
    assert "The GP was not told about the referral" in page and "GP notification within 24 hours" in page
    assert "Health" in page and "Information sharing" in page
    tracker_page = admin_client.get("/actions/").get_data(as_text=True)
    assert "GP notification within 24 hours" in tracker_page and review.reference in tracker_page
    actions = {e.action for e in db.scalars(select(AuditEvent).where(AuditEvent.user_id == user.id))}
    assert {"learning_point.create", "action.create"} <= actions


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"title": ""}, "title", "Enter the action"),
        ({"owner_agency_id": ""}, "owner_agency_id", "Select the agency that owns the action"),
        ({"owner_agency_id": "99999"}, "owner_agency_id", "Select the owner agency from the list"),
        ({"due_on": ""}, "due_on", "Enter the due date"),
        ({"status": "purple"}, "status", "Select the status from the list"),
        ({"status": "done"}, "evidence", "Enter the evidence that the action is done"),
        ({"completed_on": "2026-11-01"}, "completed_on", "set the status to done"),
        ({"lead": "x" * 201}, "lead", "200 characters or fewer"),
    ],
)
def test_an_action_with_bad_input_is_refused_and_nothing_is_written(
    auth, admin_client, db, world, data, field, message
):
    point = _point(db, "review", world["review"])
    auth.login("staff")
    form = {
        "title": "Act",
        "owner_agency_id": str(world["police"].id),
        "lead": "DI",
        "due_on": "2027-01-01",
        "status": "green",
    } | data
    response = admin_client.post(f"/learning/points/{point.id}/actions/new", data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'<a href="#{field}">' in page and message in page
    assert db.scalar(select(func.count(Action.id))) == 0


def test_a_learning_point_needs_a_title_and_known_themes(auth, admin_client, db, world):
    auth.login("staff")
    review = world["review"]
    response = admin_client.post(
        f"/learning/review/{review.id}/new", data={"title": "", "polarity": "development", "themes": ["999999"]}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter what was learnt" in page and "Select themes from the list" in page
    assert db.scalar(select(func.count(LearningPoint.id))) == 0


def test_marking_an_action_done_needs_evidence_and_is_audited(auth, admin_client, db, world):
    action = _action(db, _point(db, "review", world["review"]), world["police"], "2027-01-01")
    user = auth.login("staff")
    response = admin_client.post(f"/actions/{action.id}/done", data={"done_evidence": ""})
    assert response.status_code == 400
    assert '<a href="#done_evidence">Enter the evidence that the action is done' in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Action, action.id).status == "green"
    response = admin_client.post(
        f"/actions/{action.id}/done",
        data={"done_evidence": "Audit of 30 cases: 28 compliant", "done_impact_measure": "Re-audit in 6 months"},
    )
    assert response.status_code == 302
    db.expire_all()
    done = db.get(Action, action.id)
    assert (done.status, done.completed_on, done.evidence) == ("done", TODAY, "Audit of 30 cases: 28 compliant")
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "action.update"))
    assert event.user_id == user.id
    assert event.details["changes"]["status"] == ["green", "done"]
    assert event.details["changes"]["completed_on"] == [None, "2026-11-27"]


def test_the_tracker_puts_overdue_actions_first_then_open_ones_by_due_date_then_done(auth, admin_client, db, world):
    point = _point(db, "review", world["review"])
    police = world["police"]
    _action(db, point, police, "2027-03-01", title="Later open")
    _action(db, point, police, "2026-10-01", "done", title="Finished")
    _action(db, point, police, "2026-11-20", "amber", title="Overdue recent")
    _action(db, point, police, "2027-01-01", title="Sooner open")
    _action(db, point, police, "2026-09-01", "red", title="Overdue oldest")
    auth.login("board")
    page = admin_client.get("/actions/").get_data(as_text=True)
    order = ["Overdue oldest", "Overdue recent", "Sooner open", "Later open", "Finished"]
    positions = [page.index(f">{title}<") for title in order]
    assert positions == sorted(positions)
    assert "of which <strong>2 overdue</strong>" in page
    overdue_only = admin_client.get("/actions/?overdue=1").get_data(as_text=True)
    assert "Overdue oldest" in overdue_only and "Sooner open" not in overdue_only


def test_the_tracker_filters_by_status_owner_source_and_theme(auth, admin_client, db, world):
    themes = world["themes"]
    review_point = _point(db, "review", world["review"], themes=[themes["neglect"].id])
    cdr = child_deaths.create_cdr(
        db, None, child_deaths.CdrDetails(date_of_death=dt.date(2025, 1, 10), stage="notification")
    )
    cdr_point = _point(db, "cdr", cdr, "Safer sleep", themes=[themes["safer_sleep_sudi"].id])
    _action(db, review_point, world["police"], "2027-01-01", "red", title="Police neglect action")
    _action(db, cdr_point, world["health"], "2027-01-01", "green", title="Health sleep action")
    user = make_user(db, role="staff")
    db.commit()

    def titles(**filters: Any) -> list[str]:
        return [a.title for a in tracker(db, user, TrackerFilters(**filters), TODAY).items]

    assert titles(status="red") == ["Police neglect action"]
    assert titles(owner_agency_id=world["health"].id) == ["Health sleep action"]
    assert titles(source_type="cdr") == ["Health sleep action"]
    assert titles(theme_id=themes["neglect"].id) == ["Police neglect action"]
    assert titles(status="open", source_type="review") == ["Police neglect action"]
    auth.login("staff")
    page = admin_client.get(f"/actions/?source_type=cdr&owner={world['health'].id}").get_data(as_text=True)
    assert "Health sleep action" in page and "Police neglect action" not in page
    # Unknown filter values are ignored rather than an error.
    assert admin_client.get("/actions/?status=nonsense&owner=abc&theme=x").status_code == 200


def test_the_tracker_pages_through_many_actions(auth, admin_client, db, world):
    point = _point(db, "review", world["review"])
    for n in range(55):
        create_action(
            db,
            None,
            point,
            ActionDetails(
                title=f"Action {n:02d}",
                owner_agency_id=world["police"].id,
                lead="Lead",
                due_on=(TODAY + dt.timedelta(days=n + 1)),
                status="green",
            ),
            TODAY,
        )
    db.commit()
    auth.login("staff")
    first = admin_client.get("/actions/").get_data(as_text=True)
    assert "Page 1 of 2" in first and ">Action 49<" in first and ">Action 50<" not in first
    second = admin_client.get("/actions/?page=2").get_data(as_text=True)
    assert ">Action 50<" in second and ">Action 54<" in second and ">Action 00<" not in second


def test_read_only_users_cannot_add_or_change_learning_or_actions(auth, admin_client, db, world):
    point = _point(db, "review", world["review"])
    action = _action(db, point, world["police"], "2027-01-01")
    auth.login("partner", agency_id=world["police"].id)
    assert admin_client.get(f"/actions/{action.id}").status_code == 200
    attempts = [
        (f"/learning/review/{world['review'].id}/new", {"title": "x", "polarity": "development"}),
        (f"/learning/points/{point.id}/edit", {"title": "changed", "polarity": "development"}),
        (f"/learning/points/{point.id}/actions/new", {"title": "x"}),
        (f"/actions/{action.id}", {"title": "changed"}),
        (f"/actions/{action.id}/done", {"done_evidence": "done"}),
    ]
    for url, data in attempts:
        assert admin_client.post(url, data=data).status_code == 403, url
    db.expire_all()
    assert db.get(Action, action.id).status == "green" and db.get(LearningPoint, point.id).title != "changed"
    assert db.scalar(select(func.count(LearningPoint.id))) == 1


def test_a_partner_sees_restricted_learning_only_for_its_own_agency_or_actions_it_owns(auth, admin_client, db, world):
    police, health = world["police"], world["health"]
    hidden_review = reviews.create_review(
        db,
        None,
        reviews.ReviewDetails(kind="learning_review", subject="Child Z", agency_id=health.id, restricted=True),
        TODAY,
    )
    point = _point(db, "review", hidden_review, "Hidden learning")
    hidden = _action(db, point, health, "2027-01-01", title="Health only action")
    owned = _action(db, point, police, "2027-01-01", title="Police must do this")
    auth.login("partner", agency_id=police.id)
    page = admin_client.get("/actions/").get_data(as_text=True)
    assert "Police must do this" in page and "Health only action" not in page
    assert admin_client.get(f"/actions/{hidden.id}").status_code == 404
    assert admin_client.get(f"/actions/{owned.id}").status_code == 200
    export = admin_client.get("/actions/export?format=csv").get_data(as_text=True)
    assert "Police must do this" in export and "Health only action" not in export


def test_changing_a_sources_restriction_updates_its_learning_and_actions(admin_app, auth, admin_client, db, world):
    review = world["review"]
    point = _point(db, "review", review)
    action = _action(db, point, world["police"], "2027-01-01")
    auth.login("staff")
    data = form_data(admin_app, ReviewForm, review) | {
        "restricted": "yes",
        "agency_id": str(world["health"].id),
        "subject": "Child B",
    }
    assert admin_client.post(f"/reviews/{review.id}/edit", data=data).status_code == 302
    db.expire_all()
    for row in (db.get(LearningPoint, point.id), db.get(Action, action.id)):
        assert row.source_restricted is True and row.source_agency_id == world["health"].id
        assert row.source_title.endswith("Child B")


def test_a_learning_point_with_actions_cannot_be_deleted_silently(db, world):
    from core.errors import ValidationFailed
    from core.services.learning import delete_learning_point

    point = _point(db, "review", world["review"])
    _action(db, point, world["police"], "2027-01-01")
    with pytest.raises(ValidationFailed):
        delete_learning_point(db, None, point)
    assert db.scalar(select(func.count(LearningPoint.id))) == 1


def test_learning_for_an_unknown_source_is_not_found(auth, admin_client, world):
    auth.login("staff")
    assert admin_client.get("/learning/nonsense/1/new").status_code == 404
    assert admin_client.get("/learning/review/999999/new").status_code == 404
    assert admin_client.get("/actions/999999").status_code == 404


def test_the_same_action_sent_twice_is_added_once(auth, admin_client, db, world):
    point = _point(db, "review", world["review"])
    auth.login("staff")
    form = {
        "title": "Audit  strategy meetings",
        "owner_agency_id": str(world["police"].id),
        "lead": "DI",
        "due_on": "2027-01-01",
        "status": "green",
    }
    assert admin_client.post(f"/learning/points/{point.id}/actions/new", data=form).status_code == 302

    again = admin_client.post(
        f"/learning/points/{point.id}/actions/new", data=form | {"title": "audit strategy meetings"}
    )

    page = again.get_data(as_text=True)
    assert again.status_code == 400 and '<a href="#title">' in page
    assert "This learning point already has an action with this title" in page
    assert db.scalar(select(func.count(Action.id))) == 1


def test_an_action_from_survey_findings_links_to_them_only_for_those_who_may_read_them(
    auth, admin_client, db, world, surveys
):
    survey = survey_by_slug(db, "practitioner-feedback")
    action = _action(db, _point(db, "survey", survey, "Escalation is not understood"), world["police"], "2027-01-01")
    findings = f'href="/findings/surveys/{survey.id}"'

    auth.login("board")
    assert findings in admin_client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert admin_client.get(f"/findings/surveys/{survey.id}").status_code == 200
    auth.logout()

    # A partner may read the action, but not the findings it came from: the source is named, not linked to a 403.
    auth.login("partner", agency_id=world["police"].id)
    assert admin_client.get(f"/findings/surveys/{survey.id}").status_code == 403
    for page in (f"/actions/{action.id}", "/actions/"):
        text = admin_client.get(page).get_data(as_text=True)
        assert survey.title in text and findings not in text, page


def test_a_learning_point_cannot_be_identified_in_the_future(auth, admin_client, db, world):
    auth.login("staff")
    review = world["review"]
    response = admin_client.post(
        f"/learning/review/{review.id}/new",
        data={"title": "The GP was not told", "polarity": "development", "identified_on": "2026-11-28"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and '<a href="#identified_on">' in page
    assert db.scalar(select(func.count(LearningPoint.id))) == 0

    today = {"title": "The GP was not told", "polarity": "development", "identified_on": TODAY.isoformat()}
    assert admin_client.post(f"/learning/review/{review.id}/new", data=today).status_code == 302


def test_the_same_learning_point_sent_twice_is_added_once(auth, admin_client, db, world):
    auth.login("staff")
    review = world["review"]
    form = {"title": "The GP was not  told", "polarity": "development"}
    assert admin_client.post(f"/learning/review/{review.id}/new", data=form).status_code == 302

    again = admin_client.post(f"/learning/review/{review.id}/new", data=form | {"title": "the GP was not told"})

    page = again.get_data(as_text=True)
    assert again.status_code == 400 and '<a href="#title">' in page
    assert "already has a learning point with this title" in page
    assert db.scalar(select(func.count(LearningPoint.id))) == 1
    # Another source may learn the same thing.
    other = reviews.create_review(
        db,
        None,
        reviews.ReviewDetails(kind="serious_incident", subject="Child B", aware_on=dt.date(2026, 11, 3)),
        TODAY,
    )
    db.commit()
    assert admin_client.post(f"/learning/review/{other.id}/new", data=form).status_code == 302


def test_staff_delete_a_learning_point_raised_in_error_but_not_one_with_actions(auth, admin_client, db, world):
    review = world["review"]
    wrong = _point(db, "review", review, "Raised on the wrong review")
    wrong_id = wrong.id
    kept = _point(db, "review", review, "Strategy meetings were not held")
    _action(db, kept, world["police"], "2027-01-01")
    user = auth.login("staff")
    form = admin_client.get(f"/learning/points/{wrong.id}/edit").get_data(as_text=True)
    assert f'formaction="/learning/points/{wrong.id}/delete"' in form  # beside Save, in the same form
    assert "/delete" not in admin_client.get(f"/learning/points/{kept.id}/edit").get_data(as_text=True)

    deleted = admin_client.post(f"/learning/points/{wrong.id}/delete", data={"title": "ignored"})
    refused = admin_client.post(f"/learning/points/{kept.id}/delete")

    assert deleted.status_code == 302 and deleted.headers["Location"].endswith(f"/reviews/{review.id}#learning")
    assert refused.status_code == 400 and "still has actions" in refused.get_data(as_text=True)
    db.expire_all()
    assert [p.title for p in db.scalars(select(LearningPoint))] == ["Strategy meetings were not held"]
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "learning_point.delete"))
    assert event is not None and event.user_id == user.id and event.object_id == str(wrong_id)
    auth.logout()
    for role, agency in (("board", None), ("partner", world["police"].id)):
        auth.login(role, agency_id=agency)
        assert admin_client.post(f"/learning/points/{kept.id}/delete").status_code == 403, role
        auth.logout()
