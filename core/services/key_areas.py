"""Key area sets: proposed from the evidence, edited by staff, published for everyone ("You said, we did").

The proposal gathers theme mentions from themed responses and from the registers' learning points
for a period and ranks them (analysis.ranking). Staff turn it into a draft set, rename, merge,
reorder and write what the partnership will do, then publish it. Every change is audit-logged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from analysis.ranking import AREAS_PER_KIND, Area, Mention, Proposal, propose
from analysis.suppression import DEFAULT_K, SECONDARY_LABEL, suppress, suppress_table
from core.errors import NotFound, ValidationFailed
from core.models import (
    KEY_AREA_KINDS,
    KeyArea,
    KeyAreaSet,
    LearningPoint,
    Response,
    ResponseAnalysis,
    ResponseTheme,
    Survey,
    SurveyVersion,
    Theme,
)
from core.opening import CannotOpen, Keyring
from core.sealing import context_info
from core.services.audit import record
from core.services.findings import free_text_of
from core.services.published import latest_published as latest_published

MAX_REFS = 500  # evidence kept per area: enough to open quotes and merge areas, bounded in size
TITLE_MAX, TEXT_MAX = 200, 5_000


def gather_mentions(session: Session, start: dt.date, end: dt.date) -> list[Mention]:
    """Every theme mention in the period: themed responses, then learning points from the registers."""
    mentions = []
    query = (
        select(
            ResponseTheme.theme_code,
            ResponseTheme.polarity,
            ResponseTheme.score,
            Response.id,
            Response.submitted_on,
            Survey.audience,
            ResponseAnalysis.agency_type,
        )
        .join(Response, Response.id == ResponseTheme.response_id)
        .join(SurveyVersion, SurveyVersion.id == Response.survey_version_id)
        .join(Survey, Survey.id == SurveyVersion.survey_id)
        .outerjoin(ResponseAnalysis, ResponseAnalysis.response_id == Response.id)
        .where(Response.submitted_on >= start, Response.submitted_on <= end)
    )
    # A year can hold hundreds of thousands of mentions: rows are read through Core (no ORM row
    # handling) and the few distinct codes, polarities, days and sources are shared, not copied per row.
    shared: dict[Any, Any] = {}
    sources: dict[str, str] = {}
    for code, polarity, score, response_id, day, audience, agency_type in session.connection().execute(query):
        source = sources.get(audience)
        if source is None:
            source = sources[audience] = "compliments_complaints" if audience == "compliments" else f"{audience}_survey"
        mentions.append(
            Mention(
                shared.setdefault(code, code),
                shared.setdefault(polarity, polarity),
                source,
                shared.setdefault(day, day),
                respondent=response_id,
                agency=shared.setdefault(agency_type, agency_type) or None,
                strength=score,
                ref=response_id,
            )
        )
    points = session.scalars(select(LearningPoint).options(selectinload(LearningPoint.themes)))
    for point in points:
        day = point.identified_on or point.created_at.date()
        if not start <= day <= end:
            continue
        agency = str(point.source_agency_id) if point.source_agency_id else None
        mentions.extend(
            Mention(t.code, point.polarity, point.source_type, day, agency=agency, ref=f"lp:{point.id}")
            for t in point.themes
        )
    return mentions


def respondents_in(session: Session, start: dt.date, end: dt.date) -> int:
    """Everyone who answered any survey in the period (the denominator of each area's share)."""
    query = select(func.count()).select_from(Response)
    return session.scalar(query.where(Response.submitted_on >= start, Response.submitted_on <= end)) or 0


def propose_for_period(session: Session, start: dt.date, end: dt.date) -> Proposal:
    """The ranked proposal of development and good-practice areas for a period."""
    if end < start:
        raise ValidationFailed({"end": "The end of the period must be on or after its start"})
    return propose(gather_mentions(session, start, end), start, end, respondents=respondents_in(session, start, end))


def _evidence(area: Area) -> dict[str, Any]:
    return {
        "respondents": area.respondents,
        "share": round(area.share, 4),
        "register_entries": area.register_entries,
        "sources": area.sources,
        "agencies": area.agencies,
        "strength": area.strength,
        "trend": area.trend,
        "score": area.score,
        "refs": list(area.refs[:MAX_REFS]),
    }


def draft_from_proposal(session: Session, user_id: int | None, proposal: Proposal, *, title: str = "") -> KeyAreaSet:
    """A draft key area set holding the proposal's areas, titled by their themes, for staff to edit."""
    labels = {t.code: t.label for t in session.scalars(select(Theme))}
    period = f"{proposal.start:%-d %B %Y} to {proposal.end:%-d %B %Y}"
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
                    evidence=_evidence(area),
                )
            )
    session.add(key_area_set)
    session.flush()
    record(session, user_id, "key_areas.drafted", "key_area_set", key_area_set.id, areas=len(key_area_set.areas))
    return key_area_set


def get_set(session: Session, set_id: int) -> KeyAreaSet:
    key_area_set = session.get(KeyAreaSet, set_id) if 0 < set_id < 2**31 else None
    if key_area_set is None:
        raise NotFound("There is no such key area set.")
    return key_area_set


def get_area(session: Session, area_id: int) -> KeyArea:
    area = session.get(KeyArea, area_id) if 0 < area_id < 2**31 else None
    if area is None:
        raise NotFound("There is no such key area.")
    return area


def _editable(key_area_set: KeyAreaSet) -> None:
    if key_area_set.status != "draft":
        raise ValidationFailed({}, "A published set cannot be changed: draft a new one.")


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


