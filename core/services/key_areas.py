"""Key area sets: proposed from the evidence, edited by staff, published for everyone ("You said, we did").

The proposal gathers theme mentions from themed responses and from the registers' learning points
for a period and ranks them (analysis.ranking). Staff turn it into a draft set, rename, merge,
reorder and write what the partnership will do, then publish it. Every change is audit-logged.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from analysis.charts import target_status
from analysis.ranking import AREAS_PER_KIND, Area, Mention, Proposal, propose
from analysis.ranking import POLARITIES as RANKED_POLARITIES
from analysis.suppression import DEFAULT_K, SECONDARY_LABEL, Count, suppress
from core.errors import ValidationFailed
from core.models import (
    AGENCY_KINDS,
    KEY_AREA_KINDS,
    Agency,
    KeyArea,
    KeyAreaSet,
    LearningPoint,
    Response,
    Indicator,
    IndicatorValue,
    Question,
    ReleaseBatch,
    ResponseAnalysis,
    ResponseRating,
    ResponseTheme,
    Survey,
    SurveyVersion,
    Theme,
)
from core.opening import CannotOpen, Keyring
from core.sealing import context_info
from core.services.audit import record
from core.presentation import same_words
from core.services.dissemination import stop_follow_ups
from core.services.findings import ModelClassifier, free_text_of, reporting_year, sum_as_shown, theme_row
from core.services.indicators import CHART_DIRECTION
from core.services.listing import get_or_not_found
from core.services.release import join_release, release_dates, released_between
from core.services.published import latest_published as latest_published
from core.services.themes import theme_labels

# The framework asks for five or six areas of each kind; publishing takes one to AREAS_PER_KIND, and says when
# fewer than this, since a partnership with little evidence may honestly have fewer.
FRAMEWORK_AREAS = 5
MAX_REFS = 500  # evidence kept per area: enough to open quotes and merge areas, bounded in size
TITLE_MAX, TEXT_MAX = 200, 5_000


def source_of(audience: str) -> str:
    """The kind of evidence source a survey's answers count as."""
    return "compliments_complaints" if audience == "compliments" else f"{audience}_survey"


def _from_people(source: str) -> bool:
    return source.endswith("_survey") or source == "compliments_complaints"


# One vocabulary for "how many agencies": what respondents chose on the seeded surveys' "Which kind of organisation
# do you work for?" and the kind of agency a register entry came from. A respondent's "Police" and a review led by
# the police are one agency, not two; the kinds a survey offers together count as one.
_KIND_OF_OPTION = {
    "local authority children's services": "local_authority",
    "police": "police",
    "health (nhs trust, gp practice or icb)": "health",
    "school, college or early years setting": "education",
    "probation or youth justice": "probation",
    "voluntary or community organisation": "voluntary",
}
_SAME_COUNT = {"youth_justice": "probation"}


def agency_kind(label: str | None) -> str | None:
    """What a respondent's organisation, as they chose it, counts as among an area's agencies: its agency kind when
    it names one, else the label itself; None when it says nothing of which ("Other", unanswered)."""
    words = same_words(label or "")
    if not words or words == "other":
        return None
    kind = _KIND_OF_OPTION.get(words) or next(
        (key for key, name in AGENCY_KINDS.items() if words in (same_words(name), key.replace("_", " "))), None
    )
    return _SAME_COUNT.get(kind, kind) if kind else words


def _register_agencies(session: Session) -> dict[int, str]:
    """Each register agency as it counts among an area's agencies: its kind, or its own name if of no listed kind."""
    return {
        agency_id: _SAME_COUNT.get(kind, kind) if kind != "other" else same_words(name)
        for agency_id, kind, name in session.execute(select(Agency.id, Agency.kind, Agency.name))
    }


def gather_mentions(session: Session, start: dt.date, end: dt.date) -> list[Mention]:
    """Every theme mention in the period: free text and rated answers, the registers' learning, indicators.

    Themes staff have taken out of use are left out: they stay on what was coded with them, but a proposal
    made after they were retired should not lead with one.
    """
    retired = set(session.scalars(select(Theme.code).where(Theme.active.is_(False))))
    agencies = _register_agencies(session)
    mentions = (
        *_answer_mentions(session, start, end),
        *_learning_point_mentions(session, start, end, agencies),
        *_indicator_mentions(session, start, end, agencies),
    )
    return [m for m in mentions if m.theme not in retired] if retired else list(mentions)


