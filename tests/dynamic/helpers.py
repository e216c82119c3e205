"""Small readers shared by the dynamic-resource tests: steps by resource name, and what the org
holds according to the official SDK."""

from __future__ import annotations

from typing import Any

import PureCloudPlatformClientV2 as sdk

from gcx.engine.result import OperationResult
from gcx.engine.urns import STACK_TYPE


def ops(result: OperationResult) -> dict[str, str]:
    """Resource name -> what the step amounted to (refresh steps: same, update or delete)."""
    return {
        step.urn.rsplit("::", 1)[-1]: step.counted_op
        for step in result.steps
        if not step.hidden and step.type != STACK_TYPE
    }


def employee_role(api: sdk.ApiClient) -> Any:
    roles = sdk.AuthorizationApi(api).get_authorization_roles(default_role_id=["employee"])
    (role,) = roles.entities
    return role


def policy_dicts(role: Any) -> list[dict[str, Any]]:
    return [p.to_dict() for p in role.permission_policies or []]


def held(role: Any) -> set[str]:
    """Every domain:entity:action the role's policies name."""
    return {
        f"{p.domain}:{p.entity_name}:{action}"
        for p in role.permission_policies or []
        for action in p.action_set or []
    }


def take_away(api: sdk.ApiClient, role: Any, permission: str) -> None:
    """Remove one permission from a role the way an admin would (PUT with the rest kept)."""
    domain, entity, action = permission.split(":")
    policies = []
    for policy in role.permission_policies:
        if policy.domain == domain and policy.entity_name == entity:
            policy.action_set = [a for a in policy.action_set if a != action]
            if not policy.action_set:
                continue
        policies.append(policy)
    update = sdk.DomainOrganizationRoleUpdate()
    update.name = role.name
    update.description = role.description
    update.permissions = role.permissions
    update.permission_policies = policies
    sdk.AuthorizationApi(api).put_authorization_role(role.id, update)
