"""The `BlobStore` protocol: the few object operations Pulumi's DIY backend layout needs.

Keys are ``/``-separated paths relative to the backend root (``.pulumi/stacks/p/s.json``).
`write` is atomic: readers see the old bytes or the new bytes, never a mix. `read` raises
`FileNotFoundError` for a missing key; `delete` of a missing key is not an error.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class BlobStore(Protocol):
    url: str  # the backend URL the store was opened from (absolute), used in messages

    def read(self, key: str) -> bytes: ...

    def write(self, key: str, data: bytes) -> None: ...

    def delete(self, key: str) -> None: ...

    def list(self, prefix: str) -> list[str]:
        """Every key below the folder `prefix` (recursively), sorted."""
        ...

    def exists(self, key: str) -> bool: ...

    def url_of(self, key: str) -> str:
        """Where `key` lives, for messages (a file path URL or an s3:// URL)."""
        ...


def folder(prefix: str) -> str:
    """`prefix` as a folder prefix ending in one ``/`` (empty stays empty)."""
    return prefix.rstrip("/") + "/" if prefix.strip("/") else ""
