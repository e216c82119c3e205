"""`AuthRolePermissions`: add permissions to an existing role without touching its others.

Endpoints: ``GET /api/v2/authorization/roles?defaultRoleId=`` (find a built-in role),
``GET`` and ``PUT /api/v2/authorization/roles/{roleId}``.

The Multicloud CX guide asks for the Predictive Engagement permissions on the built-in
``employee`` role "without dropping its others"; the Terraform `auth_role` with
`default_role_id` would replace the role's whole policy set instead. This resource reads the
role, adds each missing ``domain:entity:action`` to the role's unconditional policy for that
domain and entity (or a new policy), and writes the role back with every other policy as it
was. What the role already had when a permission was first managed is recorded in
`preexisting_permissions`; `delete` (and dropping a permission from the list) removes only the
others. A permission counts as held when an unconditional policy names exactly that domain,
entity and action (a wildcard policy does not hide one added here). `read` lists the managed
permissions the role still holds, so a permission removed out of band is drift that the next
`up` restores.

Permissions may be given as strings or admin-UI labels (``Journey > Session > View``); `check`
turns them into sorted, unique catalog strings (`gcx.catalog.permissions`).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from gcx.catalog.permissions import UnknownPermissionError, permission
from gcx.dynamic.base import GenesysDynamicProvider, checked, contains_unknown, diff_inputs
from gcx.dynamic.clients import client_for
from gcx.dynamic.connection import GenesysConnectionArgs
from gcx.engine.plugin import is_unknown
from gcx.provider.client import ApiError, GenesysClient

__all__ = ["AuthRolePermissions", "AuthRolePermissionsProvider", "add_permissions", "held_permissions"]

ROLES = "/api/v2/authorization/roles"
# Role edits are read-modify-write with no version to guard them: one writer per role in-process.
_role_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)
Policy = dict[str, Any]


def _unconditional(policy: Mapping[str, Any]) -> bool:
    return not policy.get("resourceConditionNode") and not policy.get("namedResources")


def held_permissions(policies: Iterable[Mapping[str, Any]]) -> set[str]:
    """Every ``domain:entity:action`` an unconditional policy grants by name."""
    return {
        f"{p['domain']}:{p['entityName']}:{action}"
        for p in policies
        if _unconditional(p)
        for action in p.get("actionSet") or []
    }


def add_permissions(policies: list[Policy], permissions: Iterable[str]) -> list[Policy]:
    """`policies` with each permission added to its unconditional (domain, entity) policy."""
    result = [dict(p, actionSet=list(p.get("actionSet") or [])) for p in policies]
    for perm in permissions:
        domain, entity, action = perm.split(":")
        target = next(
            (p for p in result if p["domain"] == domain and p["entityName"] == entity and _unconditional(p)),
            None,
        )
        if target is None:
            result.append(
                {"domain": domain, "entityName": entity, "actionSet": [action], "allowConditions": False}
            )
        elif action not in target["actionSet"]:
            target["actionSet"].append(action)
    return result


def remove_permissions(policies: list[Policy], permissions: Iterable[str]) -> list[Policy]:
    """`policies` without the given actions in unconditional policies; emptied policies go."""
    drop = {tuple(p.split(":")) for p in permissions}
    result = []
    for policy in policies:
        if _unconditional(policy):
            actions = [
                a
                for a in policy.get("actionSet") or []
                if (policy["domain"], policy["entityName"], a) not in drop
            ]
            if not actions:
                continue
            policy = dict(policy, actionSet=actions)
        result.append(policy)
    return result


def _normalized(news: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    inputs = dict(news)
    problems: list[tuple[str, str]] = []
    role_id, default_role_id = inputs.get("role_id"), inputs.get("default_role_id")
    if role_id is None and default_role_id is None:
        problems.append(("role_id", "give role_id (a role's id) or default_role_id (e.g. 'employee')"))
    elif role_id is not None and default_role_id is not None:
        problems.append(("default_role_id", "give role_id or default_role_id, not both"))
    for key in ("role_id", "default_role_id"):
        value = inputs.get(key)
        if value is not None and not is_unknown(value) and (not isinstance(value, str) or not value.strip()):
            problems.append((key, f"{key} must be non-empty text"))
    permissions = inputs.get("permissions")
    if is_unknown(permissions):
        return inputs, problems
    if not isinstance(permissions, list) or not permissions:
        problems.append(
            ("permissions", "permissions must be a non-empty list such as ['journey:session:view']")
        )
        return inputs, problems
    strings: set[str] = set()
    for i, item in enumerate(permissions):
        if is_unknown(item):
            return inputs, problems
        try:
            strings.add(permission(str(item)).string)
        except UnknownPermissionError as exc:
            problems.append((f"permissions[{i}]", str(exc)))
    if not problems and not contains_unknown(permissions):
        inputs["permissions"] = sorted(strings)
    return inputs, problems


def _role_id(client: GenesysClient, props: Mapping[str, Any]) -> str:
    if props.get("role_id"):
        return str(props["role_id"])
    default_role_id = props["default_role_id"]
    listing = client.get(ROLES, params={"defaultRoleId": default_role_id, "userCount": "false"})
    roles = (listing or {}).get("entities") or []
    if not roles:
        raise ValueError(f"the org has no built-in role with defaultRoleId {default_role_id!r}")
    return str(roles[0]["id"])


def _read_role(client: GenesysClient, role_id: str, *, wait_for_it: bool = True) -> dict[str, Any]:
    return client.get(f"{ROLES}/{role_id}", params={"userCount": "false"}, retry_not_found=wait_for_it)


def _write(client: GenesysClient, role: Mapping[str, Any], policies: list[Policy]) -> dict[str, Any]:
    body = {
        "name": role["name"],
        "description": role.get("description") or "",
        "permissions": role.get("permissions") or [],
        "permissionPolicies": policies,
    }
    return client.put(f"{ROLES}/{role['id']}", json=body)


class AuthRolePermissionsProvider(GenesysDynamicProvider):
    """Import path `gcx.dynamic.role_permissions.AuthRolePermissionsProvider` is stored in state:
    keep it."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return checked(*_normalized(news))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        # Moving to another role deletes first: both resources could otherwise share permissions.
        return diff_inputs(
            olds,
            news,
            replace=("role_id", "default_role_id"),
            update=("permissions",),
            delete_before_replace=True,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        client = client_for(props)
        role_id = _role_id(client, props)
        with _role_locks[role_id]:
            role = _read_role(client, role_id)
            policies = role.get("permissionPolicies") or []
            held = held_permissions(policies)
            wanted = list(props["permissions"])
            if any(p not in held for p in wanted):
                _write(client, role, add_permissions(policies, wanted))
        outputs = {
            **props,
            "resolved_role_id": role["id"],
            "role_name": role["name"],
            "preexisting_permissions": sorted(p for p in wanted if p in held),
        }
        return CreateResult(role["id"], outputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        client = client_for(news)
        old_managed = set(olds.get("permissions") or [])
        preexisting = set(olds.get("preexisting_permissions") or [])
        wanted = list(news["permissions"])
        with _role_locks[id_]:
            role = _read_role(client, id_)
            policies = role.get("permissionPolicies") or []
            held = held_permissions(policies)
            newly_managed = [p for p in wanted if p not in old_managed and p not in preexisting]
            preexisting = (preexisting & set(wanted)) | {p for p in newly_managed if p in held}
            dropped = [p for p in old_managed - set(wanted) if p not in preexisting and p in held]
            missing = [p for p in wanted if p not in held]
            if missing or dropped:
                _write(client, role, add_permissions(remove_permissions(policies, dropped), missing))
        outputs = {
            **news,
            "resolved_role_id": id_,
            "role_name": role["name"],
            "preexisting_permissions": sorted(preexisting),
        }
        return UpdateResult(outputs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            role = _read_role(client_for(props), id_, wait_for_it=False)
        except ApiError as exc:
            if exc.is_not_found:
                return ReadResult("", {})
            raise
        held = held_permissions(role.get("permissionPolicies") or [])
        present = [p for p in props.get("permissions") or [] if p in held]
        return ReadResult(id_, {**props, "permissions": present, "role_name": role["name"]})

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        client = client_for(props)
        preexisting = set(props.get("preexisting_permissions") or [])
        ours = [p for p in props.get("permissions") or [] if p not in preexisting]
        with _role_locks[id_]:
            try:
                role = _read_role(client, id_, wait_for_it=False)
            except ApiError as exc:
                if exc.is_not_found:
                    return
                raise
            policies = role.get("permissionPolicies") or []
            held = held_permissions(policies)
            if any(p in held for p in ours):
                _write(client, role, remove_permissions(policies, ours))


class AuthRolePermissions(pulumi.dynamic.Resource, module="gcx", name="AuthRolePermissions"):
    """Permissions added to an existing role, others kept (see the module docstring)."""

    connection: pulumi.Output[dict[str, Any]]
    permissions: pulumi.Output[list[str]]
    role_id: pulumi.Output[str | None]
    default_role_id: pulumi.Output[str | None]
    resolved_role_id: pulumi.Output[str]
    role_name: pulumi.Output[str]
    preexisting_permissions: pulumi.Output[list[str]]

    def __init__(
        self,
        name: str,
        *,
        connection: GenesysConnectionArgs,
        permissions: pulumi.Input[list[str]],
        role_id: pulumi.Input[str] | None = None,
        default_role_id: pulumi.Input[str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props = {
            "connection": connection.to_input(),
            "permissions": permissions,
            "role_id": role_id,
            "default_role_id": default_role_id,
            "resolved_role_id": None,
            "role_name": None,
            "preexisting_permissions": None,
        }
        super().__init__(AuthRolePermissionsProvider(), name, props, opts)