def _answer_mentions(session: Session, start: dt.date, end: dt.date) -> Iterator[Mention]:
    """Themes found in what people wrote, and rated answers on questions tied to a theme, as development needs or
    good practice (neutral mentions rank nothing); each person once per theme.

    A year can hold hundreds of thousands of mentions: rows are read through Core (no ORM row handling) and
    the few distinct codes, polarities, days, sources and agencies are shared, not copied per row.
    """
    shared: dict[Any, Any] = {}
    sources: dict[str, str] = {}
    agencies: dict[str | None, str | None] = {}
    for model, strength in ((ResponseTheme, ResponseTheme.score), (ResponseRating, ResponseRating.strength)):
        # Dated by the release batch, the finest date staff see, never the day it was sent.
        who = (Response.id, ReleaseBatch.released_on, Survey.audience, ResponseAnalysis.agency_type)
        query = (
            join_release(
                select(model.theme_code, model.polarity, strength, *who).join(
                    Response, Response.id == model.response_id
                )
            )
            .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
            .join(Survey, Survey.id == SurveyVersion.survey_id)
            .outerjoin(ResponseAnalysis, ResponseAnalysis.response_id == Response.id)
            .where(ReleaseBatch.released_on >= start, ReleaseBatch.released_on <= end)
            # A neutral mention is evidence of neither kind of area: not read (a third of the rows themed).
            .where(model.polarity.in_(RANKED_POLARITIES))
        )
        for code, polarity, score, response_id, day, audience, agency_type in session.connection().execute(query):
            agency = (
                agencies[agency_type]
                if agency_type in agencies
                else agencies.setdefault(agency_type, agency_kind(agency_type))
            )
            yield Mention(
                shared.setdefault(code, code),
                shared.setdefault(polarity, polarity),
                sources.get(audience) or sources.setdefault(audience, source_of(audience)),
                shared.setdefault(day, day),
                respondent=response_id,
                agency=agency,
                strength=score,
                ref=response_id,
            )


def _learning_point_mentions(
    session: Session, start: dt.date, end: dt.date, agencies: dict[int, str]
) -> Iterator[Mention]:
    # A point staff raised from a survey's findings restates what that survey's people said, and they are counted
    # already, each once: counted again it would weigh as a review or audit finding, three times a person.
    points = session.scalars(
        select(LearningPoint).where(LearningPoint.source_type != "survey").options(selectinload(LearningPoint.themes))
    )
    for point in points:
        day = point.identified_on or point.created_at.date()
        if not start <= day <= end:
            continue
        agency = agencies.get(point.source_agency_id) if point.source_agency_id else None
        for t in point.themes:
            yield Mention(t.code, point.polarity, point.source_type, day, agency=agency, ref=f"lp:{point.id}")


def _indicator_mentions(session: Session, start: dt.date, end: dt.date, agencies: dict[int, str]) -> Iterator[Mention]:
    """An indicator tied to themes, by its latest value in the period: missing its target is a development need."""
    indicators = session.scalars(
        select(Indicator)
        .where(Indicator.active.is_(True), Indicator.target.is_not(None))
        .options(selectinload(Indicator.themes))
    )
    for indicator in indicators:
        latest = session.scalar(
            select(IndicatorValue)
            .where(
                IndicatorValue.indicator_id == indicator.id,
                IndicatorValue.period_start >= start,
                IndicatorValue.period_start <= end,
            )
            .order_by(IndicatorValue.period_start.desc())
            .limit(1)
        )
        if latest is None or not indicator.themes:
            continue
        status = target_status(latest.value, indicator.target, CHART_DIRECTION.get(indicator.direction))
        if not status:
            continue
        polarity = "good_practice" if status == "meets target" else "development"
        agency = agencies.get(indicator.agency_id) if indicator.agency_id else None
        for t in indicator.themes:
            yield Mention(t.code, polarity, "indicator", latest.period_start, agency=agency, ref=f"ind:{indicator.id}")


