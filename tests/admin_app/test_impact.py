"""The impact view: follow-up answers appear per key area once at least K have answered, compared across rounds."""

from __future__ import annotations

from sqlalchemy import select

from core.mail.keys import load_mail_key
from core.models import Survey
from core.services import dissemination, mailing_lists, outbox
from tests.feedback_app.flows import answer_survey, release_for_staff
from tests.mail_cycle import LINK, make_published_set
from tests.smtp_server import body_of

PEOPLE = [f"p{n}@example.org" for n in range(6)]


def _answer_round(feedback_app, db, smtp_server, already: int, confidence: dict[str, str], answering: int) -> None:
    slug = db.scalar(select(Survey.slug).where(Survey.slug.like("follow-up-%")))
    for message in smtp_server.received[already : already + answering]:
        client = feedback_app.test_client()
        link = LINK.search(body_of(message))
        assert link is not None
        client.get(client.get(link.group(1)).headers["Location"])
        answer_survey(client, db, slug, overrides=confidence)
        assert client.post(f"/s/{slug}/check").status_code == 200


def test_follow_up_answers_appear_in_the_impact_view_once_five_have_answered(
    admin_client, auth, db, surveys, make_settings, clock, smtp_server, feedback_app
):
    settings = make_settings(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    key = load_mail_key(settings)
    group = mailing_lists.create_list(db, name="Practitioners", audience="practitioner")
    mailing_lists.import_addresses(db, key, group, ("email\n" + "\n".join(PEOPLE)).encode(), today=clock.now().date())
    published = make_published_set(db, clock.now().date())
    sent = dissemination.disseminate(
        db,
        key,
        settings,
        set_id=published.id,
        list_id=group.id,
        follow_ups=["baseline", "6w"],
        user_id=None,
        now=clock.now(),
    )
    db.commit()
    baseline, later = sent.follow_ups
    dissemination.send_follow_up(db, key, settings, baseline.id, now=clock.now())
    db.commit()
    outbox.drain_with_settings(db, settings, clock)  # 6 key-area emails, then 6 baseline invitations
    area = published.areas[0]
    _answer_round(feedback_app, db, smtp_server, 6, {f"confidence_{area.id}": "2"}, answering=4)
    release_for_staff(db, clock.now().date())

    auth.login("staff")
    page = admin_client.get(f"/impact/disseminations/{sent.id}").get_data(as_text=True)
    assert "fewer than 5" in page and "median confidence changed" not in page  # four answers: only that

    _answer_round(feedback_app, db, smtp_server, 10, {f"confidence_{area.id}": "2"}, answering=2)
    clock.advance(weeks=6)
    dissemination.send_follow_up(db, key, settings, later.id, now=clock.now())
    db.commit()
    outbox.drain_with_settings(db, settings, clock)
    _answer_round(feedback_app, db, smtp_server, 12, {f"confidence_{area.id}": "5"}, answering=6)
    release_for_staff(db, clock.now().date())

    auth.logout()  # six weeks on: the session ended long ago
    auth.login("staff")
    page = admin_client.get(f"/impact/disseminations/{sent.id}").get_data(as_text=True)
    section = page[page.index(area.title) :]
    assert "Baseline (now)" in section and "After 6 weeks" in section
    assert "median confidence changed by +3.0" in section and "effect size +1.00" in section
