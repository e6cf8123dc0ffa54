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


def _group_is_safe(cells: Mapping[Key, int], group: Sequence[Key], hidden: set[Key]) -> bool:
    """With the group's total shown, no hidden cell of it can be worked out exactly."""
    inside = [key for key in group if key in hidden]
    if not inside:
        return True
    # Zeros are shown, so every hidden cell is at least 1: m hidden cells summing to m are all 1.
    return len(inside) >= 2 and sum(cells[key] for key in inside) > len(inside)


def suppress_table(
    cells: Mapping[Key, int], groups: Iterable[Collection[Key]] = (), k: int = DEFAULT_K, hide: Collection[Key] = ()
) -> SuppressedTable[Key]:
    """Hide counts from 1 to k-1, then hide more until every group whose total is shown is safe.

    `groups` are the sets of cells whose sum is shown or can be worked out (a row, a column, the
    answers to one question). Within an unsafe group the smallest other non-zero cell is hidden
    next; a group with nothing left to hide is reported in `hidden_totals` so its total is hidden.
    `hide` are cells hidden whatever their count (e.g. a row whose total another page hides).
    """
    group_list = [tuple(g) for g in groups]
    primary = {key for key, n in cells.items() if 0 < n < k}
    hidden = primary | set(hide)
    exposed: set[int] = set()
    changed = True
    while changed:
        changed = False
        for index, group in enumerate(group_list):
            if index in exposed or _group_is_safe(cells, group, hidden):
                continue
            candidates = [(cells[key], position, key) for position, key in enumerate(group) if key not in hidden]
            candidates = [c for c in candidates if c[0] > 0]
            if not candidates:
                exposed.add(index)
                continue
            hidden.add(min(candidates, key=lambda c: (c[0], c[1]))[2])
            changed = True
    counts = {
        key: Count(n, True, SECONDARY_LABEL) if key in hidden and key not in primary else suppress(n, k)
        for key, n in cells.items()
    }
    return SuppressedTable(counts, frozenset(exposed))


def safe_mean(tallies: Mapping[float, int], table: SuppressedTable[Key], k: int = DEFAULT_K) -> Optional[float]:
    """The mean of a scale, or None when fewer than k answered or any cell of its distribution is hidden."""
    n = sum(tallies.values())
    if n < k or table.any_hidden or table.hidden_totals:
        return None
    return round(sum(value * count for value, count in tallies.items()) / n, 2)
