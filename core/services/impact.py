"""Impact: a dissemination's follow-up rounds per key area, families' satisfaction and confidence over time, and
child deaths with modifiable factors beside the actions taken. Answers are opened in memory only."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

from sqlalchemy import Integer, cast, extract, func, select
from sqlalchemy.orm import Session, selectinload

from analysis.impact import AreaImpact, area_impact, parts_safe
from analysis.impact_trends import DeathsYear, MeasureTrend, deaths_beside_actions, measure_trend
from core.models import (
    Action,
    Campaign,
    Dissemination,
    FollowUp,
    KeyArea,
    Question,
    Response,
    Survey,
    SurveyVersion,
    User,
)
from core.opening import CannotOpen, Keyring
from core.services.dissemination import PAIRING_QUESTION, area_name
from core.sealing import context_info
from core.services.audit import record
from core.services.child_deaths import modifiable_by_year
from core.services.release import release_day, released
from core.services.surveys import SCALED_KINDS
from core.services.visibility import action_filter


def _opened_rows(session: Session, keyring: Keyring, where: Any) -> list[tuple[Optional[int], dt.date, dict[str, Any]]]:
    """The released responses matching `where`, each with its round (campaign), its day and its choices (never its
    free text)."""
    # Released answers only: staff never see figures move as single answers arrive.
    query = (
        select(Response, release_day())
        .join(SurveyVersion)
        .where(where, released())
        .options(selectinload(Response.version).selectinload(SurveyVersion.questions))
    )
    opened = []
    # Each dated by its release batch, the finest date staff see: never the day it was sent.
    for response, released_on in session.execute(query):
        try:
            info = context_info(response.version.survey_id, response.version.id)
            payload = keyring.open(response.key_id, response.sealed, info)
        except CannotOpen:
            continue
        text = {q.key for q in response.version.questions if q.kind == "text"}
        answers = {key: value for key, value in dict(payload.get("answers", {})).items() if key not in text}
        opened.append((response.campaign_id, released_on, answers))
    return opened


def _opened(session: Session, keyring: Keyring, where: Any) -> list[tuple[dt.date, dict[str, Any]]]:
    """The released responses matching `where`, each with its day and its choices (never its free text)."""
    return [(day, answers) for _, day, answers in _opened_rows(session, keyring, where)]


Opened = list[tuple[Optional[int], dt.date, dict[str, Any]]]  # (campaign, release day, answers)


def _year_parts(
    opened: Mapping[int, Opened], owner: Mapping[int, int], campaign_ids: Sequence[int], k: int
) -> dict[int, Optional[list[list[dict[str, Any]]]]]:
    """For each round (by campaign) that the findings page and the survey list add up with other answers, the
    parts of those totals: its survey's released answers in each year the round's answers were released in, split
    by round (answers from no round are a part too) and by year; None where a part's people in one quarter (the
    findings page's trend) are from 1 to k-1, which the round's people would give away whatever its answers.

    Those pages show a follow-up survey's people and answers per calendar year, every round and any other answer
    of the year in one total: beside it, a round shown alone gives the others away (the year's 15 less a
    baseline's 12 is the 3 who answered after six weeks). A round alone in the one year its answers were released
    in is not here: both pages then show the same people, suppressed by the same rule (`choose_one_table`).
    """
    # (survey, year) -> campaign (None: answered without one) -> answers, and -> (campaign, quarter) -> people
    found: dict[tuple[int, int], dict[Optional[int], list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    quarters: dict[tuple[int, int], Counter[tuple[Optional[int], int]]] = defaultdict(Counter)
    for survey_id, rows in opened.items():
        for campaign_id, day, answers in rows:
            found[(survey_id, day.year)][campaign_id].append(answers)
            quarters[(survey_id, day.year)][(campaign_id, (day.month - 1) // 3)] += 1
    shared: dict[int, Optional[list[list[dict[str, Any]]]]] = {}
    for campaign_id in campaign_ids:
        years = [key for key, parts in found.items() if key[0] == owner[campaign_id] and campaign_id in parts]
        if len(years) > 1 or any(set(found[key]) != {campaign_id} for key in years):
            small_quarter = any(0 < n < k for key in years for n in quarters[key].values())
            shared[campaign_id] = None if small_quarter else [part for key in years for part in found[key].values()]
    return shared


def _withheld(shared: dict[int, Optional[list[list[dict[str, Any]]]]], campaign_id: int, area_id: int, k: int) -> bool:
    if campaign_id not in shared:
        return False
    parts = shared[campaign_id]
    return parts is None or not parts_safe(parts, area_id, k)


def dissemination_impact(
    session: Session, keyring: Keyring, dissemination: Dissemination, *, user_id: int | None, k: int
) -> Optional[list[AreaImpact]]:
    """Each key area's figures across the follow-up rounds sent so far; None while the keys are locked."""
    if not keyring.keys:
        return None
    follow_ups = [
        follow_up
        for follow_up in session.scalars(
            select(FollowUp)
            .where(FollowUp.dissemination_id == dissemination.id, FollowUp.campaign_id.is_not(None))
            .order_by(FollowUp.due_at)
        )
        if follow_up.campaign_id is not None
    ]
    campaigns = [follow_up.campaign_id for follow_up in follow_ups if follow_up.campaign_id is not None]
    owner = dict(session.execute(select(Campaign.id, Campaign.survey_id).where(Campaign.id.in_(campaigns))).all())
    # Each survey's released answers opened once: the rounds are among them, and so is the rest of their years.
    opened = {
        survey: _opened_rows(session, keyring, SurveyVersion.survey_id == survey) for survey in set(owner.values())
    }
    rounds = [
        (follow_up.label, [answers for c, _, answers in opened[owner[campaign]] if c == campaign])
        for follow_up, campaign in zip(follow_ups, campaigns)
    ]
    shared = _year_parts(opened, owner, campaigns, k)
    areas = session.scalars(
        select(KeyArea).where(KeyArea.set_id == dissemination.key_area_set_id).order_by(KeyArea.kind, KeyArea.position)
    )
    record(session, user_id, "impact.read", "dissemination", dissemination.id, rounds=len(rounds))
    # Named with their kind: a theme both to improve and to keep has two sections, which must not read the same.
    # A round the year's totals add up with other answers is shown only where no part of those totals has, for
    # this area or in a quarter, a count from 1 to k-1: then nothing worked out from them is a small number.
    return [
        area_impact(
            area.id,
            area_name(area),
            rounds,
            k,
            pair_key=PAIRING_QUESTION,
            withheld={i for i, c in enumerate(campaigns) if _withheld(shared, c, area.id, k)},
        )
        for area in areas
    ]


# Family survey questions whose answers show change over time: satisfaction, and confidence in the people working
# with the family (the family survey asks it as trust). By measure, so a survey built later with these measures
# is counted too.
FAMILY_MEASURES = {
    "satisfaction:family": "Satisfaction with the help the family got",
    "experience:trust": "Confidence in the people working with the family",
}
FAMILY_MEASURE_PREFIXES = {"confidence:": "Confidence"}


@dataclass(frozen=True)
class FamilyTrend:
    survey: Survey
    measures: list[tuple[str, MeasureTrend]]  # (what it measures, the trend)


def _family_measures(survey: Survey) -> list[tuple[str, Question]]:
    found = []
    for question in survey.current_version.questions:
        if question.kind not in SCALED_KINDS:
            continue
        label = FAMILY_MEASURES.get(question.measure) or next(
            (name for prefix, name in FAMILY_MEASURE_PREFIXES.items() if question.measure.startswith(prefix)), ""
        )
        if label:
            found.append((label, question))
    return found


def family_trends(session: Session, keyring: Keyring, *, user_id: int | None, k: int) -> Optional[list[FamilyTrend]]:
    """Each family survey's satisfaction and confidence per quarter; None while the keys are locked."""
    if not keyring.keys:
        return None
    trends = []
    for survey in session.scalars(select(Survey).where(Survey.audience == "family").order_by(Survey.id)):
        measures = _family_measures(survey)
        if not measures:
            continue
        answers = _opened(session, keyring, SurveyVersion.survey_id == survey.id)
        trends.append(
            FamilyTrend(survey, [(label, measure_trend(q.key, q.prompt, answers, k)) for label, q in measures])
        )
        record(session, user_id, "impact.read", "survey", survey.id, responses=len(answers))
    return trends


def child_deaths_over_time(session: Session, user: User, k: int) -> list[DeathsYear]:
    """Deaths with modifiable factors per year of death, beside the actions raised from child death reviews and
    completed in each year (actions are not people: shown exactly)."""
    deaths = [(r.year, r.deaths, r.reviewed, r.modifiable) for r in modifiable_by_year(session, user)]
    opened_year = cast(extract("year", Action.created_at), Integer)
    done_year = cast(extract("year", Action.completed_on), Integer)
    from_cdr = (Action.source_type == "cdr", action_filter(user))
    opened = dict(session.execute(select(opened_year, func.count()).where(*from_cdr).group_by(opened_year)).all())
    done = session.execute(
        select(done_year, func.count())
        .where(*from_cdr, Action.status == "done", Action.completed_on.is_not(None))
        .group_by(done_year)
    ).all()
    completed = {int(year): int(n) for year, n in done}
    years = {int(y) for y in opened} | completed.keys()
    actions = {year: (int(opened.get(year, 0)), completed.get(year, 0)) for year in years}
    return deaths_beside_actions(deaths, actions, k)
