"""CPU timing shared by the evaluation scripts."""

from __future__ import annotations

import time
from typing import Any, Callable, Iterable


def best_cpu_seconds(work: Callable[[Any], Any], items: Iterable[Any], passes: int = 3) -> float:
    """The least CPU time (this process) of `passes` runs of work over every item, after one warm-up call.

    CPU time rather than wall time, so other load on the machine matters less; the best pass, as
    the machine's speed drifts.
    """
    items = list(items)
    work("warm up")
    best = float("inf")
    for _ in range(passes):
        start = time.process_time()
        for item in items:
            work(item)
        best = min(best, time.process_time() - start)
    return best
