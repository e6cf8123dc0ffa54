"""Impact of disseminated key areas: awareness, changed practice and confidence, before and after.

Pure: takes, for each round of a follow-up (baseline, +6 weeks...), the opened answers (one dict per response)
and returns dataclasses. Nothing is shown for fewer than k respondents. The round's people are shown beside each
question, so those who did not answer it are a cell too (the people less the answers shown), as on the findings
page. No share is shown where any option's count or the unanswered is under k: beside the people, a share gives
back how many answered and how many said yes, and with the findings page's options for the same people, the rest.
The confidence distribution is suppressed with its unanswered cell (`choose_one_table`, the findings page's rule),
and a median or a test is withheld whenever a cell it rests on is hidden. A round whose people the findings page
adds up with other answers shows only its people's label (`withheld`, decided by the service that knows the years),
unless no part of that page's totals holds a small count (`parts_safe`).

Rounds are compared as independent groups (Mann-Whitney U, effect size the rank-biserial correlation): answers
carry no identity. Those who chose to give the same memorable code in both rounds (kept only as a keyed hash) are
also compared pair by pair (Wilcoxon signed-rank, effect size the matched-pairs rank-biserial correlation), once at
least k pairs exist and only where the unpaired comparison is shown: the pairs rest on the same cells. The pairs
split into those whose confidence rose, fell and did not change, and the signed-rank figures give those groups away
(the effect size and W give the sum of all ranks, so how many changed; W itself the ranks of the smaller side), and
each round's people less the pairs are those not paired: the pairs' figures are shown only when none of these is
from 1 to k-1.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any, Collection, Iterable, Mapping, Optional, Sequence

from scipy.stats import mannwhitneyu, rankdata, wilcoxon

from analysis.suppression import DEFAULT_K, SECONDARY_LABEL, Count, SuppressedTable, choose_one_table, suppress

SCALE = ("1", "2", "3", "4", "5")


@dataclass(frozen=True)
class RoundResult:
    label: str
    respondents: Count
    aware_share: Optional[float]  # of those who answered the question; None when it would give a small count away
    changed_share: Optional[float]  # "yes" or "a little"
    confidence: SuppressedTable[str]
    confidence_median: Optional[float]
    # The questions ("aware", "changed", "confidence") none of the round's people answered for this area: their
    # figures are missing for that reason, not withheld (none is not a small count, so saying so gives nothing away).
    unanswered: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Comparison:
    first: str
    last: str
    median_change: float
    u_statistic: float
    p_value: float
    effect_size: float  # rank-biserial correlation: +1 when every later answer is higher


@dataclass(frozen=True)
class PairedChange:
    first: str
    last: str
    pairs: int
    median_change: float
    w_statistic: float
    p_value: float
    effect_size: float  # matched-pairs rank-biserial correlation: +1 when everyone who changed went up


@dataclass(frozen=True)
class AreaImpact:
    area_id: int
    title: str
    rounds: tuple[RoundResult, ...]
    comparison: Optional[Comparison]
    paired: Optional[PairedChange] = None


def _small(n: int, k: int) -> bool:
    return 0 < n < k


def _share(values: Sequence[Any], yes: Collection[str], respondents: int, k: int) -> Optional[float]:
    """The share of those who answered who gave one of the `yes` values, or None where any answer's count, or the
    number who did not answer, is from 1 to k-1.

    Beside the people, the share pins how many answered and how many said yes; the findings page shows the same
    answers by option (for a round alone in its year, the very same people), hiding a small option's count and
    another beside it, which the share and the others would then give back. With every option none or at least
    k, that page hides nothing and the share tells nothing it does not.
    """
    answered = [str(v) for v in values if v not in (None, "", [])]
    counts = [*Counter(answered).values(), respondents - len(answered)]
    if respondents < k or len(answered) < k or any(_small(n, k) for n in counts):
        return None
    return round(sum(1 for v in answered if v in yes) / len(answered), 3)


def parts_safe(parts: Iterable[Sequence[Mapping[str, Any]]], area_id: int, k: int = DEFAULT_K) -> bool:
    """True when, in every part, the people and each answer's count to this area's questions (and the number who
    did not answer one) are none or at least k.

    The parts are what another page adds up into totals of its own (a follow-up survey's year on the findings page:
    each round, and the answers from no round). With none of them small, every total, and every difference of
    totals, is a sum of counts none of which is from 1 to k-1: a round can be shown beside the year.
    """
    for answers in parts:
        if _small(len(answers), k):
            return False
        for key in (f"aware_{area_id}", f"changed_{area_id}", f"confidence_{area_id}"):
            given = [str(a[key]) for a in answers if a.get(key) not in (None, "", [])]
            if any(_small(n, k) for n in (*Counter(given).values(), len(answers) - len(given))):
                return False
    return True


def _scores(answers: Sequence[Mapping[str, Any]], key: str) -> list[int]:
    return [int(a[key]) for a in answers if str(a.get(key, "")) in SCALE]


def _withheld_round(label: str, answers: Sequence[Mapping[str, Any]], k: int) -> RoundResult:
    """A round shown as its people's label only: "fewer than k", or "not shown" however many."""
    shown = suppress(len(answers), k)
    respondents = shown if shown.suppressed else Count(len(answers), True, SECONDARY_LABEL)
    table = SuppressedTable({value: Count(0, True, SECONDARY_LABEL) for value in SCALE})
    return RoundResult(label, respondents, None, None, table, None)


