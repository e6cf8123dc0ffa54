"""Small-number suppression: no hidden count can be worked out from what is shown beside it."""

from __future__ import annotations

import datetime as dt
from typing import Hashable, Mapping, Sequence, TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.impact_trends import quarterly_respondents
from analysis.suppression import SECONDARY_LABEL, SuppressedTable, safe_mean, suppress, suppress_parts, suppress_table

K = 5
Key = TypeVar("Key", bound=Hashable)


def _possible_values(
    table: SuppressedTable[Key], cells: Mapping[Key, int], groups: Sequence[Sequence[Key]], k: int = K
) -> dict[Key, set[int]]:
    """Every value each hidden cell could take, by trying every assignment a reader could not rule out.

    The reader sees the labels ("fewer than k" is 1 to k-1, "not shown" k or more: these tables hide
    no zeros), the shown cells and every total not reported hidden. Cells in no shown group are left
    out: nothing bounds them but their label.
    """
    shown = [list(g) for i, g in enumerate(groups) if i not in table.hidden_totals]
    totals = [sum(cells[key] for key in g) for g in shown]
    hidden = [key for key, c in table.counts.items() if c.suppressed and any(key in g for g in shown)]

    def values(key: Key) -> range:
        most = min(t for g, t in zip(shown, totals) if key in g)
        return range(1, k) if table.counts[key].label == f"fewer than {k}" else range(k, most + 1)

    possible: dict[Key, set[int]] = {key: set() for key in hidden}
    known = {key: c.value for key, c in table.counts.items() if not c.suppressed}

    def fits(assigned: dict[Key, int], complete: bool) -> bool:
        for group, total in zip(shown, totals):
            if all(key in assigned or key in known for key in group):
                if sum(assigned.get(key, known.get(key, 0)) for key in group) != total:
                    return False
            elif sum(assigned.get(key, known.get(key, 0)) for key in group) > total:
                return False
        return True

    def search(assigned: dict[Key, int], rest: list[Key]) -> None:
        if not rest:
            for key, value in assigned.items():
                possible[key].add(value)
            return
        for value in values(rest[0]):
            assigned[rest[0]] = value
            if fits(assigned, not rest[1:]):
                search(assigned, rest[1:])
            del assigned[rest[0]]

    search({}, hidden)
    return possible


def _assert_nothing_pinned(cells: Mapping[Key, int], groups: Sequence[Sequence[Key]], k: int = K) -> None:
    table = suppress_table(cells, groups, k=k)
    for key, possible in _possible_values(table, cells, groups, k).items():
        assert len(possible) >= 2, ({c: t.label for c, t in table.counts.items()}, table.hidden_totals, key, possible)


@given(st.lists(st.integers(min_value=0, max_value=14), min_size=2, max_size=6))
def test_no_hidden_cell_of_a_question_can_be_worked_out_from_its_shown_total(values):
    keys = [f"option{i}" for i in range(len(values))]
    _assert_nothing_pinned(dict(zip(keys, values)), [keys])


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=2, max_value=3).flatmap(
        lambda width: st.lists(
            st.lists(st.integers(min_value=0, max_value=7), min_size=width, max_size=width), min_size=2, max_size=3
        )
    ),
    st.booleans(),
)
def test_no_hidden_cell_of_a_cross_tabulation_can_be_worked_out_from_its_rows_columns_and_total(rows, grand_total):
    cells = {(r, c): n for r, row in enumerate(rows) for c, n in enumerate(row)}
    row_groups = [[(r, c) for c in range(len(rows[0]))] for r in range(len(rows))]
    column_groups = [[(r, c) for r in range(len(rows))] for c in range(len(rows[0]))]
    _assert_nothing_pinned(cells, row_groups + column_groups + ([list(cells)] if grand_total else []))


def test_a_not_shown_cell_of_k_or_more_does_not_leave_two_fewer_than_k_to_be_worked_out():
    # Found on a findings page: 14 shown beside "fewer than 5", "fewer than 5", 0, 7, "not shown". The hidden three
    # make 7 and "not shown" is 5 or more, so the two "fewer than 5" would be 1 each and the "not shown" exactly 5.
    cells = {"a": 1, "b": 1, "c": 0, "d": 7, "e": 5}
    _assert_nothing_pinned(cells, [list(cells)])
    table = suppress_table(cells, [list(cells)], k=K)
    assert table.counts["d"].label == SECONDARY_LABEL and table.counts["c"].label == "0" and not table.hidden_totals


def test_a_group_whose_only_partner_would_be_pinned_at_k_reports_its_total_hidden():
    # 6 = "fewer than 5" + "not shown": "not shown" is 5 or more, so it is 5 and the other 1, whatever else is hidden.
    table = suppress_table({"a": 1, "b": 5, "c": 0}, [["a", "b", "c"]], k=K)
    assert table.hidden_totals == frozenset({0})


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


def test_parts_of_a_total_always_shown_are_all_hidden_when_hiding_more_cannot_protect_them():
    # 6 respondents, 1 in the first quarter and 5 in the second: hiding both still leaves 1 + 5 = 6 to a reader who
    # knows "fewer than 5" is 1 to 4, so every quarter says "not shown", the empty ones too.
    parts = suppress_parts({"Q1": 1, "Q2": 5, "Q3": 0, "Q4": 0})
    assert {key: c.label for key, c in parts.items()} == dict.fromkeys(("Q1", "Q2", "Q3", "Q4"), SECONDARY_LABEL)
    # Where hiding works, it is the table's answer: the small count and one more hidden, the rest shown.
    kept = suppress_parts({"Q1": 2, "Q2": 6, "Q3": 7, "Q4": 0})
    assert [kept[q].label for q in ("Q1", "Q2", "Q3", "Q4")] == ["fewer than 5", SECONDARY_LABEL, "7", "0"]


def test_quarterly_respondents_give_no_quarter_away_beside_the_years_total():
    days = [dt.date(2026, 2, 1)] + [dt.date(2026, 5, 1)] * 5
    shown = quarterly_respondents(days)
    assert all(count.suppressed for count in shown.values())