def respondents_in(session: Session, start: dt.date, end: dt.date) -> int:
    """Everyone who answered any survey in the period (the denominator of each area's share)."""
    return session.scalar(select(func.count()).select_from(Response).where(released_between(start, end))) or 0


def propose_for_year(session: Session, year: int) -> Proposal:
    """The ranked proposal of development and good-practice areas for one calendar year.

    Whole years only, as for survey findings: two overlapping periods could be subtracted to count
    the few people who answered in the days one of them adds.
    """
    if not 1990 <= year <= 2100:
        raise ValidationFailed({"year": "Choose a year from the list"})
    start, end = reporting_year(year)
    return propose(gather_mentions(session, start, end), start, end, respondents=respondents_in(session, start, end))


def survey_tallies(session: Session, start: dt.date, end: dt.date) -> dict[str, dict[str, Any]]:
    """Each survey answered in the period: its kind of source, respondents and theme mentions by polarity.

    These are the numbers the survey's findings page for the year is built from, kept with each area
    so that its evidence can be shown as those pages show it (core.services.findings.theme_row).
    """
    in_period = (released_between(start, end),)
    surveys: dict[str, dict[str, Any]] = {}
    for survey_id, audience, n in session.execute(
        select(Survey.id, Survey.audience, func.count())
        .join(SurveyVersion, SurveyVersion.survey_id == Survey.id)
        .join(Response, Response.survey_version_id == SurveyVersion.id)
        .where(*in_period)
        .group_by(Survey.id, Survey.audience)
    ):
        surveys[str(survey_id)] = {"source": source_of(audience), "respondents": int(n), "themes": {}}
    for survey_id, code, polarity, n in session.execute(
        select(SurveyVersion.survey_id, ResponseTheme.theme_code, ResponseTheme.polarity, func.count())
        .join(Response, Response.id == ResponseTheme.response_id)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
        .where(*in_period)
        .group_by(SurveyVersion.survey_id, ResponseTheme.theme_code, ResponseTheme.polarity)
    ):
        surveys[str(survey_id)]["themes"].setdefault(code, {})[polarity] = int(n)
    return surveys


def rated_questions(session: Session, codes: list[str]) -> list[str]:
    """The rated questions that speak to these themes, whose answers the proposal weighed (see their findings)."""
    query = select(Question.prompt).where(Question.theme.in_(codes)).distinct().order_by(Question.prompt)
    return list(session.scalars(query))


def rated_sources(session: Session, code: str, polarity: str, start: dt.date, end: dt.date) -> list[str]:
    """The kinds of survey whose rated answers counted towards a theme this way in the period. Where, not how many:
    the counts are on each survey's findings page, suppressed there, and are not repeated here."""
    query = join_release(
        select(Survey.audience)
        .select_from(ResponseRating)
        .join(Response, Response.id == ResponseRating.response_id)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
        .join(Survey, Survey.id == SurveyVersion.survey_id)
    ).where(
        ResponseRating.theme_code == code,
        ResponseRating.polarity == polarity,
        ReleaseBatch.released_on >= start,
        ReleaseBatch.released_on <= end,
    )
    return sorted({source_of(audience) for audience in session.scalars(query.distinct())})


def _evidence(
    area: Area, surveys: dict[str, dict[str, Any]], rated: list[str], rated_from: list[str]
) -> dict[str, Any]:
    """What an area's evidence keeps: the ranking's figures and, by survey, the counts its findings page shows."""
    return {
        "register_entries": area.register_entries,
        "register_sources": {name: n for name, n in area.sources.items() if not _from_people(name)},
        "rated_questions": rated,
        "rated_sources": rated_from,
        "agencies": area.agencies,
        "strength": area.strength,
        "trend": area.trend,
        "score": area.score,
        "surveys": {
            sid: {**tally, "themes": {area.theme: tally["themes"].get(area.theme, {})}}
            for sid, tally in surveys.items()
        },
        "refs": list(area.refs[:MAX_REFS]),
    }


