"""Impact over time: families' satisfaction and confidence per quarter, and child deaths with modifiable factors
per year beside the actions raised from child death reviews.

Pure: takes plain values, returns dataclasses. Small numbers are suppressed as everywhere else, and consistently
with the other pages that show the same people:

- A survey's respondents per quarter are suppressed within their calendar year exactly as its findings page
  suppresses them (the year's total is shown there), and a quarter whose count is hidden shows no answers at all,
  since its answers would add up to the count.
- A measure's answers form one table per year (quarter by scale point). Each quarter's row adds up to how many
  answered that quarter, a group for secondary suppression. Each scale point's column adds up to that year's cell
  on the findings page, which is shown as findings shows it (`choose_one_table`, the same rule): where that cell
  is shown the column is a group, and where it is hidden only what its label and the year's other cells tell is
  known, so those cells go into the table as they are shown, never hidden further here. A column whose year cell
  is hidden is no shown total, so the same answers show the same way on both pages (14 answers all in one quarter
  show that quarter exactly as the findings page shows the year). A median is shown only for a quarter with no
  hidden cell.
- A year's child deaths are the reviewed (with modifiable factors or without) and the not yet reviewed; the
  deaths and the reviewed are shown (on the register's trend page and here), so no part under k may be worked out
  by subtraction: the reviewed are a group of their own, and the deaths are hidden when the not yet reviewed or
  the reviewed are under k. A count of child deaths is never shown under k.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

from analysis.suppression import (
    DEFAULT_K,
    NO_ANSWER,
    SECONDARY_LABEL,
    Count,
    choose_one_table,
    suppress,
    suppress_parts,
    suppress_table,
)

SCALE = ("1", "2", "3", "4", "5")


def quarter_of(day: dt.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def _year_quarters(year: int) -> list[str]:
    return [f"{year} Q{q}" for q in range(1, 5)]


@dataclass(frozen=True)
class PeriodDistribution:
    period: str
    respondents: Count
    cells: dict[str, Count]  # scale point -> count as shown
    median: Optional[float]


@dataclass(frozen=True)
class MeasureTrend:
    key: str
    prompt: str
    periods: tuple[PeriodDistribution, ...]


def quarterly_respondents(days: Sequence[dt.date], k: int = DEFAULT_K) -> dict[str, Count]:
    """Respondents per quarter, each year's four quarters suppressed together against the year's total."""
    shown: dict[str, Count] = {}
    for year in sorted({d.year for d in days}):
        counts = Counter({quarter: 0 for quarter in _year_quarters(year)})
        counts.update(quarter_of(d) for d in days if d.year == year)
        shown.update(suppress_parts(dict(counts), k))
    return shown


def _year_table(
    year: int, scores: Sequence[tuple[str, str]], respondents: Mapping[str, Count], people: int, k: int
) -> dict[tuple[str, str], Count]:
    """A year's quarter-by-scale cells, suppressed beside the year's cells as the findings page shows them."""
    quarters = _year_quarters(year)
    cells: dict[tuple[str, str], int] = {(q, v): 0 for q in quarters for v in SCALE}
    cells.update(Counter((q, v) for q, v in scores if q in quarters))
    # Those who gave no answer in a quarter are its people (shown) less its answers: a cell never shown, but one a
    # reader works out wherever the row's answers are all shown, so it is suppressed like the others.
    for q in quarters:
        cells[(q, NO_ANSWER)] = respondents[q].value - sum(cells[(q, v)] for v in SCALE)
    rows = [[(q, v) for v in (*SCALE, NO_ANSWER)] for q in quarters]
    hide = [(q, v) for q in quarters if respondents[q].suppressed for v in SCALE]
    hide += [(q, NO_ANSWER) for q in quarters]
    groups: list[list[tuple[str, str]]] = list(rows)
    fixed: list[tuple[str, str]] = []
    if people >= k:  # findings shows the year's answers (under k people it shows none): its cells are known
        tallies = {v: sum(cells[(q, v)] for q in quarters) for v in SCALE}
        findings, answered_hidden = choose_one_table(tallies, people - sum(tallies.values()), k)
        year_cells = {("year", v): n for v, n in tallies.items()} | {
            ("year", NO_ANSWER): people - sum(tallies.values())
        }
        cells.update(year_cells)
        fixed = list(year_cells)
        hide += [("year", v) for v, c in findings.counts.items() if c.suppressed]
        if answered_hidden:
            hide.append(("year", NO_ANSWER))
        groups.append(list(year_cells))  # the year's respondents, shown
        shown_on_findings = {v: not findings.counts[v].suppressed for v in SCALE} | {NO_ANSWER: not answered_hidden}
        for v, shown in shown_on_findings.items():
            # The column is the year's respondents less the year's other cells: true whether or not its own year
            # cell is shown, and all a reader has when it is not.
            groups.append([(q, v) for q in quarters] + [key for key in year_cells if key != ("year", v)])
            if shown:
                groups.append([(q, v) for q in quarters])
    table = suppress_table(cells, groups, k, hide=hide, fixed=fixed)
    quarter_cells = {key: count for key, count in table.counts.items() if key[0] != "year" and key[1] != NO_ANSWER}
    if table.hidden_totals:
        # A quarter's respondents and the year's answers by value are shown elsewhere whatever this table hides:
        # where they would pin a hidden cell, the year's cells are all withheld.
        return {key: Count(count.value, True, SECONDARY_LABEL) for key, count in quarter_cells.items()}
    return quarter_cells


def measure_trend(
    key: str, prompt: str, answers: Sequence[tuple[dt.date, Mapping[str, Any]]], k: int = DEFAULT_K
) -> MeasureTrend:
    """One scale question's answers per quarter, from the first quarter with answers to the last."""
    days = [day for day, _ in answers]
    respondents = quarterly_respondents(days, k)
    scores = [(quarter_of(day), str(a.get(key))) for day, a in answers if str(a.get(key, "")) in SCALE]
    table: dict[tuple[str, str], Count] = {}
    for year in sorted({d.year for d in days}):
        table.update(_year_table(year, scores, respondents, sum(1 for d in days if d.year == year), k))
    seen = sorted({quarter_of(d) for d in days})
    periods = []
    for quarter in [q for q in sorted(respondents) if seen and seen[0] <= q <= seen[-1]]:
        cells = {v: table[(quarter, v)] for v in SCALE}
        values = [int(v) for q, v in scores if q == quarter]
        whole = len(values) >= k and not any(c.suppressed for c in cells.values())
        median = float(statistics.median(values)) if whole else None
        periods.append(PeriodDistribution(quarter, respondents[quarter], cells, median))
    return MeasureTrend(key, prompt, tuple(periods))


