"""Small-number suppression: counts of people below a threshold are never shown exactly."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_K = 5


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
