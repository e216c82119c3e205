"""Throughput and latency of the emulator beside moto's S3 server, measured in one run.

Three operations at 1, 8 and 32 concurrent keep-alive clients on loopback:

| operation  | emulator (Genesys Cloud)            | moto (S3)                              |
|------------|-------------------------------------|----------------------------------------|
| GET by id  | GET /api/v2/groups/{id}             | GET /bucket/{key} (GetObject)          |
| list       | GET /api/v2/groups?pageSize=25      | GET /bucket?list-type=2&max-keys=25    |
| POST       | POST /api/v2/groups                 | PUT /bucket/{new key} (PutObject)      |

Servers run in their own processes (`serve_for_bench.py`); the emulator twice, in memory and
on a SQLite file (WAL). Every emulator request carries a bearer token and passes the permission
check. The table is printed (run `make bench`) and copied into `bench/README.md` by hand.
Nothing here asserts a time: the only assertions are that every request succeeded.
"""

from __future__ import annotations

import itertools
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.benchmark

LEVELS = (1, 8, 32)
REQUESTS = {1: 500, 8: 2000, 32: 3200}
SEED_OBJECTS = 200
RUNNER = Path(__file__).with_name("serve_for_bench.py")

Request = Callable[[httpx.Client, int, int], httpx.Response]


@dataclass
class Result:
    server: str
    operation: str
    clients: int
    throughput: float
    p50_ms: float
    p99_ms: float


def _start(*args: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, str(RUNNER), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    return process, process.stdout.readline().strip()


def _stop(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.close()
    process.wait(timeout=30)


def _load(
    url: str, headers: dict[str, str], request: Request, clients: int, total: int
) -> tuple[float, list[float]]:
    per_client = total // clients
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def worker(worker_id: int) -> None:
        mine = []
        with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
            request(client, worker_id, -1)  # warm the connection
            barrier.wait()
            for i in range(per_client):
                started = time.perf_counter()
                response = request(client, worker_id, i)
                mine.append(time.perf_counter() - started)
                if response.status_code >= 300:
                    failures.append(f"{response.status_code} {response.text[:200]}")
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    assert not failures, failures[:3]
    return len(latencies) / elapsed, latencies


def _measure(
    server: str, url: str, headers: dict[str, str], operations: dict[str, Request]
) -> Iterator[Result]:
    for operation, request in operations.items():
        for clients in LEVELS:
            throughput, latencies = _load(url, headers, request, clients, REQUESTS[clients])
            cuts = statistics.quantiles(latencies, n=100)
            result = Result(server, operation, clients, throughput, cuts[49] * 1000, cuts[98] * 1000)
            print(
                f"{server:24} {operation:10} {clients:3} clients: {throughput:8.0f} req/s "
                f"p50 {result.p50_ms:6.1f} ms p99 {result.p99_ms:6.1f} ms",
                flush=True,
            )
            yield result


def _emulator_operations(url: str) -> tuple[dict[str, str], dict[str, Request]]:
    org = httpx.post(f"{url}/_emulator/orgs", json={"name": "Bench"}).json()
    token = httpx.post(
        f"{url}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(org["clientId"], org["clientSecret"]),
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers) as client:
        ids = [
            client.post("/api/v2/groups", json={"name": f"seed {i}"}).json()["id"]
            for i in range(SEED_OBJECTS)
        ]
    names = itertools.count()
    return headers, {
        "GET by id": lambda c, w, i: c.get(f"/api/v2/groups/{ids[(w * 7919 + i) % len(ids)]}"),
        "list": lambda c, w, i: c.get("/api/v2/groups", params={"pageSize": 25, "pageNumber": 1 + (i % 8)}),
        "POST": lambda c, w, i: c.post("/api/v2/groups", json={"name": f"bench {next(names)}"}),
    }


# moto does not check signatures, but treats a request without credentials as anonymous (403 on
# private objects); a well-formed SigV4 header makes it an authenticated request like boto3's.
_SIGV4 = (
    "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/s3/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64
)


def _moto_operations(url: str) -> tuple[dict[str, str], dict[str, Request]]:
    headers = {"Authorization": _SIGV4, "x-amz-date": "20250101T000000Z"}
    with httpx.Client(base_url=url, headers=headers) as client:
        assert client.put("/bench").status_code == 200
        for i in range(SEED_OBJECTS):
            client.put(f"/bench/seed-{i}", content=b'{"name":"seed"}')
    keys = itertools.count()
    return headers, {
        "GET by id": lambda c, w, i: c.get(f"/bench/seed-{(w * 7919 + i) % SEED_OBJECTS}"),
        "list": lambda c, w, i: c.get("/bench", params={"list-type": "2", "max-keys": "25"}),
        "POST": lambda c, w, i: c.put(f"/bench/new-{next(keys)}", content=b'{"name":"bench"}'),
    }


def _table(results: list[Result]) -> str:
    lines = ["| server | operation | clients | req/s | p50 ms | p99 ms |", "|---|---|---:|---:|---:|---:|"]
    lines += [
        f"| {r.server} | {r.operation} | {r.clients} | {r.throughput:,.0f} "
        f"| {r.p50_ms:.1f} | {r.p99_ms:.1f} |"
        for r in results
    ]
    return "\n".join(lines)


def test_emulator_beside_moto(tmp_path: Path) -> None:
    results: list[Result] = []
    for label, args, setup in (
        ("emulator (memory)", ("emulator",), _emulator_operations),
        ("emulator (SQLite file)", ("emulator", str(tmp_path / "bench.db")), _emulator_operations),
        ("moto S3", ("moto",), _moto_operations),
    ):
        process, url = _start(*args)
        try:
            headers, operations = setup(url)
            results.extend(_measure(label, url, headers, operations))
        finally:
            _stop(process)
    print("\n" + _table(results))
    by_key = {(r.server, r.operation, r.clients): r for r in results}
    print("\nthroughput ratio emulator (SQLite file) / moto:")
    for operation in ("GET by id", "list", "POST"):
        ratios = [
            by_key[("emulator (SQLite file)", operation, n)].throughput
            / by_key[("moto S3", operation, n)].throughput
            for n in LEVELS
        ]
        print(
            f"  {operation}: "
            + ", ".join(f"{n} clients {r:.2f}x" for n, r in zip(LEVELS, ratios, strict=True))
        )
    assert len(results) == 27
