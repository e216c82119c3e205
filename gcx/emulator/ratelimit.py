"""Per-key request limits in fixed one-minute windows (keys are access-token hashes or client ids).

A throttled `/api/v2` request gets 429 `too.many.requests` with an integer `Retry-After`; a
throttled token request gets the login service's 400 `invalid_request` "rate limit exceeded;"
answer that the Terraform provider retries (`genesys-api.md` §3.2, `genesys-provider.md` §1.4).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

__all__ = ["RateLimiter"]

WINDOW_SECONDS = 60


class RateLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}

    def check(self, key: str, limit: int | None) -> int | None:
        """Count one request for `key`; return seconds to wait if it is over `limit`, else None."""
        if not limit:
            return None
        now = self._clock()
        with self._lock:
            start, count = self._windows.get(key, (now, 0))
            if now - start >= WINDOW_SECONDS:
                start, count = now, 0
            count += 1
            self._windows[key] = (start, count)
            if len(self._windows) > 10_000:
                self._forget_old(now)
        if count <= limit:
            return None
        return max(1, math.ceil(WINDOW_SECONDS - (now - start)))

    def _forget_old(self, now: float) -> None:
        for key, (start, _) in list(self._windows.items()):
            if now - start >= WINDOW_SECONDS:
                del self._windows[key]

    def reset(self) -> None:
        with self._lock:
            self._windows.clear()
