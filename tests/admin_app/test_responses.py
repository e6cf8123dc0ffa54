"""Staff reading responses: small counts suppressed, risk first, every read audit-logged."""

from __future__ import annotations

import re

from sqlalchemy import select

from core.models import AuditEvent, Response
from core.receipts import ReceiptHasher
from core.sealing import load_current_public_key
from core.services.responses import submit_response
from tests.factories import survey_by_slug
from tests.feedback_app.flows import store_response

COMPLAINT = {"kind": "complaint", "service": "Police", "details": "Nobody rang me back"}


def _store(db, settings, n: int, slug: str = "compliments-complaints", **answers) -> list[str]:
    return [store_response(db, settings, slug, {**COMPLAINT, **answers}).response_id for _ in range(n)]


def _count_cell(html: str, title: str) -> str:
    row = re.search(re.escape(title) + r".*?</tr>", html, re.S)
    assert row, title
    return re.findall(r'<td class="govuk-table__cell">([^<]*)</td>', row.group(0))[-1]


def test_the_survey_list_suppresses_counts_from_one_to_four(auth, admin_client, db, surveys, settings):
    auth.login("board")
    title = survey_by_slug(db, "compliments-complaints").title
    stored = 0
    for total, shown in ((0, "0"), (1, "fewer than 5"), (4, "fewer than 5"), (5, "5"), (7, "7")):
        _store(db, settings, total - stored)
        stored = total
        page = admin_client.get("/surveys/").get_data(as_text=True)
        assert _count_cell(page, title) == shown, total
        assert _count_cell(page, survey_by_slug(db, "family-feedback").title) == "0"


def test_opening_responses_audits_each_read_with_who_and_when(auth, admin_client, db, surveys, settings):
    ids = _store(db, settings, 3, details="The officer was patient with my son")
    user = auth.login("staff")
    survey = survey_by_slug(db, "compliments-complaints")
    page = admin_client.get(f"/surveys/{survey.id}/responses")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count("The officer was patient with my son") == 3
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "response.read")).all()
    assert sorted(e.object_id for e in events) == sorted(ids)
    assert all(e.user_id == user.id and e.object_type == "response" and e.at is not None for e in events)
    assert all(e.details == {"survey": "compliments-complaints"} for e in events)
    admin_client.get(f"/surveys/{survey.id}/responses")
    assert len(db.scalars(select(AuditEvent).where(AuditEvent.action == "response.read")).all()) == 6


def test_the_audit_log_holds_no_respondent_text(auth, admin_client, db, surveys, settings, engine):
    _store(db, settings, 2, details="a quokkaledger phrase")
    auth.login("staff")
    admin_client.get(f"/surveys/{survey_by_slug(db, 'compliments-complaints').id}/responses")
    for event in db.scalars(select(AuditEvent)):
        assert "quokkaledger" not in repr(event.details)


def test_responses_that_suggest_risk_come_first_and_are_on_the_dashboard(auth, admin_client, db, surveys, settings):
    ordinary = _store(db, settings, 2)
    disclosure = store_response(
        db, settings, "compliments-complaints", {**COMPLAINT, "details": "I am being hurt at home"}
    ).response_id
    young = survey_by_slug(db, "young-people")
    saddest = store_response(
        db, settings, "young-people", {"feel_about_help": "3", "listened_to": "3", "feel_safe": "1", "tell_us": ""}
    ).response_id
    content = store_response(
        db, settings, "young-people", {"feel_about_help": "5", "listened_to": "5", "feel_safe": "5", "tell_us": ""}
    ).response_id
    assert db.get(Response, disclosure).needs_attention and db.get(Response, saddest).needs_attention
    assert not db.get(Response, content).needs_attention and not db.get(Response, ordinary[0]).needs_attention

    auth.login("staff")
    page = admin_client.get(f"/surveys/{survey_by_slug(db, 'compliments-complaints').id}/responses")
    html = page.get_data(as_text=True)
    order = [m for m in re.findall(r'id="resp-([0-9a-f]{32})"', html)]
    assert order[0] == disclosure and set(order[1:]) == set(ordinary)
    assert html.count("Read first: possible risk") == 1
    young_html = admin_client.get(f"/surveys/{young.id}/responses").get_data(as_text=True)
    assert re.findall(r'id="resp-([0-9a-f]{32})"', young_html)[0] == saddest

    dashboard = admin_client.get("/").get_data(as_text=True)
    assert "2 responses may describe a child at risk" in dashboard
    assert young.title in dashboard


def test_marking_a_flagged_response_as_handled_is_audited_and_clears_the_dashboard(
    auth, admin_client, db, surveys, settings
):
    flagged = store_response(
        db, settings, "compliments-complaints", {**COMPLAINT, "details": "please help me"}
    ).response_id
    user = auth.login("staff")
    done = admin_client.post(f"/surveys/responses/{flagged}/handled", data={"note": "Referred to the front door"})
    assert done.status_code == 302
    db.expire_all()
    assert db.get(Response, flagged).attention_handled is True
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "response.attention_handled"))
    assert event.user_id == user.id and event.object_id == flagged
    listing = admin_client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Marked as handled" in listing and "Handled" in listing
    assert "may describe a child at risk" not in admin_client.get("/").get_data(as_text=True)


