"""Rate limits that never store what they count (addresses, account names).

The client address is used only inside the request, to compute an HMAC under a random key
that lives in this process's memory and is replaced every hour. Only the HMAC digests and
counters are held, in memory, and they are dropped with the key. Nothing is written to disk
or logs. With several worker processes each keeps its own counts (a looser limit, not a leak).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict
from typing import Callable


class RateLimiter:
    """Allow at most `limit` events per address per window (default one hour)."""

    def __init__(self, limit: int, window_seconds: int = 3600, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._key = secrets.token_bytes(32)
        self._window_start = clock()
        self._counts: defaultdict[bytes, int] = defaultdict(int)

    def _roll(self) -> None:
        if self._clock() - self._window_start >= self.window:
            self._key = secrets.token_bytes(32)
            self._counts.clear()
            self._window_start = self._clock()

    def _digest(self, address: str, bucket: str) -> bytes:
        # Called with the lock held, after _roll: the key is the current window's.
        return hmac.new(self._key, f"{bucket}\0{address}".encode(), hashlib.sha256).digest()[:16]

    def hit(self, address: str, bucket: str) -> bool:
        """Count one event; True if it is within the limit."""
        if self.limit <= 0:
            return True
        with self._lock:
            self._roll()
            digest = self._digest(address, bucket)
            self._counts[digest] += 1
            return self._counts[digest] <= self.limit

    def exhausted(self, address: str, bucket: str) -> bool:
        """True if this key has already used up its limit in the current window (counts nothing)."""
        if self.limit <= 0:
            return False
        with self._lock:
            self._roll()
            return self._counts.get(self._digest(address, bucket), 0) >= self.limit
