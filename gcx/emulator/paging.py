"""Page-number listings: query parameters, silent page-size caps, the envelope and name filters.

Envelope (`genesys-api.md` §3.3): `entities, pageSize, pageNumber, total, pageCount, firstUri,
selfUri, nextUri, previousUri, lastUri`; URIs are relative and keep the other query parameters.
An oversize `pageSize` is capped without an error; a `pageSize` or `pageNumber` below 1 is a 400.

Choice: the caps are not published per endpoint (§8); we cap at 500 by default, 999 for the
integrations list (the documented 1-999 range) and 100 for queue members (the SDK says so).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query
from starlette.requests import Request

from gcx.emulator.errors import bad_request
from gcx.emulator.store import like_escape

__all__ = ["DEFAULT_CAP", "Page", "envelope", "name_like", "paging"]

DEFAULT_CAP = 500


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


def paging(cap: int = DEFAULT_CAP) -> Callable[..., Page]:
    """A FastAPI dependency reading `pageSize`/`pageNumber`, capped at `cap`."""

    def dependency(
        pageSize: Annotated[
            int, Query(description="Page size; values over the endpoint's cap are capped")
        ] = 25,
        pageNumber: Annotated[int, Query(description="Page number, from 1")] = 1,
    ) -> Page:
        return make_page(pageSize, pageNumber, cap)

    return dependency


def _uri(request: Request, page: Page, number: int) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("pageSize", "pageNumber")]
    params += [("pageSize", str(page.size)), ("pageNumber", str(number))]
    return f"{request.url.path}?{urlencode(params)}"


def envelope(request: Request, entities: list[Any], total: int, page: Page) -> dict[str, Any]:
    page_count = math.ceil(total / page.size) if total else 0
    body: dict[str, Any] = {
        "entities": entities,
        "pageSize": page.size,
        "pageNumber": page.number,
        "total": total,
        "pageCount": page_count,
        "firstUri": _uri(request, page, 1),
        "selfUri": _uri(request, page, page.number),
        "lastUri": _uri(request, page, max(page_count, 1)),
    }
    if page.number < page_count:
        body["nextUri"] = _uri(request, page, page.number + 1)
    if page.number > 1:
        body["previousUri"] = _uri(request, page, page.number - 1)
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
