"""The resource states of one deployment: what it started from, what it has done, what remains.

Old states (from the checkpoint) are claimed by the registrations that match them; new states
are recorded as their steps finish; replaced and deleted ones are tracked until they are gone.
`view()` is the snapshot the checkpoint writer saves at any moment: the new states (in the order
their steps finished, which is topological), then old copies of replaced resources waiting for
deletion (``delete: true``), then every old resource the run has not reached yet (references to
renamed resources rewritten), then ``delete: true`` copies an earlier run left behind. Pending
operations are kept beside them. All methods are thread-safe.
"""

from __future__ import annotations

import dataclasses
import threading

from gcx.engine.state import PendingOperation, ResourceState, Snapshot

SnapshotView = tuple[list[ResourceState], list[PendingOperation], int]


def _rewrite_refs(state: ResourceState, renamed: dict[str, str]) -> ResourceState:
    """An untouched old resource whose parent or dependencies were renamed in this run."""

    def fix(urn: str) -> str:
        return renamed.get(urn, urn)

    refs = [state.parent, state.deleted_with, *state.dependencies]
    refs += [u for deps in state.property_dependencies.values() for u in deps]
    if not any(u in renamed for u in refs if u):
        return state
    return dataclasses.replace(
        state,
        parent=fix(state.parent),
        deleted_with=fix(state.deleted_with),
        dependencies=[fix(u) for u in state.dependencies],
        property_dependencies={k: [fix(u) for u in v] for k, v in state.property_dependencies.items()},
    )


class Ledger:
    def __init__(self, old: Snapshot | None) -> None:
        self.lock = threading.RLock()
        self._order: list[str] = []
        self._old: dict[str, ResourceState] = {}
        self._doomed: list[ResourceState] = []  # `delete: true` copies left by an earlier run
        for res in old.resources if old else []:
            if res.delete or res.urn in self._old:
                self._doomed.append(res if res.delete else dataclasses.replace(res, delete=True))
            else:
                self._order.append(res.urn)
                self._old[res.urn] = res
        self.old_pending = list(old.pending_operations) if old else []
        self._claimed: dict[str, str] = {}  # old urn -> new urn
        self._done: set[str] = set()  # old urns whose new state is recorded
        self._removed: set[str] = set()  # old urns deleted (or found gone) in this run
        self._replaced: list[ResourceState] = []  # `delete: true` copies made in this run
        self._deleted_copies: set[int] = set()  # ids of replaced/doomed copies already deleted
        self._new: dict[str, ResourceState] = {}
        self._pending: dict[tuple[str, str], PendingOperation] = {}
        self._rewritten: dict[int, tuple[ResourceState, ResourceState]] = {}
        self._generation = 0

    # ------------------------------------------------------------------ changes and views

    @property
    def generation(self) -> int:
        """How many changes this run has made (0: the state is as loaded)."""
        return self._generation

    def bump(self) -> int:
        with self.lock:
            self._generation += 1
            return self._generation

    def _rewrite(self, state: ResourceState, renamed: dict[str, str]) -> ResourceState:
        cached = self._rewritten.get(id(state))
        if cached is None or cached[0] is not state:
            cached = (state, _rewrite_refs(state, renamed))
            self._rewritten[id(state)] = cached
        return cached[1]

    def view(self) -> SnapshotView:
        with self.lock:
            resources = list(self._new.values())
            resources += [r for r in self._replaced if id(r) not in self._deleted_copies]
            renamed = {old: new for old, new in self._claimed.items() if old != new}
            for urn in self._order:
                if urn in self._done or urn in self._removed:
                    continue
                state = self._old[urn]
                resources.append(self._rewrite(state, renamed) if renamed else state)
            resources += [r for r in self._doomed if id(r) not in self._deleted_copies]
            return resources, list(self._pending.values()), self._generation

    # ------------------------------------------------------------------ old states

    def claim(self, urn: str, aliases: list[str]) -> ResourceState | None:
        """The old state a registration takes over: by URN, else by the first matching alias."""
        with self.lock:
            for candidate in (urn, *aliases):
                old = self._old.get(candidate)
                if old is not None and candidate not in self._claimed and candidate not in self._removed:
                    self._claimed[candidate] = urn
                    return old
        return None

    def keep_unclaimed(self) -> None:
        """Operations that run no program keep every old resource they did not touch."""
        with self.lock:
            for urn in self._order:
                self._claimed.setdefault(urn, urn)

    def unclaimed(self) -> list[ResourceState]:
        with self.lock:
            return [self._old[u] for u in self._order if u not in self._claimed and u not in self._removed]

    def replace_old(self, state: ResourceState) -> None:
        """A new version of an old state (refreshed, or waiting for its replacement)."""
        with self.lock:
            if state.urn not in self._old:
                self._order.append(state.urn)
            self._old[state.urn] = state

    def remove_old(self, urn: str) -> None:
        with self.lock:
            self._removed.add(urn)

    def adopt(self, state: ResourceState) -> bool:
        """Take in an object a crashed run created but did not record; False if already known."""
        with self.lock:
            known = {r.id for r in (*self._old.values(), *self._doomed) if r.urn == state.urn}
            if state.id in known:
                return False
            current = self._old.get(state.urn)
            if current is not None and not current.pending_replacement:
                self._doomed.append(dataclasses.replace(current, delete=True))
            self.replace_old(state)
            return True

    def renamed_from(self, urn: str) -> str | None:
        with self.lock:
            return next((old for old, new in self._claimed.items() if new == urn and old != urn), None)

    def claimed_as(self, old_urn: str) -> str | None:
        with self.lock:
            return self._claimed.get(old_urn)

    # ------------------------------------------------------------------ new states

    def record(self, state: ResourceState, old: ResourceState | None = None) -> None:
        """A step finished: `state` is the resource now (it supersedes `old`)."""
        with self.lock:
            self._new[state.urn] = state
            if old is not None:
                self._done.add(old.urn)

    def new(self, urn: str) -> ResourceState | None:
        with self.lock:
            return self._new.get(urn)

    def get(self, urn: str) -> ResourceState | None:
        """The resource as this run knows it: its new state, else its old one."""
        with self.lock:
            return self._new.get(urn) or self._old.get(urn)

    def queue_replaced(self, old: ResourceState) -> None:
        """The old object of a create-before-delete replacement waits for deletion."""
        with self.lock:
            self._replaced.append(dataclasses.replace(old, delete=True))

    def condemned_copies(self) -> list[ResourceState]:
        """Replaced copies of this run and of earlier runs that still have to be deleted."""
        with self.lock:
            return [r for r in (*self._replaced, *self._doomed) if id(r) not in self._deleted_copies]

    def deleted(self, state: ResourceState) -> None:
        with self.lock:
            if state.delete:
                self._deleted_copies.add(id(state))
            else:
                self._removed.add(state.urn)

    # ------------------------------------------------------------------ pending operations

    def begin(self, state: ResourceState, kind: str) -> tuple[str, str]:
        key = (state.urn, kind)
        with self.lock:
            self._pending[key] = PendingOperation(resource=state, type=kind)
        return key

    def end(self, key: tuple[str, str]) -> None:
        with self.lock:
            self._pending.pop(key, None)
