"""`kill -9` at random points of a subprocess `gcx up`; the next `up` converges with no orphaned
cloud object and no duplicate (pending operations + the provider's `find`)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time

import pytest

from gcx.engine.steps import Op
from tests.engine.programs.fakecloud import read_calls, read_cloud
from tests.engine.runtime.harness import GCX

pytestmark = pytest.mark.slow

EXPECTED = {
    1: {"chain0", "chain1", "chain2", "chain3", "solo0-v1", "solo1", "solo2", "solo3", "solo4", "solo5"},
    2: {"chain0", "chain1", "chain2", "chain3-v2", "solo0-v2", "solo1", "solo2", "solo3", "new0", "new1"},
}


def kill_after_calls(proj, calls_wanted: int) -> None:
    """Start `gcx up`, wait for `calls_wanted` provider mutations, then SIGKILL it."""
    env = proj.subprocess_env({"FAKE_DELAY": "0.02"})
    process = subprocess.Popen(
        [GCX, "up", "--yes", "--skip-preview", "--cwd", str(proj.dir), "-p", "4"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if sum(1 for c in read_calls() if c[0] in ("create", "update", "delete")) >= calls_wanted:
                break
            time.sleep(0.005)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()


def assert_converged(proj, version: int) -> None:
    objects = read_cloud()
    snapshot = proj.snapshot()
    live = [r for r in snapshot.resources if r.type == "fake:index:Thing" and not r.delete]
    assert sorted(o["name"] for o in objects.values()) == sorted(EXPECTED[version])
    assert {r.id for r in live} == set(objects), "every cloud object is in the state and vice versa"
    per_urn = [o["urn"] for o in objects.values()]
    assert len(per_urn) == len(set(per_urn)), "one cloud object per resource"
    assert not snapshot.pending_operations
    assert not proj.stack.preview().has_changes


@pytest.mark.parametrize("seed", [11, 23, 37])
def test_kill_minus_nine_anywhere_then_converge(project, seed):
    rng = random.Random(seed)
    proj = project("crash")
    proj.config("version", 1)
    kill_after_calls(proj, rng.randint(1, 9))
    proj.workspace.cancel("dev")  # what `gcx cancel` does for the lock the killed run left
    proj.stack.up()
    assert_converged(proj, 1)

    proj.config("version", 2)
    kill_after_calls(proj, len(read_calls()) + rng.randint(1, 7))
    proj.workspace.cancel("dev")
    result = proj.stack.up()
    assert_converged(proj, 2)
    assert result.steps  # the converging run did real work or found it done
    assert all(s.op != Op.REPLACE or s.urn.endswith(("chain3", "solo0")) for s in result.steps)
