"""Findings are offered for whole calendar years only, and no two views let a hidden count be worked out.

The property test turns every number a staff member can see (each survey's findings page for each year,
the survey list's all-time counts, the codebook, and the evidence of every key area proposed for a year)
into a linear equation over the true counts per survey and month, and checks that no hidden count is a
combination of them: adding and subtracting what is shown never gives a number that is hidden.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Iterator

import numpy as np
import pytest

from analysis.suppression import Count
from core.opening import Keyring
from core.services import key_areas
from core.services.findings import POLARITIES, reporting_years, respondents_as_shown, survey_findings
from core.services.themes import install_themes, theme_figures
from tests.factories import survey_by_slug, themed_responses

THEMES = ("neglect", "information_sharing")
MONTHS = [(year, month) for year in (2025, 2026) for month in range(1, 13)]
SURVEYS = {"practitioner-feedback": "practitioner_survey", "family-feedback": "family_survey"}


def _months(year: int, months: Iterator[int] | range) -> set[tuple[int, int]]:
    return {(year, m) for m in months}


class Facts:
    """Shown counts as equations, hidden counts as vectors, over unknowns per survey and month."""

    def __init__(self) -> None:
        self.columns: dict[tuple[object, ...], int] = {}
        for slug in SURVEYS:
            for ym in MONTHS:
                self.columns[(slug, "respondents", ym)] = len(self.columns)
                for theme in THEMES:
                    for polarity in POLARITIES:
                        self.columns[(slug, theme, polarity, ym)] = len(self.columns)
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


def _facts_of_year_page(facts: Facts, slug: str, findings: object, year: int) -> None:
    months = sorted(_months(year, range(1, 13)))
    facts.add(f"{slug} {year} respondents", findings.respondents, [(slug, "respondents", ym) for ym in months])  # type: ignore[attr-defined]
    for label, count in findings.by_quarter:  # type: ignore[attr-defined]
        quarter = int(label[-1])
        keys = [(slug, "respondents", (year, m)) for m in range(3 * quarter - 2, 3 * quarter + 1)]
        facts.add(f"{slug} {label} respondents", count, keys)
    for theme in findings.themes:  # type: ignore[attr-defined]
        cells = {p: [(slug, theme.code, p, ym) for ym in months] for p in POLARITIES}
        facts.add(f"{slug} {year} {theme.code}", theme.total, [key for keys in cells.values() for key in keys])
        for polarity, count in theme.counts.items():
            facts.add(f"{slug} {year} {theme.code} {polarity}", count, cells[polarity])


def _exact(label: str) -> int | None:
    """A label that is a number is an equation; "at least", "fewer than" and "not shown" are not."""
    return int(label.replace(",", "")) if label.replace(",", "").isdigit() else None


def _facts_of_key_areas(facts: Facts, db, year: int) -> None:
    """What a set proposed for the year shows of each area: its people, by source, and their share."""
    months = sorted(_months(year, range(1, 13)))
    draft = key_areas.draft_from_proposal(db, None, key_areas.propose_for_year(db, year))
    for area in draft.areas:
        shown = key_areas.shown_evidence(area, k=5)
        polarity = "good_practice" if area.kind == "good_practice" else "development"
        [theme] = area.theme_codes
        if _exact(shown["respondents"]) is not None:
            facts.shown.append(facts.vector([(s, theme, polarity, ym) for s in SURVEYS for ym in months]))
        for slug, source in SURVEYS.items():
            if _exact(shown["sources"].get(source, "")) is not None:
                facts.shown.append(facts.vector([(slug, theme, polarity, ym) for ym in months]))
        if shown["share"] is not None:  # the people who answered that year are the count over the share
            facts.shown.append(facts.vector([(s, "respondents", ym) for s in SURVEYS for ym in months]))


def _generate(db, keys_dir, seed: int) -> None:
    """A few batches of themed responses a year to each survey, small enough that some years and cells are hidden."""
    rng = random.Random(seed)
    for year in (2025, 2026):
        for _ in range(rng.randint(0, 6)):
            day = dt.date(year, rng.randint(1, 11), rng.randint(1, 28))
            polarity = rng.choice(["development", "good_practice"])
            slug = rng.choice(list(SURVEYS))
            themed_responses(db, keys_dir, rng.choice(THEMES), polarity, rng.randint(1, 6), day, slug=slug)
    db.commit()


@pytest.mark.parametrize("seed", range(16))
def test_no_two_views_let_a_hidden_count_be_worked_out(db, surveys, settings, seed):
    install_themes(db)
    _generate(db, settings.keys_dir, seed)
    keyring = Keyring()
    keyring.unlock(settings.keys_dir, None)
    facts = Facts()
    shown_all_time = respondents_as_shown(db)
    for slug in SURVEYS:
        survey = survey_by_slug(db, slug)
        for year in reporting_years(db, survey, 2026):
            findings = survey_findings(db, keyring, survey, year=year, user_id=None)
            _facts_of_year_page(facts, slug, findings, year)
        every_month = [(slug, "respondents", ym) for ym in MONTHS]
        facts.add(f"{slug} all-time respondents", shown_all_time.get(survey.id, Count(0, False, "0")), every_month)
    for code, figures in theme_figures(db).items():
        if code not in THEMES:
            continue
        for polarity in ("development", "good_practice"):
            count = getattr(figures, polarity)
            # "at least n" is a bound, not an equation: only exact figures are facts.
            if not count.suppressed:
                facts.shown.append(facts.vector([(s, code, polarity, ym) for s in SURVEYS for ym in MONTHS]))
    for year in (2025, 2026):
        _facts_of_key_areas(facts, db, year)

    assert facts.worked_out() == []


def test_the_check_finds_an_area_total_beside_two_surveys_pages_as_it_was_shown_before():
    facts = Facts()
    months = sorted(_months(2026, range(1, 13)))
    for slug, n, hidden in (("practitioner-feedback", 6, False), ("family-feedback", 3, True)):
        count = Count(n, hidden, "fewer than 5" if hidden else str(n))
        facts.add(f"{slug} neglect", count, [(slug, "neglect", "development", ym) for ym in months])
    assert facts.worked_out() == []
    every = [(s, "neglect", "development", ym) for s in SURVEYS for ym in months]
    facts.add("the area's 9 respondents", Count(9, False, "9"), every)
    assert facts.worked_out() == ["family-feedback neglect"]


def test_the_check_finds_the_reported_leak_of_a_month_view_beside_a_year_view():
    facts = Facts()
    slug = "practitioner-feedback"
    year = [(slug, "respondents", (2026, m)) for m in range(1, 13)]
    facts.add("year", Count(20, False, "20"), year)
    for month in range(1, 13):
        if month not in (9, 10):
            facts.add(
                f"month {month}", Count(11 if month == 11 else 0, False, ""), [(slug, "respondents", (2026, month))]
            )
    facts.add("September", Count(4, True, "fewer than 5"), [(slug, "respondents", (2026, 9))])
    facts.add("October", Count(5, True, "not shown"), [(slug, "respondents", (2026, 10))])
    assert facts.worked_out() == []
    facts.add("October alone", Count(5, False, "5"), [(slug, "respondents", (2026, 10))])
    assert facts.worked_out() == ["September", "October"]


def test_an_answered_count_that_would_pin_a_hidden_option_is_hidden():
    from types import SimpleNamespace

    from core.services.findings import _distribution

    # 1 chose "a" (fewer than 5) and 5 chose "b" (not shown, so 5 or more): beside 6 answered they are 1 and 5.
    question = SimpleNamespace(
        key="q", prompt="Q?", kind="choice", options=[{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]
    )
    shown = _distribution(question, ["a"] + ["b"] * 5, 5)
    assert shown.answered.label == "not shown" and [c.label for _, c in shown.options] == ["fewer than 5", "not shown"]


def test_who_answered_is_named_in_words_not_stored_codes(db, surveys, settings):
    from core.services.findings import _breakdowns
    from tests.factories import family_responses_by_tier

    ids = family_responses_by_tier(db, settings, ["early_help"] * 5 + ["universal"] * 5)
    shown = _breakdowns(db, ids, 5)
    assert [label for label, _ in shown["respondent group"]] == ["Parents and carers"]
    tiers = [label for label, _ in shown["tier of intervention"]]
    assert "early_help" not in tiers and any(label.startswith("Everyday services") for label in tiers)
