"""Section 11 comparison: agencies x standards for a cycle, change between cycles, self vs moderated.

Pure functions over plain data. A cycle rates every standard either on a 0-3 score
(`SCORE`) or red / amber / green (`RAG`). Each agency rates itself ("self") and the challenge
panel moderates ("moderated"); where there is a moderated rating it is the one that counts,
otherwise the self-assessment is shown as provisional.

Cycles that used different scales are compared on RAG (0 = red, 1 = amber, 2 and 3 = green),
so a board that moves from RAG to scores still sees change over time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional, Sequence, Union


@dataclass(frozen=True)
class Level:
    """One point on a rating scale; `rank` orders levels (0 is the weakest)."""

    key: str
    rank: int
    label: str
    rag: str
    tag: str  # the GOV.UK tag modifier used to show it: red, yellow, green, blue

    @property
    def met(self) -> bool:
        """Whether the standard counts as met (green on RAG)."""
        return self.rag == "green"


@dataclass(frozen=True)
class Scale:
    """A rating scale: its levels from weakest to strongest."""

    key: str
    label: str
    levels: tuple[Level, ...]

    def level(self, value: Union[str, int, None]) -> Optional[Level]:
        """The level for a stored value ("2", 2, "amber", "Amber"); None when empty or unknown."""
        if value is None:
            return None
        wanted = str(value).strip().lower()
        for lvl in self.levels:
            if lvl.key == wanted:
                return lvl
        return None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(lvl.key for lvl in self.levels)


SCORE = Scale(
    "score",
    "Score 0 to 3",
    (
        Level("0", 0, "0 – not met", "red", "red"),
        Level("1", 1, "1 – partly met", "amber", "yellow"),
        Level("2", 2, "2 – met", "green", "green"),
        Level("3", 3, "3 – met with good practice to share", "green", "blue"),
    ),
)
RAG = Scale(
    "rag",
    "Red, amber, green",
    (
        Level("red", 0, "Red – not met", "red", "red"),
        Level("amber", 1, "Amber – partly met", "amber", "yellow"),
        Level("green", 2, "Green – met", "green", "green"),
    ),
)
SCALES: dict[str, Scale] = {SCORE.key: SCORE, RAG.key: RAG}
RAG_RANK = {"red": 0, "amber": 1, "green": 2}


def scale_for(key: str) -> Scale:
    """The scale called `key` ("score" or "rag")."""
    try:
        return SCALES[key]
    except KeyError:
        raise ValueError(f"unknown Section 11 scale {key!r}; use one of {sorted(SCALES)}") from None


@dataclass(frozen=True)
class Assessment:
    """One agency's ratings for one standard in one cycle (stored values, as the database has them)."""

    agency: str
    standard: str
    self_rating: Union[str, int, None] = None
    moderated_rating: Union[str, int, None] = None


@dataclass(frozen=True)
class Cell:
    """What the matrix shows for one agency and standard."""

    self_level: Optional[Level]
    moderated_level: Optional[Level]

    @property
    def level(self) -> Optional[Level]:
        """The rating that counts: moderated if there is one, else the self-assessment."""
        return self.moderated_level or self.self_level

    @property
    def provisional(self) -> bool:
        """Self-assessed but not yet moderated."""
        return self.moderated_level is None and self.self_level is not None

    @property
    def gap(self) -> Optional[int]:
        """Self minus moderated rank (positive: the agency rated itself higher than the panel did)."""
        if self.self_level is None or self.moderated_level is None:
            return None
        return self.self_level.rank - self.moderated_level.rank


EMPTY = Cell(None, None)


@dataclass(frozen=True)
class StandardSummary:
    """Across agencies, for one standard: how many were assessed, met it, and the rating counts."""

    standard: str
    assessed: int
    met: int
    counts: dict[str, int]
    mean_rank: Optional[float]


@dataclass(frozen=True)
class AgencySummary:
    """Across standards, for one agency."""

    agency: str
    assessed: int
    met: int
    not_met: tuple[str, ...]
    moderated: int


@dataclass(frozen=True)
class Matrix:
    """Agencies (rows) x standards (columns) for one cycle, with summaries both ways."""

    scale: Scale
    agencies: tuple[str, ...]
    standards: tuple[str, ...]
    cells: dict[tuple[str, str], Cell]
    by_standard: tuple[StandardSummary, ...]
    by_agency: tuple[AgencySummary, ...]

    def cell(self, agency: str, standard: str) -> Cell:
        return self.cells.get((agency, standard), EMPTY)

    def row(self, agency: str) -> list[Cell]:
        return [self.cell(agency, s) for s in self.standards]


