"""`EmulatorServer`: the emulator on an ephemeral loopback port, in a background thread.

    with EmulatorServer() as emu:                # in memory; or db="state.db" to persist
        org = emu.create_org("Acme", region="eu-west-1")
        httpx.post(f"{emu.url}/oauth/token", ...)

The thread runs uvicorn on a socket bound before start-up, so `url` is known and ready when
`__enter__` returns; `__exit__` stops the server and closes the store. uvicorn parses HTTP with
httptools (pinned in requirements.txt; h11 when it is missing) and runs on the standard asyncio
event loop (`EVENT_LOOP`), which `gcx emulator serve` uses too.
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Self

import uvicorn
from fastapi import FastAPI

from gcx.emulator.admin import CreatedOrg, OrgRequest, create_org
from gcx.emulator.app import create_app
from gcx.emulator.settings import EmulatorSettings, FaultSettings
from gcx.emulator.store import Store

__all__ = ["EVENT_LOOP", "EmulatorServer", "bind_socket"]

# asyncio, not uvloop: at 32 concurrent clients, uvloop kept serving a few connections a whole
# round of requests late, again and again (p99 of a 25-group listing 39-46 ms in 5 runs of 6,
# 23-30 ms on asyncio), for the same CPU per request under load (bench/README.md, Emulator).
EVENT_LOOP = "asyncio"


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket for uvicorn; port 0 picks a free one.

    The protocol is given explicitly: asyncio turns on TCP_NODELAY only for sockets whose
    `proto` is IPPROTO_TCP, and without it small responses wait ~40 ms for delayed ACKs.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    # Listen now, so clients that learn the URL before uvicorn starts serving wait in the backlog.
    sock.listen(2048)
    return sock


class EmulatorServer:
    def __init__(
        self,
        db: str | None = None,
        rate_limit_per_minute: int | None = None,
        faults: FaultSettings | None = None,
        host: str = "127.0.0.1",
        settings: EmulatorSettings | None = None,
    ) -> None:
        self.settings = settings.copy() if settings else EmulatorSettings()
        if rate_limit_per_minute is not None:
            self.settings.rate_limit_per_minute = rate_limit_per_minute
        if faults is not None:
            self.settings.faults = faults
        self.db = db
        self.host = host
        self.store: Store | None = None
        self.app: FastAPI | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._port = 0

    @property
    def url(self) -> str:
        if not self._port:
            raise RuntimeError("the emulator is not running; use `with EmulatorServer() as emu:`")
        return f"http://{self.host}:{self._port}"

    @property
    def port(self) -> int:
        return self._port

    def start(self) -> Self:
        self.store = Store(self.db)
        app = self.app = create_app(self.store, self.settings)
        sock = bind_socket(self.host, 0)
        self._port = sock.getsockname()[1]
        config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_keep_alive=30,
            loop=EVENT_LOOP,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="gcx-emulator", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the emulator server failed to start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self.store is not None:
            self.store.close()
        self._server, self._thread, self._port = None, None, 0

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def create_org(
        self,
        name: str,
        region: str = "us-east-1",
        short_name: str | None = None,
    ) -> CreatedOrg:
        """Create a seeded org directly in the store (same code as `POST /_emulator/orgs`)."""
        if self.store is None:
            raise RuntimeError("the emulator is not running")
        return create_org(
            self.store, self.settings, OrgRequest(name=name, region=region, shortName=short_name), self.url
        )