def draft_from_proposal(session: Session, user_id: int | None, proposal: Proposal, *, title: str = "") -> KeyAreaSet:
    """A draft key area set holding the proposal's areas, titled by their themes, for staff to edit."""
    labels = theme_labels(session)
    surveys = survey_tallies(session, proposal.start, proposal.end)
    period = (
        str(proposal.start.year)
        if proposal.start.year == proposal.end.year
        else f"{proposal.start:%Y} to {proposal.end:%Y}"
    )
    key_area_set = KeyAreaSet(
        title=(title.strip() or f"Key areas, {period}")[:TITLE_MAX],
        period_start=proposal.start,
        period_end=proposal.end,
        respondents=proposal.respondents,
        created_by_id=user_id,
    )
    for kind, areas in (("development", proposal.development), ("good_practice", proposal.good_practice)):
        for position, area in enumerate(areas, start=1):
            key_area_set.areas.append(
                KeyArea(
                    kind=kind,
                    position=position,
                    theme_codes=[area.theme],
                    title=labels.get(area.theme, area.theme)[:TITLE_MAX],
                    evidence=_evidence(
                        area,
                        surveys,
                        rated_questions(session, [area.theme]),
                        rated_sources(session, area.theme, area.polarity, proposal.start, proposal.end),
                    ),
                )
            )
    session.add(key_area_set)
    session.flush()
    record(session, user_id, "key_areas.drafted", "key_area_set", key_area_set.id, areas=len(key_area_set.areas))
    return key_area_set


def get_set(session: Session, set_id: int) -> KeyAreaSet:
    return get_or_not_found(session, KeyAreaSet, set_id, "key area set")


def get_area(session: Session, area_id: int) -> KeyArea:
    return get_or_not_found(session, KeyArea, area_id, "key area")


# Why a set that is no longer a draft cannot be changed, by its status.
FIXED = {
    "published": "A published set cannot be changed: propose a new set to change it.",
    "withdrawn": "A withdrawn set cannot be changed or published again: propose a new set instead.",
}


def editable(key_area_set: KeyAreaSet) -> str:
    """Why the set cannot be changed, or "" when it can (a draft)."""
    if key_area_set.status == "draft":
        return ""
    return FIXED.get(key_area_set.status, "Only a draft set can be changed: propose a new set instead.")


def _editable(key_area_set: KeyAreaSet) -> None:
    if why := editable(key_area_set):
        raise ValidationFailed({}, why)


@dataclass(frozen=True)
class AreaText:
    title: str
    summary: str = ""
    action: str = ""


def update_area(session: Session, user_id: int | None, area: KeyArea, text: AreaText) -> None:
    """Rename an area and write its summary and what the partnership will do."""
    _editable(area.key_area_set)
    errors = {}
    if not text.title.strip():
        errors["title"] = "Enter a title for the area"
    elif len(text.title.strip()) > TITLE_MAX:
        errors["title"] = f"The title must be {TITLE_MAX} characters or fewer"
    for name, value in (("summary", text.summary), ("action", text.action)):
        if len(value) > TEXT_MAX:
            errors[name] = f"This must be {TEXT_MAX:,} characters or fewer"
    if errors:
        raise ValidationFailed(errors)
    area.title, area.summary, area.action = text.title.strip(), text.summary.strip(), text.action.strip()
    record(session, user_id, "key_area.updated", "key_area", area.id, title=area.title)
    session.flush()


def _renumber(areas: list[KeyArea]) -> None:
    for position, area in enumerate(areas, start=1):
        area.position = position


MOVES = {"up": -1, "down": 1}


def move_area(session: Session, user_id: int | None, area: KeyArea, direction: str) -> None:
    """Move an area one place up or down among those of its kind; one already first or last stays."""
    if direction not in MOVES:
        raise ValidationFailed({"direction": "Choose to move the area up or down"})
    _editable(area.key_area_set)
    areas = area.key_area_set.of_kind(area.kind)
    index = areas.index(area)
    target = index + MOVES[direction]
    if not 0 <= target < len(areas):
        end = "first" if direction == "up" else "last"
        raise ValidationFailed({}, f"“{area.title}” is already {end}: nothing was moved.")
    areas.insert(target, areas.pop(index))
    _renumber(areas)
    record(session, user_id, "key_area.moved", "key_area", area.id, position=area.position)
    session.flush()


