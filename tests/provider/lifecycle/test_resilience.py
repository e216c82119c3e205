"""With the emulator's per-token rate limit and its fault injection on (a share of 503 answers,
added latency, and 404s on reads of just-written objects), `up`, `refresh` and `destroy` of a
whole program converge with zero failed operations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gcx.engine.steps import Op
from tests.provider.lifecycle.harness import Emulator, ops
from tests.provider.lifecycle.test_directory_types import PROGRAM


@pytest.fixture
def faults(emulator: Emulator) -> Iterator[None]:
    emulator.settings(rateLimitPerMinute=40, errorRate=0.2, latencyMs=5, readAfterWriteLagMs=300, seed=11)
    yield
    emulator.settings(rateLimitPerMinute=None, errorRate=0, latencyMs=0, readAfterWriteLagMs=0, seed=None)


def test_up_refresh_and_destroy_converge_under_faults(project, emulator, faults):
    program = project(PROGRAM, retry_timeout="5s")
    program.config("genesyscloud:tokenPoolSize", "4")
    emulator.reset_stats()

    created = program.up(1)
    assert set(ops(created).values()) == {Op.CREATE}
    # Answers the fault injector made never reach a route; there were some, and they were retried.
    faulted = sum(n for (_, route), n in emulator.stats().items() if route == "<unmatched>")
    assert faulted > 0

    assert not program.up(1).has_changes
    refreshed = program.stack.refresh()
    assert {s.result_op for s in refreshed.steps if s.result_op} == {Op.SAME}
    updated = program.up(2)
    assert Op.REPLACE in ops(updated).values()
    destroyed = program.stack.destroy()
    assert set(ops(destroyed).values()) == {Op.DELETE}
    assert program.resources() == {}
