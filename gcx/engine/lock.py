"""Stack locks in Pulumi's DIY layout (pulumi `pkg/backend/diy/lock.go`).

A lock is the file ``.pulumi/locks/organization/<project>/<stack>/<lock id>.json`` holding
``{"pid", "username", "hostname", "timestamp"}``; the lock id is one uuid per backend instance.
Taking the lock is check -> write -> re-check: any other file in the folder means another process
holds (or is taking) the lock, and we remove ours and refuse with `StackLockedError`. Releasing
deletes our file; `remove_all_locks` (``gcx cancel``) deletes every lock of the stack, for locks
left behind by a killed process.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
from dataclasses import asdict, dataclass

from gcx.engine.backends.store import BlobStore
from gcx.engine.errors import LockHolder, StackLockedError
from gcx.engine.state import ORGANIZATION, utc_timestamp

LOCKS_ROOT = ".pulumi/locks"


def lock_dir(project: str, stack: str) -> str:
    return f"{LOCKS_ROOT}/{ORGANIZATION}/{project}/{stack}/"


@dataclass(frozen=True)
class LockContent:
    pid: int
    username: str
    hostname: str
    timestamp: str

    @classmethod
    def current(cls) -> LockContent:
        try:
            username = getpass.getuser()
        except (KeyError, OSError):  # no passwd entry, e.g. in some containers
            username = "unknown"
        return cls(os.getpid(), username, socket.gethostname(), utc_timestamp())


class StackLock:
    """The lock on one stack, taken by one backend instance (`lock_id`)."""

    def __init__(self, store: BlobStore, project: str, stack: str, lock_id: str) -> None:
        self.store = store
        self.folder = lock_dir(project, stack)
        self.key = f"{self.folder}{lock_id}.json"

    def holders(self) -> list[LockHolder]:
        """Everyone else holding (or taking) the lock."""
        found = []
        for key in self.store.list(self.folder):
            if key == self.key:
                continue
            found.append(self._holder(key))
        return found

    def _holder(self, key: str) -> LockHolder:
        url = self.store.url_of(key)
        try:
            data = json.loads(self.store.read(key))
            return LockHolder(
                url=url,
                username=str(data.get("username", "?")),
                hostname=str(data.get("hostname", "?")),
                pid=int(data.get("pid", -1)),
                timestamp=str(data.get("timestamp", "?")),
            )
        except FileNotFoundError:  # released between list and read: still report the race
            return LockHolder(url, "?", "?", -1, "(released just now)")
        except (ValueError, TypeError, AttributeError):
            return LockHolder(url, "?", "?", -1, "(unreadable lock file)")

    def acquire(self) -> None:
        others = self.holders()
        if others:
            raise StackLockedError(others)
        content = json.dumps(asdict(LockContent.current()), separators=(",", ":"))
        self.store.write(self.key, content.encode("utf-8"))
        others = self.holders()
        if others:  # someone wrote theirs at the same time: both back off
            self.release()
            raise StackLockedError(others)

    def release(self) -> None:
        self.store.delete(self.key)


def remove_all_locks(store: BlobStore, project: str, stack: str) -> int:
    """Delete every lock file of the stack; returns how many there were."""
    keys = store.list(lock_dir(project, stack))
    for key in keys:
        store.delete(key)
    return len(keys)
