"""The case review register: validation, stage history, statutory deadlines, participation results."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any, Mapping, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from analysis.participation import ParticipationResults, summarise
from analysis.suppression import SECONDARY_LABEL, Count, suppress, suppress_table
from core.errors import ValidationFailed
from core.models import (
    REVIEW_KINDS,
    REVIEW_STAGES,
    Campaign,
    ReleaseBatch,
    Response,
    Review,
    ReviewStage,
    Survey,
    SurveyVersion,
    User,
)
from core.opening import CannotOpen, Keyring
from core.sealing import context_info
from core.services.audit import record
from core.services.changes import apply_changes, log_changes, record_change, snapshot, values_with_reference
from core.services.deadlines import Deadline, next_open_deadline, review_deadlines
from core.services.listing import Filters, choice, visible_matching, page_of, search
from core.services.release import join_release, released
from core.services.visibility import entry_filter

PARTICIPATION_SURVEY = "review-participation"
# A pseudonym: a word for who the review is about, then letters or numbers ("Child A",
# "Children B and C", "Family D", "Baby E", "Young person F12", "Sibling group G").
SUBJECT_PATTERN = re.compile(
    r"(Child|Children|Baby|Babies|Infant|Young person|Young people|Adolescent|Family|Families|Sibling group|Siblings|"
    r"Mother|Father|Parent|Adult)\s+[A-Z0-9]{1,4}(\s*(,|and|&)\s*[A-Z0-9]{1,4})*"
)
REFERENCE_PREFIX = {"serious_incident": "RR", "lcspr": "CSPR"}
# Recording a stage also records its date in the matching column (when that is still empty).
STAGE_DATES: dict[str, str] = {
    "aware": "aware_on",
    "notified": "notified_on",
    "rapid_review_sent": "rapid_review_on",
    "decision": "decision_on",
    "commissioned": "commissioned_on",
    "sign_off": "completed_on",
    "published": "published_on",
    "closed": "closed_on",
}
# A review's milestones in the order it reaches them, each with the words a message names it by.
MILESTONES: dict[str, str] = {
    "aware_on": "the date the local authority became aware",
    "notified_on": "the date of notification",
    "rapid_review_on": "the date the rapid review was sent",
    "decision_on": "the date of the decision",
    "commissioned_on": "the date the review was commissioned",
    "completed_on": "the date the review was completed",
    "published_on": "the date of publication",
    "closed_on": "the date the review was closed",
}
DATE_FIELDS = tuple(MILESTONES)
# Every milestone on or after each one before it (a review rarely has every date, so not only the one
# just before): (later, earlier, message), the nearest earlier milestone first, so a date out of order
# is told against the date it most plainly contradicts.
ORDER_RULES: tuple[tuple[str, str, str], ...] = tuple(
    (later, earlier, f"{MILESTONES[later][0].upper()}{MILESTONES[later][1:]} must be on or after {MILESTONES[earlier]}")
    for n, later in enumerate(DATE_FIELDS)
    for earlier in reversed(DATE_FIELDS[:n])
)


def order_problems(dates: Mapping[str, Optional[dt.date]], only: Optional[str] = None) -> dict[str, str]:
    """{later milestone: message} for each date before a milestone it follows (rules about `only`, if given)."""
    problems: dict[str, str] = {}
    for later, earlier, message in ORDER_RULES:
        if only is not None and only not in (later, earlier):
            continue
        a, b = dates.get(later), dates.get(earlier)
        if a is not None and b is not None and a < b:
            problems.setdefault(later, message)
    return problems


def is_pseudonym(subject: str) -> bool:
    """True for "Child A", "Children B and C", "Family D"…; a name never matches."""
    return SUBJECT_PATTERN.fullmatch(subject.strip()) is not None


def participation_campaigns(session: Session) -> list[Campaign]:
    """Campaigns of the review participation survey (to link one to a review)."""
    return list(
        session.scalars(
            select(Campaign).join(Survey).where(Survey.slug == PARTICIPATION_SURVEY).order_by(Campaign.name)
        )
    )


@dataclass
class ReviewDetails:
    """What staff enter for a review; the admin form checks each field before a service sees it."""

    kind: str
    subject: str
    reference: str = ""
    summary: str = ""
    stage: Optional[str] = None  # None: worked out from the dates (a new review) or kept (an edit)
    lead_reviewer: str = ""
    national_panel_ref: str = ""
    agency_id: Optional[int] = None
    restricted: bool = False
    aware_on: Optional[dt.date] = None
    notified_on: Optional[dt.date] = None
    rapid_review_on: Optional[dt.date] = None
    decision: Optional[str] = None
    decision_on: Optional[dt.date] = None
    commissioned_on: Optional[dt.date] = None
    completed_on: Optional[dt.date] = None
    published_on: Optional[dt.date] = None
    closed_on: Optional[dt.date] = None
    family_invited: Optional[bool] = None
    family_took_part: Optional[bool] = None
    practitioners_invited: Optional[bool] = None
    practitioners_took_part: Optional[bool] = None
    participation_notes: str = ""
    participation_campaign_id: Optional[int] = None


def _review_values(
    session: Session, details: ReviewDetails, today: dt.date, review: Optional[Review] = None
) -> dict[str, Any]:
    """The columns to store; ValidationFailed if the reference is taken."""
    prefix = f"{REFERENCE_PREFIX.get(details.kind, 'LR')}-{(details.aware_on or today).year}-"
    # The form says this beside each date; checked again here so no caller can store a review out of order.
    problems = order_problems(asdict(details))
    if problems:
        raise ValidationFailed(problems)
    values = values_with_reference(session, Review.reference, details, review, "a review", prefix)
    # A decision to hold a local review makes the record one (keeping its notification dates).
    if values["kind"] == "serious_incident" and values["decision"] == "lcspr":
        values["kind"] = "lcspr"
    elif values["kind"] == "serious_incident" and values["decision"] == "alternative_review":
        values["kind"] = "alternative_learning_review"
    if not values["stage"]:
        values["stage"] = derive_stage(values) if review is None else review.stage
    return values


def derive_stage(values: Mapping[str, Any]) -> str:
    """The furthest stage the dates show (for a new record entered without a stage)."""
    stage = "aware" if values.get("kind") == "serious_incident" else "commissioned"
    for name, column in STAGE_DATES.items():
        if values.get(column) is not None:
            stage = name
    if stage == "notified" and values.get("kind") == "serious_incident":
        return "rapid_review"
    return stage


def refresh_deadlines(review: Review) -> list[Deadline]:
    """Recompute and store the statutory due dates and the next open one."""
    deadlines = deadlines_of(review)
    by_key = {d.key: d.due_on for d in deadlines}
    review.notification_due_on = by_key.get("notification")
    review.rapid_review_due_on = by_key.get("rapid_review")
    review.local_review_due_on = by_key.get("local_review")
    nxt = next_open_deadline(deadlines)
    closed = review.closed_on is not None or review.stage == "closed"
    review.next_due_on = None if closed or nxt is None else nxt.due_on
    review.next_due_kind = None if closed or nxt is None else nxt.key
    return deadlines


def deadlines_of(review: Review) -> list[Deadline]:
    """The review's statutory deadlines (for its page)."""
    return review_deadlines(
        aware_on=review.aware_on,
        notified_on=review.notified_on,
        rapid_review_on=review.rapid_review_on,
        decision=review.decision,
        decision_on=review.decision_on,
        published_on=review.published_on,
    )


