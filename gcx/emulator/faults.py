"""Opt-in fault injection, as ASGI middleware in front of `/api/v2` and `/oauth/token`.

Three kinds, set in `EmulatorSettings.faults` and changeable at run time:
- a share of requests answered 503 `service.unavailable` (what clients retry on),
- latency added to every request,
- read-after-write lag: for a while after a POST/PUT answered with an object `id`, a GET whose
  path names that id answers 404, like the eventually consistent real service that makes the
  Terraform provider retry 404s on read.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Callable

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gcx.emulator.errors import ApiError, not_found, render
from gcx.emulator.settings import EmulatorSettings

__all__ = ["FaultMiddleware"]

_FAULTED_PREFIXES = ("/api/v2/", "/oauth/")


class FaultMiddleware:
    def __init__(self, app: ASGIApp, settings: Callable[[], EmulatorSettings]) -> None:
        self.app = app
        self._settings = settings
        self._rng = random.Random()
        self._seed: int | None = None
        self._created: dict[str, float] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        faults = self._settings().faults
        if scope["type"] != "http" or not faults.active or not scope["path"].startswith(_FAULTED_PREFIXES):
            await self.app(scope, receive, send)
            return
        if faults.seed != self._seed:
            self._seed = faults.seed
            self._rng.seed(faults.seed)
        if faults.latency_ms:
            await asyncio.sleep(faults.latency_ms / 1000)
        if faults.error_rate and self._rng.random() < faults.error_rate:
            error = ApiError(503, "service.unavailable", "The service is currently unavailable.")
            await render(Request(scope), error)(scope, receive, send)
            return
        lag = faults.read_after_write_lag_ms / 1000
        if lag and scope["method"] == "GET" and self._is_fresh(scope["path"], lag):
            await render(Request(scope), not_found())(scope, receive, send)
            return
        if lag and scope["method"] in ("POST", "PUT"):
            await self.app(scope, receive, self._recording(send))
            return
        await self.app(scope, receive, send)

    def _is_fresh(self, path: str, lag: float) -> bool:
        now = time.monotonic()
        for ident, created in list(self._created.items()):
            if now - created > lag:
                del self._created[ident]
        return any(segment in self._created for segment in path.split("/"))

    def _recording(self, send: Send) -> Send:
        status: list[int] = []
        chunks: list[bytes] = []

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            elif message["type"] == "http.response.body" and status and 200 <= status[0] < 300:
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    self._remember(b"".join(chunks))
            await send(message)

        return wrapped

    def _remember(self, body: bytes) -> None:
        try:
            data = json.loads(body or b"null")
        except ValueError:
            return
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            self._created[data["id"]] = time.monotonic()
