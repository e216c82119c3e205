"""Saving the checkpoint after every step, cheaply enough for thousands of resources.

Pulumi rewrites the whole checkpoint after each step. Doing that naively is quadratic in the
number of resources (every save re-encodes, re-encrypts and re-serialises every resource), so:

- each `ResourceState` is encoded once (secrets encrypted) and kept as a JSON fragment, keyed by
  the object itself; the engine never mutates a state it has handed over, it makes a new one;
- a save joins the cached fragments into the checkpoint bytes;
- saves are group-committed: a step that needs its change on disk waits for a write that
  includes it, and one write covers every change made while the previous write ran.

The bytes are the same as `state.snapshot_to_checkpoint` + the DIY backend's compact JSON would
produce; the previous checkpoint is kept as ``.json.bak`` and the store replaces files atomically.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from typing import Any

from gcx.engine.backends.diy import BACKUP_EXT, DiyBackend
from gcx.engine.secrets import PassphraseCrypter
from gcx.engine.state import (
    Manifest,
    PendingOperation,
    ResourceState,
    Snapshot,
    snapshot_to_checkpoint,
    snapshot_to_deployment,
)
from gcx.engine.wire import contains_secret

SnapshotView = tuple[list[ResourceState], list[PendingOperation], int]


def _compact(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


class CheckpointWriter:
    """Writes one stack's checkpoint.

    `collect` returns (resources, pending operations, generation); `crypter(create)` opens the
    stack's passphrase crypter (creating the salt when asked); `salt_state` is the salt recorded
    when no secret has needed the crypter yet.
    """

    def __init__(
        self,
        backend: DiyBackend,
        project: str,
        stack: str,
        crypter: Callable[[bool], PassphraseCrypter | None],
        collect: Callable[[], SnapshotView],
        salt_state: str | None = None,
    ) -> None:
        self._backend = backend
        self._project = project
        self._stack = stack
        self._crypter_for = crypter
        self._crypter: PassphraseCrypter | None = None
        self._collect = collect
        self._salt_state = salt_state
        self._fragments: dict[int, tuple[ResourceState, str]] = {}
        self._write_lock = threading.Lock()
        self._written_generation = -1
        self._previous: bytes | None = None
        self.writes = 0

    def _crypter_for_secrets(self, needed: bool) -> PassphraseCrypter | None:
        if self._crypter is None and needed:
            self._crypter = self._crypter_for(True)
        return self._crypter

    def _fragment(self, state: ResourceState) -> str:
        cached = self._fragments.get(id(state))
        if cached is not None and cached[0] is state:
            return cached[1]
        has_secrets = contains_secret(state.inputs) or contains_secret(state.outputs)
        crypter = self._crypter_for_secrets(has_secrets)
        encoded = snapshot_to_deployment(Snapshot(resources=[state]), crypter)["resources"][0]
        text = _compact(encoded)
        self._fragments[id(state)] = (state, text)
        return text

    def render(self, resources: list[ResourceState], pending: list[PendingOperation]) -> bytes:
        """The checkpoint bytes for these resources and pending operations."""
        fragments = [self._fragment(r) for r in resources]
        live = {id(r) for r in resources}
        if len(self._fragments) > 2 * len(live) + 64:
            self._fragments = {k: v for k, v in self._fragments.items() if k in live}
        needs_crypter = any(contains_secret(op.resource.inputs) for op in pending)
        crypter = self._crypter_for_secrets(needs_crypter)
        placeholder = f"gcx-resources-{uuid.uuid4().hex}"
        header = snapshot_to_checkpoint(
            Snapshot(manifest=Manifest(), pending_operations=pending, secrets_salt=self._salt_state),
            self._project,
            self._stack,
            crypter,
        )
        latest = header["checkpoint"]["latest"]
        ordered: dict[str, Any] = {"manifest": latest["manifest"]}
        if "secrets_providers" in latest:
            ordered["secrets_providers"] = latest["secrets_providers"]
        if resources:
            ordered["resources"] = placeholder
        for key in ("pending_operations", "metadata"):
            if key in latest:
                ordered[key] = latest[key]
        header["checkpoint"]["latest"] = ordered
        text = _compact(header).replace(f'"{placeholder}"', "[" + ",".join(fragments) + "]", 1)
        return text.encode("utf-8")

    def save(self, generation: int) -> None:
        """Return once a checkpoint including change `generation` is on disk."""
        with self._write_lock:
            if self._written_generation >= generation:
                return
            resources, pending, current = self._collect()
            payload = self.render(resources, pending)
            self._write(payload)
            self._written_generation = current

    def _write(self, payload: bytes) -> None:
        key = DiyBackend.stack_key(self._project, self._stack)
        store = self._backend.store
        if self._previous is None:
            try:
                self._previous = store.read(key)
            except FileNotFoundError:
                self._previous = None
        if self._previous is not None:
            store.write(key + BACKUP_EXT, self._previous)
        store.write(key, payload)
        self._previous = payload
        self.writes += 1