def merge_areas(session: Session, user_id: int | None, keep: KeyArea, other: KeyArea) -> None:
    """Fold `other` into `keep`: themes and evidence together."""
    _editable(keep.key_area_set)
    if other.set_id != keep.set_id or other.kind != keep.kind or other.id == keep.id:
        raise ValidationFailed({"other": "Choose another area of the same kind in this set"})
    mine, theirs = dict(keep.evidence or {}), dict(other.evidence or {})
    surveys = {sid: {**tally, "themes": dict(tally["themes"])} for sid, tally in mine.get("surveys", {}).items()}
    for sid, tally in theirs.get("surveys", {}).items():
        surveys.setdefault(sid, {**tally, "themes": {}})["themes"].update(tally["themes"])
    mine.update(
        register_entries=mine.get("register_entries", 0) + theirs.get("register_entries", 0),
        register_sources=dict(Counter(mine.get("register_sources", {})) + Counter(theirs.get("register_sources", {}))),
        surveys=surveys,
        rated_questions=sorted({*mine.get("rated_questions", []), *theirs.get("rated_questions", [])}),
        rated_sources=sorted({*mine.get("rated_sources", []), *theirs.get("rated_sources", [])}),
        refs=list(dict.fromkeys([*mine.get("refs", []), *theirs.get("refs", [])]))[:MAX_REFS],
    )
    keep.evidence = mine
    keep.theme_codes = list(dict.fromkeys([*keep.theme_codes, *other.theme_codes]))
    keep.key_area_set.areas.remove(other)
    session.delete(other)
    _renumber(keep.key_area_set.of_kind(keep.kind))
    record(session, user_id, "key_area.merged", "key_area", keep.id, merged=other.id, themes=keep.theme_codes)
    session.flush()


def remove_area(session: Session, user_id: int | None, area: KeyArea) -> None:
    _editable(area.key_area_set)
    key_area_set = area.key_area_set
    key_area_set.areas.remove(area)
    session.delete(area)
    _renumber(key_area_set.of_kind(area.kind))
    record(session, user_id, "key_area.removed", "key_area", area.id, title=area.title)
    session.flush()


def in_both_lists(key_area_set: KeyAreaSet) -> list[str]:
    """The titles of development areas whose theme is also in a good-practice area: raised both ways, so a reader
    is told why one theme is in both lists rather than left to take it for a mistake."""
    good = {code for area in key_area_set.of_kind("good_practice") for code in area.theme_codes}
    return [area.title for area in key_area_set.of_kind("development") if good & set(area.theme_codes)]


def short_of_framework(key_area_set: KeyAreaSet) -> list[str]:
    """For each kind with fewer areas than the framework asks for, a note saying so (publishing is still allowed)."""
    notes = []
    for kind, label in KEY_AREA_KINDS.items():
        n = len(key_area_set.of_kind(kind))
        if 0 < n < FRAMEWORK_AREAS:
            noun = label.lower() if n == 1 else label.lower().replace("area", "areas", 1)
            notes.append(
                f"This set has {n} {noun}: the framework asks for five or six of each kind where the evidence allows."
            )
    return notes


