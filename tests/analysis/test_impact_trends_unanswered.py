"""Families who answered the survey but not one of its measures: a quarter's people less its answers is that cell.

A reader of the impact page (each quarter's people and answers) and of the findings page (the year's answers and
those who gave none, by choose_one_table) must not be able to work out how many in a quarter gave no answer, when
that is 1 to k-1, any more than any other count."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Iterable, Iterator

from analysis.impact_trends import SCALE, measure_trend, quarterly_respondents
from analysis.suppression import Count, choose_one_table

K = 5
QUARTERS = {"2026 Q3": dt.date(2026, 8, 3), "2026 Q4": dt.date(2026, 11, 2)}
SKIPPED = "no answer"


def _answers(counts: dict[str, dict[str, int]]) -> list[tuple[dt.date, dict[str, str]]]:
    return [
        (QUARTERS[q], {} if v == SKIPPED else {"s": v})
        for q, row in counts.items()
        for v, n in row.items()
        for _ in range(n)
    ]


def _withheld(counts: Iterable[Count]) -> bool:
    """Every count "not shown": a withheld table, whose "not shown" may be anything, under k too."""
    return all(c.suppressed and c.label != f"fewer than {K}" for c in counts)


def _domain(count: Count, most: int, withheld: bool = False) -> Iterable[int]:
    if not count.suppressed:
        return [count.value]
    if count.label == f"fewer than {K}":
        return range(1, K)
    return range(0, most + 1) if withheld else [0, *range(K, most + 1)]


def _rows(cells: list[Count], total: int, withheld: bool, most: list[int]) -> Iterator[tuple[int, ...]]:
    """Every row of answers within the labels, each at most its column's year cell, adding up to at most `total`,
    with those who gave none last."""
    for values in itertools.product(*[_domain(c, min(total, m), withheld) for c, m in zip(cells, most)]):
        if sum(values) <= total:
            yield (*values, total - sum(values))


def _worked_out(counts: dict[str, dict[str, int]]) -> dict[tuple[str, str], set[int]]:
    """Each quarter's cells, those who gave no answer among them, as both pages together leave them."""
    people = sum(sum(row.values()) for row in counts.values())
    periods = {p.period: p for p in measure_trend("s", "How satisfied?", _answers(counts), K).periods}
    respondents = quarterly_respondents(
        [QUARTERS[q] for q, row in counts.items() for n in row.values() for _ in range(n)]
    )
    tallies = {v: sum(row.get(v, 0) for row in counts.values()) for v in SCALE}
    skipped = sum(row.get(SKIPPED, 0) for row in counts.values())
    year, answered_hidden = choose_one_table(tallies, skipped, K)
    shown = {q: [periods[q].cells[v] for v in SCALE] for q in QUARTERS}
    withheld = _withheld(c for row in shown.values() for c in row)
    year_withheld = _withheld(year.counts.values())
    most = [max(_domain(year.counts[v], people, year_withheld)) for v in SCALE]
    possible: dict[tuple[str, str], set[int]] = {}
    for totals in itertools.product(
        *[_domain(respondents[q], people, _withheld(respondents.values())) for q in QUARTERS]
    ):
        if sum(totals) != people:
            continue
        for rows in itertools.product(*[list(_rows(shown[q], t, withheld, most)) for q, t in zip(QUARTERS, totals)]):
            columns = [sum(row[i] for row in rows) for i in range(len(SCALE) + 1)]
            if any(n not in _domain(year.counts[v], people, year_withheld) for v, n in zip(SCALE, columns)):
                continue
            if not answered_hidden and columns[-1] != skipped:
                continue
            for q, row in zip(QUARTERS, rows):
                for v, n in zip((*SCALE, SKIPPED), row):
                    possible.setdefault((q, v), set()).add(n)
    return possible


def _assert_nothing_small_pinned(counts: dict[str, dict[str, int]]) -> None:
    possible = _worked_out(counts)
    for q, row in counts.items():
        for v, n in row.items():
            if 0 < n < K:
                assert len(possible[(q, v)]) >= 2, (q, v, n, possible[(q, v)])


def test_a_quarters_people_less_its_answers_do_not_give_away_how_many_gave_no_answer():
    # Q3: 12 people, 10 answers; Q4: 13 people, 10 answers. Shown in full, 2 and 3 gave no answer.
    _assert_nothing_small_pinned({"2026 Q3": {"4": 5, "5": 5, SKIPPED: 2}, "2026 Q4": {"4": 5, "5": 5, SKIPPED: 3}})


def test_no_answer_in_one_quarter_is_not_given_away_by_the_other_quarter_and_the_year():
    _assert_nothing_small_pinned({"2026 Q3": {"4": 5, "5": 5, SKIPPED: 2}, "2026 Q4": {"4": 5, "5": 5}})


def test_quarters_where_everyone_answered_still_show_their_answers_and_median():
    counts = {"2026 Q3": {"4": 5, "5": 5}, "2026 Q4": {"4": 6, "5": 5}}
    q3, q4 = measure_trend("s", "How satisfied?", _answers(counts), K).periods
    assert [q3.cells[v].label for v in SCALE] == ["0", "0", "0", "5", "5"] and q3.median == 4.5
    assert [q4.cells[v].label for v in SCALE] == ["0", "0", "0", "6", "5"] and q4.median == 4.0
    _assert_nothing_small_pinned(counts)
