"""`CrudResource`: the handler of an object with plain REST endpoints under one collection path.

Create is one POST of the mapped body, read one GET, update one PUT (or PATCH) of the full body,
delete one DELETE (an object already gone counts as deleted), and `find` looks the object up by
name through `lookups`. Resources whose API needs more calls override the hooks they need.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from gcx.provider.client import ApiError, GenesysClient
from gcx.provider.resources import HandlerContext
from gcx.provider.resources.base import ApiResource, Live, api, single_match
from gcx.provider.resources.lookups import LOOKUPS, matching
from gcx.provider.resources.mapping import Shape
from gcx.provider.schema import Block, Collection, ResourceSchema, Scalar

__all__ = [
    "DELETE_WAIT_SECONDS",
    "CrudResource",
    "delete_if_present",
    "replacement",
    "undone_on_failure",
    "wait_until_gone",
]

log = logging.getLogger(__name__)

DELETE_WAIT_SECONDS = 30.0  # how long the Terraform provider waits for a deleted OAuth client to go


def delete_if_present(client: GenesysClient, path: str, params: Mapping[str, Any] | None = None) -> Any:
    """DELETE that treats "already gone" (404/410) as done, as the Terraform provider does."""
    try:
        return client.delete(path, params=params)
    except ApiError as exc:
        if exc.is_not_found:
            return None
        raise


@contextmanager
def undone_on_failure(client: GenesysClient, path: str) -> Iterator[None]:
    """Delete the object just created at `path` when a later step of its create fails.

    The engine records a create only when it returns, so an object left behind by a half-done
    create would be unknown to the state (and `find` may not recognise it, e.g. an integration
    whose name was never set). The original error is raised either way.
    """
    try:
        yield
    except BaseException:
        try:
            delete_if_present(client, path)
        except Exception as cleanup:  # the create's own error matters more
            log.warning("could not remove %s after a failed create: %s", path, cleanup)
        raise


def replacement(
    block: Block, news: Mapping[str, Any], old: Mapping[str, Any], blank: bool = True
) -> dict[str, Any]:
    """Values for a full-replacement write (PUT): the new inputs; for attributes left unset, the
    server's value when it computes one, else (with `blank`) an empty string or list so that a
    value set earlier (or in the admin UI) is cleared, as the Terraform provider's zero values do.
    APIs whose PUT resets whatever it leaves out need no blanks."""
    values = dict(news)
    for attr in block.inputs:
        wire = attr.wire_name
        if values.get(wire) is not None:
            continue
        if attr.computed and old.get(wire) is not None:
            values[wire] = old[wire]
        elif not blank:
            continue
        elif attr.block is None and attr.collection is None and attr.element is Scalar.STRING:
            values[wire] = ""
        elif attr.collection in (Collection.LIST, Collection.SET) and not attr.single:
            values[wire] = []
    return values


def wait_until_gone(
    client: GenesysClient,
    path: str,
    what: str,
    gone: Callable[[dict[str, Any]], bool] = lambda doc: False,
    seconds: float = DELETE_WAIT_SECONDS,
) -> None:
    """Poll GET after a DELETE until the object reads as 404 (or `gone` says so), as the
    Terraform provider confirms deletes; a bounded wait, then a clear error."""
    deadline = time.monotonic() + seconds
    attempt = 0
    while True:
        current = client.get_or_none(path, retry_not_found=False)
        if current is None or gone(current):
            return
        attempt += 1
        if time.monotonic() > deadline:
            raise TimeoutError(f"the {what} at {path} still exists {seconds:.0f}s after it was deleted")
        client.retry_pause(attempt)


class CrudResource(ApiResource):
    path: str = ""  # the collection, e.g. /api/v2/routing/skills
    shape: Shape = Shape()
    lookup: str | None = None  # key of `LOOKUPS` for find-by-name
    update_method: str = "PUT"

    def body(self, ctx: HandlerContext, values: Mapping[str, Any]) -> dict[str, Any]:
        return self.shape.to_api(values)

    def live(self, ctx: HandlerContext, doc: Mapping[str, Any]) -> Live:
        return self.shape.from_api(doc)

    def create_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live]:
        doc = api(ctx).post(self.path, json=self.body(ctx, news))
        return str(doc["id"]), self.live(ctx, doc)

    def read_object(self, ctx: HandlerContext, id: str, state: Mapping[str, Any]) -> Live | None:
        doc = api(ctx).get_or_none(f"{self.path}/{id}")
        if doc is None or doc.get("state") == "deleted":
            return None
        return self.live(ctx, doc)

    def update_object(
        self,
        ctx: HandlerContext,
        id: str,
        old: Mapping[str, Any],
        news: Mapping[str, Any],
        changed: set[str],
    ) -> Live:
        schema: ResourceSchema = ctx.schema  # type: ignore[assignment]
        values = replacement(schema.block, news, old)
        doc = api(ctx).call(self.update_method, f"{self.path}/{id}", json=self.body(ctx, values))
        return self.live(ctx, doc)

    def delete_object(self, ctx: HandlerContext, id: str, old: Mapping[str, Any]) -> None:
        delete_if_present(api(ctx), f"{self.path}/{id}")

    def find_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live] | None:
        name = news.get("name")
        if self.lookup is None or not isinstance(name, str):
            return None
        found = single_match(
            LOOKUPS[self.lookup].what, f"name {name!r}", matching(api(ctx), self.lookup, name)
        )
        return (str(found["id"]), self.live(ctx, found)) if found else None
