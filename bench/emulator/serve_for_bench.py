"""Start one server for the benchmarks in its own process, print its URL and pid; stop when stdin closes.

    python bench/emulator/serve_for_bench.py emulator [--db PATH] [--source DIR] [--http H] [--loop L]
    python bench/emulator/serve_for_bench.py moto

`emulator` serves `create_app` under uvicorn on a socket from `bind_socket`, as `EmulatorServer`
does; `--source DIR` imports `gcx` from DIR instead (an extracted older revision, so "before"
and "after" run side by side), `--http h11|httptools` and `--loop asyncio|uvloop` pick uvicorn's
parser and event loop (default: the revision's `EVENT_LOOP` if it has one, as `EmulatorServer`
runs it, else what uvicorn picks: httptools and uvloop when installed).
With `BENCH_PROFILE=PATH` in the environment the emulator's server thread runs under cProfile
and its stats are written to PATH when the server stops (`python -m pstats PATH` reads them).
`moto` runs moto's `ThreadedMotoServer`. Each server has a process of its own so the load
generator's threads do not compete with it for the GIL.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import socket
import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import uvicorn


def _serve(server: uvicorn.Server, sockets: list[socket.socket]) -> None:
    """`server.run`, under cProfile when `BENCH_PROFILE` names a file for the stats."""
    path = os.environ.get("BENCH_PROFILE")
    if not path:
        server.run(sockets=sockets)
        return
    profiler = cProfile.Profile()
    profiler.runcall(server.run, sockets=sockets)
    profiler.dump_stats(path)


def _emulator(args: argparse.Namespace) -> tuple[str, uvicorn.Server, threading.Thread]:
    if args.source:
        sys.path.insert(0, args.source)
    import uvicorn

    from gcx.emulator import server as emulator_server
    from gcx.emulator.app import create_app
    from gcx.emulator.server import bind_socket
    from gcx.emulator.store import Store

    sock = bind_socket("127.0.0.1", 0)
    config = uvicorn.Config(
        create_app(Store(args.db)),
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_keep_alive=30,
        http=args.http,
        loop=args.loop or getattr(emulator_server, "EVENT_LOOP", "auto"),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=_serve, args=(server, [sock]), daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", server, thread


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=("emulator", "moto"))
    parser.add_argument("--db")
    parser.add_argument("--source")
    parser.add_argument("--http", default="auto")
    parser.add_argument("--loop")
    args = parser.parse_args()
    if args.kind == "emulator":
        url, server, thread = _emulator(args)

        def stop() -> None:
            server.should_exit = True
            thread.join(timeout=30)

    else:
        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log line per request
        moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        moto.start()
        host, port = moto.get_host_and_port()
        url, stop = f"http://{host}:{port}", moto.stop
    print(url, os.getpid(), flush=True)
    sys.stdin.read()
    stop()


if __name__ == "__main__":
    main()
