"""A whole invitation cycle against a real SMTP server: a list, a campaign, invitations, answers, reminders."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from core.mail.keys import load_mail_key
from core.models import KeyArea, KeyAreaSet
from core.services import invitations, mailing_lists, outbox
from tests.factories import survey_by_slug
from tests.feedback_app.flows import send_survey
from tests.smtp_server import body_of

SLUG = "practitioner-feedback"
LINK = re.compile(r"http://localhost:5000(/invitation\?token=[A-Za-z0-9_-]+)")


class Cycle:
    """A list of people, a campaign, and the mail that reaches them."""

    def __init__(self, db: Any, settings: Any, clock: Any, smtp: Any, people: int) -> None:
        self.db, self.settings, self.clock, self.smtp = db, settings, clock, smtp
        self.key = load_mail_key(settings)
        self.addresses = [f"worker{n}@example.org" for n in range(people)]
        self.group = mailing_lists.create_list(db, name="Practitioners", audience="practitioner")
        csv = "email\n" + "\n".join(self.addresses) + "\n"
        mailing_lists.import_addresses(db, self.key, self.group, csv.encode(), today=clock.now().date())
        survey = survey_by_slug(db, SLUG)
        self.campaign = invitations.open_campaign(db, survey_id=survey.id, name="Spring", today=clock.now().date())
        db.commit()

    def invite(self, valid_days: int = 28) -> None:
        now = self.clock.now()
        invitations.invite_list(
            self.db, self.key, self.settings, self.campaign, self.group, now=now, valid_days=valid_days
        )
        self.db.commit()
        outbox.drain_with_settings(self.db, self.settings, self.clock)

    def remind(self) -> None:
        invitations.remind(self.db, self.key, self.settings, self.campaign, now=self.clock.now())
        self.db.commit()
        outbox.drain_with_settings(self.db, self.settings, self.clock)

    def links(self, subject_prefix: str = "") -> dict[str, str]:
        """The newest link each address was sent, among mails whose subject starts with the prefix."""
        found = {}
        for message in self.smtp.received:
            if str(message["Subject"]).startswith(subject_prefix):
                match = LINK.search(body_of(message))
                assert match, body_of(message)
                found[str(message["To"])] = match.group(1)
        return found


def answer_through(client: Any, db: Any, link: str, slug: str = SLUG) -> str:
    opened = client.get(link)
    assert opened.status_code == 302 and f"/s/{slug}/?campaign=" in opened.headers["Location"]
    assert client.get(opened.headers["Location"]).status_code == 200
    return send_survey(client, db, slug)


THREE_AREAS = (
    ("development", "Hearing the voice of the child"),
    ("development", "Escalating concerns"),
    ("good_practice", "Early help assessments"),
)


def make_published_set(db: Any, day: dt.date, areas: tuple[tuple[str, str], ...] = THREE_AREAS) -> KeyAreaSet:
    """A published set of these (kind, title) areas: by default two development areas and one of good practice."""
    published = KeyAreaSet(
        title="Learning from 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 9, 30),
        status="published",
        published_on=day,
        summary="What practitioners and families told us.",
    )
    for position, (kind, title) in enumerate(areas, start=1):
        published.areas.append(
            KeyArea(
                kind=kind,
                position=position,
                title=title,
                summary=f"Why {title.lower()} matters.",
                action=f"Training on {title.lower()}.",
            )
        )
    db.add(published)
    db.commit()
    return published


def disseminate_to(db: Any, settings: Any, clock: Any, people: list[str]) -> tuple[Any, KeyAreaSet]:
    """A published set sent to a list of these people with a baseline and a follow-up after 6 weeks; the baseline
    is sent and the outbox drained (the key-area emails first, then the baseline invitations)."""
    from core.services import dissemination

    key = load_mail_key(settings)
    group = mailing_lists.create_list(db, name="Practitioners", audience="practitioner")
    mailing_lists.import_addresses(db, key, group, ("email\n" + "\n".join(people)).encode(), today=clock.now().date())
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
    dissemination.send_follow_up(db, key, settings, sent.follow_ups[0].id, now=clock.now())
    db.commit()
    outbox.drain_with_settings(db, settings, clock)
    return sent, published


def send_later_round(db: Any, settings: Any, clock: Any, sent: Any) -> None:
    """Six weeks on: the second follow-up goes out and the outbox is drained."""
    from core.services import dissemination

    clock.advance(weeks=6)
    dissemination.send_follow_up(db, load_mail_key(settings), settings, sent.follow_ups[1].id, now=clock.now())
    db.commit()
    outbox.drain_with_settings(db, settings, clock)