def test_handling_an_unknown_response_is_a_clear_404(auth, admin_client, db, surveys):
    auth.login("staff")
    missing = admin_client.post("/surveys/responses/0123456789abcdef0123456789abcdef/handled")
    assert missing.status_code == 404 and "There is no such response" in missing.get_data(as_text=True)
    assert admin_client.get("/surveys/999999/responses").status_code == 404


def test_a_response_that_was_never_flagged_cannot_be_marked_handled(auth, admin_client, db, surveys, settings):
    (calm,) = _store(db, settings, 1)
    auth.login("staff")

    refused = admin_client.post(f"/surveys/responses/{calm}/handled", data={"note": "Nothing to do"})

    # Otherwise it shows "Handled", and undoing it says it is "back among the responses to read first".
    assert refused.status_code == 404 and "was not flagged" in refused.get_data(as_text=True)
    assert admin_client.get(f"/surveys/responses/{calm}/handled").status_code == 404
    db.expire_all()
    assert db.get(Response, calm).attention_handled is False
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "response.attention_handled")) is None


def test_out_of_range_numbers_in_addresses_are_not_a_500(auth, admin_client, db, surveys, settings):
    _store(db, settings, 1)
    auth.login("admin")
    survey_id = survey_by_slug(db, "compliments-complaints").id
    assert admin_client.get("/surveys/99999999999999999999999/responses").status_code == 404
    assert admin_client.get(f"/surveys/{survey_id}/responses?page=99999999999999999999").status_code == 200
    assert admin_client.get("/audit/?page=99999999999999999999").status_code == 200
    assert admin_client.get(f"/surveys/{survey_id}/responses?page=-3").status_code == 200


def test_board_members_see_the_dashboard_without_flagged_details(auth, admin_client, db, surveys, settings):
    store_response(db, settings, "compliments-complaints", {**COMPLAINT, "details": "I am being hurt"})
    auth.login("board")
    assert "may describe a child at risk" not in admin_client.get("/").get_data(as_text=True)


def test_staff_close_a_survey_to_new_answers_and_open_it_again(auth, admin_client, feedback_client, db, surveys):
    user = auth.login("staff")
    survey = survey_by_slug(db, "family-feedback")
    listing = admin_client.get("/surveys/").get_data(as_text=True)
    assert 'Close<span class="govuk-visually-hidden"> ' in listing
    closed = admin_client.post(f"/surveys/{survey.id}/status", data={"status": "closed"})
    assert closed.status_code == 302
    assert feedback_client.get("/s/family-feedback/").status_code == 410
    assert "is now closed to new answers" in admin_client.get("/surveys/").get_data(as_text=True)
    admin_client.post(f"/surveys/{survey.id}/status", data={"status": "open"})
    assert feedback_client.get("/s/family-feedback/").status_code == 200
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "survey.status").order_by(AuditEvent.id)).all()
    assert [(e.user_id, e.object_id, e.details) for e in events] == [
        (user.id, str(survey.id), {"status": "closed"}),
        (user.id, str(survey.id), {"status": "open"}),
    ]


def test_a_survey_status_change_refuses_nonsense_and_read_only_roles(auth, admin_client, db, surveys):
    survey = survey_by_slug(db, "family-feedback")
    auth.login("staff")
    refused = admin_client.post(f"/surveys/{survey.id}/status", data={"status": "paused"})
    assert refused.status_code == 400 and "Choose whether the survey is open or closed" in refused.get_data(
        as_text=True
    )
    assert admin_client.post("/surveys/999999/status", data={"status": "closed"}).status_code == 404
    auth.logout()
    auth.login("board")
    assert "to new answers" not in admin_client.get("/surveys/").get_data(as_text=True)
    assert admin_client.post(f"/surveys/{survey.id}/status", data={"status": "closed"}).status_code == 403
    db.expire_all()
    assert survey_by_slug(db, "family-feedback").status == "open"
    assert not db.scalars(select(AuditEvent).where(AuditEvent.action == "survey.status")).all()


def test_answers_waiting_for_their_batch_are_explained_with_the_next_release_day_and_where_to_collect_more(
    auth, admin_client, db, surveys, settings, clock
):
    survey = survey_by_slug(db, "compliments-complaints")
    store_response(db, settings, "compliments-complaints", COMPLAINT, today=clock.now().date())  # released today
    for _ in range(2):  # sent since: they wait for tomorrow's batch, however many a campaign says answered
        submit_response(
            db,
            version=survey.current_version,
            answers=COMPLAINT,
            removed={},
            needs_attention=False,
            campaign_id=None,
            public_key=load_current_public_key(settings.keys_dir),
            hasher=ReceiptHasher(settings.receipt_hash_time_cost, settings.receipt_hash_memory_kib),
            today=clock.now().date(),
        )
    db.commit()
    auth.login("staff")
    empty = survey_by_slug(db, "family-feedback")

    page = admin_client.get(f"/surveys/{empty.id}/responses").get_data(as_text=True)

    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "released together once at least 5 wait" in text and "at most once a day" in text
    assert "Answers sent since the last batch are not shown or counted here until then." in text
    assert "The next batch can be released on 28 November 2026." in text
    assert "No responses have been released to staff yet." in text
    assert 'href="/mail/campaigns">Campaigns and invitations</a>' in page