def publish_set(session: Session, user_id: int | None, key_area_set: KeyAreaSet, today: dt.date) -> list[str]:
    """Publish a draft: it then shows on the public site and to receipt holders, and is fixed.

    Returns notes on what falls short of the framework without blocking it (fewer than five of a kind).
    """
    if key_area_set.status == "published":
        raise ValidationFailed({}, "This set is already published.")
    _editable(key_area_set)
    problems = {}
    for kind, label in KEY_AREA_KINDS.items():
        n = len(key_area_set.of_kind(kind))
        if n == 0:
            problems[kind] = f"Add at least one {label.lower()}"
        elif n > AREAS_PER_KIND:
            problems[kind] = f"Publish at most {AREAS_PER_KIND} of each kind: merge or remove {n - AREAS_PER_KIND}"
    # Every area still without it, in the order the set shows them: naming only the first had staff publish, read
    # of the next, and publish again, once per area (twelve times for a fresh proposal).
    for kind in KEY_AREA_KINDS:
        for area in key_area_set.of_kind(kind):
            if not area.action.strip():  # the same title can be in both lists: which one is said
                problems[f"action-{area.id}"] = (
                    f"Write what we will do for “{area.title}” before publishing"
                    if kind == "development"
                    else f"Write what we will keep doing for “{area.title}” (good practice) before publishing"
                )
    if problems:
        raise ValidationFailed(problems, "The key area set cannot be published yet.")
    # One published set a period: the one it replaces is withdrawn (its public page says so, its follow-ups stop),
    # so the public site never shows two sets of key areas for the same year.
    replaced = session.scalars(
        select(KeyAreaSet).where(
            KeyAreaSet.status == "published",
            KeyAreaSet.id != key_area_set.id,
            KeyAreaSet.period_start <= key_area_set.period_end,
            KeyAreaSet.period_end >= key_area_set.period_start,
        )
    ).all()
    key_area_set.status = "published"
    key_area_set.published_on = today
    key_area_set.published_by_id = user_id
    record(session, user_id, "key_areas.published", "key_area_set", key_area_set.id, areas=len(key_area_set.areas))
    notes = []
    for earlier in replaced:
        withdraw_set(session, user_id, earlier, replaced_by=key_area_set.id)
        notes.append(f"“{earlier.title}”, published for the same period, was withdrawn: this set replaces it.")
    session.flush()
    return notes + short_of_framework(key_area_set)


def withdraw_set(
    session: Session, user_id: int | None, key_area_set: KeyAreaSet, *, replaced_by: int | None = None
) -> None:
    """Take a published set off the public site and stop its follow-ups (`replaced_by`: the set published over it)."""
    if key_area_set.status != "published":
        raise ValidationFailed({}, "Only a published set can be withdrawn.")
    key_area_set.status = "withdrawn"
    follow_ups, surveys = stop_follow_ups(session, key_area_set.id)
    record(
        session,
        user_id,
        "key_areas.withdrawn",
        "key_area_set",
        key_area_set.id,
        follow_ups_cancelled=follow_ups,
        follow_up_surveys_closed=surveys,
        **({"replaced_by": replaced_by} if replaced_by else {}),
    )
    session.flush()


def all_sets(session: Session) -> list[KeyAreaSet]:
    return list(session.scalars(select(KeyAreaSet).order_by(KeyAreaSet.period_end.desc(), KeyAreaSet.id.desc())))


RATED = "answers to a rated question"


def _from_findings_pages(
    surveys: dict[str, dict[str, Any]], code: str, polarity: str, k: int
) -> list[tuple[str, Count]]:
    """By survey, its source and the people who raised the theme this way, as its findings page for the year shows it."""
    counts = []
    for tally in surveys.values():
        mentions = tally["themes"].get(code, {})
        if tally["respondents"] < k:  # the page shows no themes at all, and fewer than k people answered
            counts.append((tally["source"], Count(mentions.get(polarity, 0), True, f"fewer than {k}")))
        else:
            cells, _ = theme_row(Counter(mentions), k)
            counts.append((tally["source"], cells[polarity]))
    return counts


def _at_least(counts: list[Count]) -> Count:
    """People behind several themes: one person may raise both, so only the largest theme's count is known."""
    if len(counts) == 1:
        return counts[0]
    if not any(c.suppressed or c.value for c in counts):
        return Count(0, False, "0")  # nobody, by every theme's own count: no hidden figure to stand for
    most = max((c.value for c in counts if not c.suppressed), default=0)
    return Count(most, True, f"at least {most:,}" if most else SECONDARY_LABEL)


def _polarity(area: KeyArea) -> str:
    """The polarity of the mentions an area stands for: development needs, or good practice."""
    return "good_practice" if area.kind == "good_practice" else "development"


