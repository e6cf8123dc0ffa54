"""Impact over time: families' answers per quarter and child deaths per year, suppressed consistently with the pages
that show the same people (findings by year, the child death register's trend page)."""

from __future__ import annotations

import datetime as dt

from analysis.impact_trends import deaths_beside_actions, measure_trend, quarterly_respondents
from analysis.suppression import suppress_table

Q1, Q2, Q3 = dt.date(2026, 2, 1), dt.date(2026, 5, 1), dt.date(2026, 8, 1)


def _answers(day: dt.date, scores: list[str]) -> list[tuple[dt.date, dict[str, str]]]:
    return [(day, {"satisfaction": s}) for s in scores]


def test_quarters_with_every_count_shown_give_their_distribution_and_median():
    answers = _answers(Q1, ["2"] * 5 + ["4"] * 6) + _answers(Q2, ["4"] * 5 + ["5"] * 5)
    trend = measure_trend("satisfaction", "How satisfied?", answers, k=5)
    assert [p.period for p in trend.periods] == ["2026 Q1", "2026 Q2"]
    first, second = trend.periods
    assert first.respondents.label == "11" and [first.cells[v].label for v in "12345"] == ["0", "5", "0", "6", "0"]
    assert (first.median, second.median) == (4.0, 4.5)


def test_respondents_per_quarter_are_hidden_as_the_findings_page_hides_them_within_the_year():
    days = [Q1] * 3 + [Q2] * 7 + [Q3] * 9
    shown = quarterly_respondents(days, k=5)
    # The findings page suppresses the year's four quarters together against the year's total: the same cells.
    findings = suppress_table(
        {"2026 Q1": 3, "2026 Q2": 7, "2026 Q3": 9, "2026 Q4": 0}, [["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]], 5
    )
    assert {q: c.label for q, c in shown.items()} == {q: c.label for q, c in findings.counts.items()}
    assert shown["2026 Q1"].label == "fewer than 5" and shown["2026 Q2"].label == "not shown"


def test_a_quarter_whose_count_is_hidden_shows_no_answers():
    answers = _answers(Q1, ["4"] * 3) + _answers(Q2, ["4"] * 6 + ["5"] * 6) + _answers(Q3, ["4"] * 7 + ["5"] * 6)
    trend = measure_trend("satisfaction", "How satisfied?", answers, k=5)
    q1, q2, q3 = trend.periods
    assert q1.respondents.suppressed and all(c.suppressed for c in q1.cells.values()) and q1.median is None
    # Q2's count is hidden as well, as findings hides it within the year: its answers with it.
    assert q2.respondents.suppressed and all(c.suppressed for c in q2.cells.values())
    # Q1's "not shown" 5s are zeros (Q1 has fewer than 5 people, and 1 to 4 would read "fewer than 5"), so with Q3's
    # 6 shown, the year's 12 fives on the findings page would give Q2's 6 away: Q3's 6 is hidden, and then its 7.
    assert (q3.respondents.label, q3.cells["4"].label, q3.cells["5"].label, q3.median) == (
        "13",
        "not shown",
        "not shown",
        None,
    )


def test_a_hidden_answer_hides_its_partners_in_the_quarter_and_across_the_year():
    answers = _answers(Q1, ["4"] * 3 + ["5"] * 6) + _answers(Q2, ["4"] * 6 + ["5"] * 6)
    q1, q2 = measure_trend("satisfaction", "How satisfied?", answers, k=5).periods
    assert (q1.respondents.label, q2.respondents.label) == ("9", "12")
    assert q1.cells["4"].label == "fewer than 5"
    # Else Q1's "4" is its total less its "5", or the year's "4" (on the findings page) less Q2's.
    assert [q1.cells["5"].label, q2.cells["4"].label, q2.cells["5"].label] == ["not shown"] * 3
    assert q1.median is None and q2.median is None


def test_a_child_death_count_under_five_is_never_shown_nor_worked_out_from_the_totals():
    # 2025: 12 deaths, 10 reviewed, 7 with modifiable factors: 3 without and 2 not yet reviewed.
    rows = deaths_beside_actions([(2025, 12, 10, 7), (2026, 3, 3, 3)], {2025: (4, 2), 2027: (1, 0)}, k=5)
    assert [r.year for r in rows] == [2025, 2026, 2027]
    y2025, y2026, y2027 = rows
    assert y2025.modifiable.label == "not shown"  # else 10 - 7 = 3 reviewed without
    assert y2025.deaths.label == "not shown"  # else 12 - 10 = 2 not yet reviewed
    assert y2025.reviewed.label == "10" and (y2025.actions_opened, y2025.actions_completed) == (4, 2)
    assert {y2026.deaths.label, y2026.reviewed.label, y2026.modifiable.label} == {"fewer than 5"}
    assert (y2027.deaths.label, y2027.actions_opened) == ("0", 1)


def test_child_deaths_with_every_part_at_least_five_are_shown():
    (row,) = deaths_beside_actions([(2024, 20, 15, 9)], {}, k=5)
    assert (row.deaths.label, row.reviewed.label, row.modifiable.label) == ("20", "15", "9")


def test_deaths_are_hidden_when_the_reviewed_are_few_though_the_not_yet_reviewed_are_many():
    # 7 deaths, 2 reviewed, 5 not yet reviewed: the 5 can be counted on the register by stage, and 7 less 5 is 2.
    (row,) = deaths_beside_actions([(2026, 7, 2, 1)], {}, k=5)
    assert (row.deaths.label, row.reviewed.label, row.modifiable.label) == ("not shown", "fewer than 5", "fewer than 5")
