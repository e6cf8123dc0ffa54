"""A survey's schedule (opens on, closes on) and what it is for (a case review, an audit, themed work).

Staff set both in the builder's details. For a survey not yet published they wait on its draft and go with it
when it is published; for a published survey they change the survey at once, since they are not questions and
need no new version. What a survey is for is also read from links recorded elsewhere, so each shows once:
a review's participation campaign, and a follow-up sent after a dissemination of key areas.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import ValidationFailed
from core.models import (
    SURVEY_PURPOSES,
    Audit,
    Campaign,
    Dissemination,
    FollowUp,
    KeyAreaSet,
    Review,
    Survey,
    SurveyDraft,
    SurveyPlan,
    ThemedWork,
    User,
    answering_state,
)
from core.services.changes import apply_changes, record_change
from core.services.visibility import can_see

_MODELS: dict[str, Any] = {"review": Review, "audit": Audit, "themed_work": ThemedWork}
# Entries offered in the builder: those still under way (and whatever the survey is already for).
_FINISHED = {"review": ("closed",), "audit": ("closed",), "themed_work": ("closed",)}


@dataclass(frozen=True)
class Link:
    """What a survey is for, as a page shows it: the register entry (or dissemination) and how they are linked."""

    kind: str  # review | audit | themed_work | dissemination
    id: int
    label: str
    how: str = ""


@dataclass(frozen=True)
class LinkedSurvey:
    """A survey listed on a register entry's page, how it is linked, and whether it takes answers today."""

    survey: Survey
    plan: SurveyPlan | None
    state: str
    how: str = ""


def plan_of(session: Session, holder: Survey | SurveyDraft) -> SurveyPlan | None:
    column = SurveyPlan.survey_id if isinstance(holder, Survey) else SurveyPlan.draft_id
    return session.scalar(select(SurveyPlan).where(column == holder.id))


def plan_for(session: Session, holder: Survey | SurveyDraft) -> SurveyPlan:
    """The holder's plan, made (empty: no schedule, no link) if it has none."""
    plan = plan_of(session, holder)
    if plan is None:
        plan = SurveyPlan(**{"survey_id" if isinstance(holder, Survey) else "draft_id": holder.id})
        session.add(plan)
        session.flush()
    return plan


def holder_of(session: Session, draft: SurveyDraft) -> Survey | SurveyDraft:
    """Whose plan a draft's details change: the published survey it changes, or the draft of a new one."""
    survey = session.get(Survey, draft.survey_id) if draft.survey_id else None
    return survey or draft


def purpose_value(plan: SurveyPlan | None) -> str:
    """The plan's link as the builder's choice names it ("review:7"), or "" for none."""
    for kind in _MODELS:
        entry_id = getattr(plan, f"{kind}_id", None) if plan else None
        if entry_id is not None:
            return f"{kind}:{entry_id}"
    return ""


def _label(kind: str, entry: Any) -> str:
    if kind == "review":
        return f"Case review {entry.reference}: {entry.subject}"
    if kind == "audit":
        return f"Audit {entry.reference}: {entry.title}"
    return f"Themed work: {entry.title}"


def purpose_choices(session: Session, current: str = "") -> list[tuple[str, str]]:
    """What a survey can be for, as (value, label): entries still under way, and the current one."""
    choices = []
    for kind, model in _MODELS.items():
        finished = model.stage if kind == "review" else model.status
        current_id = int(current.partition(":")[2]) if current.startswith(f"{kind}:") else 0
        rows = session.scalars(
            select(model).where((finished.not_in(_FINISHED[kind])) | (model.id == current_id)).order_by(model.id)
        )
        choices += [(f"{kind}:{entry.id}", _label(kind, entry)) for entry in rows]
    return choices


def _entry(session: Session, purpose: str) -> tuple[str, int] | None:
    kind, _, raw = purpose.partition(":")
    if kind not in SURVEY_PURPOSES or not raw.isdigit() or not 0 < int(raw) < 2**31:
        return None
    return (kind, int(raw)) if session.get(_MODELS[kind], int(raw)) is not None else None


def plan_errors(
    session: Session, *, opens_on: dt.date | None, closes_on: dt.date | None, purpose: str
) -> dict[str, str]:
    """What is wrong with a schedule and a purpose, by field (empty when they can be saved)."""
    errors = {}
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = "The closing date must be the same as or after the opening date"
    if purpose and _entry(session, purpose) is None:
        errors["purpose"] = "Select what the survey is for from the list"
    return errors


def set_plan(
    session: Session,
    user_id: int | None,
    draft: SurveyDraft,
    *,
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    purpose: str,
) -> dict[str, list[Any]]:
    """Save the schedule and purpose given in a draft's details; returns what changed (audit-logged)."""
    errors = plan_errors(session, opens_on=opens_on, closes_on=closes_on, purpose=purpose)
    if errors:
        raise ValidationFailed(errors)
    holder = holder_of(session, draft)
    plan = plan_of(session, holder)
    linked = _entry(session, purpose) if purpose else None
    values: dict[str, Any] = {"opens_on": opens_on, "closes_on": closes_on}
    values.update({f"{kind}_id": (linked[1] if linked and linked[0] == kind else None) for kind in _MODELS})
    if plan is None and not any(values.values()):
        return {}
    changes = apply_changes(plan or plan_for(session, holder), values)
    if changes:
        kind = "survey" if isinstance(holder, Survey) else "survey_draft"
        record_change(session, user_id, f"{kind}.plan_changed", kind, holder.id, changes)
        session.flush()
    return changes


