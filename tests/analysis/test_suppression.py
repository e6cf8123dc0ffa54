"""Small-number suppression: no hidden count can be worked out from what is shown beside it."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from analysis.suppression import SECONDARY_LABEL, safe_mean, suppress, suppress_table

K = 5


def _possible_values(shown: dict[str, str], total: int, keys: list[str]) -> dict[str, set[int]]:
    """Every value each hidden cell could take, given the shown cells, the shown total and that hidden cells are 1+."""
    hidden = [key for key in keys if not shown[key].replace(",", "").isdigit()]
    known = sum(int(shown[key].replace(",", "")) for key in keys if key not in hidden)
    rest = total - known
    possible: dict[str, set[int]] = {key: set() for key in hidden}
    for values in itertools.product(range(1, rest + 1), repeat=len(hidden)):
        if sum(values) != rest:
            continue
        if not any(v < K for v, key in zip(values, hidden) if shown[key] != SECONDARY_LABEL) and any(
            shown[key] != SECONDARY_LABEL for key in hidden
        ):
            continue  # a cell shown as "fewer than 5" must be below 5
        for key, value in zip(hidden, values):
            possible[key].add(value)
    return possible


@given(st.lists(st.integers(min_value=0, max_value=14), min_size=2, max_size=5))
def test_no_hidden_cell_of_a_question_can_be_worked_out_from_its_shown_total(values):
    keys = [f"option{i}" for i in range(len(values))]
    cells = dict(zip(keys, values))
    table = suppress_table(cells, [keys], k=K)
    total = sum(values)
    if table.hidden_totals or 0 < total < K:
        return  # the total itself is hidden, so the cells are not pinned down by it
    shown = {key: c.label for key, c in table.counts.items()}
    for key, possible in _possible_values(shown, total, keys).items():
        assert len(possible) >= 2, (cells, shown, key, possible)


@given(st.lists(st.integers(min_value=0, max_value=14), min_size=2, max_size=5))
def test_a_mean_is_shown_only_when_nothing_of_its_distribution_is_hidden(values):
    tallies = {float(i + 1): n for i, n in enumerate(values)}
    table = suppress_table(tallies, [list(tallies)], k=K)
    mean = safe_mean(tallies, table, k=K)
    if mean is not None:
        assert not any(c.suppressed for c in table.counts.values()) and sum(values) >= K


def test_two_hidden_ones_are_not_left_to_be_given_away_by_their_sum():
    # With 12 shown and 10 known, two hidden cells of 1 and 1 would be exact; a third cell is hidden with them.
    table = suppress_table({"a": 1, "b": 1, "c": 10}, [["a", "b", "c"]], k=K)
    assert [c.suppressed for c in table.counts.values()] == [True, True, True]
    assert table.counts["c"].label == SECONDARY_LABEL


def test_rows_and_columns_of_a_cross_tabulation_are_protected_together():
    cells = {("family", "yes"): 2, ("family", "no"): 9, ("practitioner", "yes"): 8, ("practitioner", "no"): 12}
    rows = [[("family", "yes"), ("family", "no")], [("practitioner", "yes"), ("practitioner", "no")]]
    columns = [[("family", "yes"), ("practitioner", "yes")], [("family", "no"), ("practitioner", "no")]]
    table = suppress_table(cells, rows + columns, k=K)
    for group in rows + columns:
        assert sum(table.counts[key].suppressed for key in group) != 1


def test_a_group_with_nothing_else_to_hide_reports_its_total_hidden():
    table = suppress_table({"a": 3, "b": 0}, [["a", "b"]], k=K)
    assert table.hidden_totals == frozenset({0})


def test_zero_and_k_or_more_are_shown_exactly():
    assert suppress(0).label == "0" and suppress(5).label == "5" and suppress(1234).label == "1,234"
    assert suppress(4).label == "fewer than 5"
