"""Listings: page numbers (query parameters, silent page-size caps, the envelope, name filters)
and cursors.

Envelope (`genesys-api.md` §3.3): `entities, pageSize, pageNumber, total, pageCount, firstUri,
selfUri, nextUri, previousUri, lastUri`; URIs are relative and keep the other query parameters.
An oversize `pageSize` is capped without an error; a `pageSize` or `pageNumber` below 1 is a 400.

Cursor listings (`/authorization/divisions/query`, `/integrations/credentials/listing`: `before`
and `after`; `/users/query`: `cursor`) answer `entities, selfUri, nextUri, previousUri`. A cursor
is an opaque token naming the sort position of an entity (sort key and id), so a walk stays
correct while objects are added or removed; a token that is not one of ours is a 400.

Choice: the caps are not published per endpoint (§8); we cap at 500 by default, 999 for the
integrations list (the documented 1-999 range), 100 for queue members (the SDK says so) and 200
for the `before`/`after` cursor listings (the SDK says so).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query
from starlette.requests import Request

from gcx.emulator.errors import bad_request
from gcx.emulator.store import like_escape

__all__ = [
    "CURSOR_CAP",
    "DEFAULT_CAP",
    "Cursor",
    "Page",
    "cursor_envelope",
    "cursor_paging",
    "envelope",
    "name_like",
    "paging",
    "token_envelope",
    "token_paging",
]

DEFAULT_CAP = 500
CURSOR_CAP = 200


@dataclass(frozen=True)
class Page:
    size: int
    number: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def slice(self, items: Sequence[Any]) -> list[Any]:
        return list(items[self.offset : self.offset + self.size])


def make_page(page_size: int, page_number: int, cap: int = DEFAULT_CAP) -> Page:
    if page_size < 1:
        raise bad_request("pageSize must be at least 1.", "pageSize")
    if page_number < 1:
        raise bad_request("pageNumber must be at least 1.", "pageNumber")
    return Page(min(page_size, cap), page_number)


def paging(cap: int = DEFAULT_CAP) -> Callable[..., Coroutine[Any, Any, Page]]:
    """A FastAPI dependency reading `pageSize`/`pageNumber`, capped at `cap`.

    The dependencies here are `async`: FastAPI runs a plain `def` dependency in its thread pool,
    and that hop cost a listing more CPU than the parsing it did."""

    async def dependency(
        pageSize: Annotated[
            int, Query(description="Page size; values over the endpoint's cap are capped")
        ] = 25,
        pageNumber: Annotated[int, Query(description="Page number, from 1")] = 1,
    ) -> Page:
        return make_page(pageSize, pageNumber, cap)

    return dependency


def envelope(request: Request, entities: list[Any], total: int, page: Page) -> dict[str, Any]:
    page_count = math.ceil(total / page.size) if total else 0
    others = [(k, v) for k, v in request.query_params.multi_items() if k not in ("pageSize", "pageNumber")]
    prefix = f"{request.scope['path']}?{urlencode([*others, ('pageSize', page.size)])}&pageNumber="
    body: dict[str, Any] = {
        "entities": entities,
        "pageSize": page.size,
        "pageNumber": page.number,
        "total": total,
        "pageCount": page_count,
        "firstUri": f"{prefix}1",
        "selfUri": f"{prefix}{page.number}",
        "lastUri": f"{prefix}{max(page_count, 1)}",
    }
    if page.number < page_count:
        body["nextUri"] = f"{prefix}{page.number + 1}"
    if page.number > 1:
        body["previousUri"] = f"{prefix}{page.number - 1}"
    return body


def name_like(value: str | None, mode: str = "exact") -> str | None:
    """A SQL LIKE pattern for a listing's `name` filter.

    Modes: ``exact`` (case-insensitive equality), ``prefix`` ("starts with"), ``contains``; in
    every mode a ``*`` in the value is a wildcard, as the queues listing documents.
    """
    if not value:
        return None
    pattern = "%".join(like_escape(part) for part in value.split("*"))
    if mode == "prefix":
        return pattern + "%"
    if mode == "contains":
        return f"%{pattern}%"
    return pattern


# ---- cursors ---------------------------------------------------------------------------------
Position = tuple[str, str]


def _encode(position: Position) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(position)).encode()).decode().rstrip("=")


def _decode(token: str, field: str) -> Position:
    try:
        raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError):
        raw = None
    if not (isinstance(raw, list) and len(raw) == 2 and all(isinstance(part, str) for part in raw)):
        raise bad_request(f"{field} is not a cursor this listing returned.", field)
    return raw[0], raw[1]


@dataclass(frozen=True)
class Cursor:
    """One cursor page request: its size and where it starts (`after`) or ends (`before`)."""

    size: int
    after: Position | None = None
    before: Position | None = None

    def take(
        self, items: Sequence[Any], key: Callable[[Any], str], descending: bool = False
    ) -> tuple[list[Any], str | None, str | None]:
        """The page of `items` (sorted by `key`, then id) and the tokens of the pages before and after it."""
        ordered = sorted(items, key=lambda item: (key(item), str(item["id"])), reverse=descending)
        positions = [(key(item), str(item["id"])) for item in ordered]

        def beyond(position: Position, mark: Position) -> bool:
            return position < mark if descending else position > mark

        start, end = 0, len(ordered)
        if self.after is not None:
            after = self.after
            start = next((i for i, pos in enumerate(positions) if beyond(pos, after)), len(ordered))
            end = min(start + self.size, len(ordered))
        elif self.before is not None:
            before = self.before
            end = next((i for i, pos in enumerate(positions) if not beyond(before, pos)), len(ordered))
            start = max(end - self.size, 0)
        else:
            end = min(self.size, len(ordered))
        previous = _encode(positions[start]) if start > 0 else None
        following = _encode(positions[end - 1]) if end < len(ordered) and end > start else None
        return ordered[start:end], previous, following


def _cursor_size(page_size: int, cap: int) -> int:
    if page_size < 1:
        raise bad_request("pageSize must be at least 1.", "pageSize")
    return min(page_size, cap)


def cursor_paging(cap: int = CURSOR_CAP) -> Callable[..., Coroutine[Any, Any, Cursor]]:
    """A FastAPI dependency reading `before` / `after` / `pageSize` (at most one of the cursors)."""

    async def dependency(
        before: Annotated[str | None, Query(description="Cursor: the page ending before this one")] = None,
        after: Annotated[str | None, Query(description="Cursor: the page starting after this one")] = None,
        pageSize: Annotated[int, Query(description="Page size; values over the cap are capped")] = 25,
    ) -> Cursor:
        if before and after:
            raise bad_request("Give at most one of before and after.", "before")
        return Cursor(
            _cursor_size(pageSize, cap),
            after=_decode(after, "after") if after else None,
            before=_decode(before, "before") if before else None,
        )

    return dependency


def token_paging(cap: int = DEFAULT_CAP) -> Callable[..., Coroutine[Any, Any, Cursor]]:
    """A FastAPI dependency reading `cursor` (the next page's token) and `pageSize`."""

    async def dependency(
        cursor: Annotated[str | None, Query(description="Cursor token of the next page")] = None,
        pageSize: Annotated[int, Query(description="Page size; values over the cap are capped")] = 25,
    ) -> Cursor:
        return Cursor(_cursor_size(pageSize, cap), after=_decode(cursor, "cursor") if cursor else None)

    return dependency


def _cursor_uri(request: Request, **cursor: str) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("before", "after", "cursor")]
    return f"{request.url.path}?{urlencode(params + list(cursor.items()))}"


def cursor_envelope(
    request: Request, entities: list[Any], previous: str | None, following: str | None
) -> dict[str, Any]:
    """The `before`/`after` cursor envelope (AuthzDivisionCursorListing, CredentialInfoCursorListing)."""
    body: dict[str, Any] = {"entities": entities, "selfUri": str(request.url.path) + _query(request)}
    if following is not None:
        body["nextUri"] = _cursor_uri(request, after=following)
    if previous is not None:
        body["previousUri"] = _cursor_uri(request, before=previous)
    return body


def token_envelope(request: Request, entities: list[Any], following: str | None) -> dict[str, Any]:
    """The `cursor` envelope (UserCursorEntityListing): `results` counts this page's entities."""
    body: dict[str, Any] = {
        "entities": entities,
        "selfUri": str(request.url.path) + _query(request),
        "results": len(entities),
    }
    if following is not None:
        body["cursor"] = following
        body["nextUri"] = _cursor_uri(request, cursor=following)
    return body


def _query(request: Request) -> str:
    return f"?{request.url.query}" if request.url.query else ""
