"""The impact page's quarters beside the findings page's year: what the two pages show together gives no count
under k away, and a quarter holding all of a year's answers reads as the year does on the findings page."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Iterator

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from analysis.impact_trends import SCALE, measure_trend, quarterly_respondents
from analysis.suppression import Count, choose_one_table

K = 5
QUARTERS = {"2026 Q1": dt.date(2026, 2, 1), "2026 Q2": dt.date(2026, 5, 1)}


def _answers(counts: dict[str, dict[str, int]]) -> list[tuple[dt.date, dict[str, str]]]:
    return [(QUARTERS[q], {"s": v}) for q, row in counts.items() for v, n in row.items() for _ in range(n)]


def test_a_quarter_holding_all_the_years_answers_shows_the_findings_pages_cells():
    counts = {"2026 Q1": {"1": 0, "2": 1, "3": 3, "4": 5, "5": 5}, "2026 Q2": dict.fromkeys(SCALE, 0)}
    (q1,) = measure_trend("s", "How satisfied?", _answers(counts), K).periods
    year, _ = choose_one_table(counts["2026 Q1"], 0, K)
    assert [q1.cells[v].label for v in SCALE] == [year.counts[v].label for v in SCALE]
    assert [c.label for c in q1.cells.values()] == ["0", "fewer than 5", "fewer than 5", "5", "5"]


def _withheld(counts: list[Count]) -> bool:
    """Every count of a table "not shown": a withheld table, whose "not shown" may be anything, under k too."""
    return all(c.suppressed and c.label != f"fewer than {K}" for c in counts)


def _domain(count: Count, most: int, withheld: bool = False) -> range | list[int]:
    """What a reader takes a label to mean: "fewer than k" 1 to k-1, "not shown" 0 or k and more, or anything in
    a withheld table (taken as narrowly as a reader could take it from the labels alone)."""
    if not count.suppressed:
        return [count.value]
    if count.label == f"fewer than {K}":
        return range(1, K)
    return range(0, most + 1) if withheld else [0, *range(K, most + 1)]


def _rows(cells: list[Count], total: int) -> Iterator[tuple[int, ...]]:
    """Every row of values within the cells' labels adding up to `total`."""
    domains = [_domain(c, total) for c in cells]
    for values in itertools.product(*domains[:-1]):
        last = total - sum(values)
        if last in domains[-1]:
            yield (*values, last)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([0, 0, 1, 2, 5, 6]), min_size=10, max_size=10))
def test_nothing_under_k_can_be_worked_out_from_both_pages_together(values):
    counts = {q: dict(zip(SCALE, values[i * 5 : i * 5 + 5])) for i, q in enumerate(QUARTERS)}
    people = sum(values)
    assume(people >= K)  # fewer, and the findings page shows no year for the quarters to add up to
    periods = {p.period: p for p in measure_trend("s", "How satisfied?", _answers(counts), K).periods}
    respondents = quarterly_respondents(
        [QUARTERS[q] for q, row in counts.items() for n in row.values() for _ in range(n)]
    )
    tallies = {v: sum(counts[q][v] for q in QUARTERS) for v in SCALE}
    year = choose_one_table(tallies, 0, K)[0].counts
    shown = {q: [periods[q].cells[v] if q in periods else Count(0, False, "0") for v in SCALE] for q in QUARTERS}
    # A reader who also knows nobody skipped the question: the rows add up to the quarters' people.
    possible: dict[tuple[str, str], set[int]] = {}
    quarters_withheld = _withheld(list(respondents.values()))
    if _withheld([c for row in shown.values() for c in row]):
        return  # the impact page shows none of the year's answers: nothing of its own to add up
    year_withheld = _withheld(list(year.values()))
    for totals in itertools.product(*[_domain(respondents[q], people, quarters_withheld) for q in QUARTERS]):
        if sum(totals) != people:
            continue
        for rows in itertools.product(*[list(_rows(shown[q], t)) for q, t in zip(QUARTERS, totals)]):
            columns = [sum(row[i] for row in rows) for i in range(5)]
            if any(n not in _domain(year[v], people, year_withheld) for v, n in zip(SCALE, columns)):
                continue
            for q, row in zip(QUARTERS, rows):
                for v, n in zip(SCALE, row):
                    possible.setdefault((q, v), set()).add(n)
    for q in QUARTERS:
        for v in SCALE:
            if 0 < counts[q][v] < K:
                assert len(possible[(q, v)]) >= 2, (counts, {k: c.label for k, c in zip(SCALE, shown[q])}, q, v)
