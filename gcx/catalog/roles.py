"""Built-in roles a new Genesys Cloud org has, keyed by `defaultRoleId`.

The emulator seeds these into every org; `PUT /api/v2/authorization/roles/default` restores the
roles it names (by id or `defaultRoleId`) and `POST .../roles/default` restores them all from
this table (without `force`, only the missing ones). Components adopt them (the Multicloud CX
guide grants Predictive Engagement permissions to `employee`).

Choices (unverified): the exact permission sets of real built-in roles are not published, so
`employee`, `communicate`, `supervisor` and `ai_agent` carry a small, plausible set. The names
`admin` and `employee` are the ones the Multicloud CX guide uses as role names
(`default_admin_role_name=admin`, `default_agent_role_name=employee`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from gcx.catalog.permissions import UnknownPermissionError, expand

__all__ = ["BUILT_IN_ROLES", "BuiltInRole", "built_in_role", "policies_for"]


@dataclass(frozen=True)
class BuiltInRole:
    default_role_id: str
    name: str
    description: str
    permissions: tuple[str, ...]
    legacy_permissions: tuple[str, ...] = ()

    def permission_policies(self) -> list[dict[str, object]]:
        return policies_for(self.permissions)


def policies_for(permissions: tuple[str, ...] | list[str]) -> list[dict[str, object]]:
    """Group `domain:entity:action` strings into DomainPermissionPolicy dicts (wire shape)."""
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for perm in permissions:
        domain, entity, action = perm.split(":")
        if action not in grouped[(domain, entity)]:
            grouped[(domain, entity)].append(action)
    return [
        {"domain": domain, "entityName": entity, "actionSet": actions, "allowConditions": False}
        for (domain, entity), actions in grouped.items()
    ]


BUILT_IN_ROLES: tuple[BuiltInRole, ...] = (
    BuiltInRole(
        "admin",
        "admin",
        "Master administrator: every permission in the organization.",
        ("*:*:*",),
        legacy_permissions=("admin",),
    ),
    BuiltInRole(
        "employee",
        "employee",
        "Default role for every user: directory, presence and UC client-app basics.",
        (
            "directory:user:view",
            "directory:userProfile:view",
            "presence:presenceDefinition:view",
            "presence:userPrimarySource:view",
            "routing:skill:view",
            "integration:unifiedCommunications:view",
        ),
    ),
    BuiltInRole(
        "communicate",
        "Communicate - User",
        "Collaboration user without contact-center permissions.",
        (
            "directory:user:view",
            "directory:userProfile:view",
            "presence:presenceDefinition:view",
            "presence:userPresence:edit",
        ),
    ),
    BuiltInRole(
        "supervisor",
        "Supervisor",
        "Contact-center supervisor: queue, analytics and quality views.",
        (
            "routing:queue:view",
            "routing:queue:join",
            "routing:queueMember:manage",
            "routing:skill:view",
            "routing:wrapupCode:view",
            "analytics:conversationDetail:view",
            "analytics:conversationAggregate:view",
            "analytics:queueObservation:view",
            "analytics:userAggregate:view",
            "analytics:userObservation:view",
            "quality:evaluation:view",
            "directory:user:view",
        ),
    ),
    BuiltInRole(
        "ai_agent",
        "AI Agent",
        "Agent access to AI services such as Predictive Engagement.",
        (
            "journey:session:view",
            "journey:event:view",
            "journey:actionmap:view",
            "journey:actiontemplate:view",
            "journey:outcome:view",
            "journey:segment:view",
            "journey:report:view",
            "directory:user:view",
        ),
    ),
)

_BY_ID = {role.default_role_id: role for role in BUILT_IN_ROLES}


def built_in_role(default_role_id: str) -> BuiltInRole:
    try:
        return _BY_ID[default_role_id]
    except KeyError:
        raise KeyError(
            f"unknown defaultRoleId {default_role_id!r}; built-in roles: {', '.join(_BY_ID)}"
        ) from None


def _check_catalog() -> None:
    # A typo in this table would otherwise surface as a silently useless role.
    for role in BUILT_IN_ROLES:
        for perm in role.permissions:
            if not expand(perm):
                raise UnknownPermissionError(f"built-in role {role.default_role_id!r} names unknown {perm!r}")


_check_catalog()