def _add_stage(session: Session, review: Review, stage: str, on: dt.date, note: str, user_id: int | None) -> None:
    session.add(ReviewStage(review=review, stage=stage, entered_on=on, note=note, recorded_by_id=user_id))


def create_review(session: Session, user_id: int | None, details: ReviewDetails, today: dt.date) -> Review:
    """Add a review (deadlines computed, first stage recorded, audit-logged)."""
    values = _review_values(session, details, today)
    review = Review(**values)
    session.add(review)
    refresh_deadlines(review)
    session.flush()
    _add_stage(session, review, review.stage, _stage_date(review, today), "", user_id)
    record_change(session, user_id, "review.create", "review", review.id, snapshot(values))
    session.flush()
    return review


def _stage_date(review: Review, today: dt.date) -> dt.date:
    """The date of the review's stage: its column's date where it has one, else today. A rapid review is in progress
    from the notification (derive_stage moves a notified serious incident straight there), so it takes that date:
    a review logged weeks after it was notified began its history on the day it was typed in."""
    column = STAGE_DATES.get(review.stage) or ("notified_on" if review.stage == "rapid_review" else None)
    value: Optional[dt.date] = getattr(review, column) if column else None
    return value or today


def update_review(
    session: Session, user_id: int | None, review: Review, details: ReviewDetails, today: dt.date
) -> dict[str, list[Any]]:
    """Edit a review; returns (and audit-logs) what changed. Deadlines and copies follow."""
    values = _review_values(session, details, today, review)
    old_stage = review.stage
    changes = apply_changes(review, values)
    refresh_deadlines(review)
    if review.stage != old_stage:
        _add_stage(session, review, review.stage, _stage_date(review, today), "", user_id)
    copied = ({"reference", "subject", "agency_id", "restricted"}, "review")
    return log_changes(session, user_id, review, changes, "review.update", "review", copied=copied)


