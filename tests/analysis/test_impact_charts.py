"""Impact charts draw a withheld figure as withheld: an empty outline and the table's words, never its value."""

from __future__ import annotations

import datetime as dt

from analysis.impact import area_impact
from analysis.impact_charts import awareness_chart, confidence_chart, deaths_chart, measure_chart
from analysis.impact_trends import deaths_beside_actions, measure_trend


def test_a_hidden_death_count_is_an_outline_with_the_tables_words_and_does_not_scale_the_axis():
    # 2025: 1,012 deaths, 1,010 reviewed, 1,007 with modifiable factors (3 without, 2 not yet reviewed).
    years = deaths_beside_actions([(2024, 30, 20, 6), (2025, 1012, 1010, 1007)], {2024: (8, 3), 2025: (9, 4)})
    chart = deaths_chart(years)
    assert chart is not None
    assert chart.rows[1] == ("2025", "not shown", "9", "4")
    assert "2025: not shown" in chart.svg and "1,007" not in chart.svg and "1007" not in chart.description
    assert 'stroke-dasharray="3 3"' in chart.svg and "withheld to protect privacy" in chart.description
    assert chart.rows[0] == ("2024", "6", "8", "3")


def test_family_answers_per_quarter_show_hidden_cells_as_hidden():
    answers = [(dt.date(2026, 2, 1), {"s": v}) for v in ["4"] * 3 + ["5"] * 6]
    answers += [(dt.date(2026, 5, 1), {"s": v}) for v in ["4"] * 6 + ["5"] * 6]
    trend = measure_trend("s", "Satisfied?", answers)
    labels = ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"]
    chart = measure_chart(trend, labels, "Satisfaction, by quarter", "family-s")
    assert chart is not None
    assert chart.rows == (
        ("2026 Q1", "0", "0", "0", "fewer than 5", "not shown"),
        ("2026 Q2", "0", "0", "0", "not shown", "not shown"),
    )
    assert "Agree, 2026 Q1: fewer than 5" in chart.svg and "Agree, 2026 Q2: 6" not in chart.svg


def test_awareness_and_confidence_charts_show_each_round_and_withhold_what_the_tables_withhold():
    baseline = [{"aware_3": "no", "confidence_3": "2"}] * 5 + [{"aware_3": "yes", "confidence_3": "3"}] * 5
    later = [{"aware_3": "yes", "confidence_3": "4"}] * 9 + [{"aware_3": "no", "confidence_3": "1"}]
    areas = [area_impact(3, "Voice of the child", [("Baseline", baseline), ("After 6 weeks", later)])]
    aware = awareness_chart(areas)
    confidence = confidence_chart(areas)
    assert aware is not None and confidence is not None
    # After 6 weeks one person did not know of it: 90% would give that one away.
    assert aware.rows == (("1. Voice of the child", "50%", "not shown"),)
    assert confidence.rows == (("1. Voice of the child", "2.5", "not shown"),)
    assert "90" not in aware.description and "After 6 weeks, 1. Voice of the child: not shown" in aware.svg


def test_an_area_no_one_in_a_round_answered_about_is_not_drawn_as_withheld():
    answers = [{"aware_3": "yes", "confidence_3": "4"}] * 8  # eight people, none answered about area 4
    areas = [
        area_impact(3, "Voice of the child", [("Baseline", answers)]),
        area_impact(4, "Neglect", [("Baseline", answers)]),
    ]
    aware = awareness_chart(areas)
    assert aware is not None
    assert aware.rows[1] == ("2. Neglect", "no value")
    assert "Baseline, 2. Neglect: not shown" not in aware.svg
