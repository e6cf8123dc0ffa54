"""Paired change: the same memorable code (a hash) in the first and last rounds pairs answers, tested with Wilcoxon
signed-rank against scipy, and nothing is shown under k pairs or where a cell the pairs rest on is hidden."""

from __future__ import annotations

import pytest
from scipy.stats import wilcoxon

from analysis.impact import area_impact, matched_rank_biserial, paired_scores

AREA = 7
KEY = f"confidence_{AREA}"
# Baseline five each of 2, 3 and 4; the 2s and 3s rise to 4, the 4s fall to 3: every cell of both rounds is 0 or at
# least 5, and so are those who rose, fell and stayed, so the rounds' figures are shown and the pairs may be.
BEFORE = {f"h{n}": score for n, score in enumerate([2] * 5 + [3] * 5 + [4] * 5)}
AFTER = {f"h{n}": score for n, score in enumerate([4] * 10 + [3] * 5)}


def _round(scores: dict[str, int], extra: list[dict[str, str]] = ()) -> list[dict[str, str]]:
    return [{"aware_7": "yes", KEY: str(s), "own_code": code} for code, s in scores.items()] + list(extra)


def test_pairs_are_tested_with_wilcoxon_signed_rank_as_scipy_does_with_the_matched_pairs_effect_size():
    impact = area_impact(7, "x", [("Baseline", _round(BEFORE)), ("Later", _round(AFTER))], k=5, pair_key="own_code")
    paired = impact.paired
    assert paired is not None and (paired.first, paired.last, paired.pairs) == ("Baseline", "Later", 15)
    before = [BEFORE[c] for c in sorted(BEFORE)]
    after = [AFTER[c] for c in sorted(BEFORE)]
    expected = wilcoxon(after, before)
    assert paired.w_statistic == float(expected.statistic)
    assert paired.p_value == round(float(expected.pvalue), 4)
    # Differences five 2s, five 1s and five -1s: the ten 1s rank 5.5 each, the 2s 13; rises 5*13 + 5*5.5 = 92.5,
    # falls 5*5.5 = 27.5, all ranks 120: (92.5 - 27.5) / 120.
    assert paired.effect_size == round(65 / 120, 3)
    assert paired.median_change == 1.0


def test_the_matched_pairs_effect_size_is_one_when_everyone_who_changed_went_up_and_leaves_out_no_change():
    assert matched_rank_biserial([2, 1, 0, 3]) == 1.0
    assert matched_rank_biserial([-1, -2]) == -1.0
    assert matched_rank_biserial([0, 0]) == 0.0


def test_a_code_given_twice_in_a_round_or_in_one_round_only_pairs_no_one():
    before = [{KEY: "2", "own_code": "a"}, {KEY: "3", "own_code": "b"}, {KEY: "3", "own_code": "b"}, {KEY: "4"}]
    after = [{KEY: "4", "own_code": "a"}, {KEY: "5", "own_code": "b"}, {KEY: "5", "own_code": "c"}, {KEY: "1"}]
    assert paired_scores(before, after, KEY, "own_code") == [(2, 4)]


def test_fewer_than_five_pairs_show_nothing_paired_though_the_rounds_are_compared():
    codes = {f"h{n}": f"h{n}" if n < 4 else f"other{n}" for n in range(15)}
    later = [{**answer, "own_code": codes[answer["own_code"]]} for answer in _round(AFTER)]
    impact = area_impact(7, "x", [("Baseline", _round(BEFORE)), ("Later", later)], k=5, pair_key="own_code")
    assert impact.comparison is not None and impact.paired is None


@pytest.mark.parametrize("extra_score", ["1", "2"])
def test_pairs_are_withheld_when_a_cell_of_a_round_they_rest_on_is_hidden(extra_score):
    # One more answer, without a code, puts a single person in a cell: that round's figures are hidden, so are the
    # comparison and the pairs, though fifteen pairs exist.
    later = _round(AFTER, [{KEY: extra_score, "aware_7": "yes"}])
    impact = area_impact(7, "x", [("Baseline", _round(BEFORE)), ("Later", later)], k=5, pair_key="own_code")
    assert impact.comparison is None and impact.paired is None


def test_no_pairing_key_means_no_paired_figures():
    impact = area_impact(7, "x", [("Baseline", _round(BEFORE)), ("Later", _round(AFTER))], k=5)
    assert impact.comparison is not None and impact.paired is None


def test_pairs_with_no_change_report_no_change_without_a_division_by_zero():
    same = _round(BEFORE)
    impact = area_impact(7, "x", [("Baseline", same), ("Later", same)], k=5, pair_key="own_code")
    assert impact.paired is not None and (impact.paired.median_change, impact.paired.p_value) == (0.0, 1.0)
