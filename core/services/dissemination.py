"""Dissemination and follow-up: send a published key area set to a list, then ask the same list about it later.

Follow-ups are APScheduler jobs in the database (core.jobs): a restart loses none, and one that fell due while
nothing ran is sent once when the scheduler comes back. The job is idempotent as well: a follow-up already sent
is never sent again, whoever runs it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Optional

from apscheduler.triggers.date import DateTrigger
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, selectinload

from config import Settings
from core.presentation import paragraphs
from core.errors import ValidationFailed
from core.services.listing import get_or_not_found
from core.mail.keys import MailKey
from core.pairing import PAIRING_KIND
from core.models import (
    KEY_AREA_KINDS,
    LIST_AUDIENCES,
    Campaign,
    Dissemination,
    FollowUp,
    KeyArea,
    KeyAreaSet,
    MailingList,
    Survey,
)
from core.services.audit import record
from core.services.invitations import closing_date_passed, invite_list
from core.services.mailing_lists import queue_to_list
from core.services.surveys import create_survey

log = logging.getLogger("learning_loop.mail")

# Offered to staff when they disseminate: label and delay.
FOLLOW_UP_CHOICES: dict[str, tuple[str, dt.timedelta]] = {
    "baseline": ("Baseline, when sent", dt.timedelta(0)),
    "6w": ("After 6 weeks", dt.timedelta(weeks=6)),
    "3m": ("After 3 months", dt.timedelta(days=91)),
    "6m": ("After 6 months", dt.timedelta(days=182)),
}
FOLLOW_UP_VALID_DAYS = 28
# The optional question whose keyed hash pairs a person's rounds (core/pairing.py).
PAIRING_QUESTION = "own_code"
JOB_FUNCTION = "core.services.dissemination:follow_up_job"

# The same values for both audiences (the impact figures count them), in words that fit each.
CHANGED_OPTIONS = {
    "practitioner": [
        {"value": "yes", "label": "Yes, it has changed what I do"},
        {"value": "a_little", "label": "A little"},
        {"value": "no", "label": "No, not yet"},
        {"value": "not_relevant", "label": "It is not relevant to my role"},
    ],
    "family": [
        {"value": "yes", "label": "Yes, things are different for my family"},
        {"value": "a_little", "label": "A little"},
        {"value": "no", "label": "No, not yet"},
        {"value": "not_relevant", "label": "It has not been part of the help my family gets"},
    ],
}
# Every question names its area and which kind it is: one theme can be both an area to improve and good practice
# to keep in a set (two areas, two pages), and without both words their questions, the check page's lines and the
# results read the same.
FOLLOW_UP_WORDS = {
    "practitioner": (
        "“{title}” ({kind}): has it changed your practice?",
        "I feel confident in my practice on “{title}” ({kind}).",
        "whether it changed your practice, and how confident you feel",
        "What has helped you put these into practice, or got in the way?",
    ),
    "family": (
        "“{title}” ({kind}): have you noticed a difference in the help your family gets?",
        "I feel confident that services will work well with my family on “{title}” ({kind}).",
        "whether you have noticed a difference, and how confident you feel",
        "What has made a difference to the help your family gets, or got in the way?",
    ),
}
WITHDRAWN_NOTE = "Cancelled: the key areas were withdrawn"
# A round whose survey takes no answers is not sent (nobody is asked to answer a survey that refuses them); the
# page shows "Not sent (note)", so each says why and what lets the next round go.
SURVEY_CLOSED_NOTE = "The follow-up survey was closed: open it again before the next round"
CLOSING_DATE_NOTE = (
    "The follow-up survey's closing date had passed: change it in the survey builder before the next round"
)
# A choice or a rating takes about 15 seconds to read and answer; the free text at the end about a minute.
SECONDS_A_QUESTION = 15
# Plural headings for the email, one per kind of key area.
EMAIL_HEADINGS = {"development": "Key areas for practice development", "good_practice": "Areas of good practice"}
# Each kind of key area in a few words, in the follow-up's questions and page titles and on the impact page; and,
# second, how the follow-up asks whether people knew of it ("Before today, did you know “…” was {…}?"). Families are
# not asked about "practice", so theirs say what good practice means to them.
KIND_WORDS = {
    "practitioner": {
        "development": ("an area to improve", "one of the partnership's key areas to improve"),
        "good_practice": ("good practice to keep", "one of the partnership's areas of good practice to keep"),
    },
    "family": {
        "development": ("an area to improve", "one of the partnership's key areas to improve"),
        "good_practice": (
            "something that works well, to keep",
            "one of the things the partnership does well and will keep",
        ),
    },
}
AWARE_OPTIONS = [
    {"value": "yes", "label": "Yes"},
    {"value": "no", "label": "No"},
    {"value": "not_sure", "label": "Not sure"},
]


def _kind_words(kind: str, audience: str = "practitioner") -> tuple[str, str]:
    return KIND_WORDS.get(audience, KIND_WORDS["practitioner"]).get(
        kind, ("a key area", "one of the partnership's key areas")
    )


def area_name(area: KeyArea, audience: str = "practitioner") -> str:
    """The area's title and its kind ("Information sharing: an area to improve"): a theme can be both kinds."""
    return f"{area.title}: {_kind_words(area.kind, audience)[0]}"