def _round(label: str, area_id: int, answers: Sequence[Mapping[str, Any]], k: int, withheld: bool) -> RoundResult:
    if withheld:
        return _withheld_round(label, answers, k)
    respondents = suppress(len(answers), k)
    scores = _scores(answers, f"confidence_{area_id}")
    cells = {value: sum(1 for s in scores if str(s) == value) for value in SCALE}
    # The round's people are shown beside these cells: with those who gave no confidence they add up to it.
    table, _ = choose_one_table(cells, len(answers) - len(scores), k)
    shown = len(answers) >= k and not table.any_hidden
    unanswered = frozenset(
        question
        for question in ("aware", "changed", "confidence")
        if answers and all(a.get(f"{question}_{area_id}") in (None, "", []) for a in answers)
    )
    return RoundResult(
        label=label,
        respondents=respondents,
        aware_share=_share([a.get(f"aware_{area_id}") for a in answers], {"yes"}, len(answers), k),
        changed_share=_share([a.get(f"changed_{area_id}") for a in answers], {"yes", "a_little"}, len(answers), k),
        confidence=table,
        confidence_median=float(statistics.median(scores)) if shown and scores else None,
        unanswered=unanswered if not respondents.suppressed else frozenset(),
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


def paired_scores(
    before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]], key: str, pair_key: str
) -> list[tuple[int, int]]:
    """(before, after) scores of the codes found once in each round with a score in both.

    A code given by two people in one round pairs no one: whose answer goes with whose cannot be told.
    """

    def by_code(answers: Sequence[Mapping[str, Any]]) -> dict[str, int]:
        codes = [str(a.get(pair_key) or "") for a in answers]
        once = {code for code in codes if code and codes.count(code) == 1}
        return {code: int(a[key]) for code, a in zip(codes, answers) if code in once and str(a.get(key, "")) in SCALE}

    earlier, later = by_code(before), by_code(after)
    return [(earlier[code], later[code]) for code in sorted(earlier.keys() & later.keys())]


def matched_rank_biserial(differences: Sequence[float]) -> float:
    """(sum of the ranks of the rises - sum of the ranks of the falls) / sum of all ranks, zeros left out (Kerby)."""
    nonzero = [d for d in differences if d != 0]
    if not nonzero:
        return 0.0
    ranks = rankdata([abs(d) for d in nonzero])
    rises = sum(r for r, d in zip(ranks, nonzero) if d > 0)
    return float((2 * rises - sum(ranks)) / sum(ranks))


def paired_change(
    first: str, last: str, pairs: Sequence[tuple[int, int]], k: int = DEFAULT_K, respondents: Sequence[int] = ()
) -> Optional[PairedChange]:
    """Wilcoxon signed-rank over the pairs; None under k pairs, or where those who rose, fell or did not change, or
    the `respondents` of a round (shown beside the pairs) less the pairs, are from 1 to k-1."""
    if len(pairs) < k:
        return None
    differences = [after - before for before, after in pairs]
    rose, fell = sum(1 for d in differences if d > 0), sum(1 for d in differences if d < 0)
    groups = [rose, fell, len(pairs) - rose - fell, *(n - len(pairs) for n in respondents)]
    if any(_small(n, k) for n in groups):
        return None
    if all(d == 0 for d in differences):
        # No one moved: the test has nothing to rank (scipy would divide by zero).
        return PairedChange(first, last, len(pairs), 0.0, 0.0, 1.0, 0.0)
    result = wilcoxon([after for _, after in pairs], [before for before, _ in pairs])
    return PairedChange(
        first=first,
        last=last,
        pairs=len(pairs),
        median_change=float(statistics.median(differences)),
        w_statistic=float(result.statistic),
        p_value=round(float(result.pvalue), 4),
        effect_size=round(matched_rank_biserial(differences), 3),
    )


def area_impact(
    area_id: int,
    title: str,
    rounds: Sequence[tuple[str, Sequence[Mapping[str, Any]]]],
    k: int = DEFAULT_K,
    pair_key: str = "",
    withheld: Collection[int] = (),
) -> AreaImpact:
    """One key area across the rounds, in order; the first and last rounds with figures shown are compared, as
    groups and, with `pair_key` naming the answers' pairing hash, pair by pair. The rounds at the positions in
    `withheld` show nothing but their people's label (another page shows the same people in a total of their own)."""
    results = [_round(label, area_id, answers, k, i in withheld) for i, (label, answers) in enumerate(rounds)]
    shown = [i for i, r in enumerate(results) if r.confidence_median is not None]
    comparison, paired = None, None
    if len(shown) >= 2:
        first, last = shown[0], shown[-1]
        key = f"confidence_{area_id}"
        a = _scores(rounds[first][1], key)
        b = _scores(rounds[last][1], key)
        comparison = _compare(results[first], results[last], a, b)
        if comparison is not None and pair_key:
            pairs = paired_scores(rounds[first][1], rounds[last][1], key, pair_key)
            people = (len(rounds[first][1]), len(rounds[last][1]))
            paired = paired_change(results[first].label, results[last].label, pairs, k, people)
    return AreaImpact(area_id, title, tuple(results), comparison, paired)
