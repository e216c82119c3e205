"""``genesyscloud_integration``: ``/api/v2/integrations[/{id}]`` and ``.../config/current``.

Create (the Terraform provider's flow): POST ``{integrationType: {id}}``; PUT ``config/current``
with the version the POST answer carries (read with GET when it does not), read again and
retried on a version conflict; PATCH ``intendedState`` unless it is the initial ``DISABLED``.
Read: one GET with ``expand=config.current``. Update: the config PUT and/or the PATCH, only for
what changed. Delete: DELETE, then GET until 404. The type of an installed integration cannot
change through the API, so a new `integration_type` is refused with the way out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gcx.provider.client import GenesysClient, retry_on_version_mismatch
from gcx.provider.resources import HandlerContext
from gcx.provider.resources.base import Live, api, single_match
from gcx.provider.resources.crud import CrudResource, delete_if_present, undone_on_failure, wait_until_gone
from gcx.provider.resources.mapping import JSON_TEXT, REF_MAP, Field, Shape

__all__ = ["Integration"]

INITIAL_STATE = "DISABLED"

CONFIG = Shape(
    Field("name", "name"),
    Field("notes", "notes"),
    Field("properties", "properties", JSON_TEXT),
    Field("advanced", "advanced", JSON_TEXT),
    Field("credentials", "credentials", REF_MAP),
)


class Integration(CrudResource):
    path = "/api/v2/integrations"
    shape = Shape(
        Field("intendedState", "intendedState"),
        Field("integrationType", "integrationType.id"),
        Field("config", "config.current", shape=CONFIG),
    )

    def _put_config(
        self, client: GenesysClient, id: str, config: Mapping[str, Any], version: int | None
    ) -> dict[str, Any]:
        """PUT config/current with `version` (or the current one), reading it again on a conflict."""
        path = f"{self.path}/{id}/config/current"
        body = CONFIG.to_api(config)
        for key, empty in (("properties", {}), ("advanced", {}), ("credentials", {}), ("notes", "")):
            body.setdefault(key, empty)
        known = [version]

        def attempt() -> dict[str, Any]:
            current = known.pop() if known else None
            if current is None:
                current = client.get(path)["version"]
            return client.put(path, json=body | {"version": current})

        return retry_on_version_mismatch(attempt)

    def create_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live]:
        client = api(ctx)
        doc = client.post(self.path, json={"integrationType": {"id": news["integrationType"]}})
        ident = str(doc["id"])
        config = (doc.get("config") or {}).get("current")
        with undone_on_failure(client, f"{self.path}/{ident}"):
            if news.get("config"):
                config = self._put_config(client, ident, news["config"], (config or {}).get("version"))
            state = news.get("intendedState") or INITIAL_STATE
            if state != doc.get("intendedState", INITIAL_STATE):
                doc = client.patch(f"{self.path}/{ident}", json={"intendedState": state})
        return ident, self.live(ctx, doc | {"config": {"current": config}} if config else doc)

    def read_object(self, ctx: HandlerContext, id: str, state: Mapping[str, Any]) -> Live | None:
        client = api(ctx)
        doc = client.get_or_none(f"{self.path}/{id}", params={"expand": ["config.current"]})
        if doc is None or doc.get("intendedState") == "DELETED":
            return None
        if not (doc.get("config") or {}).get("current"):
            doc = doc | {"config": {"current": client.get(f"{self.path}/{id}/config/current")}}
        return self.live(ctx, doc)

    def update_object(
        self,
        ctx: HandlerContext,
        id: str,
        old: Mapping[str, Any],
        news: Mapping[str, Any],
        changed: set[str],
    ) -> Live:
        if "integrationType" in changed:
            raise ValueError(
                f"integrationType: an installed integration cannot change type (from "
                f"{old.get('integrationType')!r} to {news.get('integrationType')!r}); create a new "
                f"integration resource, or replace this one (`gcx up --replace <urn>`)"
            )
        client = api(ctx)
        live = dict(old)
        if "config" in changed and news.get("config"):
            config = self._put_config(client, id, news["config"], None)
            live["config"] = CONFIG.from_api(config)
        if "intendedState" in changed:
            doc = client.patch(f"{self.path}/{id}", json={"intendedState": news["intendedState"]})
            live["intendedState"] = doc.get("intendedState", news["intendedState"])
        return live

    def delete_object(self, ctx: HandlerContext, id: str, old: Mapping[str, Any]) -> None:
        client = api(ctx)
        delete_if_present(client, f"{self.path}/{id}")
        wait_until_gone(client, f"{self.path}/{id}", "integration")

    def find_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live] | None:
        client = api(ctx)
        name = (news.get("config") or {}).get("name")
        type_id = news.get("integrationType")
        candidates = [
            i
            for i in client.paginate(self.path, {"expand": ["config.current"]})
            if (i.get("integrationType") or {}).get("id") == type_id
        ]
        if name:
            candidates = [i for i in candidates if str(i.get("name", "")).lower() == str(name).lower()]
        found = single_match(
            "integration", f"type {type_id!r}" + (f" and name {name!r}" if name else ""), candidates
        )
        return (str(found["id"]), self.live(ctx, found)) if found else None
