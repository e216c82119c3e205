"""Provider benchmarks (`make bench`): API requests per operation against the minimum the API needs,
and throughput of a 500-resource `up` under the per-token rate limit with a token pool.

1. Requests per operation. The two lifecycle test programs (every resource type) go through
   preview, create, no-op preview, no-op up, refresh, update and destroy; the API calls of each
   operation (login calls apart) are compared with `MINIMUM`, the fewest calls the documented
   flows need for those programs (derivation in `bench/README.md`).
2. Rate-limited throughput. 500 users, each with a routing skill (POST + PUT skills: 2 calls),
   are created in one `up` against a 300 requests/minute per-token limit with a pool of 2 tokens
   (ceiling 600 calls a minute). Utilisation = calls answered 2xx during the first full minute
   / 600; 429 answers and failures are counted.

Results are printed and copied into `bench/README.md` by hand; nothing here asserts a time.
"""

from __future__ import annotations

import platform
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.provider.recording import Call, RecordingEmulator
from gcx.engine.secrets import PassphraseCrypter
from gcx.engine.steps import Op
from tests.provider.lifecycle import test_directory_types, test_routing_integration_types
from tests.provider.lifecycle.certs import self_signed_pem
from tests.provider.lifecycle.harness import PASSPHRASE, Emulator, GenesysProject, ops

pytestmark = pytest.mark.benchmark

LOGIN = "/oauth/token"
PROGRAMS = {
    "directory": test_directory_types.PROGRAM,
    "routing+integrations": test_routing_integration_types.PROGRAM.format(cert=self_signed_pem()),
}
# Fewest API calls of each operation for each program (see bench/README.md, "Provider").
MINIMUM = {
    "directory": {"create": 17, "refresh": 14, "update": 18, "delete": 15},
    "routing+integrations": {"create": 17, "refresh": 13, "update": 11, "delete": 16},
}
USERS = 500
POOL = 2
LIMIT = 300


@pytest.fixture(scope="module")
def salt() -> str:
    return PassphraseCrypter.new(PASSPHRASE).salt_state


@pytest.fixture
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="gcx-provider-bench-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _api(calls: list[Call]) -> int:
    return sum(1 for c in calls if c.route != LOGIN)


def test_requests_per_operation(salt: str, workdir: Path) -> None:
    rows = []
    with RecordingEmulator() as server:
        emulator = Emulator(server)  # type: ignore[arg-type]
        for label, program_text in PROGRAMS.items():
            org = server.create_org(label)
            project = GenesysProject(workdir, program_text, salt, emulator, org, name=label)
            server.take_calls()
            measured: dict[str, list[Call]] = {}
            project.preview(1)
            measured["preview (new stack)"] = server.take_calls()
            assert set(ops(project.up(1)).values()) == {Op.CREATE}
            measured["create"] = server.take_calls()
            project.preview(1)
            measured["preview (no change)"] = server.take_calls()
            assert not project.up(1).has_changes
            measured["up (no change)"] = server.take_calls()
            project.stack.refresh()
            measured["refresh"] = server.take_calls()
            project.up(2)
            measured["update"] = server.take_calls()
            project.stack.destroy()
            measured["delete"] = server.take_calls()
            for operation, calls in measured.items():
                minimum = MINIMUM[label].get(operation, 0)
                ratio = f"{_api(calls) / minimum:.2f}x" if minimum else "-"
                logins = sum(1 for c in calls if c.route == LOGIN)
                rows.append((label, operation, _api(calls), minimum, ratio, logins))
    print("\n| program | operation | API calls | minimum | ratio | token requests |")
    print("|---|---|---:|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(str(v) for v in row) + " |")


def test_500_users_under_the_per_token_rate_limit(salt: str, workdir: Path) -> None:
    body = f"""
skill = genesyscloud.RoutingSkill("skill", name="Bench skill")
for n in range({USERS}):
    genesyscloud.User(
        f"user-{{n}}",
        email=f"user{{n}}@bench.example.com",
        name=f"User {{n}}",
        routing_skills=[genesyscloud.UserRoutingSkillArgs(skill_id=skill.id, proficiency=3)],
    )
"""
    with RecordingEmulator(rate_limit_per_minute=LIMIT) as server:
        emulator = Emulator(server)  # type: ignore[arg-type]
        project = GenesysProject(workdir, body, salt, emulator, server.create_org("bench"), name="users")
        project.config("genesyscloud:tokenPoolSize", str(POOL))
        server.take_calls()
        started = time.monotonic()
        result = project.up(1, parallel=16)
        wall = time.monotonic() - started
        calls = server.take_calls()
    created = sum(
        1 for name, op in ops(result).items() if op == Op.CREATE and name.startswith(("user-", "skill"))
    )
    assert created == USERS + 1  # zero failed operations
    statuses = Counter(c.status for c in calls)
    first = min(c.at for c in calls)
    in_first_minute = sum(
        1 for c in calls if c.at < first + 60 and 200 <= c.status < 300 and c.route != LOGIN
    )
    ceiling = POOL * LIMIT
    ok = sum(n for s, n in statuses.items() if 200 <= s < 300)
    successes = sorted(c.at for c in calls if 200 <= c.status < 300 and c.route != LOGIN)
    throttled = sorted(c.at for c in calls if c.status == 429)
    print(
        f"\nfirst {ceiling} successes after {successes[ceiling - 1] - first:.1f}s, first 429 after"
        f" {(throttled[0] - first) if throttled else 0:.1f}s, last call after {successes[-1] - first:.1f}s,"
        f" engine done after {wall:.1f}s"
    )
    print(
        f"{platform.processor() or platform.machine()}, {USERS} users + 1 skill, pool {POOL} x {LIMIT}/min:"
        f" wall {wall:.1f}s, calls {len(calls)} (2xx {ok}, 429 {statuses.get(429, 0)}, other"
        f" {len(calls) - ok - statuses.get(429, 0)}), 2xx API calls in the first minute {in_first_minute}"
        f" = {in_first_minute / ceiling:.1%} of the {ceiling}/min ceiling"
    )
