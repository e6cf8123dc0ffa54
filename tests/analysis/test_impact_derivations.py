"""What a reader of the impact page can work out: each test plays a reader who takes the figures a round shows (its
people, its confidence cells, its shares, the pairs' figures) and tries one derivation; none may give a count of
1 to k-1 people away, hidden or never shown (those who did not answer a question are a cell too, as on the
findings page)."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.impact import SCALE, area_impact
from analysis.suppression import Count, choose_one_table

K = 5
AREA = 7
KEY = f"confidence_{AREA}"


def _answers(confidence: dict[str, int], skipped: int = 0, **other: str) -> list[dict[str, str]]:
    people = [{KEY: value, **other} for value, n in confidence.items() for _ in range(n)]
    return people + [dict(other) for _ in range(skipped)]


def _domain(count: Count, most: int) -> Iterable[int]:
    """A label as a reader takes it: exact, "fewer than k" 1 to k-1, "not shown" 0 or k and more."""
    if not count.suppressed:
        return [count.value]
    if count.label == f"fewer than {K}":
        return range(1, K)
    return [0, *range(K, most + 1)]


def _skipped_as_worked_out(people: int, cells: dict[str, Count]) -> set[int]:
    """Every number of people who gave no confidence that the cells, as labelled, and the people allow."""
    possible = set()
    for values in itertools.product(*[_domain(cells[v], people) for v in SCALE]):
        if sum(values) <= people:
            possible.add(people - sum(values))
    return possible


def test_the_confidence_cells_beside_the_people_do_not_give_away_how_many_gave_no_confidence():
    # 13 people: 6 said 3, 6 said 4, and one gave no confidence. 13 - 6 - 6 is that one.
    answers = _answers({"3": 6, "4": 6}, skipped=1)
    (result,) = area_impact(AREA, "x", [("Baseline", answers)], k=K).rounds
    assert result.respondents.label == "13"
    assert _skipped_as_worked_out(13, result.confidence.counts) != {1}
    assert result.confidence_median is None  # it rests on the hidden cells


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([0, 0, 1, 2, 5, 6]), min_size=6, max_size=6))
def test_no_confidence_cell_nor_the_unanswered_can_be_worked_out_from_the_people(values):
    cells, skipped = dict(zip(SCALE, values[:5])), values[5]
    people = sum(values)
    (result,) = area_impact(AREA, "x", [("Baseline", _answers(cells, skipped))], k=K).rounds
    if result.respondents.suppressed:
        return  # fewer than k: the page shows no cell at all
    shown = result.confidence.counts
    possible: dict[str, set[int]] = {}
    for row in itertools.product(*[_domain(shown[v], people) for v in SCALE]):
        if sum(row) <= people:
            for v, n in zip((*SCALE, "skipped"), (*row, people - sum(row))):
                possible.setdefault(v, set()).add(n)
    for v, n in (*cells.items(), ("skipped", skipped)):
        if 0 < n < K:
            assert len(possible[v]) >= 2, (cells, skipped, {v: c.label for v, c in shown.items()}, v)


def _answered_as_worked_out(share: float, people: int) -> set[int]:
    """Every number who answered that gives this share (as the chart's data shows it: a percentage to one place)."""
    return {
        answered
        for answered in range(K, people + 1)
        for yes in range(answered + 1)
        if round(100 * yes / answered, 1) == round(100 * share, 1)
    }


def test_a_share_beside_the_people_does_not_give_away_how_many_did_not_answer():
    # 12 people: 6 knew of the area, 5 did not, one did not say. 54.5% of 12 can only be 6 of 11.
    answers = [{f"aware_{AREA}": "yes"}] * 6 + [{f"aware_{AREA}": "no"}] * 5 + [{}]
    (result,) = area_impact(AREA, "x", [("Baseline", answers)], k=K).rounds
    assert result.respondents.label == "12"
    if result.aware_share is not None:
        assert {12 - n for n in _answered_as_worked_out(result.aware_share, 12)} != {1}


def test_a_changed_practice_share_beside_the_people_does_not_give_away_how_many_did_not_answer():
    answers = [{f"changed_{AREA}": "a_little"}] * 7 + [{f"changed_{AREA}": "no"}] * 6 + [{}] * 2
    (result,) = area_impact(AREA, "x", [("Baseline", answers)], k=K).rounds
    if result.changed_share is not None:
        assert {15 - n for n in _answered_as_worked_out(result.changed_share, 15)} != {2}


def test_a_share_with_every_part_none_or_at_least_k_is_shown():
    answers = [{f"aware_{AREA}": "yes"}] * 6 + [{f"aware_{AREA}": "not_sure"}] * 5 + [{}] * 5
    (result,) = area_impact(AREA, "x", [("Baseline", answers)], k=K).rounds
    assert result.aware_share == round(6 / 11, 3)


def _paired_rounds(moves: list[tuple[str, str, int]], unpaired_before: dict[str, int] | None = None):
    """Two rounds from (before, after, how many) moves, each person giving the same code in both."""
    before, after = [], []
    codes = itertools.count()
    for first, last, n in moves:
        for _ in range(n):
            code = f"h{next(codes)}"
            before.append({KEY: first, "own_code": code})
            after.append({KEY: last, "own_code": code})
    for value, n in (unpaired_before or {}).items():
        before += [{KEY: value}] * n
    return [("Baseline", before), ("Later", after)]


def _shown(rounds) -> None:
    """Every cell of both rounds is none or at least k: the rounds and their comparison are shown."""
    for _, answers in rounds:
        cells = Counter(a[KEY] for a in answers)
        assert all(n >= K for n in cells.values()), cells


def test_the_pairs_figures_do_not_give_away_how_many_pairs_did_not_change():
    # 20 pairs: 5 fell from 4 to 2, 13 rose, 2 stayed at 2. The effect size and W give the sum of the ranks of those
    # who changed, n(n+1)/2 = 2W / (1 - |r|): 18 changed, so 2 did not.
    rounds = _paired_rounds([("4", "2", 5), ("3", "4", 5), ("2", "3", 8), ("2", "2", 2)])
    _shown(rounds)
    impact = area_impact(AREA, "x", rounds, k=K, pair_key="own_code")
    assert impact.comparison is not None
    paired = impact.paired
    if paired is not None:
        total = 2 * paired.w_statistic / (1 - abs(paired.effect_size))
        changed = {n for n in range(1, paired.pairs + 1) if abs(n * (n + 1) / 2 - total) < 0.5}
        assert {paired.pairs - n for n in changed} != {2}


def test_the_pairs_beside_a_rounds_people_do_not_give_away_how_many_of_them_were_not_paired():
    # 12 people in the baseline, 10 of them paired: the other 2 are the people less the pairs.
    rounds = _paired_rounds([("2", "4", 5), ("3", "4", 5)], unpaired_before={"2": 1, "3": 1})
    _shown(rounds)
    impact = area_impact(AREA, "x", rounds, k=K, pair_key="own_code")
    assert impact.comparison is not None and impact.rounds[0].respondents.label == "12"
    assert impact.paired is None or impact.rounds[0].respondents.value - impact.paired.pairs not in range(1, K)


def test_the_pairs_are_shown_only_when_those_who_rose_fell_and_stayed_are_each_none_or_at_least_k():
    # 16 pairs, one of whom fell: the rounds are shown, the pairs' figures would rest on that one.
    rounds = _paired_rounds([("4", "5", 5), ("4", "3", 1), ("2", "4", 5), ("2", "3", 5)])
    _shown(rounds)
    assert area_impact(AREA, "x", rounds, k=K, pair_key="own_code").paired is None
    rounds = _paired_rounds([("2", "4", 5), ("3", "4", 5), ("4", "3", 5)])
    paired = area_impact(AREA, "x", rounds, k=K, pair_key="own_code").paired
    assert paired is not None and paired.pairs == 15


def test_a_share_beside_the_findings_pages_options_for_the_same_people_does_not_give_a_small_option_away():
    # A round alone in its year: the findings page shows the same 13 people's answers, 5 yes, 6 no and 2 not sure,
    # hiding the 2 and the 5 beside it. A share of 5/13 would give the 5 back, and 13 - 5 - 6 is the 2.
    answers = [{f"aware_{AREA}": "yes"}] * 5 + [{f"aware_{AREA}": "no"}] * 6 + [{f"aware_{AREA}": "not_sure"}] * 2
    findings, _ = choose_one_table({"yes": 5, "no": 6, "not_sure": 2}, 0, K)
    assert findings.counts["yes"].suppressed and findings.counts["no"].label == "6"
    (result,) = area_impact(AREA, "x", [("Baseline", answers)], k=K).rounds
    if result.aware_share is not None:
        yes = {n for n in _domain(findings.counts["yes"], 13) if round(n / 13, 3) == result.aware_share}
        assert {13 - 6 - n for n in yes} != {2}
