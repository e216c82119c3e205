"""Wire helpers shared by every API module: JSON responses, ids, timestamps and public views.

Stored documents are kept in the API's own shape; keys that start with ``_`` are internal
(hashes, links, bookkeeping) and `public()` strips them before anything is sent.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from starlette.responses import Response

from gcx.emulator.codec import dumps

__all__ = ["json_response", "new_id", "no_content", "now_iso", "public", "reply"]


def new_id() -> str:
    return str(uuid.uuid4())


def now_iso(epoch: float | None = None) -> str:
    """ISO-8601 with milliseconds and ``Z``, the format Genesys Cloud uses for dates."""
    moment = datetime.fromtimestamp(time.time() if epoch is None else epoch, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def public(doc: Any) -> Any:
    """A copy of a stored document without internal (``_``-prefixed) keys, at any depth."""
    if isinstance(doc, dict):
        return _public_dict(doc)
    if isinstance(doc, list):
        return _public_list(doc)
    return doc


# This walks every value of every answer: it tests exact types and copies empty containers
# inline, which made a 25-entity listing's copy about half as expensive (bench/README.md).
def _public_dict(doc: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in doc.items():
        if key[:1] == "_":
            continue
        kind = type(value)
        if kind is dict:
            value = _public_dict(value) if value else {}
        elif kind is list:
            value = _public_list(value) if value else []
        out[key] = value
    return out


def _public_list(items: list[Any]) -> list[Any]:
    return [
        _public_dict(v) if type(v) is dict else _public_list(v) if type(v) is list else v for v in items
    ]


def json_response(
    data: Any,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
    media_type: str = "application/json",
) -> Response:
    return Response(dumps(data), status_code=status, headers=dict(headers or {}), media_type=media_type)


def reply(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    """The normal success answer: the public view of `data` as JSON."""
    return json_response(public(data), status, headers)


def no_content() -> Response:
    return Response(status_code=204)
