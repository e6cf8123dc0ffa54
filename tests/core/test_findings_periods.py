"""Findings are offered for whole calendar years only, and no two views let a hidden count be worked out.

The property test turns every number a staff member can see (each year's findings page, the survey list's
all-time count and the codebook)
into a linear equation over the true counts per month, and checks that no hidden count is a combination of
them: adding and subtracting what is shown never gives a number that is hidden.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Iterator

import numpy as np
import pytest

from analysis.suppression import Count
from core.opening import Keyring
from core.services.findings import POLARITIES, reporting_years, respondents_as_shown, survey_findings
from core.services.themes import install_themes, theme_figures
from tests.factories import survey_by_slug, themed_responses

THEMES = ("neglect", "information_sharing")
MONTHS = [(year, month) for year in (2025, 2026) for month in range(1, 13)]


def _months(year: int, months: Iterator[int] | range) -> set[tuple[int, int]]:
    return {(year, m) for m in months}


class Facts:
    """Shown counts as equations, hidden counts as vectors, over unknowns per month (respondents, themes)."""

    def __init__(self) -> None:
        self.columns: dict[tuple[object, ...], int] = {}
        for ym in MONTHS:
            self.columns[("respondents", ym)] = len(self.columns)
            for theme in THEMES:
                for polarity in POLARITIES:
                    self.columns[(theme, polarity, ym)] = len(self.columns)
        self.shown: list[np.ndarray] = []
        self.hidden: list[tuple[str, np.ndarray]] = []

    def vector(self, keys: list[tuple[object, ...]]) -> np.ndarray:
        row = np.zeros(len(self.columns))
        for key in keys:
            row[self.columns[key]] = 1
        return row

    def add(self, what: str, count: Count, keys: list[tuple[object, ...]]) -> None:
        if count.suppressed:
            if count.value:
                self.hidden.append((what, self.vector(keys)))
        else:
            self.shown.append(self.vector(keys))

    def worked_out(self) -> list[str]:
        shown = np.array(self.shown) if self.shown else np.zeros((0, len(self.columns)))
        rank = np.linalg.matrix_rank(shown) if len(shown) else 0
        return [what for what, h in self.hidden if np.linalg.matrix_rank(np.vstack([shown, h])) == rank]


def _facts_of_year_page(facts: Facts, findings: object, year: int) -> None:
    months = sorted(_months(year, range(1, 13)))
    facts.add(f"{year} respondents", findings.respondents, [("respondents", ym) for ym in months])  # type: ignore[attr-defined]
    for label, count in findings.by_quarter:  # type: ignore[attr-defined]
        quarter = int(label[-1])
        keys = [("respondents", (year, m)) for m in range(3 * quarter - 2, 3 * quarter + 1)]
        facts.add(f"{label} respondents", count, keys)
    for theme in findings.themes:  # type: ignore[attr-defined]
        cells = {p: [(theme.code, p, ym) for ym in months] for p in POLARITIES}
        facts.add(f"{year} {theme.code}", theme.total, [key for keys in cells.values() for key in keys])
        for polarity, count in theme.counts.items():
            facts.add(f"{year} {theme.code} {polarity}", count, cells[polarity])


def _generate(db, keys_dir, seed: int) -> None:
    """A few batches of themed responses a year, small enough that some years and cells are hidden."""
    rng = random.Random(seed)
    for year in (2025, 2026):
        for _ in range(rng.randint(0, 4)):
            day = dt.date(year, rng.randint(1, 11), rng.randint(1, 28))
            polarity = rng.choice(["development", "good_practice"])
            themed_responses(db, keys_dir, rng.choice(THEMES), polarity, rng.randint(1, 6), day)
    db.commit()


@pytest.mark.parametrize("seed", range(16))
def test_no_two_views_of_a_survey_let_a_hidden_count_be_worked_out(db, surveys, settings, seed):
    install_themes(db)
    _generate(db, settings.keys_dir, seed)
    survey = survey_by_slug(db, "practitioner-feedback")
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, None)
    facts = Facts()
    for year in reporting_years(db, survey, 2026):
        findings = survey_findings(db, keyring, survey, year=year, user_id=None)
        _facts_of_year_page(facts, findings, year)
    every_month = [("respondents", ym) for ym in MONTHS]
    facts.add("all-time respondents", respondents_as_shown(db).get(survey.id, Count(0, False, "0")), every_month)
    for code, figures in theme_figures(db).items():
        if code not in THEMES:
            continue
        for polarity in ("development", "good_practice"):
            count = getattr(figures, polarity)
            # "at least n" is a bound, not an equation: only exact figures are facts.
            if not count.suppressed:
                facts.shown.append(facts.vector([(code, polarity, ym) for ym in MONTHS]))

    assert facts.worked_out() == []


def test_the_check_finds_the_reported_leak_of_a_month_view_beside_a_year_view():
    facts = Facts()
    year = [("respondents", (2026, m)) for m in range(1, 13)]
    facts.add("year", Count(20, False, "20"), year)
    for month in range(1, 13):
        if month not in (9, 10):
            facts.add(f"month {month}", Count(11 if month == 11 else 0, False, ""), [("respondents", (2026, month))])
    facts.add("September", Count(4, True, "fewer than 5"), [("respondents", (2026, 9))])
    facts.add("October", Count(5, True, "not shown"), [("respondents", (2026, 10))])
    assert facts.worked_out() == []
    facts.add("October alone", Count(5, False, "5"), [("respondents", (2026, 10))])
    assert facts.worked_out() == ["September", "October"]
