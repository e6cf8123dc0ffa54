"""Small-number suppression: counts of people below a threshold are never shown exactly.

Primary suppression hides a count from 1 to k-1. That alone is not enough wherever a total is
shown beside the cells: one hidden cell is the total minus the others, and two hidden cells
that are both 1 are given away by their sum. Secondary suppression (`suppress_table`) hides
more cells until every shown total leaves each hidden cell with more than one possible value,
and `safe_mean` withholds an average whenever a cell of its distribution is hidden, since the
mean and the total together are a second equation that can solve for the hidden cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Collection, Generic, Hashable, Iterable, Mapping, Optional, Sequence, TypeVar

DEFAULT_K = 5
SECONDARY_LABEL = "not shown"

Key = TypeVar("Key", bound=Hashable)
Range = tuple[int, int]  # the least and the most a hidden count could be


@dataclass(frozen=True)
class Count:
    """A count ready to show: the exact value only when it is safe to show it."""

    value: int
    suppressed: bool
    label: str


def suppress(n: int, k: int = DEFAULT_K) -> Count:
    """Counts from 1 to k-1 become "fewer than k"; zero and counts of k or more are shown."""
    if 0 < n < k:
        return Count(n, True, f"fewer than {k}")
    return Count(n, False, f"{n:,}")


def display_count(n: int, k: int = DEFAULT_K) -> str:
    return suppress(n, k).label


@dataclass(frozen=True)
class SuppressedTable(Generic[Key]):
    """Cells ready to show, and the groups whose total must be hidden too (none could protect their cells)."""

    counts: dict[Key, Count]
    hidden_totals: frozenset[int] = field(default_factory=frozenset)

    @property
    def any_hidden(self) -> bool:
        return any(c.suppressed for c in self.counts.values())


def _ranges(cells: Mapping[Key, int], hidden: Collection[Key], primary: Collection[Key], k: int) -> dict[Key, Range]:
    """What each hidden cell's label tells a reader, taken as narrowly as a reader could possibly take it.

    "Fewer than k" is 1 to k-1. "Not shown" is hidden either here (a count of k or more: zeros and
    counts under k are never picked) or through `hide`, which can also hide a zero; a reader cannot
    tell which, so "not shown" is 0 or k and more. Treating a hidden count of k or more as k and
    more, and a hidden zero as exactly 0, credits the reader with at least what the labels say and
    always holds the true value, so whatever is safe against it is safe against any reader.
    """
    unbounded = sum(cells.values()) + 1  # above any count, so only a total can bound a "not shown" cell
    return {key: (1, k - 1) if key in primary else (0, 0) if cells[key] == 0 else (k, unbounded) for key in hidden}


def _narrow(
    cells: Mapping[Key, int], groups: Sequence[Sequence[Key]], ranges: Mapping[Key, Range]
) -> Optional[dict[Key, Range]]:
    """Each hidden cell's range narrowed by every shown total, group after group until none narrows further.

    A group's hidden cells add up to its total less its shown cells, so one hidden cell is at least
    that sum less the most the others could be and at most the sum less the least they could be.
    Narrowing one cell can narrow its partners in other groups (a row's bound feeding a column's),
    hence the repetition; ranges only shrink, so it ends. None when some range empties: no counts
    within `ranges` meet the totals.
    """
    bounds = dict(ranges)
    changed = True
    while changed:
        changed = False
        for group in groups:
            inside = [key for key in group if key in bounds]
            hidden_sum = sum(cells[key] for key in inside)
            for key in inside:
                low = sum(bounds[other][0] for other in inside) - bounds[key][0]  # the least the others make
                high = sum(bounds[other][1] for other in inside) - bounds[key][1]
                narrowed = (max(bounds[key][0], hidden_sum - high), min(bounds[key][1], hidden_sum - low))
                if narrowed[0] > narrowed[1]:
                    return None
                if narrowed != bounds[key]:
                    bounds[key], changed = narrowed, True
    return bounds


def _witness(
    cells: Mapping[Key, int], groups: Sequence[Sequence[Key]], ranges: Mapping[Key, Range]
) -> Optional[dict[Key, int]]:
    """Counts within `ranges` that meet every total, or None: narrow, then halve the widest range and try each half.

    Once narrowing leaves every range a single value, those values meet every total (a group they
    did not add up in would have emptied a range), so the search ends in a witness or in emptiness.
    """
    bounds = _narrow(cells, groups, ranges)
    if bounds is None:
        return None
    key = max(bounds, key=lambda key: bounds[key][1] - bounds[key][0], default=None)
    if key is None or bounds[key][0] == bounds[key][1]:
        return {key: low for key, (low, _) in bounds.items()}
    low, high = bounds[key]
    middle = (low + high) // 2
    return _witness(cells, groups, {**bounds, key: (low, middle)}) or _witness(
        cells, groups, {**bounds, key: (middle + 1, high)}
    )


def _pinned(
    cells: Mapping[Key, int], groups: Sequence[Sequence[Key]], hidden: set[Key], primary: set[Key], k: int
) -> set[Key]:
    """The hidden non-zero counts that the labels and the shown totals leave with only one possible value.

    Narrowing alone finds many (one hidden cell in a group, or the 14 = 1 + 1 + 0 + 7 + 5 example),
    but not all: with a column total and the grand total shown, the rest of the table has a known
    sum that no single group states, and narrowing group by group never sees it. So a cell counts
    as safe only once some counts a reader cannot rule out give it a value other than its own; one
    such witness clears every cell it moves.
    """
    members = {key for group in groups for key in group if key in hidden}  # a cell in no group has only its label
    ranges = _narrow(cells, groups, _ranges(cells, members, primary, k)) or {}
    pinned: set[Key] = set()
    cleared: set[Key] = set()
    for key, (low, high) in ranges.items():
        if cells[key] == 0 or key in cleared:
            continue
        for other in ((low, cells[key] - 1), (cells[key] + 1, high)):
            found = _witness(cells, groups, {**ranges, key: other}) if other[0] <= other[1] else None
            if found is not None:
                cleared.update(cell for cell, n in found.items() if n != cells[cell])
                break
        else:
            pinned.add(key)
    return pinned


def suppress_table(
    cells: Mapping[Key, int],
    groups: Iterable[Collection[Key]] = (),
    k: int = DEFAULT_K,
    hide: Collection[Key] = (),
    fixed: Collection[Key] = (),
) -> SuppressedTable[Key]:
    """Hide counts from 1 to k-1, then hide more until no shown total pins down a hidden count.

    `groups` are the sets of cells whose sum is shown or can be worked out (a row, a column, the
    answers to one question). Each hidden cell's label says a range ("fewer than 5" is 1 to 4, "not
    shown" 5 or more), and the totals narrow those ranges (`_narrow`): with 14 shown beside "fewer
    than 5", "fewer than 5", 0, 7 and "not shown", the hidden three make 7 and the "not shown" is 5
    or more, so the other two are 1 each. While some hidden count has one possible value, the first
    group holding one that still has a non-zero cell to hide hides its smallest; only when none has
    is the first reported in `hidden_totals`, so its total is hidden and it narrows nothing.
    `hide` are cells hidden whatever their count (e.g. a row whose total another page hides). `fixed` are cells
    another page shows as they are (hidden ones in `hide` too): never hidden here to protect another, so a group
    that has only them left to hide is reported in `hidden_totals`.
    """
    group_list = [tuple(g) for g in groups]
    primary = {key for key, n in cells.items() if 0 < n < k}
    hidden = primary | set(hide)
    exposed: set[int] = set()
    while True:
        shown = {index: group for index, group in enumerate(group_list) if index not in exposed}
        pinned = _pinned(cells, list(shown.values()), hidden, primary, k)
        holding = [i for i, group in shown.items() if pinned.intersection(group)]
        if not holding:
            break
        # A group with a cell left to hide, before any is given up: the pinned cell may sit in several groups,
        # and only one of them needs another hidden cell.
        choices = {
            i: [
                (cells[key], p, key)
                for p, key in enumerate(shown[i])
                if key not in hidden and key not in fixed and cells[key] > 0
            ]
            for i in holding
        }
        index = next((i for i in holding if choices[i]), holding[0])
        if choices[index]:
            hidden.add(min(choices[index], key=lambda c: (c[0], c[1]))[2])
        else:
            exposed.add(index)
    counts = {
        key: Count(n, True, SECONDARY_LABEL) if key in hidden and key not in primary else suppress(n, k)
        for key, n in cells.items()
    }
    return SuppressedTable(counts, frozenset(exposed))


def suppress_parts(cells: Mapping[Key, int], k: int = DEFAULT_K) -> dict[Key, Count]:
    """The parts of one total that is always shown (quarters of a year's respondents, groups of one question).

    `suppress_table` with the one group; where even hiding every other part leaves one pinned (1 and 5 of 6),
    the total cannot be hidden by the caller, so every part is labelled "not shown", zeros too: all a reader then
    knows is that the parts make the total, which fixes none of them unless there is only one.
    """
    table = suppress_table(cells, [list(cells)], k)
    if not table.hidden_totals:
        return table.counts
    return {key: Count(count.value, True, SECONDARY_LABEL) for key, count in table.counts.items()}


# The cell of the people a question has no answer from (the respondents less those who answered it).
NO_ANSWER = "\x00no answer"


def choose_one_table(tallies: Mapping[str, int], skipped: int, k: int = DEFAULT_K) -> tuple[SuppressedTable[str], bool]:
    """A choose-one question's options for one period, and whether "answered" must be hidden: with the people who
    skipped it, the options add up to the respondents, which are shown. The findings page's rule, shared by every
    page that shows the same answers (the impact page's quarters add up to these cells).

    "Answered" is shown only where the skipped cell is (it is the respondents less that cell); otherwise the
    skipped cell is hidden whatever its count, and the options are suppressed so that none pins it down.
    """
    cells = {**tallies, NO_ANSWER: skipped}
    whole = suppress_table(cells, [list(cells)], k)
    if not whole.hidden_totals and not whole.counts[NO_ANSWER].suppressed:
        return SuppressedTable({key: c for key, c in whole.counts.items() if key != NO_ANSWER}), False
    whole = suppress_table(cells, [list(cells)], k, hide=[NO_ANSWER])
    counts = whole.counts
    if whole.hidden_totals:  # the respondents cannot be hidden: every part is "not shown", as suppress_parts does
        counts = {key: Count(c.value, True, SECONDARY_LABEL) for key, c in counts.items()}
    return SuppressedTable({key: c for key, c in counts.items() if key != NO_ANSWER}), True


def safe_mean(tallies: Mapping[float, int], table: SuppressedTable[Key], k: int = DEFAULT_K) -> Optional[float]:
    """The mean of a scale, or None when fewer than k answered or any cell of its distribution is hidden."""
    n = sum(tallies.values())
    if n < k or table.any_hidden or table.hidden_totals:
        return None
    return round(sum(value * count for value, count in tallies.items()) / n, 2)