def record_stage(
    session: Session,
    user_id: int | None,
    review: Review,
    *,
    stage: str,
    entered_on: dt.date,
    note: str = "",
    decision: Optional[str] = None,
) -> dict[str, list[Any]]:
    """Move a review to a stage on a date (and a decision, at the decision stage); audit-logged.

    ValidationFailed if the date would put the review's dates out of order.
    """
    updates: dict[str, Any] = {"stage": stage}
    column = STAGE_DATES.get(stage)
    if column:
        updates[column] = entered_on
    if stage == "decision":
        updates["decision"] = decision
        if review.kind == "serious_incident" and decision == "lcspr":
            updates["kind"] = "lcspr"
        elif review.kind == "serious_incident" and decision == "alternative_review":
            updates["kind"] = "alternative_learning_review"
    # The same order rules as the full form, so the register never holds impossible dates: those about the
    # date being recorded (dates already stored out of order are the full form's to put right).
    merged = {name: getattr(review, name) for name in DATE_FIELDS} | {
        k: v for k, v in updates.items() if k in DATE_FIELDS
    }
    problems = order_problems(merged, only=column) if column else {}
    if problems:
        raise ValidationFailed({"entered_on": next(iter(problems.values()))})
    changes = apply_changes(review, updates)
    refresh_deadlines(review)
    _add_stage(session, review, stage, entered_on, note, user_id)
    record_change(session, user_id, "review.stage", "review", review.id, changes, note=note)
    session.flush()
    return changes


def create_participation_campaign(session: Session, user_id: int | None, review: Review, today: dt.date) -> Campaign:
    """Open a campaign of the review participation survey for this review and link it."""
    survey = session.scalar(select(Survey).where(Survey.slug == PARTICIPATION_SURVEY))
    if survey is None:
        raise ValidationFailed({"participation_campaign_id": "The review participation survey is not installed"})
    campaign = Campaign(
        survey_id=survey.id, name=f"Taking part in review {review.reference}", purpose="review", opens_on=today
    )
    session.add(campaign)
    session.flush()
    changes = apply_changes(review, {"participation_campaign_id": campaign.id})
    record_change(session, user_id, "review.update", "review", review.id, changes, campaign_created=campaign.id)
    session.flush()
    return campaign


# ---------------------------------------------------------------------------------------------
# Lists, dashboard and participation results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewFilters(Filters):
    kind: str = choice(REVIEW_KINDS)
    stage: str = choice(REVIEW_STAGES)
    q: str = search()
    due: str = choice({"overdue", "due_soon"})


def list_reviews(
    session: Session,
    user: User,
    filters: ReviewFilters,
    today: dt.date,
    due_soon_days: int,
    *,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[Review], int]:
    """One page of the register (newest first; by due date when filtered by due), and the total."""
    query = review_query(user, filters, today, due_soon_days)
    order = (Review.next_due_on, Review.id) if filters.due else (Review.id.desc(),)
    return page_of(session, query.options(selectinload(Review.agency)).order_by(*order), page, per_page)


def review_query(user: User, filters: ReviewFilters, today: dt.date, due_soon_days: int) -> Any:
    """The reviews the register lists with these filters (a select, unordered): the page and its export share it."""
    query = visible_matching(Review, user, filters, ("kind", "stage"), ("reference", "subject"))
    if filters.due == "overdue":
        query = query.where(Review.next_due_on < today)
    elif filters.due == "due_soon":
        query = query.where(Review.next_due_on >= today, Review.next_due_on <= today + dt.timedelta(days=due_soon_days))
    return query


