"""``genesyscloud_auth_role``: ``/api/v2/authorization/roles[/{id}]`` and ``.../roles/default``.

A custom role is POSTed, PUT and DELETEd. With `default_role_id` the resource manages a built-in
role instead (the Terraform provider's flow): it is found with ``GET .../roles?defaultRoleId=``,
written with PUT ``.../roles/{id}`` and, on delete, never deleted but restored to its built-in
definition with PUT ``.../roles/default`` (the SDK's "restore specified default roles").
Permission policy conditions map to the API's ``resourceConditionNode``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gcx.provider.resources import HandlerContext
from gcx.provider.resources.base import Live, api, single_match
from gcx.provider.resources.crud import CrudResource, delete_if_present
from gcx.provider.resources.mapping import Codec, Field, Shape

__all__ = ["AuthRole"]

OPERAND = Shape(
    Field("type", "type"),
    Field("queueId", "queue.id"),
    Field("userId", "user.id"),
    Field("value", "value"),
)
TERM = Shape(
    Field("variableName", "variableName"),
    Field("operator", "operator"),
    Field("operands", "operands", shape=OPERAND),
)
CONDITIONS = Shape(Field("conjunction", "conjunction"), Field("terms", "terms", shape=TERM))
POLICY = Shape(
    Field("domain", "domain"),
    Field("entityName", "entityName"),
    Field("actionSets", "actionSet"),
    Field("conditions", "resourceConditionNode", shape=CONDITIONS),
)

# An empty condition node reads back as "no conditions".
_POLICIES = Codec(
    lambda policies: [POLICY.to_api(p) for p in policies],
    lambda policies: [
        {
            k: v
            for k, v in POLICY.from_api(p).items()
            if not (k == "conditions" and not any((v or {}).values()))
        }
        for p in policies or []
    ],
)


class AuthRole(CrudResource):
    path = "/api/v2/authorization/roles"
    shape = Shape(
        Field("name", "name"),
        Field("description", "description"),
        Field("permissions", "permissions"),
        Field("permissionPolicies", "permissionPolicies", _POLICIES),
        Field("defaultRoleId", "defaultRoleId"),
    )
    lookup = "role"

    def body(self, ctx: HandlerContext, values: Mapping[str, Any]) -> dict[str, Any]:
        body = self.shape.to_api(values)
        body.pop("defaultRoleId", None)  # not writable; it identifies a built-in role
        return body

    def _built_in(self, ctx: HandlerContext, default_role_id: str) -> dict[str, Any]:
        roles = list(api(ctx).paginate(self.path, {"defaultRoleId": default_role_id}))
        roles = [r for r in roles if r.get("defaultRoleId") == default_role_id]
        found = single_match("built-in role", f"defaultRoleId {default_role_id!r}", roles)
        if found is None:
            raise ValueError(
                f"defaultRoleId: the org has no built-in role {default_role_id!r}; use the id of a built-in "
                f"role (for example employee), or leave defaultRoleId unset to create a custom role"
            )
        return found

    def create_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live]:
        default_role_id = news.get("defaultRoleId")
        if not default_role_id:
            return super().create_object(ctx, news)
        role = self._built_in(ctx, default_role_id)
        doc = api(ctx).put(f"{self.path}/{role['id']}", json=self.body(ctx, news))
        return str(role["id"]), self.live(ctx, doc)

    def delete_object(self, ctx: HandlerContext, id: str, old: Mapping[str, Any]) -> None:
        client = api(ctx)
        default_role_id = old.get("defaultRoleId")
        if default_role_id:
            client.put(f"{self.path}/default", json=[{"id": id, "defaultRoleId": default_role_id}])
            return
        delete_if_present(client, f"{self.path}/{id}")

    def find_object(self, ctx: HandlerContext, news: Mapping[str, Any]) -> tuple[str, Live] | None:
        default_role_id = news.get("defaultRoleId")
        if default_role_id:
            role = self._built_in(ctx, default_role_id)
            return str(role["id"]), self.live(ctx, role)
        return super().find_object(ctx, news)
