"""``genesyscloud_group``: ``/api/v2/groups[/{id}]``, ``.../individuals`` and ``.../members``.

Create: POST the group, then add members in batches of at most 50 ids, each carrying the group
`version` (which every member change bumps; on a conflict the group is read again). Update: GET
for the current version, PUT the group when its own fields changed, then add and remove members
(DELETE ``.../members?ids=a,b``) for the difference. Members are read (``.../individuals``) only
when the program manages them (`member_ids` set) or on import.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gcx.provider.client import GenesysClient, VersionMismatchError, retry_on_version_mismatch
from gcx.provider.resources import HandlerContext
from gcx.provider.resources.base import Live, api
from gcx.provider.resources.crud import CrudResource, replacement, undone_on_failure
from gcx.provider.resources.mapping import REF_IDS, Field, Shape
from gcx.provider.schema import ResourceSchema

__all__ = ["Group"]

MEMBER_BATCH = 50  # POST .../members takes at most 50 ids
_MEMBERS = "memberIds"


class Group(CrudResource):
    path = "/api/v2/groups"
    shape = Shape(
        Field("name", "name"),
        Field("description", "description"),
        Field("type", "type"),
        Field("visibility", "visibility"),
        Field("rulesVisible", "rulesVisible"),
        Field(
            "addresses",
            "addresses",
            shape=Shape(
                Field("number", "address"),
                Field("extension", "extension"),
                Field("type", "type"),
            ),
        ),
        Field("ownerIds", "owners", REF_IDS),
        Field("rolesEnabled", "rolesEnabled"),
        Field("callsEnabled", "callsEnabled"),
    )
    lookup = "group"

    def body(self, ctx: HandlerContext, values: Mapping[str, Any]) -> dict[str, Any]:
        body = self.shape.to_api(values)
        body["ownerIds"] = [o["id"] for o in body.pop("owners", [])]
        for address in body.get("addresses") or []:
            address["mediaType"] = "PHONE"
        return body

    def _add_members(self, client: GenesysClient, id: str, ids: list[str], version: int) -> None:
        """Add members batch by batch, each with the group version the previous batch left."""
        current: list[int | None] = [version]
        for start in range(0, len(ids), MEMBER_BATCH):
            batch = ids[start : start + MEMBER_BATCH]

            def add(batch: list[str] = batch) -> None:
                if current[0] is None:
                    current[0] = int(client.get(f"{self.path}/{id}")["version"])
                body = {"memberIds": batch, "version": current[0]}
                try:
                    client.post(f"{self.path}/{id}/members", json=body)
                except VersionMismatchError:
                    current[0] = None
                    raise
                current[0] += 1

            retry_on_version_mismatch(add)

    def create_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live]:
        client = api(ctx)
        doc = client.post(self.path, json=self.body(ctx, news))
        members = list(news.get(_MEMBERS) or [])
        if members:
            with undone_on_failure(client, f"{self.path}/{doc['id']}"):
                self._add_members(client, str(doc["id"]), members, int(doc["version"]))
        return str(doc["id"]), self.live(ctx, doc) | {_MEMBERS: members}

    def read_object(self, ctx: HandlerContext, id: str, state: Mapping[str, Any]) -> Live | None:
        live = super().read_object(ctx, id, state)
        if live is not None and (not state or _MEMBERS in state):
            individuals = api(ctx).get(f"{self.path}/{id}/individuals")
            live[_MEMBERS] = [u["id"] for u in individuals.get("entities") or []]
        return live

    def update_object(
        self,
        ctx: HandlerContext,
        id: str,
        old: Mapping[str, Any],
        news: Mapping[str, Any],
        changed: set[str],
    ) -> Live:
        client = api(ctx)
        schema: ResourceSchema = ctx.schema  # type: ignore[assignment]
        live = dict(old)
        if changed - {_MEMBERS}:
            values = replacement(schema.block, news, old)

            def put() -> dict[str, Any]:
                version = client.get(f"{self.path}/{id}")["version"]
                return client.put(f"{self.path}/{id}", json=self.body(ctx, values) | {"version": version})

            doc = retry_on_version_mismatch(put)
            live |= self.live(ctx, doc)
        if _MEMBERS in changed and news.get(_MEMBERS) is not None:
            wanted = list(news[_MEMBERS])
            current = set(old.get(_MEMBERS) or [])
            added = [m for m in wanted if m not in current]
            removed = sorted(current - set(wanted))
            if removed:
                client.delete(f"{self.path}/{id}/members", params={"ids": ",".join(removed)})
            if added:
                version = client.get(f"{self.path}/{id}")["version"]
                self._add_members(client, id, added, int(version))
            live[_MEMBERS] = wanted
        return live
