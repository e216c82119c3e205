"""JSON encoding for answers and stored documents, with orjson.

Measured per request on the 2-core bench machine, orjson encodes and decodes several times
faster than the standard library (`bench/README.md`, Emulator). Output matches what the API
sends: compact, UTF-8, keys in insertion order; non-string keys become strings.
"""

from __future__ import annotations

from typing import Any

import orjson

__all__ = ["dumps", "dumps_text", "loads"]

_OPTIONS = orjson.OPT_NON_STR_KEYS


def dumps(data: Any) -> bytes:
    return orjson.dumps(data, option=_OPTIONS)


def dumps_text(data: Any) -> str:
    return orjson.dumps(data, option=_OPTIONS).decode()


def loads(data: str | bytes) -> Any:
    return orjson.loads(data)