def plans_by_survey(session: Session) -> dict[int, SurveyPlan]:
    plans = session.scalars(select(SurveyPlan).where(SurveyPlan.survey_id.is_not(None)))
    return {p.survey_id: p for p in plans if p.survey_id is not None}


def state(survey: Survey, plan: SurveyPlan | None, today: dt.date) -> str:
    """'open', 'not_yet' or 'closed' today."""
    return answering_state(survey.status, plan.opens_on if plan else None, plan.closes_on if plan else None, today)


def _own_link(session: Session, user: User, plan: SurveyPlan | None) -> Link | None:
    linked = _entry(session, purpose_value(plan))
    if linked is None:
        return None
    entry = session.get(_MODELS[linked[0]], linked[1])
    return Link(linked[0], linked[1], _label(linked[0], entry)) if can_see(user, entry) else None


def links_of(session: Session, user: User, holder: Survey | SurveyDraft) -> list[Link]:
    """What one survey (or a new survey's draft) is for, as this user may see it."""
    if isinstance(holder, Survey):
        return links_by_survey(session, user, [holder.id]).get(holder.id, [])
    own = _own_link(session, user, plan_of(session, holder))
    return [own] if own else []


def links_by_survey(session: Session, user: User, survey_ids: Iterable[int] | None = None) -> dict[int, list[Link]]:
    """What each survey is for, as this user may see it: its own link, review campaigns and follow-ups."""
    wanted = set(survey_ids) if survey_ids is not None else None
    found: dict[int, list[Link]] = {}

    def add(survey_id: int, link: Link) -> None:
        if wanted is None or survey_id in wanted:
            found.setdefault(survey_id, []).append(link)

    for survey_id, plan in plans_by_survey(session).items():
        own = _own_link(session, user, plan) if wanted is None or survey_id in wanted else None
        if own is not None:
            add(survey_id, own)
    campaigns = select(Review, Campaign).join(Campaign, Review.participation_campaign_id == Campaign.id)
    for review, campaign in session.execute(campaigns.order_by(Review.id)):
        if can_see(user, review):
            how = f"participation campaign “{campaign.name}”"
            add(campaign.survey_id, Link("review", review.id, _label("review", review), how))
    follow_ups = (
        select(FollowUp, Campaign.survey_id, KeyAreaSet.title)
        .join(Campaign, FollowUp.campaign_id == Campaign.id)
        .join(Dissemination, FollowUp.dissemination_id == Dissemination.id)
        .join(KeyAreaSet, Dissemination.key_area_set_id == KeyAreaSet.id)
        .order_by(FollowUp.id)
    )
    rounds: dict[tuple[int, int], tuple[str, list[str]]] = {}
    for follow_up, survey_id, title in session.execute(follow_ups):
        rounds.setdefault((survey_id, follow_up.dissemination_id), (title, []))[1].append(follow_up.label.lower())
    for (survey_id, dissemination_id), (title, labels) in rounds.items():
        how = f"{'rounds' if len(labels) > 1 else 'round'}: {', '.join(labels)}"
        add(survey_id, Link("dissemination", dissemination_id, f"Follow-up of the key areas “{title}”", how))
    return found


def surveys_for(session: Session, kind: str, entry_id: int, today: dt.date) -> list[LinkedSurvey]:
    """The surveys a review, audit or piece of themed work has: linked in the builder, or by a campaign."""
    column = {"review": SurveyPlan.review_id, "audit": SurveyPlan.audit_id, "themed_work": SurveyPlan.themed_work_id}
    own = session.scalars(
        select(Survey).join(SurveyPlan, SurveyPlan.survey_id == Survey.id).where(column[kind] == entry_id)
    )
    found = [(survey, "") for survey in own.all()]
    if kind == "review":
        review = session.get(Review, entry_id)
        campaign = review.participation_campaign if review is not None else None
        if campaign is not None:
            found.append((campaign.survey, f"participation campaign “{campaign.name}”"))
    linked = []
    for survey, how in sorted(found, key=lambda pair: pair[0].title):
        plan = plan_of(session, survey)
        linked.append(LinkedSurvey(survey, plan, state(survey, plan, today), how))
    return linked


def reopen_past_close(session: Session, user_id: int | None, survey: Survey, today: dt.date) -> dt.date | None:
    """Opening a survey again takes off a closing date already past (else it would stay closed); returns it."""
    plan = plan_of(session, survey)
    if survey.status != "open" or plan is None or plan.closes_on is None or plan.closes_on >= today:
        return None
    passed = plan.closes_on
    changes = apply_changes(plan, {"closes_on": None})
    record_change(session, user_id, "survey.plan_changed", "survey", survey.id, changes)
    session.flush()
    return passed


def shown(session: Session, user: User, holder: Survey | SurveyDraft, today: dt.date) -> dict[str, Any]:
    """What a page about a survey (or a new survey's draft) shows of its plan: the plan, what it is for as this user
    may see it, and whether it is open today ('' for a draft)."""
    plan = plan_of(session, holder)
    return {
        "plan": plan,
        "links": links_of(session, user, holder),
        "state": state(holder, plan, today) if isinstance(holder, Survey) else "",
    }