def _unique(values: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        seen.setdefault(v, None)
    return list(seen)


def build_matrix(
    assessments: Iterable[Assessment], scale: Scale, *, standards: Sequence[str] = (), agencies: Sequence[str] = ()
) -> Matrix:
    """The agency x standard matrix of one cycle; given orders are kept, others appended sorted."""
    items = list(assessments)
    standard_order = _unique(list(standards) + sorted({a.standard for a in items} - set(standards)))
    agency_order = _unique(list(agencies) + sorted({a.agency for a in items} - set(agencies), key=str.casefold))
    cells: dict[tuple[str, str], Cell] = {}
    for a in items:
        cells[(a.agency, a.standard)] = Cell(scale.level(a.self_rating), scale.level(a.moderated_rating))

    by_standard = []
    for s in standard_order:
        levels = [c.level for (ag, st), c in cells.items() if st == s and c.level is not None]
        counts = {lvl.key: 0 for lvl in scale.levels}
        for lvl in levels:
            counts[lvl.key] += 1
        mean = round(sum(lvl.rank for lvl in levels) / len(levels), 2) if levels else None
        by_standard.append(StandardSummary(s, len(levels), sum(1 for lvl in levels if lvl.met), counts, mean))

    by_agency = []
    for ag in agency_order:
        mine = [(s, cells.get((ag, s), EMPTY)) for s in standard_order]
        rated = [(s, c) for s, c in mine if c.level is not None]
        by_agency.append(
            AgencySummary(
                ag,
                len(rated),
                sum(1 for _, c in rated if c.level is not None and c.level.met),
                tuple(s for s, c in rated if c.level is not None and not c.level.met),
                sum(1 for _, c in rated if c.moderated_level is not None),
            )
        )
    return Matrix(scale, tuple(agency_order), tuple(standard_order), cells, tuple(by_standard), tuple(by_agency))


@dataclass(frozen=True)
class Change:
    """How one agency's rating of one standard moved between two cycles."""

    agency: str
    standard: str
    before: Optional[Level]
    after: Optional[Level]
    compared_on: str  # "score" / "rag": the scale both ratings were compared on
    delta: Optional[int]

    @property
    def direction(self) -> str:
        """'improved', 'declined', 'no change', 'new' (not rated before) or 'not rated' (not rated now)."""
        if self.after is None:
            return "not rated"
        if self.before is None:
            return "new"
        if self.delta is None:
            return "no change"
        if self.delta > 0:
            return "improved"
        if self.delta < 0:
            return "declined"
        return "no change"


def _comparable_rank(level: Level, on: str) -> int:
    return level.rank if on != "rag" else RAG_RANK[level.rag]


def compare_cycles(before: Matrix, after: Matrix) -> list[Change]:
    """Change per agency and standard from an earlier cycle's matrix to a later one."""
    on = after.scale.key if before.scale.key == after.scale.key else "rag"
    agencies = _unique(list(after.agencies) + list(before.agencies))
    standards = _unique(list(after.standards) + list(before.standards))
    changes = []
    for ag in agencies:
        for s in standards:
            b, a = before.cell(ag, s).level, after.cell(ag, s).level
            if b is None and a is None:
                continue
            delta = _comparable_rank(a, on) - _comparable_rank(b, on) if a is not None and b is not None else None
            changes.append(Change(ag, s, b, a, on, delta))
    return changes


@dataclass(frozen=True)
class ChangeSummary:
    improved: int = 0
    declined: int = 0
    no_change: int = 0
    new: int = 0
    not_rated: int = 0
    by_agency: dict[str, dict[str, int]] = field(default_factory=dict)


def summarise_changes(changes: Iterable[Change]) -> ChangeSummary:
    """Counts of improved / declined / unchanged ratings, overall and per agency."""
    totals: dict[str, int] = defaultdict(int)
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in changes:
        key = c.direction.replace(" ", "_")
        totals[key] += 1
        per[c.agency][key] += 1
    return ChangeSummary(
        totals["improved"],
        totals["declined"],
        totals["no_change"],
        totals["new"],
        totals["not_rated"],
        {a: dict(v) for a, v in per.items()},
    )


@dataclass(frozen=True)
class Gap:
    """A standard where the challenge panel's rating differs from the agency's own."""

    agency: str
    standard: str
    self_level: Level
    moderated_level: Level
    gap: int

    @property
    def kind(self) -> str:
        """'rated itself higher' (panel moderated down) or 'rated itself lower' (panel moderated up)."""
        return "rated itself higher" if self.gap > 0 else "rated itself lower"


def moderation_gaps(matrix: Matrix) -> list[Gap]:
    """Every self/moderated disagreement, largest over-rating first."""
    gaps = []
    for ag in matrix.agencies:
        for s in matrix.standards:
            c = matrix.cell(ag, s)
            if c.gap and c.self_level is not None and c.moderated_level is not None:
                gaps.append(Gap(ag, s, c.self_level, c.moderated_level, c.gap))
    order = {a: i for i, a in enumerate(matrix.agencies)}
    sorder = {s: i for i, s in enumerate(matrix.standards)}
    gaps.sort(key=lambda g: (-g.gap, order[g.agency], sorder[g.standard]))
    return gaps


@dataclass(frozen=True)
class AgencyTrend:
    """One agency's share of standards met in each cycle (None where it did not take part)."""

    agency: str
    met: tuple[Optional[int], ...]
    assessed: tuple[Optional[int], ...]


def trend_across_cycles(matrices: Mapping[str, Matrix]) -> tuple[tuple[str, ...], list[AgencyTrend]]:
    """Standards met per agency per cycle, cycles in the mapping's order."""
    cycles = tuple(matrices)
    agencies = _unique(a for m in matrices.values() for a in m.agencies)
    trends = []
    for ag in agencies:
        met: list[Optional[int]] = []
        assessed: list[Optional[int]] = []
        for m in matrices.values():
            summary = next((s for s in m.by_agency if s.agency == ag), None)
            if summary is None or summary.assessed == 0:
                met.append(None)
                assessed.append(None)
            else:
                met.append(summary.met)
                assessed.append(summary.assessed)
        trends.append(AgencyTrend(ag, tuple(met), tuple(assessed)))
    return cycles, trends