@dataclass(frozen=True)
class DeadlineSummary:
    overdue: int
    due_soon: int
    items: list[Review]


def deadline_summary(
    session: Session, user: User, today: dt.date, due_soon_days: int, limit: int = 15
) -> DeadlineSummary:
    """For the dashboard: reviews whose next statutory deadline is past or within N days."""
    visible = entry_filter(Review, user)
    horizon = today + dt.timedelta(days=due_soon_days)
    overdue = session.scalar(select(func.count(Review.id)).where(visible, Review.next_due_on < today)) or 0
    soon = (
        session.scalar(
            select(func.count(Review.id)).where(visible, Review.next_due_on >= today, Review.next_due_on <= horizon)
        )
        or 0
    )
    items = list(
        session.scalars(
            select(Review)
            .where(visible, Review.next_due_on <= horizon)
            .order_by(Review.next_due_on, Review.id)
            .limit(limit)
        )
    )
    return DeadlineSummary(overdue, soon, items)


def _questions_of(campaign: Campaign) -> list[dict[str, Any]]:
    version = campaign.survey.current_version
    return [{"key": q.key, "kind": q.kind, "prompt": q.prompt, "options": q.options} for q in version.questions]


def _withheld(session: Session, campaign: Campaign, k: int) -> Optional[Count]:
    """The campaign's count of people as it must be shown when its results cannot be, else None.

    Its survey's answers are counted on other pages too: all of them on the survey list, each year's and quarter's
    on its findings page, each other campaign's on its own review. An exact count here beside those could give a
    hidden one away (a survey of 10 and one review's 8 tell that another review's "fewer than 5" is 2), so the
    counts by campaign and quarter are suppressed as one table whose rows and columns are known.
    """
    query = join_release(select(Response.campaign_id, ReleaseBatch.released_on).select_from(Response))
    rows = session.execute(
        query.join(SurveyVersion, SurveyVersion.id == Response.survey_version_id).where(
            SurveyVersion.survey_id == campaign.survey_id
        )
    )
    cells: dict[tuple[int, int, int], int] = {}
    for campaign_id, day in rows:
        key = (campaign_id or 0, day.year, (day.month - 1) // 3 + 1)  # 0: answered through no campaign
        cells[key] = cells.get(key, 0) + 1
    by: dict[tuple[Any, ...], list[tuple[int, int, int]]] = {}
    for key in cells:
        by.setdefault(("quarter", key[1], key[2]), []).append(key)
        by.setdefault(("year", key[1]), []).append(key)
        if key[0]:  # answers through no campaign are counted on no page of their own
            by.setdefault(("campaign", key[0]), []).append(key)
    groups = [list(cells), *(group for group in by.values() if len(group) > 1)]
    table = suppress_table(cells, groups, k)
    own = {key for key in cells if key[0] == campaign.id}
    exposed = any(own.intersection(groups[i]) for i in table.hidden_totals)
    if not own or not (exposed or any(table.counts[key].suppressed for key in own)):
        return None
    n = sum(cells[key] for key in own)
    return suppress(n, k) if n < k else Count(n, True, SECONDARY_LABEL)


def participation_results(
    session: Session, keyring: Keyring, campaign: Campaign, *, user_id: int | None, k: int
) -> Optional[ParticipationResults]:
    """Open the campaign's responses in memory and summarise them; None if the keys are locked.

    Only counts and averages leave this function; the read is audit-logged.
    """
    if not keyring.keys:
        return None
    withheld = _withheld(session, campaign, k)
    if withheld is not None:
        record(session, user_id, "campaign.results_read", "campaign", campaign.id, responses=withheld.value)
        return ParticipationResults(withheld, (), k)
    responses = list(
        session.scalars(
            select(Response)
            .where(Response.campaign_id == campaign.id, released())
            .options(selectinload(Response.version))
        )
    )
    answers = []
    for response in responses:
        try:
            payload = keyring.open(
                response.key_id, response.sealed, context_info(response.version.survey_id, response.version.id)
            )
        except CannotOpen:
            continue
        answers.append({key: value for key, value in dict(payload.get("answers", {})).items()})
    record(session, user_id, "campaign.results_read", "campaign", campaign.id, responses=len(answers))
    return summarise(_questions_of(campaign), answers, k)
