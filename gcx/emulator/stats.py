"""Request counts per (method, route template), for the provider benchmark's call budget.

`GET /_emulator/stats` returns them and `DELETE /_emulator/stats` starts a new count; the
admin routes themselves are not counted.
"""

from __future__ import annotations

import threading
from collections import Counter

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["RequestStats", "StatsMiddleware"]


class RequestStats:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, str]] = Counter()

    def add(self, method: str, route: str) -> None:
        with self._lock:
            self._counts[(method, route)] += 1

    def snapshot(self) -> list[dict[str, object]]:
        with self._lock:
            items = sorted(self._counts.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        return [{"method": m, "route": r, "count": n} for (m, r), n in items]

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()


class StatsMiddleware:
    def __init__(self, app: ASGIApp, stats: RequestStats) -> None:
        self.app = app
        self.stats = stats

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_emulator"):
            await self.app(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            route = scope.get("route")
            self.stats.add(scope["method"], getattr(route, "path", None) or "<unmatched>")
