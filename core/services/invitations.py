"""Invitations: a campaign's survey sent to a mailing list, one one-time link each, and reminders to the rest.

Each link carries a random token kept only as its hash. What the invitation records of the person's answer is
a yes/no ("answered"), set in a transaction of its own before the response is stored: no response id, no time,
so the invitation cannot be matched to the answer (DESIGN invariant 5). Staff see counts, suppressed under K,
never who opened or answered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.suppression import Count, suppress
from config import Settings
from core.errors import ValidationFailed
from core.presentation import same_words
from core.services.listing import get_or_not_found
from core.mail.keys import MailKey
from core.mail.tokens import new_token, token_hash
from core.models import AUDIENCES, Campaign, Contact, Invitation, MailingList, Survey, SurveyPlan
from core.services.mailing_lists import Recipient, letter_to, recipients
from core.services.deadlines import LONDON
from core.services.outbox import enqueue

DEFAULT_VALID_DAYS = 28
MAX_VALID_DAYS = 366


def get_campaign(session: Session, campaign_id: int) -> Campaign:
    return get_or_not_found(session, Campaign, campaign_id, "campaign")


def campaign_link(settings: Settings, campaign: Campaign) -> str:
    """The link staff can share anywhere (no token: anyone with it can answer, and nobody is counted as invited)."""
    return f"{settings.public_base_url.rstrip('/')}/s/{campaign.survey.slug}/?campaign={campaign.id}"


def invitation_link(settings: Settings, token: str) -> str:
    # In the query, not the path: access logs keep paths, and a token must not be written anywhere.
    return f"{settings.public_base_url.rstrip('/')}/invitation?token={token}"


def _in_england(now: dt.datetime) -> dt.date:
    """The date in England at `now`: a survey takes answers to the end of its closing day there, not in UTC."""
    return now.astimezone(LONDON).date()


def _closing_date(session: Session, survey_id: int) -> Optional[dt.date]:
    """The last day the survey takes answers, if its plan sets one."""
    return session.scalar(select(SurveyPlan.closes_on).where(SurveyPlan.survey_id == survey_id))


def _past_closing_date(session: Session, survey_id: int, today: dt.date) -> bool:
    closes_on = _closing_date(session, survey_id)
    return closes_on is not None and closes_on < today


def closing_date_passed(session: Session, survey: Survey, now: dt.datetime) -> bool:
    """Whether the survey's closing date has passed at `now` (it takes answers to the end of that day in England)."""
    return _past_closing_date(session, survey.id, _in_england(now))


def _refuse_closed(session: Session, survey: Survey, today: dt.date, field: str) -> None:
    """ValidationFailed on `field` if the survey takes no answers now: no one is asked to answer it.

    A campaign is opened only for a survey taking answers, but the survey can close (or reach its closing date)
    while the campaign's invitations and reminders are still to be sent.
    """
    if not survey.is_open:
        raise ValidationFailed({field: "That survey is closed: open it again before inviting people to it"})
    if _past_closing_date(session, survey.id, today):
        raise ValidationFailed({field: "That survey's closing date has passed: change it in the survey builder first"})


def open_campaign(session: Session, *, survey_id: int | None, name: str, today: dt.date) -> Campaign:
    """A campaign of a survey, to invite a list to; flushes."""
    errors = {}
    survey = session.get(Survey, survey_id) if survey_id is not None and 0 < survey_id < 2**31 else None
    if survey is None:
        errors["survey_id"] = "Choose a survey"
    else:
        try:
            _refuse_closed(session, survey, today, "survey_id")
        except ValidationFailed as closed:
            errors.update(closed.errors)
    name = name.strip()
    if not name:
        errors["name"] = "Enter a name for the campaign"
    elif len(name) > 200:
        errors["name"] = "The name must be 200 characters or fewer"
    elif survey is not None and _named_alike(session, survey.id, name):
        # Most often the same form sent twice: two campaigns of one name could not be told apart in the lists,
        # and each would hand out its own links.
        errors["name"] = f"This survey already has a campaign called “{name}”: choose another name, or use that one"
    if errors:
        raise ValidationFailed(errors)
    campaign = Campaign(survey_id=survey_id, name=name, purpose="invitation", opens_on=today)
    session.add(campaign)
    session.flush()
    return campaign


def _named_alike(session: Session, survey_id: int, name: str) -> bool:
    """Whether the survey has a campaign of this name already, however it is capitalised or spaced."""
    names = session.scalars(select(Campaign.name).where(Campaign.survey_id == survey_id))
    return same_words(name) in map(same_words, names)


