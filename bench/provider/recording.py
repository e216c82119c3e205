"""The emulator app behind a recorder of every API call (time, method, route template, status).

The benchmarks need per-request timestamps and statuses (429s included), which the emulator's
own `/_emulator/stats` does not keep, so they serve `gcx.emulator.create_app` here wrapped in
`Recorder`. The listening socket is created with ``IPPROTO_TCP`` so asyncio turns Nagle's
algorithm off on accepted connections (as `EmulatorServer` does).
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Self

import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gcx.emulator.admin import CreatedOrg, OrgRequest, create_org
from gcx.emulator.app import create_app
from gcx.emulator.settings import EmulatorSettings
from gcx.emulator.store import Store

__all__ = ["Call", "RecordingEmulator"]


@dataclass(frozen=True)
class Call:
    at: float  # time.monotonic() when the answer was complete
    method: str
    route: str  # the route template, "<unmatched>" for answers made before routing
    status: int


class Recorder:
    def __init__(self, app: ASGIApp, calls: list[Call]) -> None:
        self.app = app
        self.calls = calls
        self.lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_emulator"):
            await self.app(scope, receive, send)
            return
        statuses: list[int] = []

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            route = getattr(scope.get("route"), "path", None) or "<unmatched>"
            call = Call(time.monotonic(), scope["method"], route, statuses[0] if statuses else 0)
            with self.lock:
                self.calls.append(call)


class RecordingEmulator:
    def __init__(self, rate_limit_per_minute: int | None = None) -> None:
        self.settings = EmulatorSettings(rate_limit_per_minute=rate_limit_per_minute)
        self.calls: list[Call] = []
        self.store = Store()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.host, self.port = "127.0.0.1", 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> Self:
        app = Recorder(create_app(self.store, self.settings), self.calls)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        while not self._server.started:
            time.sleep(0.005)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._server is not None and self._thread is not None
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self.store.close()

    def create_org(self, name: str) -> CreatedOrg:
        return create_org(self.store, self.settings, OrgRequest(name=name), self.url)

    def take_calls(self) -> list[Call]:
        """The calls recorded since the last take (login calls included)."""
        taken, self.calls[:] = list(self.calls), []
        return taken
