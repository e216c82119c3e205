"""Start one server for the benchmark in its own process and print its URL; stop when stdin closes.

    python bench/emulator/serve_for_bench.py emulator [DB_PATH]   # EmulatorServer
    python bench/emulator/serve_for_bench.py moto                 # moto's ThreadedMotoServer

Each server gets a process of its own so the load generator's threads do not compete with it
for the GIL; both are started through their own in-process server classes, as tests use them.
"""

from __future__ import annotations

import sys


def main() -> None:
    kind = sys.argv[1]
    if kind == "emulator":
        from gcx.emulator import EmulatorServer

        server = EmulatorServer(db=sys.argv[2] if len(sys.argv) > 2 else None)
        server.start()
        url = server.url
    elif kind == "moto":
        from moto.server import ThreadedMotoServer

        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        url = f"http://{host}:{port}"
    else:
        raise SystemExit(f"unknown server {kind!r}: use emulator or moto")
    print(url, flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
