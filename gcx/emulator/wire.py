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
        return {k: public(v) for k, v in doc.items() if not k.startswith("_")}
    if isinstance(doc, list):
        return [public(v) for v in doc]
    return doc


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
