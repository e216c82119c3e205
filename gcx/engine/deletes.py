"""Deleting what the program no longer declares (and what replacements left behind), in order.

Condemned resources (the real engine's `ScheduleDeletes`, notes §4.5) are grouped into waves
(antichains): a resource is ready once no other condemned resource depends on it, so dependents
go first, children before parents, providers last; each wave runs up to ``-p`` deletes at once.
Dependency edges run from a resource to its parent, its `dependencies` and `propertyDependencies`,
its `deletedWith` target and its provider (`ResourceState.depends_on`).

Per resource: `protect` refuses the whole run before anything is deleted; `retainOnDelete`, a
`deletedWith` target deleted in the same run, components, providers and read (external)
resources leave the state without a provider call. With ``--target``, a resource that stays may
not depend on one that goes. On the first failure (or a cancellation) no new delete starts.
"""

from __future__ import annotations

import concurrent.futures
import contextvars
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gcx.engine.events import StepFailed, StepFinished, StepStarted
from gcx.engine.failures import ProtectedResourceError, StepError
from gcx.engine.state import ResourceState
from gcx.engine.steps import Op, Step
from gcx.engine.urns import is_default_provider_urn

if TYPE_CHECKING:
    from gcx.engine.deployment import Deployment


@dataclass
class Condemned:
    """An old resource to remove; `op` is delete, delete-replaced or discard."""

    state: ResourceState
    op: str


def schedule(condemned: list[Condemned]) -> list[list[Condemned]]:
    """Waves of deletes: each wave holds resources no remaining condemned resource depends on."""
    by_urn: dict[str, list[int]] = {}
    for index, item in enumerate(condemned):
        by_urn.setdefault(item.state.urn, []).append(index)
    dependents = [0] * len(condemned)  # how many other condemned resources still depend on each
    depends_on: list[list[int]] = []
    for index, item in enumerate(condemned):
        targets = [t for urn in item.state.depends_on() for t in by_urn.get(urn, ()) if t != index]
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
    work: Callable[[Condemned], None],
    parallel: int,
    cancelled: threading.Event,
) -> None:
    """Run the waves in order, up to `parallel` items at once; the first error is raised once
    the items in flight have finished (no new item starts after an error or a cancellation)."""
    errors: list[BaseException] = []
    failed = threading.Event()

    def guarded(item: Condemned) -> None:
        if failed.is_set() or cancelled.is_set():
            return
        try:
            work(item)
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


# ---------------------------------------------------------------------- running the deletes


def condemned(deployment: Deployment) -> list[Condemned]:
    """Old resources the run no longer declares (targeted ones only), then replaced copies."""
    items = [
        Condemned(state, Op.DISCARD if state.external else Op.DELETE)
        for state in deployment.ledger.unclaimed()
        if deployment.is_targeted(state.urn)
    ]
    items += [Condemned(state, Op.DELETE_REPLACED) for state in deployment.ledger.condemned_copies()]
    return items


def run_deletes(deployment: Deployment) -> None:
    items = condemned(deployment)
    for item in items:
        if item.op == Op.DELETE and item.state.protect:
            raise ProtectedResourceError(item.state.urn, "delete")
    dying = {item.state.urn for item in items if item.op != Op.DELETE_REPLACED}
    if deployment.targets:
        _check_nothing_left_depends_on(deployment, dying)
    run_waves(schedule(items), lambda item: _delete(deployment, item, dying), deployment.parallel,
              deployment.cancelled)  # fmt: skip


def _check_nothing_left_depends_on(deployment: Deployment, dying: set[str]) -> None:
    resources, _, _ = deployment.ledger.view()
    for state in resources:
        if state.urn in dying or state.delete:
            continue
        needed = sorted(state.depends_on() & dying)
        if needed:
            raise StepError(
                f"{needed[0]} cannot be deleted: {state.urn} depends on it and is not targeted; "
                "target it too (--target) or remove the dependency first"
            )


def _delete(deployment: Deployment, item: Condemned, dying: set[str]) -> None:
    state = item.state
    hidden = item.op == Op.DELETE_REPLACED or (state.is_provider and is_default_provider_urn(state.urn))
    step = Step(item.op, state.urn, state.type, state, None, state.provider, hidden=hidden)
    deployment.emit(StepStarted(step))
    started = time.monotonic_ns()
    calls_provider = (
        state.custom
        and not state.is_provider
        and not state.external
        and not state.retain_on_delete
        and not (state.deleted_with and state.deleted_with in dying)
    )
    if not deployment.dry_run:
        try:
            if calls_provider:
                deployment.delete_object(state, lambda: deployment.ledger.deleted(state))
            else:
                deployment.ledger.deleted(state)
            deployment.save()
        except BaseException as exc:
            deployment.emit(StepFailed(step, str(exc)))
            raise
    step.duration_ns = time.monotonic_ns() - started
    deployment.record_step(step)
    deployment.emit(StepFinished(step))