def move_area(session: Session, user_id: int | None, area: KeyArea, step: int) -> None:
    """Move an area up (step -1) or down (step 1) among those of its kind."""
    _editable(area.key_area_set)
    areas = area.key_area_set.of_kind(area.kind)
    index = areas.index(area)
    target = min(max(index + step, 0), len(areas) - 1)
    areas.insert(target, areas.pop(index))
    _renumber(areas)
    record(session, user_id, "key_area.moved", "key_area", area.id, position=area.position)
    session.flush()


def merge_areas(session: Session, user_id: int | None, keep: KeyArea, other: KeyArea) -> None:
    """Fold `other` into `keep`: themes and evidence together, counted once per respondent."""
    _editable(keep.key_area_set)
    if other.set_id != keep.set_id or other.kind != keep.kind or other.id == keep.id:
        raise ValidationFailed({"other": "Choose another area of the same kind in this set"})
    mine, theirs = dict(keep.evidence or {}), dict(other.evidence or {})
    refs = list(dict.fromkeys([*mine.get("refs", []), *theirs.get("refs", [])]))
    people = {r for r in refs if not str(r).startswith("lp:")}
    complete = len(mine.get("refs", [])) < MAX_REFS and len(theirs.get("refs", [])) < MAX_REFS
    respondents = len(people) if complete else max(mine.get("respondents", 0), theirs.get("respondents", 0))
    sources = dict(mine.get("sources", {}))
    for name, n in theirs.get("sources", {}).items():
        sources[name] = sources.get(name, 0) + n
    total = keep.key_area_set.respondents
    mine.update(
        respondents=respondents,
        # Recomputed: the kept area's own share would tell its respondents even when they are suppressed.
        share=round(respondents / total, 4) if total else 0.0,
        register_entries=mine.get("register_entries", 0) + theirs.get("register_entries", 0),
        sources=sources,
        refs=refs[:MAX_REFS],
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


def publish_set(session: Session, user_id: int | None, key_area_set: KeyAreaSet, today: dt.date) -> None:
    """Publish a draft: it then shows on the public site and to receipt holders, and is fixed."""
    _editable(key_area_set)
    problems = {}
    for kind, label in KEY_AREA_KINDS.items():
        n = len(key_area_set.of_kind(kind))
        if n == 0:
            problems[kind] = f"Add at least one {label.lower()}"
        elif n > AREAS_PER_KIND:
            problems[kind] = f"Publish at most {AREAS_PER_KIND} of each kind: merge or remove {n - AREAS_PER_KIND}"
    missing = [a for a in key_area_set.areas if not a.action.strip()]
    if missing:
        problems["action"] = f"Write what we will do for “{missing[0].title}” before publishing"
    if problems:
        raise ValidationFailed(problems, "The key area set cannot be published yet.")
    key_area_set.status = "published"
    key_area_set.published_on = today
    key_area_set.published_by_id = user_id
    record(session, user_id, "key_areas.published", "key_area_set", key_area_set.id, areas=len(key_area_set.areas))
    session.flush()


def withdraw_set(session: Session, user_id: int | None, key_area_set: KeyAreaSet) -> None:
    if key_area_set.status != "published":
        raise ValidationFailed({}, "Only a published set can be withdrawn.")
    key_area_set.status = "withdrawn"
    record(session, user_id, "key_areas.withdrawn", "key_area_set", key_area_set.id)
    session.flush()


def all_sets(session: Session) -> list[KeyAreaSet]:
    return list(session.scalars(select(KeyAreaSet).order_by(KeyAreaSet.period_end.desc(), KeyAreaSet.id.desc())))


def shown_evidence(area: KeyArea, k: int = DEFAULT_K) -> dict[str, Any]:
    """An area's evidence as staff and board members see it: every count of people suppressed under k."""
    evidence = dict(area.evidence or {})
    sources = {name: int(n) for name, n in evidence.get("sources", {}).items()}
    # The surveys' counts add up to the respondents shown, so one hidden survey count is the total less the rest.
    from_people = [name for name in sources if name.endswith("_survey") or name == "compliments_complaints"]
    respondents = suppress(int(evidence.get("respondents", 0)), k)
    table = suppress_table(sources, [] if respondents.suppressed else [from_people], k)
    return {
        "respondents": SECONDARY_LABEL if table.hidden_totals else respondents.label,
        "share": None if respondents.suppressed or table.hidden_totals else evidence.get("share"),
        "register_entries": int(evidence.get("register_entries", 0)),
        "sources": {name: count.label for name, count in table.counts.items()},
        "agencies": int(evidence.get("agencies", 0)),
        "trend": evidence.get("trend", ""),
    }


def quotes_for_area(
    session: Session, keyring: Keyring, area: KeyArea, *, user_id: int | None, limit: int = 5
) -> list[tuple[str, str]]:
    """Representative stripped quotes behind an area, opened on demand; each read is audit-logged.

    Each comes with its month only: a day would let staff match a quote to when someone was seen answering.
    """
    ids = [r for r in (area.evidence or {}).get("refs", []) if not str(r).startswith("lp:")]
    if not ids:
        return []
    themed = session.execute(
        select(ResponseTheme.response_id)
        .where(ResponseTheme.response_id.in_(ids[:MAX_REFS]), ResponseTheme.theme_code.in_(area.theme_codes))
        .order_by(ResponseTheme.score.desc(), ResponseTheme.response_id)
        .limit(limit)
    )
    quotes = []
    for (response_id,) in themed:
        response = session.get(Response, response_id)
        if response is None:
            continue
        version = response.version
        try:
            payload = keyring.open(response.key_id, response.sealed, context_info(version.survey_id, version.id))
        except CannotOpen:
            continue
        text = free_text_of(version, dict(payload.get("answers", {})))
        if text:
            quotes.append((f"{response.submitted_on:%B %Y}", text))
            record(session, user_id, "response.quote_read", "response", response.id, key_area=area.id)
    return quotes
