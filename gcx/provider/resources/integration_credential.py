"""``genesyscloud_integration_credential``: ``/api/v2/integrations/credentials[/{id}]``.

The API never returns secret credential fields (passwords, client secrets), so the outputs keep
the values the program gave for the fields the API does not return; fields it does return are
read back, so a changed non-secret field shows as drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gcx.provider.resources import HandlerContext
from gcx.provider.resources.base import Live
from gcx.provider.resources.crud import CrudResource
from gcx.provider.resources.mapping import Field, Shape

__all__ = ["IntegrationCredential"]


class IntegrationCredential(CrudResource):
    path = "/api/v2/integrations/credentials"
    shape = Shape(
        Field("name", "name"),
        Field("credentialTypeName", "type.name"),
        Field("fields", "credentialFields"),
    )
    lookup = "credential"

    def body(self, ctx: HandlerContext, values: Mapping[str, Any]) -> dict[str, Any]:
        body = self.shape.to_api(values)
        body.setdefault("credentialFields", {})
        if not body.get("name"):
            body.pop("name", None)
        return body

    def create_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live]:
        ident, live = super().create_object(ctx, news)
        return ident, live | {"fields": dict(news.get("fields") or {})}

    def read_object(self, ctx: HandlerContext, id: str, state: Mapping[str, Any]) -> Live | None:
        live = super().read_object(ctx, id, state)
        if live is None:
            return None
        returned = live.get("fields") or {}
        kept = {k: v for k, v in (state.get("fields") or {}).items() if k not in returned}
        return live | {"fields": {**kept, **returned}}

    def update_object(
        self,
        ctx: HandlerContext,
        id: str,
        old: Mapping[str, Any],
        news: Mapping[str, Any],
        changed: set[str],
    ) -> Live:
        live = super().update_object(ctx, id, old, news, changed)
        return live | {"fields": dict(news.get("fields") or {})}