def _letter_text(settings: Settings, campaign: Campaign, link: str, expires_on: dt.date, reminder: bool) -> str:
    survey = campaign.survey
    opening = "A reminder: we would still like to hear from you." if reminder else "We would like to hear from you."
    return (
        f"{opening}\n\n{survey.title}\n{survey.summary}\n\n"
        f"Answer here (this link is yours, works once, and until {expires_on:%-d %B %Y}):\n{link}\n\n"
        f"Your answers are anonymous: {settings.partnership_name} cannot tell who answered from what was "
        f"answered, and this email address is never kept with your answers."
    )


def _invite(
    session: Session,
    key: MailKey,
    settings: Settings,
    campaign: Campaign,
    invitation: Invitation,
    recipient: Recipient,
    now: dt.datetime,
    reminder: bool,
    kind: str = "invitation",
) -> None:
    token = new_token()
    invitation.token_hash = token_hash(token)
    text = _letter_text(settings, campaign, invitation_link(settings, token), invitation.expires_on, reminder)
    subject = ("Reminder: " if reminder else "") + campaign.survey.title
    letter = letter_to(settings, recipient, subject, text)
    kind = "reminder" if reminder else kind
    enqueue(session, key, letter, kind=kind, now=now, contact_id=recipient.contact_id)


def invite_list(
    session: Session,
    key: MailKey,
    settings: Settings,
    campaign: Campaign,
    mailing_list: MailingList,
    *,
    now: dt.datetime,
    valid_days: int = DEFAULT_VALID_DAYS,
    kind: str = "invitation",
) -> int:
    """Queue an invitation to everyone on the list not yet invited to this campaign; flushes. Returns how many."""
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise ValidationFailed({"valid_days": f"Links can last from 1 to {MAX_VALID_DAYS} days"})
    today = _in_england(now)
    if kind == "invitation":  # staff are told on the form; a scheduled follow-up has its own rules (dissemination)
        _refuse_closed(session, campaign.survey, today, "list_id")
    # A link lasts no longer than the survey takes answers: the letter says until when it works.
    closes_on = _closing_date(session, campaign.survey.id)
    expires_on = today + dt.timedelta(days=valid_days)
    if closes_on is not None and today <= closes_on < expires_on:
        expires_on = closes_on
    invited = set(session.scalars(select(Invitation.contact_id).where(Invitation.campaign_id == campaign.id)))
    count = 0
    for recipient in recipients(session, key, mailing_list.id):
        if recipient.contact_id in invited:
            continue
        invitation = Invitation(
            campaign_id=campaign.id,
            contact_id=recipient.contact_id,
            sent_on=today,
            expires_on=expires_on,
        )
        _invite(session, key, settings, campaign, invitation, recipient, now, reminder=False, kind=kind)
        session.add(invitation)
        count += 1
    session.flush()
    return count


def remind(session: Session, key: MailKey, settings: Settings, campaign: Campaign, *, now: dt.datetime) -> int:
    """Send a new link to everyone invited who has not answered and whose link has not expired; flushes.

    The old link stops working: only the hash of the newest token is kept. Refused once the survey takes no answers.
    """
    _refuse_closed(session, campaign.survey, _in_england(now), "campaign")
    waiting = session.execute(
        select(Invitation, Contact.list_id)
        .join(Contact, Contact.id == Invitation.contact_id)
        .where(
            Invitation.campaign_id == campaign.id,
            Invitation.answered.is_(False),
            Invitation.expires_on >= now.date(),
            Contact.opted_out.is_(False),
        )
    ).all()
    by_contact = {invitation.contact_id: invitation for invitation, _ in waiting}
    count = 0
    for list_id in {list_id for _, list_id in waiting}:
        for recipient in recipients(session, key, list_id):
            invitation = by_contact.get(recipient.contact_id)
            if invitation is None:
                continue
            _invite(session, key, settings, campaign, invitation, recipient, now, reminder=True)
            invitation.reminders += 1
            count += 1
    session.flush()
    return count


@dataclass(frozen=True)
class InvitationCounts:
    """Invited, opened and answered, each ready to show ("fewer than K" under K)."""

    invited: Count
    opened: Count
    answered: Count


def invitation_counts(session: Session, campaign_id: int, k: int) -> InvitationCounts:
    """How many were invited, opened their link and answered, each suppressed under k."""
    invited, opened, answered = session.execute(
        select(
            func.count(),
            func.count().filter(Invitation.opened.is_(True)),
            func.count().filter(Invitation.answered.is_(True)),
        ).where(Invitation.campaign_id == campaign_id)
    ).one()
    return InvitationCounts(suppress(invited, k), suppress(opened, k), suppress(answered, k))


def campaigns(session: Session) -> list[Campaign]:
    return list(session.scalars(select(Campaign).order_by(Campaign.created_at.desc(), Campaign.id.desc())))


def open_surveys(session: Session) -> list[tuple[int, str]]:
    rows = session.execute(select(Survey.id, Survey.title, Survey.audience).where(Survey.status == "open"))
    return [(sid, f"{title} ({AUDIENCES.get(audience, audience)})") for sid, title, audience in rows]