def public_page(settings: Settings, key_area_set: KeyAreaSet) -> str:
    return f"{settings.public_base_url.rstrip('/')}/you-said-we-did/{key_area_set.id}"


def published_sets(session: Session) -> list[KeyAreaSet]:
    query = select(KeyAreaSet).where(KeyAreaSet.status == "published")
    return list(session.scalars(query.order_by(KeyAreaSet.published_on.desc(), KeyAreaSet.id.desc())))


def _email_text(settings: Settings, key_area_set: KeyAreaSet) -> str:
    parts = [f"{settings.partnership_name} has published what it learned: {key_area_set.title}.", ""]
    if key_area_set.summary:
        parts += [key_area_set.summary, ""]
    for kind in KEY_AREA_KINDS:
        areas = key_area_set.of_kind(kind)
        if not areas:
            continue
        parts.append(f"{EMAIL_HEADINGS[kind]}:".upper())
        for number, area in enumerate(areas, start=1):
            parts.append(f"{number}. {area.title}")
            # Each of staff's lines indented under the area (a second line at the margin would read as a new item).
            parts += [f"   {line}" for text in (area.summary, area.action) for line in paragraphs(text)]
        parts.append("")
    parts.append(f"Read them on the web: {public_page(settings, key_area_set)}")
    return "\n".join(parts)


def follow_up_slug(set_id: int, audience: str) -> str:
    """The web address of a key area set's follow-up survey for one audience."""
    return f"follow-up-{set_id}-{audience}"


def stop_follow_ups(session: Session, set_id: int) -> tuple[int, int]:
    """A set was withdrawn: nobody is asked whether withdrawn learning changed their practice. Its rounds still to
    come are cancelled and its follow-up surveys closed to answers (an invitation already sent included);
    returns how many of each. The caller commits them with the withdrawal."""
    cancelled = session.execute(
        update(FollowUp)
        .where(
            FollowUp.state == "scheduled",
            FollowUp.dissemination_id.in_(select(Dissemination.id).where(Dissemination.key_area_set_id == set_id)),
        )
        .values(state="skipped", note=WITHDRAWN_NOTE)
        .execution_options(synchronize_session=False)
    )
    slugs = [follow_up_slug(set_id, audience) for audience in LIST_AUDIENCES]
    closed = session.execute(
        update(Survey)
        .where(Survey.slug.in_(slugs), Survey.status == "open")
        .values(status="closed")
        .execution_options(synchronize_session=False)
    )
    return int(getattr(cancelled, "rowcount", 0) or 0), int(getattr(closed, "rowcount", 0) or 0)


