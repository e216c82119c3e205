"""`DiyBackend`: Pulumi's DIY (self-managed) state layout on any `BlobStore`.

Layout (pulumi `pkg/backend/diy`, project-scoped stacks, ``meta.yaml`` version 1)::

    .pulumi/meta.yaml                                             version: 1
    .pulumi/stacks/<project>/<stack>.json                         checkpoint (+ .json.bak, the previous one)
    .pulumi/history/<project>/<stack>/<stack>-<unixnano>.history.json      UpdateInfo
    .pulumi/history/<project>/<stack>/<stack>-<unixnano>.checkpoint.json   checkpoint copy
    .pulumi/backups/<project>/<stack>/<stack>.<unixnano>.json     copy taken by `stack rm`
    .pulumi/locks/organization/<project>/<stack>/<uuid>.json      lock files (see `gcx.engine.lock`)

Checkpoints are written as compact JSON (like Pulumi's `diyJSONMarshaler`); the previous file is
copied to ``.json.bak`` first and the new one replaces it atomically.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from gcx.engine.backends.store import BlobStore
from gcx.engine.errors import (
    BackendError,
    LockHolder,
    StackAlreadyExistsError,
    StackNotFoundError,
    StateError,
)
from gcx.engine.lock import StackLock, remove_all_locks
from gcx.engine.state import checkpoint_latest, empty_checkpoint
from gcx.engine.urns import STACK_TYPE

BOOKKEEPING = ".pulumi"
META_KEY = f"{BOOKKEEPING}/meta.yaml"
META_VERSION = 1
JSON_EXT = ".json"
BACKUP_EXT = ".bak"


def dumps_compact(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class DiyBackend:
    def __init__(self, store: BlobStore) -> None:
        self.store = store
        self.lock_id = str(uuid.uuid4())
        self._meta_checked = False
        self._held: dict[tuple[str, str], int] = {}
        self._last_payload: dict[str, bytes] = {}  # last checkpoint written under our lock

    def __repr__(self) -> str:
        return f"DiyBackend({self.url!r})"

    @property
    def url(self) -> str:
        return self.store.url

    # --- layout -----------------------------------------------------------------------------

    @staticmethod
    def stack_key(project: str, stack: str) -> str:
        return f"{BOOKKEEPING}/stacks/{project}/{stack}{JSON_EXT}"

    @staticmethod
    def history_dir(project: str, stack: str) -> str:
        return f"{BOOKKEEPING}/history/{project}/{stack}/"

    @staticmethod
    def backup_dir(project: str, stack: str) -> str:
        return f"{BOOKKEEPING}/backups/{project}/{stack}/"

    def _check_meta(self, writing: bool) -> None:
        if self._meta_checked:
            return
        if self.store.exists(META_KEY):
            text = self.store.read(META_KEY).decode("utf-8", "replace")
            version = next(
                (line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("version:")),
                "",
            )
            if version != str(META_VERSION):
                raise BackendError(
                    f"{self.store.url_of(META_KEY)}: state store version {version or '?'} is not supported; "
                    f"gcx reads project-scoped DIY state (version {META_VERSION}); run `pulumi state upgrade`"
                )
        else:
            legacy = [k for k in self.store.list(f"{BOOKKEEPING}/stacks") if k.count("/") == 2]
            if legacy:
                raise BackendError(
                    f"{self.url} holds legacy (not project-scoped) stacks such as {legacy[0]}; "
                    "upgrade them with `pulumi state upgrade` before using gcx"
                )
            if not writing:
                return
            self.store.write(META_KEY, f"version: {META_VERSION}\n".encode())
        self._meta_checked = True

    # --- stacks -----------------------------------------------------------------------------

    def list_stacks(self, project: str) -> list[str]:
        self._check_meta(writing=False)
        prefix = f"{BOOKKEEPING}/stacks/{project}/"
        names = []
        for key in self.store.list(prefix):
            name = key[len(prefix) :]
            if "/" not in name and name.endswith(JSON_EXT):
                names.append(name[: -len(JSON_EXT)])
        return sorted(names)

    def stack_exists(self, project: str, stack: str) -> bool:
        self._check_meta(writing=False)
        return self.store.exists(self.stack_key(project, stack))

    def read_checkpoint(self, project: str, stack: str) -> dict[str, Any]:
        """The stack's versioned checkpoint as JSON; `StackNotFoundError` when there is none."""
        self._check_meta(writing=False)
        key = self.stack_key(project, stack)
        try:
            raw = self.store.read(key)
        except FileNotFoundError:
            raise StackNotFoundError(stack) from None
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise StateError(
                f"{self.store.url_of(key)} is not valid JSON ({exc}); the previous state is in "
                f"{self.store.url_of(key + BACKUP_EXT)}"
            ) from None
        checkpoint_latest(data)  # validates the envelope and version
        return data

    def write_checkpoint(
        self, project: str, stack: str, data: Mapping[str, Any] | bytes, *, backup: bool = True
    ) -> None:
        """Keep the current checkpoint as ``.json.bak`` (unless `backup` is false), then replace it
        atomically.

        `data` is the checkpoint as JSON, or its bytes already serialised. While this instance
        holds the stack lock nobody else writes the file, so the previous bytes come from memory
        instead of a read. An operation that saves after every step backs up only before its
        first save, so ``.bak`` is the checkpoint from before the operation.
        """
        self._check_meta(writing=True)
        key = self.stack_key(project, stack)
        payload = data if isinstance(data, bytes) else dumps_compact(data)
        locked = bool(self._held.get((project, stack)))
        if backup:
            previous = self._last_payload.get(key) if locked else None
            if previous is None:
                try:
                    previous = self.store.read(key)
                except FileNotFoundError:
                    previous = None
            if previous is not None:
                self.store.write(key + BACKUP_EXT, previous)
        self.store.write(key, payload)
        if locked:
            self._last_payload[key] = payload

    def create_stack(self, project: str, stack: str) -> None:
        with self.lock(project, stack):
            if self.stack_exists(project, stack):
                raise StackAlreadyExistsError(stack)
            self.write_checkpoint(project, stack, empty_checkpoint(project, stack))

    def remove_stack(self, project: str, stack: str, force: bool = False) -> None:
        """Back the checkpoint up under ``backups/``, then remove the stack and its history.

        Refuses while resources remain (a lone root Stack resource does not count) unless `force`.
        """
        with self.lock(project, stack):
            data = self.read_checkpoint(project, stack)
            resources = (checkpoint_latest(data) or {}).get("resources") or []
            only_root = len(resources) == 1 and resources[0].get("type") == STACK_TYPE
            if resources and not only_root and not force:
                raise StateError(
                    f"refusing to remove stack '{stack}' because it still contains {len(resources)} "
                    "resources; run `gcx destroy` first, or pass --force to forget them"
                )
            key = self.stack_key(project, stack)
            raw = self.store.read(key)
            self.store.write(f"{self.backup_dir(project, stack)}{stack}.{time.time_ns()}{JSON_EXT}", raw)
            self.store.write(key + BACKUP_EXT, raw)
            self.store.delete(key)
            for history_key in self.store.list(self.history_dir(project, stack)):
                self.store.delete(history_key)

    # --- history ----------------------------------------------------------------------------

    def add_history(self, project: str, stack: str, update_info: Mapping[str, Any]) -> str:
        """Record one update: the UpdateInfo and a copy of the current checkpoint; returns the prefix."""
        self._check_meta(writing=True)
        prefix = f"{self.history_dir(project, stack)}{stack}-{time.time_ns()}"
        self.store.write(f"{prefix}.history{JSON_EXT}", dumps_compact(update_info))
        try:
            checkpoint = self.store.read(self.stack_key(project, stack))
        except FileNotFoundError:
            raise StackNotFoundError(stack) from None
        self.store.write(f"{prefix}.checkpoint{JSON_EXT}", checkpoint)
        return prefix

    def history(self, project: str, stack: str) -> list[dict[str, Any]]:
        """The recorded UpdateInfos, most recent first."""
        entries = [
            k for k in self.store.list(self.history_dir(project, stack)) if k.endswith(".history.json")
        ]
        # Names differ only in the unixnano suffix, so sort on it numerically.
        entries.sort(key=lambda k: int(k.rsplit("-", 1)[1].split(".", 1)[0]), reverse=True)
        return [json.loads(self.store.read(k)) for k in entries]

    # --- locks ------------------------------------------------------------------------------

    @contextmanager
    def lock(self, project: str, stack: str) -> Iterator[None]:
        """Hold the stack lock for the block; re-entrant within this backend instance."""
        held_key = (project, stack)
        if self._held.get(held_key):
            self._held[held_key] += 1
            try:
                yield
            finally:
                self._held[held_key] -= 1
            return
        self._check_meta(writing=True)
        stack_lock = StackLock(self.store, project, stack, self.lock_id)
        stack_lock.acquire()
        self._held[held_key] = 1
        try:
            yield
        finally:
            self._held.pop(held_key, None)
            self._last_payload.pop(self.stack_key(project, stack), None)
            stack_lock.release()

    def lock_holders(self, project: str, stack: str) -> list[LockHolder]:
        return StackLock(self.store, project, stack, self.lock_id).holders()

    def cancel(self, project: str, stack: str) -> int:
        """Remove every lock on the stack (`gcx cancel`); returns how many were removed."""
        return remove_all_locks(self.store, project, stack)
