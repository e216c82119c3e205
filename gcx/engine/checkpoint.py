"""Saving the checkpoint as the deployment goes, cheaply enough for thousands of resources.

Pulumi rewrites the whole checkpoint around every step. Done naively that is quadratic in the
number of resources (every save re-encodes, re-encrypts and re-serialises every resource) and,
in a process whose event loop keeps the GIL busy, each synchronous write also waits for the GIL
at every system call. So:

- each `ResourceState` is encoded once (secrets encrypted) and kept as a JSON fragment, keyed by
  the object itself; the engine never mutates a state it has handed over, it makes a new one;
- one writer thread owns the file: it joins the cached fragments into checkpoint bytes and writes
  them whenever something changed, so one write covers every change made while the last ran;
- `save(generation, wait=True)` returns once a checkpoint holding change `generation` is on
  disk. The deployment waits like this before every provider mutation (after recording the
  pending operation), so nothing is ever done in the cloud that the disk does not already know
  about: a step's own result may still be in flight when the process dies, but its pending
  operation is on disk and the next run recovers it (see `gcx.engine.recovery`).

The bytes are what `state.snapshot_to_checkpoint` plus the DIY backend's compact JSON produce. The
checkpoint found when the operation started is kept as ``.json.bak`` (written once, before the
first save of the operation); the store replaces files atomically.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from typing import Any

from gcx.engine.backends.diy import DiyBackend
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
    """Writes one stack's checkpoint from a background thread.

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
        self._changed = threading.Condition()
        self._requested = -1
        self._written = -1
        self._error: BaseException | None = None
        self._closing = False
        self._thread: threading.Thread | None = None
        self._backed_up = False
        self.writes = 0

    # ------------------------------------------------------------------ rendering

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
        if len(self._fragments) > 2 * len(resources) + 64:
            live = {id(r) for r in resources}
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

    def _write(self, payload: bytes) -> None:
        self._backend.write_checkpoint(self._project, self._stack, payload, backup=not self._backed_up)
        self._backed_up = True
        self.writes += 1

    # ------------------------------------------------------------------ the writer thread

    def _run(self) -> None:
        while True:
            with self._changed:
                while self._requested <= self._written and not self._closing:
                    self._changed.wait()
                if self._requested <= self._written:
                    return
            try:
                resources, pending, generation = self._collect()
                self._write(self.render(resources, pending))
            except BaseException as exc:
                with self._changed:
                    self._error = exc
                    self._changed.notify_all()
                return
            with self._changed:
                self._written = max(self._written, generation)
                self._changed.notify_all()

    def save(self, generation: int, wait: bool = True) -> None:
        """Ask for a checkpoint holding change `generation`; with `wait`, return once it is on disk."""
        with self._changed:
            if self._error is not None:
                raise self._error
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="gcx-checkpoint", daemon=True)
                self._thread.start()
            self._requested = max(self._requested, generation)
            self._changed.notify_all()
            while wait and self._written < generation and self._error is None:
                self._changed.wait()
            if self._error is not None:
                raise self._error

    def close(self, generation: int) -> None:
        """Write everything up to `generation`, then stop the writer thread."""
        try:
            self.save(generation, wait=True)
        finally:
            with self._changed:
                self._closing = True
                self._changed.notify_all()
            if self._thread is not None:
                self._thread.join()
