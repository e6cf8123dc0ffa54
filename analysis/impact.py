"""Impact of disseminated key areas: awareness, changed practice and confidence, before and after.

Pure: takes, for each round of a follow-up (baseline, +6 weeks...), the opened answers (one dict per response)
and returns dataclasses. Nothing is shown for fewer than k respondents, no share is shown whose count or
complement would be under k (a share times the number who answered gives the count back), the confidence
distribution is suppressed cell by cell with secondary suppression, and a median or a test is withheld
whenever a cell it rests on is hidden.

Rounds are compared as independent groups (Mann-Whitney U, effect size the rank-biserial correlation): answers
carry no identity, so the same person's baseline and follow-up cannot be paired.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

from scipy.stats import mannwhitneyu

from analysis.suppression import DEFAULT_K, Count, SuppressedTable, suppress, suppress_table

SCALE = ("1", "2", "3", "4", "5")


@dataclass(frozen=True)
class RoundResult:
    label: str
    respondents: Count
    aware_share: Optional[float]  # of those who answered the question; None when it would give a small count away
    changed_share: Optional[float]  # "yes" or "a little"
    confidence: SuppressedTable[str]
    confidence_median: Optional[float]


@dataclass(frozen=True)
class Comparison:
    first: str
    last: str
    median_change: float
    u_statistic: float
    p_value: float
    effect_size: float  # rank-biserial correlation: +1 when every later answer is higher


@dataclass(frozen=True)
class AreaImpact:
    area_id: int
    title: str
    rounds: tuple[RoundResult, ...]
    comparison: Optional[Comparison]


def _share(yes: int, answered: int, k: int) -> Optional[float]:
    if answered < k or 0 < yes < k or 0 < answered - yes < k:
        return None
    return round(yes / answered, 3)


def _scores(answers: Sequence[Mapping[str, Any]], key: str) -> list[int]:
    return [int(a[key]) for a in answers if str(a.get(key, "")) in SCALE]


def _round(label: str, area_id: int, answers: Sequence[Mapping[str, Any]], k: int) -> RoundResult:
    respondents = suppress(len(answers), k)
    aware = [a.get(f"aware_{area_id}") for a in answers if a.get(f"aware_{area_id}")]
    changed = [a.get(f"changed_{area_id}") for a in answers if a.get(f"changed_{area_id}")]
    scores = _scores(answers, f"confidence_{area_id}")
    cells = {value: sum(1 for s in scores if str(s) == value) for value in SCALE}
    table = suppress_table(cells, [SCALE], k)
    shown = len(answers) >= k and not table.any_hidden and not table.hidden_totals
    return RoundResult(
        label=label,
        respondents=respondents,
        aware_share=_share(sum(1 for v in aware if v == "yes"), len(aware), k) if len(answers) >= k else None,
        changed_share=(
            _share(sum(1 for v in changed if v in {"yes", "a_little"}), len(changed), k) if len(answers) >= k else None
        ),
        confidence=table,
        confidence_median=float(statistics.median(scores)) if shown and scores else None,
    )


def _compare(first: RoundResult, last: RoundResult, a: list[int], b: list[int]) -> Optional[Comparison]:
    if first.confidence_median is None or last.confidence_median is None or not a or not b:
        return None
    result = mannwhitneyu(b, a, alternative="two-sided")
    u = float(result.statistic)
    return Comparison(
        first=first.label,
        last=last.label,
        median_change=last.confidence_median - first.confidence_median,
        u_statistic=u,
        p_value=round(float(result.pvalue), 4),
        effect_size=round(2 * u / (len(a) * len(b)) - 1, 3),
    )


def area_impact(
    area_id: int, title: str, rounds: Sequence[tuple[str, Sequence[Mapping[str, Any]]]], k: int = DEFAULT_K
) -> AreaImpact:
    """One key area across the rounds, in order; the first and last rounds with figures shown are compared."""
    results = [_round(label, area_id, answers, k) for label, answers in rounds]
    shown = [i for i, r in enumerate(results) if r.confidence_median is not None]
    comparison = None
    if len(shown) >= 2:
        first, last = shown[0], shown[-1]
        a = _scores(rounds[first][1], f"confidence_{area_id}")
        b = _scores(rounds[last][1], f"confidence_{area_id}")
        comparison = _compare(results[first], results[last], a, b)
    return AreaImpact(area_id, title, tuple(results), comparison)