def respondents_shown(area: KeyArea, k: int = DEFAULT_K) -> Count:
    """The people who raised an area in their own words, as its evidence shows them (see shown_evidence)."""
    surveys = (area.evidence or {}).get("surveys", {})
    per_theme = [_from_findings_pages(surveys, code, _polarity(area), k) for code in area.theme_codes]
    return _at_least([sum_as_shown(c for _, c in counts) for counts in per_theme])


def shown_evidence(area: KeyArea, k: int = DEFAULT_K) -> dict[str, Any]:
    """An area's evidence as staff and board members see it: no more than the surveys' findings pages tell.

    Each count of people is added up from what the year's findings page of each survey shows (hidden
    parts are not added in: findings.sum_as_shown), so setting an area beside those pages cannot give
    away a count they hide. Figures that only describe the people (trend, agencies) go with the count.
    """
    evidence = dict(area.evidence or {})
    surveys = evidence.get("surveys", {})
    per_theme = [_from_findings_pages(surveys, code, _polarity(area), k) for code in area.theme_codes]
    respondents = respondents_shown(area, k)
    sources = sorted({source for counts in per_theme for source, _ in counts})
    by_source = {
        name: _at_least([sum_as_shown(c for s, c in counts if s == name) for counts in per_theme]) for name in sources
    }
    answered = sum_as_shown(suppress(int(t["respondents"]), k) for t in surveys.values())
    exact = not respondents.suppressed and respondents.value > 0
    # A survey whose page is hidden is listed even with no mention: leaving it out would tell its count.
    people = {name: count.label for name, count in by_source.items() if count.value or count.suppressed}
    for name in evidence.get("rated_sources", []):  # the surveys asking a rated question on it: where, not how many
        people[name] = f"{people[name]}, and {RATED}" if name in people else RATED
    return {
        "respondents": respondents.label,
        # Whether any answer can be quoted (quotes_for_area's rule): no link to a page that can only say no.
        "quotable": _known_at_least(respondents) > 0,
        "share": respondents.value / answered.value if exact and not answered.suppressed else None,
        "register_entries": int(evidence.get("register_entries", 0)),
        "sources": {**people, **{name: str(n) for name, n in evidence.get("register_sources", {}).items()}},
        "rated_questions": list(evidence.get("rated_questions", [])),
        "agencies": int(evidence.get("agencies", 0)) if exact else SECONDARY_LABEL,
        "trend": evidence.get("trend", "") if exact else SECONDARY_LABEL,
    }


def _known_at_least(count: Count) -> int:
    """The fewest people a reader is told there are: the count when shown, the figure of "at least n", else 0.

    A hidden count keeps its true value in `value` ("fewer than k", "not shown"), which must never be used.
    """
    if not count.suppressed:
        return count.value
    return count.value if count.label.startswith("at least") else 0


TOO_FEW = (
    "No answers are shown: too few people raised this area in their own words (fewer than {k}, or a number "
    "that is not shown) to show what they wrote without risking that someone could be identified."
)
NOBODY = "No answers are shown: nobody raised this area in their own words (it comes from other evidence)."
UNOPENED = "No answer behind this area can be shown: the answers could not be opened, or hold no words to show."


class Quote(NamedTuple):
    """One answer quoted for an area: the month its batch was released, its stripped text, the part of it
    that speaks to the area ("" when that is the whole answer, or no model could say), and the response's id, so
    staff who read a quote that is not about the area can correct its themes."""

    month: str
    text: str
    passage: str = ""
    response_id: str = ""


@dataclass(frozen=True)
class AreaQuotes:
    """The quotes shown for an area, or why none are (`withheld`)."""

    quotes: list[Quote]
    withheld: str = ""


SENTENCE_ENDS = ".!?"