def _minutes(questions: int) -> int:
    """How long a follow-up takes, rounded up to whole minutes, counting the free text at the end as one."""
    return max(2, -(-(questions * SECONDS_A_QUESTION + 60) // 60))


def _follow_up_definition(key_area_set: KeyAreaSet, audience: str) -> dict[str, Any]:
    """One page per key area (aware of it, changed practice, confidence), then free text."""
    changed_prompt, confidence_prompt, asked, more_prompt = FOLLOW_UP_WORDS.get(
        audience, FOLLOW_UP_WORDS["practitioner"]
    )
    pages: list[dict[str, Any]] = []
    for area in key_area_set.areas:
        # Keys and measures stay by area id: the impact figures and answers already stored are read by them.
        kind, known_as = _kind_words(area.kind, audience)
        pages.append(
            {
                "title": area_name(area, audience),
                "questions": [
                    {
                        "key": f"aware_{area.id}",
                        "kind": "single",
                        "options": AWARE_OPTIONS,
                        "measure": f"aware:{area.id}",
                        "prompt": f"Before today, did you know “{area.title}” was {known_as}?",
                    },
                    {
                        "key": f"changed_{area.id}",
                        "kind": "single",
                        "options": CHANGED_OPTIONS.get(audience, CHANGED_OPTIONS["practitioner"]),
                        "measure": f"changed:{area.id}",
                        "prompt": changed_prompt.format(title=area.title, kind=kind),
                    },
                    {
                        "key": f"confidence_{area.id}",
                        "kind": "likert",
                        "measure": f"confidence:{area.id}",
                        "prompt": confidence_prompt.format(title=area.title, kind=kind),
                    },
                ],
            }
        )
    pages.append(
        {
            "title": "Anything else",
            "questions": [
                {
                    "key": "more",
                    "kind": "text",
                    "required": False,
                    "prompt": more_prompt,
                    "hint": "Do not include names or anything that could identify a child, family or colleague.",
                },
                {
                    "key": PAIRING_QUESTION,
                    "kind": PAIRING_KIND,
                    "required": False,
                    "prompt": "Your own memorable code",
                    "hint": "If you make up a code and give the same one each time we ask, we can see how answers "
                    "change over time without knowing who you are. Use a made-up word and a number, such as "
                    "kettle7: not your name, a birthday or anything about you. We keep only a scrambled form "
                    "of it that cannot be turned back into your code. Leave it empty if you prefer.",
                },
            ],
        }
    )
    return {
        "slug": follow_up_slug(key_area_set.id, audience),
        # The baseline goes out with the key areas themselves, so the title asks nothing of a change yet; families
        # get it too, so it says nothing of "practice".
        "title": f"“{key_area_set.title}”: a few questions on each key area",
        "audience": audience,
        "summary": "Three questions about each key area the partnership published: whether you knew of it, "
        f"{asked}. It takes about {_minutes(3 * len(key_area_set.areas))} minutes.",
        "pages": pages,
    }


def follow_up_survey(session: Session, key_area_set: KeyAreaSet, audience: str) -> Survey:
    """The set's follow-up survey for this audience, made the first time it is needed (not listed publicly)."""
    definition = _follow_up_definition(key_area_set, audience)
    found = session.scalar(select(Survey).where(Survey.slug == definition["slug"]))
    return found if found is not None else create_survey(session, definition, is_public=False)


def get_set(session: Session, set_id: int | None) -> Optional[KeyAreaSet]:
    if set_id is None or not 0 < set_id < 2**31:
        return None
    return session.scalar(select(KeyAreaSet).where(KeyAreaSet.id == set_id).options(selectinload(KeyAreaSet.areas)))


def _sent_before(session: Session, key_area_set: KeyAreaSet, mailing_list: MailingList) -> dict[str, str]:
    """A refusal naming when this set last went to this list, if it has; nothing if it has not."""
    last = session.scalar(
        select(func.max(Dissemination.sent_on)).where(
            Dissemination.key_area_set_id == key_area_set.id, Dissemination.list_id == mailing_list.id
        )
    )
    if last is None:
        return {}
    return {
        "send_again": f"These key areas were already sent to {mailing_list.name} on {last:%-d %B %Y}. "
        "Tick the box to send them again, or choose another list"
    }


def disseminate(
    session: Session,
    key: MailKey,
    settings: Settings,
    *,
    set_id: int | None,
    list_id: int | None,
    follow_ups: list[str],
    user_id: int | None,
    now: dt.datetime,
    send_again: bool = False,
) -> Dissemination:
    """Queue the set's email to the list and record the follow-ups to schedule; flushes (jobs: `schedule_jobs`)."""
    errors = {}
    key_area_set = get_set(session, set_id)
    if key_area_set is None or key_area_set.status != "published":
        errors["set_id"] = "Choose a published key area set"
    mailing_list = session.get(MailingList, list_id) if list_id is not None and 0 < list_id < 2**31 else None
    if mailing_list is None:
        errors["list_id"] = "Choose a mailing list"
    unknown = [choice for choice in follow_ups if choice not in FOLLOW_UP_CHOICES]
    if unknown:
        errors["follow_ups"] = "Choose follow-ups from the list"
    if key_area_set is not None and mailing_list is not None and not send_again:
        errors.update(_sent_before(session, key_area_set, mailing_list))
    if errors or key_area_set is None or mailing_list is None:
        raise ValidationFailed(errors)
    subject = f"What we learned: {key_area_set.title}"
    text = _email_text(settings, key_area_set)
    queued = queue_to_list(
        session, key, settings, mailing_list.id, kind="dissemination", now=now, compose=lambda _r: (subject, text)
    )
    dissemination = Dissemination(
        key_area_set_id=key_area_set.id,
        list_id=mailing_list.id,
        sent_on=now.date(),
        queued=queued,
        created_by_id=user_id,
    )
    for choice in dict.fromkeys(follow_ups):
        label, delay = FOLLOW_UP_CHOICES[choice]
        dissemination.follow_ups.append(FollowUp(label=label, due_at=now + delay, state="scheduled"))
    session.add(dissemination)
    session.flush()
    return dissemination


def job_id(follow_up: FollowUp) -> str:
    return f"follow-up-{follow_up.id}"


def schedule_jobs(engine: Engine, follow_ups: list[FollowUp]) -> None:
    """Store a one-off job per follow-up in the scheduler's table (call after the follow-ups are committed)."""
    from core import jobs

    def due(follow_up: FollowUp) -> dt.datetime:
        moment = follow_up.due_at
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)

    jobs.store_jobs(engine, [(JOB_FUNCTION, DateTrigger(run_date=due(f)), [f.id], job_id(f)) for f in follow_ups])


def send_follow_up(session: Session, key: MailKey, settings: Settings, follow_up_id: int, *, now: dt.datetime) -> int:
    """Open the follow-up's campaign and invite the list, once; flushes. Returns how many were invited."""
    # Claimed in the UPDATE itself: of two runs at once (a job run twice, two schedulers), one sends, one finds
    # nothing to do. The claim commits with the invitations, so a failure leaves the follow-up scheduled.
    claimed = session.execute(
        update(FollowUp)
        .where(FollowUp.id == follow_up_id, FollowUp.state == "scheduled")
        .values(state="sent")
        .execution_options(synchronize_session=False)
    )
    if not getattr(claimed, "rowcount", 0):
        return 0
    follow_up = session.get_one(FollowUp, follow_up_id, populate_existing=True)
    dissemination = follow_up.dissemination
    mailing_list = session.get(MailingList, dissemination.list_id) if dissemination.list_id is not None else None
    if mailing_list is None:
        follow_up.state, follow_up.note = "skipped", "The mailing list was deleted"
        session.flush()
        return 0
    key_area_set = get_set(session, dissemination.key_area_set_id)
    assert key_area_set is not None  # noqa: S101  (a dissemination is deleted with its set)
    if key_area_set.status != "published":
        follow_up.state, follow_up.note = "skipped", WITHDRAWN_NOTE
        session.flush()
        return 0
    survey = follow_up_survey(session, key_area_set, mailing_list.audience)
    # invite_list does not refuse a closed survey for a follow-up (kind="follow_up"): the round is skipped here,
    # with a note staff see, instead of failing the job.
    closed = SURVEY_CLOSED_NOTE if not survey.is_open else None
    if closed is None and closing_date_passed(session, survey, now):
        closed = CLOSING_DATE_NOTE
    if closed is not None:
        follow_up.state, follow_up.note = "skipped", closed
        session.flush()
        return 0
    campaign = Campaign(
        survey_id=survey.id,
        name=f"{follow_up.label}: {key_area_set.title}"[:200],
        purpose="follow_up",
        opens_on=now.date(),
    )
    session.add(campaign)
    session.flush()
    invited = invite_list(
        session, key, settings, campaign, mailing_list, now=now, valid_days=FOLLOW_UP_VALID_DAYS, kind="follow_up"
    )
    follow_up.state, follow_up.campaign_id = "sent", campaign.id
    session.flush()
    return invited


def cancel_follow_up(session: Session, user_id: int | None, follow_up_id: int) -> FollowUp:
    """Cancel a round not yet sent (its job then finds nothing to do); flushes. Refused once it has gone."""
    follow_up = get_or_not_found(session, FollowUp, follow_up_id, "follow-up")
    if follow_up.state != "scheduled":
        raise ValidationFailed({}, f"“{follow_up.label}” is no longer scheduled, so there is nothing to cancel.")
    follow_up.state, follow_up.note = "skipped", "Cancelled by staff"
    record(session, user_id, "mail.follow_up_cancelled", "follow_up", follow_up.id, label=follow_up.label)
    session.flush()
    return follow_up


def follow_up_job(follow_up_id: int) -> None:
    """The scheduled job: send one follow-up, then the outbox (so the mail goes when the job runs)."""
    from core import jobs
    from core.mail.keys import load_mail_key
    from core.services.outbox import drain_with_settings

    run = jobs.runtime()
    session = run.session_factory()
    try:
        now = run.clock.now() if run.clock is not None else dt.datetime.now(dt.timezone.utc)
        invited = send_follow_up(session, load_mail_key(run.settings), run.settings, follow_up_id, now=now)
        session.commit()
        log.info("follow-up %s: %s invitations queued", follow_up_id, invited)
        if invited:
            drain_with_settings(session, run.settings, run.clock)
    finally:
        session.close()


def disseminations(session: Session) -> list[Dissemination]:
    """Every dissemination, newest first, with its set, its list (None once deleted) and its follow-ups."""
    query = select(Dissemination).options(
        selectinload(Dissemination.key_area_set),
        selectinload(Dissemination.mailing_list),
        selectinload(Dissemination.follow_ups),
    )
    return list(session.scalars(query.order_by(Dissemination.id.desc())))


def get_dissemination(session: Session, dissemination_id: int) -> Dissemination:
    return get_or_not_found(session, Dissemination, dissemination_id, "dissemination")
