"""Role helpers the components share: permission policies from catalog strings, additive grants.

- `permission_policies` turns resolved permission strings (see `CatalogFacts.permissions`) into the
  `AuthRole` policies of the genesyscloud SDK, grouped by the catalog's own rule
  (`gcx.catalog.roles.policies_for`), so roles read back from the API compare equal.
- `grant_role` gives a role to users and groups with one `SubjectRoleGrant` each: additive, so
  their other roles stay (the Terraform `user_roles`/`group_roles` would replace them). Children
  are named ``<component>-<key>-group-<id>`` / ``<component>-<key>-user-<id>``: keyed by the
  subject, never by list position, so reordering a list changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi

from components.base import GenesysComponent
from components.genesyscloud import genesyscloud
from gcx.catalog.roles import policies_for
from gcx.dynamic.connection import GenesysConnectionArgs
from gcx.dynamic.subject_role_grant import SubjectRoleGrant

__all__ = ["grant_role", "permission_policies"]


def permission_policies(permission_strings: Sequence[str]) -> list[genesyscloud.AuthRolePermissionPolicyArgs]:
    """One policy per (domain, entity), actions in first-seen order."""
    policies = []
    for policy in policies_for(list(permission_strings)):
        actions = policy["actionSet"]
        assert isinstance(actions, list)
        policies.append(
            genesyscloud.AuthRolePermissionPolicyArgs(
                domain=str(policy["domain"]), entity_name=str(policy["entityName"]), action_sets=actions
            )
        )
    return policies


def grant_role(
    owner: GenesysComponent,
    key: str,
    role_id: pulumi.Input[str],
    *,
    connection: GenesysConnectionArgs,
    group_ids: Sequence[str] = (),
    user_ids: Sequence[str] = (),
    division_ids: Sequence[str] | None = None,
) -> list[SubjectRoleGrant]:
    """Grant `role_id` to each group and user on `division_ids` (``None``: the home division)."""
    subjects = [("PC_GROUP", "group", g) for g in group_ids] + [("PC_USER", "user", u) for u in user_ids]
    return [
        SubjectRoleGrant(
            owner.child_name(f"{key}-{kind}-{subject_id}"),
            connection=connection,
            subject_id=subject_id,
            subject_type=subject_type,
            role_id=role_id,
            division_ids=list(division_ids) if division_ids is not None else None,
            opts=owner.child_opts(),
        )
        for subject_type, kind, subject_id in subjects
    ]