def passage_for(text: str, passages: Iterable[str]) -> str:
    """The parts of an answer that speak to an area, in the order written, each marked "…" where it was cut from
    the sentence or text around it; "" when they are the whole answer (nothing to pick out)."""
    spans = sorted({(text.find(p), text.find(p) + len(p)) for p in passages if p and p in text})
    left = text
    for start, end in reversed(spans):
        left = left[:start] + left[end:]
    if not left.strip():  # the parts are the whole answer
        return ""
    parts = []
    for start, end in spans:
        cut_before = text[:start].strip() != "" and text[:start].rstrip()[-1] not in SENTENCE_ENDS + "\n"
        cut_after = text[end:].strip() != "" and text[:end].rstrip()[-1] not in SENTENCE_ENDS
        parts.append(("… " if cut_before else "") + text[start:end] + (" …" if cut_after else ""))
    return "\n".join(parts)


def quotes_for_area(
    session: Session,
    keyring: Keyring,
    area: KeyArea,
    *,
    user_id: int | None,
    k: int = DEFAULT_K,
    limit: int = 5,
    classifier: ModelClassifier | None = None,
) -> AreaQuotes:
    """Representative stripped quotes behind an area, opened on demand; each read is audit-logged.

    Only answers coded with the area's theme (any of them, after a merge) and its polarity, as staff
    last coded them. None when the count of people is hidden or zero: how many quotes there are would
    tell it. Never more quotes than the people the evidence shows, for the same reason. Each comes with
    its month only: a day would let staff match a quote to when someone was seen answering. With a classifier,
    each also picks out the part of the answer the area's theme is read in.
    """
    respondents = respondents_shown(area, k)
    known = _known_at_least(respondents)
    if respondents.suppressed and not known:
        return AreaQuotes([], TOO_FEW.format(k=k))
    if not known:
        return AreaQuotes([], NOBODY)
    ids = [str(r) for r in (area.evidence or {}).get("refs", []) if ":" not in str(r)][:MAX_REFS]  # not registers
    # The area's codings, as staff last coded them: of its themes (any, after a merge), with its polarity.
    of_area = (ResponseTheme.theme_code.in_(area.theme_codes), ResponseTheme.polarity == _polarity(area))
    matching = (
        select(ResponseTheme.response_id, func.max(ResponseTheme.score).label("score"))
        .where(ResponseTheme.response_id.in_(ids), *of_area)
        .group_by(ResponseTheme.response_id)
    )
    # Codings changed since the set was drafted could leave fewer than the count shown: as few as that are hidden.
    if (session.scalar(select(func.count()).select_from(matching.subquery())) or 0) < k:
        return AreaQuotes([], TOO_FEW.format(k=k))
    wanted = min(limit, known)
    # A few more than wanted: answers word for word the same, or whose parts picked out are, are quoted once
    # (repeating one would say nothing more, and would show that two people wrote the same).
    ranked = session.execute(
        matching.order_by(func.max(ResponseTheme.score).desc(), ResponseTheme.response_id).limit(wanted * 4)
    )
    ranked_ids = [response_id for response_id, _ in ranked]
    released_on = release_dates(session, ranked_ids)
    coded: dict[str, list[str]] = {}
    codings = select(ResponseTheme.response_id, ResponseTheme.theme_code).where(
        ResponseTheme.response_id.in_(ranked_ids), *of_area
    )
    for response_id, code in session.execute(codings):
        coded.setdefault(response_id, []).append(code)
    quotes: list[Quote] = []
    seen: set[str] = set()
    for response_id in ranked_ids:
        if len(quotes) == wanted:
            break
        response = session.get(Response, response_id)
        if response is None:
            continue
        version = response.version
        try:
            payload = keyring.open(response.key_id, response.sealed, context_info(version.survey_id, version.id))
        except CannotOpen:
            continue
        text = free_text_of(version, dict(payload.get("answers", {})))
        if not text:
            continue
        explained = classifier.explain(text, sorted(coded.get(response.id, []))) if classifier else {}
        passage = passage_for(text, [e.passage for e in explained.values()])
        # What is shown, the part picked out as well as the whole answer, is never shown twice.
        shown = {same_words(t) for t in (text, passage) if t}
        if not shown & seen:
            seen |= shown
            quotes.append(Quote(f"{released_on[response.id]:%B %Y}", text, passage, response.id))
            record(session, user_id, "response.quote_read", "response", response.id, key_area=area.id)
    return AreaQuotes(quotes, "" if quotes else UNOPENED)
