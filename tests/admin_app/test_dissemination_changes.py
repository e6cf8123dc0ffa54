"""After the key areas go out: a set sent twice to one list only when staff say so, a round cancelled before it
goes, and a withdrawn set's rounds cancelled with it (and its public page saying it was withdrawn)."""

from __future__ import annotations

from sqlalchemy import func, select

from core.mail.keys import load_mail_key
from core.models import AuditEvent, Dissemination, FollowUp, OutboxMessage
from core.services import dissemination, key_areas, mailing_lists
from tests.mail_cycle import make_published_set


def _list_and_set(db, settings, clock):
    group = mailing_lists.create_list(db, name="Practitioners", audience="practitioner")
    mailing_lists.import_addresses(
        db, load_mail_key(settings), group, b"email\na@example.org\n", today=clock.now().date()
    )
    db.commit()
    return group, make_published_set(db, clock.now().date())


def _send(admin_client, published, group, **extra):
    data = {"set_id": str(published.id), "list_id": str(group.id), "follow_ups": ["6w", "3m"], **extra}
    return admin_client.post("/mail/disseminate", data=data)


def test_the_same_set_to_the_same_list_again_is_refused_until_staff_tick_send_again(
    admin_client, auth, db, settings, clock
):
    auth.login("staff")
    group, published = _list_and_set(db, settings, clock)
    assert _send(admin_client, published, group).status_code == 302
    again = _send(admin_client, published, group)
    page = again.get_data(as_text=True)
    assert again.status_code == 400
    assert "already sent to Practitioners on 27 November 2026" in page and "Tick the box to send them again" in page
    assert db.scalar(select(func.count()).select_from(Dissemination)) == 1
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    assert _send(admin_client, published, group, send_again="yes").status_code == 302
    assert db.scalar(select(func.count()).select_from(Dissemination)) == 2


def test_staff_cancel_a_round_before_it_goes_and_its_job_then_sends_nothing(admin_client, auth, db, settings, clock):
    auth.login("staff")
    group, published = _list_and_set(db, settings, clock)
    _send(admin_client, published, group)
    six_weeks = db.scalar(select(FollowUp).where(FollowUp.label == "After 6 weeks"))
    page = admin_client.get("/mail/disseminate").get_data(as_text=True)
    assert f"/mail/follow-ups/{six_weeks.id}/cancel" in page
    assert admin_client.post(f"/mail/follow-ups/{six_weeks.id}/cancel").status_code == 302
    db.expire_all()
    assert (six_weeks.state, six_weeks.note) == ("skipped", "Cancelled by staff")
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "mail.follow_up_cancelled")) is not None
    assert dissemination.send_follow_up(db, load_mail_key(settings), settings, six_weeks.id, now=clock.now()) == 0
    again = admin_client.post(f"/mail/follow-ups/{six_weeks.id}/cancel", follow_redirects=True)
    assert "is no longer scheduled, so there is nothing to cancel" in again.get_data(as_text=True)
    assert admin_client.post("/mail/follow-ups/99999/cancel").status_code == 404


def test_withdrawing_a_set_cancels_its_rounds_and_its_public_page_says_it_was_withdrawn(
    admin_client, feedback_client, auth, db, settings, clock
):
    auth.login("staff")
    group, published = _list_and_set(db, settings, clock)
    _send(admin_client, published, group)
    assert feedback_client.get(f"/you-said-we-did/{published.id}").status_code == 200
    survey = dissemination.follow_up_survey(db, published, "practitioner")  # a round already sent has one
    db.commit()
    key_areas.withdraw_set(db, None, published)
    db.commit()
    db.refresh(survey)
    assert survey.status == "closed"  # an invitation already in someone's inbox asks about it no more
    assert feedback_client.get(f"/s/{survey.slug}/").status_code == 410
    rounds = db.scalars(select(FollowUp)).all()
    assert {(f.state, f.note) for f in rounds} == {("skipped", "Cancelled: the key areas were withdrawn")}
    assert all(
        dissemination.send_follow_up(db, load_mail_key(settings), settings, f.id, now=clock.now()) == 0 for f in rounds
    )
    gone = feedback_client.get(f"/you-said-we-did/{published.id}")
    assert gone.status_code == 410
    assert "The partnership has withdrawn this set of key areas" in gone.get_data(as_text=True)
    missing = feedback_client.get("/you-said-we-did/99999")
    assert missing.status_code == 404 and "If you typed" not in missing.get_data(as_text=True)
