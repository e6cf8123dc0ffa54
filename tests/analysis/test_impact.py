"""Impact figures: awareness and confidence per round, small numbers suppressed, rounds compared with effect sizes."""

from __future__ import annotations

import pytest

from analysis.impact import area_impact


def _answers(aware: list[str], confidence: list[int], area: int = 7) -> list[dict[str, str]]:
    return [
        {f"aware_{area}": a, f"changed_{area}": "yes", f"confidence_{area}": str(c)}
        for a, c in zip(aware, confidence, strict=True)
    ]


def test_a_later_round_with_higher_confidence_shows_the_change_and_its_effect_size():
    baseline = _answers(["no"] * 5 + ["yes"] * 5, [2] * 5 + [3] * 5)
    later = _answers(["yes"] * 10, [4] * 5 + [5] * 5)
    impact = area_impact(7, "Voice of the child", [("Baseline", baseline), ("After 6 weeks", later)], k=5)
    first, last = impact.rounds
    assert (first.aware_share, last.aware_share) == (0.5, 1.0)
    assert (first.confidence_median, last.confidence_median) == (2.5, 4.5)
    assert impact.comparison is not None
    assert impact.comparison.median_change == 2.0
    assert impact.comparison.effect_size == 1.0  # every later answer is above every baseline answer
    assert impact.comparison.u_statistic == 100.0 and impact.comparison.p_value < 0.001


def test_fewer_than_k_respondents_show_nothing_but_fewer_than_k():
    impact = area_impact(7, "x", [("Baseline", _answers(["yes"] * 4, [3] * 4))], k=5)
    (only,) = impact.rounds
    assert only.respondents.label == "fewer than 5"
    assert only.aware_share is None and only.confidence_median is None and impact.comparison is None


@pytest.mark.parametrize("aware_yes", [1, 4, 6, 9])
def test_a_share_that_would_give_away_a_small_count_is_withheld(aware_yes):
    answers = _answers(["yes"] * aware_yes + ["no"] * (10 - aware_yes), [3] * 10)
    (result,) = area_impact(7, "x", [("Baseline", answers)], k=5).rounds
    assert result.aware_share is None


def test_a_hidden_confidence_cell_withholds_the_median_and_the_comparison():
    baseline = _answers(["yes"] * 10, [1] + [3] * 9)  # one person answered 1: that cell is hidden
    later = _answers(["yes"] * 10, [4] * 10)
    impact = area_impact(7, "x", [("Baseline", baseline), ("Later", later)], k=5)
    assert impact.rounds[0].confidence.counts["1"].suppressed
    assert impact.rounds[0].confidence_median is None and impact.comparison is None


def test_a_round_whose_people_answered_nothing_for_an_area_says_so_rather_than_withholding():
    # Eight people answered the follow-up, all of them about another area (9), none about this one (7).
    answers = [{"aware_9": "yes", "changed_9": "yes", "confidence_9": "4"} for _ in range(8)]
    (result,) = area_impact(7, "x", [("After 6 weeks", answers)], k=5).rounds
    assert result.aware_share is None and result.confidence_median is None
    assert result.unanswered == {"aware", "changed", "confidence"}
    # Answered in part: only the question nobody answered is "none answered"; the others are figures or withheld.
    partly = [{"aware_7": "yes", "confidence_7": "4"} for _ in range(8)]
    (result,) = area_impact(7, "x", [("After 6 weeks", partly)], k=5).rounds
    assert result.unanswered == {"changed"} and result.aware_share == 1.0


def test_a_round_of_fewer_than_k_people_never_says_none_of_them_answered():
    answers = [{"aware_9": "yes"} for _ in range(3)]
    (result,) = area_impact(7, "x", [("After 6 weeks", answers)], k=5).rounds
    assert result.respondents.label == "fewer than 5" and result.unanswered == frozenset()