@dataclass(frozen=True)
class DeathsYear:
    year: int
    deaths: Count
    reviewed: Count  # classified by the panel (modifiable factors recorded yes or no)
    modifiable: Count
    actions_opened: int  # actions raised from child death reviews this year
    actions_completed: int  # and completed this year


def deaths_beside_actions(
    deaths: Sequence[tuple[int, int, int, int]], actions: Mapping[int, tuple[int, int]], k: int = DEFAULT_K
) -> list[DeathsYear]:
    """Per year: (year, deaths, reviewed, with modifiable factors) rows and {year: (opened, completed)} actions."""
    by_year = {year: (n, reviewed, modifiable) for year, n, reviewed, modifiable in deaths}
    rows = []
    for year in sorted(by_year.keys() | actions.keys()):
        n, reviewed, modifiable = by_year.get(year, (0, 0, 0))
        # The reviewed split into with and without modifiable factors; their total is shown.
        inner = suppress_table(
            {"modifiable": modifiable, "without": reviewed - modifiable}, [["modifiable", "without"]], k
        )
        shown_reviewed = suppress(reviewed, k)
        if inner.hidden_totals and not shown_reviewed.suppressed:
            shown_reviewed = Count(reviewed, True, SECONDARY_LABEL)
        # The deaths are the reviewed and the not yet reviewed: with both totals shown the difference is too, so the
        # deaths are hidden whenever the not yet reviewed or the reviewed are under k.
        shown_deaths = suppress(n, k)
        if not shown_deaths.suppressed and (0 < n - reviewed < k or shown_reviewed.suppressed):
            shown_deaths = Count(n, True, SECONDARY_LABEL)
        opened, completed = actions.get(year, (0, 0))
        rows.append(DeathsYear(year, shown_deaths, shown_reviewed, inner.counts["modifiable"], opened, completed))
    return rows
