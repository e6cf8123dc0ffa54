"""Ranking what people said and what reviews found into the 5–6 key areas of each kind.

Pure: takes theme mentions (from themed free text, Likert answers tied to a theme, compliments
and complaints, review and audit learning points, indicators) and returns a ranked proposal of
development areas and good-practice areas, each with the evidence behind its rank, so a board
member can see why one area came before another.

A theme ranks higher the more respondents raised it (counted once each, however often they
repeated it), the more strongly they put it, the more kinds of source and agencies it came from,
and when it is growing. Counting each respondent once keeps one long answer from outweighing
many short ones; the source mix rewards learning that reviews, audits and practitioners agree on.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

POLARITIES = ("development", "good_practice")
AREAS_PER_KIND = 6
# A register entry (a review's or an audit's learning point) carries the weight of this many
# respondents: it stands for a multi-agency finding, not one voice.
REGISTER_WEIGHT = 3.0
REGISTER_SOURCES = frozenset({"review", "audit", "child_death", "section11", "indicator", "themed_work"})


@dataclass(frozen=True, slots=True)
class Mention:
    """One piece of evidence that a theme needs development or is good practice."""

    theme: str
    polarity: str  # development / good_practice / neutral
    source: str  # survey, complaint, compliment, review, audit, child_death, section11, indicator, ...
    on: dt.date
    respondent: Optional[str] = None  # an opaque id, to count people once; None for register entries
    agency: Optional[str] = None  # the agency or agency type it came from, if known
    strength: float = 1.0  # 0..1: how strongly it was put (model score, distance from the Likert midpoint)
    ref: Optional[str] = None  # what to open as evidence (a response id, a learning point id)


@dataclass(frozen=True)
class Area:
    """A proposed key area and the evidence for its rank."""

    theme: str
    polarity: str
    score: float
    respondents: int  # distinct respondents who raised it
    share: float  # of all respondents in the period
    register_entries: int  # review, audit and other register findings
    sources: dict[str, int]  # mentions per kind of source
    agencies: int
    strength: float  # mean strength of the mentions
    recent: int  # mentions in the later half of the period
    earlier: int  # mentions in the earlier half
    refs: tuple[str, ...] = field(default_factory=tuple)

    @property
    def trend(self) -> str:
        """'growing', 'falling', 'steady' or 'new' (nothing in the earlier half)."""
        if self.earlier == 0:
            return "new" if self.recent else "steady"
        ratio = self.recent / self.earlier
        return "growing" if ratio >= 1.5 else "falling" if ratio <= 0.67 else "steady"


@dataclass(frozen=True)
class Proposal:
    """The ranked proposal for a period: up to six areas of each kind, best first."""

    start: dt.date
    end: dt.date
    respondents: int
    development: tuple[Area, ...]
    good_practice: tuple[Area, ...]


def _growth(recent: int, earlier: int) -> float:
    """A bounded factor: growing themes rise, fading ones fall, never by more than about 40%."""
    ratio = (recent + 1) / (earlier + 1)
    return min(max(ratio, 0.5), 2.0) ** 0.5


def _area(theme: str, polarity: str, mentions: Sequence[Mention], total: int, midpoint: dt.date) -> Area:
    people = {m.respondent for m in mentions if m.respondent is not None}
    register = [m for m in mentions if m.respondent is None]
    sources: dict[str, int] = defaultdict(int)
    for m in mentions:
        sources[m.source] += 1
    agencies = len({m.agency for m in mentions if m.agency})
    strength = sum(min(max(m.strength, 0.0), 1.0) for m in mentions) / len(mentions)
    recent = sum(1 for m in mentions if m.on >= midpoint)
    earlier = len(mentions) - recent
    reach = math.log1p(len(people) + REGISTER_WEIGHT * len(register))
    score = (
        reach
        * (0.5 + strength)
        * (1 + 0.25 * (len(sources) - 1))
        * (1 + 0.05 * min(agencies, 6))
        * _growth(recent, earlier)
    )
    refs = tuple(dict.fromkeys(m.ref for m in mentions if m.ref))
    return Area(
        theme=theme,
        polarity=polarity,
        score=round(score, 4),
        respondents=len(people),
        share=len(people) / total if total else 0.0,
        register_entries=len(register),
        sources=dict(sorted(sources.items())),
        agencies=agencies,
        strength=round(strength, 3),
        recent=recent,
        earlier=earlier,
        refs=refs,
    )


def propose(
    mentions: Iterable[Mention],
    start: dt.date,
    end: dt.date,
    *,
    respondents: Optional[int] = None,
    per_kind: int = AREAS_PER_KIND,
    min_mentions: int = 2,
) -> Proposal:
    """Rank the themes raised between `start` and `end` (inclusive) into development and good-practice areas.

    `respondents` is everyone who answered in the period (for each area's share); by default the
    distinct respondents among the mentions. A theme needs `min_mentions` pieces of evidence, or
    one register finding, to be proposed: a single passing comment is not a key area.
    """
    if end < start:
        raise ValueError("the period ends before it starts")
    inside = [m for m in mentions if start <= m.on <= end and m.polarity in POLARITIES]
    total = respondents if respondents is not None else len({m.respondent for m in inside if m.respondent})
    midpoint = start + (end - start) / 2
    grouped: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in inside:
        grouped[(m.polarity, m.theme)].append(m)
    ranked: dict[str, list[Area]] = {p: [] for p in POLARITIES}
    for (polarity, theme), found in grouped.items():
        if len(found) < min_mentions and not any(m.respondent is None for m in found):
            continue
        ranked[polarity].append(_area(theme, polarity, found, total, midpoint))
    for areas in ranked.values():
        areas.sort(key=lambda a: (-a.score, -a.respondents, a.theme))
    return Proposal(
        start=start,
        end=end,
        respondents=total,
        development=tuple(ranked["development"][:per_kind]),
        good_practice=tuple(ranked["good_practice"][:per_kind]),
    )


def likert_mention(
    theme: str, value: int, scale_max: int, *, source: str, on: dt.date, respondent: str, agency: Optional[str] = None
) -> Optional[Mention]:
    """A Likert answer on a question tied to a theme as a mention: disagreeing is a development need.

    The midpoint is no evidence either way; strength grows with the distance from it.
    """
    midpoint = (1 + scale_max) / 2
    if value == midpoint or not 1 <= value <= scale_max:
        return None
    polarity = "development" if value < midpoint else "good_practice"
    strength = abs(value - midpoint) / (scale_max - midpoint)
    return Mention(theme, polarity, source, on, respondent=respondent, agency=agency, strength=strength)
