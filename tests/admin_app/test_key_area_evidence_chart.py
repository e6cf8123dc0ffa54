"""The chart of the evidence behind key areas says a withheld count of people in the same words as the page."""

from __future__ import annotations

from admin_app.key_areas import _evidence_chart
from analysis.charts import Series, bar_chart
from core.models import KeyArea


def test_a_withheld_count_of_people_is_described_in_words_never_as_no_value():
    areas = [KeyArea(id=1, title="Neglect"), KeyArea(id=2, title="Escalation")]
    evidence = {
        1: {"respondents": "fewer than 5", "register_entries": 2},
        2: {"respondents": "12", "register_entries": 0},
    }
    chart = _evidence_chart(areas, evidence, "Key area for practice development")
    assert chart is not None
    assert "1. Neglect fewer than 5" in chart.description and "2. Escalation 12" in chart.description
    assert "no value" not in chart.description and all("no value" not in cell for row in chart.rows for cell in row)


def test_a_series_with_nothing_recorded_says_so_rather_than_an_empty_sentence():
    chart = bar_chart(
        ["A", "B"], [Series("People who raised it", [None, None]), Series("Findings", [1, 2])], title="Evidence"
    )
    assert "People who raised it: no values recorded." in chart.description
