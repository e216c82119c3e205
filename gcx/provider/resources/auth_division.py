"""``genesyscloud_auth_division``: ``/api/v2/authorization/divisions[/{id}]`` and ``.../home``.

With ``home = true`` the org's existing home division is adopted (GET ``.../divisions/home``, then
a PUT only when its name or description differ) and never deleted. Deleting another division is
retried a few times while the API answers 400 because objects are still moving out of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gcx.provider.client import ApiError
from gcx.provider.resources import HandlerContext
from gcx.provider.resources.base import Live, api
from gcx.provider.resources.crud import CrudResource, delete_if_present
from gcx.provider.resources.mapping import Field, Shape

__all__ = ["AuthDivision"]

_DELETE_ATTEMPTS = 5


class AuthDivision(CrudResource):
    path = "/api/v2/authorization/divisions"
    shape = Shape(
        Field("name", "name"),
        Field("description", "description"),
        Field("home", "homeDivision"),
    )
    lookup = "division"

    def body(self, ctx: HandlerContext, values: Mapping[str, Any]) -> dict[str, Any]:
        return {"name": values["name"], "description": values.get("description") or ""}

    def create_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live]:
        if not news.get("home"):
            return super().create_object(ctx, news)
        client = api(ctx)
        home = client.get(f"{self.path}/home")
        wanted = self.body(ctx, news)
        if wanted != {"name": home.get("name"), "description": home.get("description") or ""}:
            home = client.put(f"{self.path}/{home['id']}", json=wanted)
        return str(home["id"]), self.live(ctx, home) | {"home": True}

    def delete_object(self, ctx: HandlerContext, id: str, old: Mapping[str, Any]) -> None:
        if old.get("home"):
            return  # the home division belongs to the org; it is released, never deleted
        client = api(ctx)
        for attempt in range(1, _DELETE_ATTEMPTS + 1):
            try:
                delete_if_present(client, f"{self.path}/{id}")
                return
            except ApiError as exc:
                if exc.status != 400 or "objects" not in exc.message or attempt == _DELETE_ATTEMPTS:
                    raise
                client.retry_pause(attempt)

    def find_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live] | None:
        if news.get("home"):
            home = api(ctx).get(f"{self.path}/home")
            return str(home["id"]), self.live(ctx, home)
        return super().find_object(ctx, news)
