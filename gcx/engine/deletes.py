"""Which resources a run deletes, and in what order (the real engine's `ScheduleDeletes`).

Condemned resources are grouped into waves (antichains): a resource is ready once no other
condemned resource depends on it, so dependents go first, children before parents, providers
last. Each wave may run in parallel. Dependency edges run from a resource to its parent, its
`dependencies` and `propertyDependencies`, its `deletedWith` target and its provider.
"""

from __future__ import annotations

import concurrent.futures
import contextvars
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from gcx.engine.urns import ProviderRef


@dataclass
class Condemned:
    """An old resource to remove; `op` is delete, delete-replaced or discard."""

    state: Any
    op: str


def dependency_urns(state: Any) -> set[str]:
    """Every URN a resource state depends on."""
    urns = set(state.dependencies or ())
    for deps in (state.property_dependencies or {}).values():
        urns.update(deps)
    if state.parent:
        urns.add(state.parent)
    if state.deleted_with:
        urns.add(state.deleted_with)
    if state.provider:
        urns.add(ProviderRef.parse(state.provider).urn)
    return urns


def schedule(condemned: list[Condemned]) -> list[list[Condemned]]:
    """Waves of deletes: each wave holds resources no remaining condemned resource depends on."""
    by_urn: dict[str, list[int]] = {}
    for index, item in enumerate(condemned):
        by_urn.setdefault(item.state.urn, []).append(index)
    # dependents[i] = how many other condemned resources still depend on i
    dependents = [0] * len(condemned)
    depends_on: list[list[int]] = []
    for index, item in enumerate(condemned):
        targets = [t for urn in dependency_urns(item.state) for t in by_urn.get(urn, ()) if t != index]
        depends_on.append(targets)
        for target in targets:
            dependents[target] += 1
    ready = [i for i, count in enumerate(dependents) if count == 0]
    waves: list[list[Condemned]] = []
    done = 0
    while ready:
        waves.append([condemned[i] for i in sorted(ready)])
        done += len(ready)
        next_ready: list[int] = []
        for index in ready:
            for target in depends_on[index]:
                dependents[target] -= 1
                if dependents[target] == 0:
                    next_ready.append(target)
        ready = next_ready
    if done != len(condemned):
        stuck = sorted(condemned[i].state.urn for i, count in enumerate(dependents) if count)
        raise ValueError(f"dependency cycle among resources to delete: {', '.join(stuck)}")
    return waves


def run_waves(
    waves: Iterable[list[Condemned]],
    delete_one: Callable[[Condemned], None],
    parallel: int,
    cancelled: threading.Event,
) -> None:
    """Run the waves in order, up to `parallel` deletes at once.

    On the first failure (or a cancellation) no new delete starts; those in flight finish, then
    the first error is raised.
    """
    errors: list[BaseException] = []
    failed = threading.Event()

    def guarded(item: Condemned) -> None:
        if failed.is_set() or cancelled.is_set():
            return
        try:
            delete_one(item)
        except BaseException as exc:
            errors.append(exc)
            failed.set()

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        for wave in waves:
            if failed.is_set() or cancelled.is_set():
                break
            futures = [pool.submit(contextvars.copy_context().run, guarded, item) for item in wave]
            concurrent.futures.wait(futures)
    if errors:
        raise errors[0]
