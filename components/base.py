"""What every integration component shares: type tokens, child naming, options and catalog facts.

- Type tokens are ``genesys:integrations:<Class>``; changing one needs `aliases`.
- Children are named ``f"{name}-<role>"`` and created with `child_opts()`, i.e. ``parent=self``,
  so they inherit the tenant's explicit provider from the component's ``providers``.
- `CatalogFacts` resolves permission labels and integration type ids through the shared catalog
  (`gcx.catalog`), with per-stack overrides for the strings the references mark unverified.
- A handoff is a plain dict whose leaves may be Outputs: never build it inside one `apply`,
  otherwise one secret leaf would turn the whole handoff into a single `[secret]`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pulumi
from pydantic import BaseModel, ConfigDict, Field, InstanceOf
from pydantic.alias_generators import to_camel

from gcx.catalog import integration_types, permissions, roles
from gcx.dynamic.connection import GenesysConnectionArgs

TOKEN_PREFIX = "genesys:integrations"


class ComponentArgs(BaseModel):
    """Base of every component's Args: immutable, unknown fields rejected, Outputs allowed.

    Fields are snake_case in Python and camelCase in stack YAML (both accepted), so validation
    errors can name the YAML path the user wrote.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        arbitrary_types_allowed=True,
        alias_generator=to_camel,
        populate_by_name=True,
        # Validation errors must never echo a value: Args carry keys, passwords and secrets.
        hide_input_in_errors=True,
    )


class CatalogFacts(ComponentArgs):
    """Catalog lookups with the stack's overrides for unverified strings.

    `permission_overrides` maps a UI label or a catalog string to the string to use instead
    (e.g. once a real org's permission dump shows the 8x8 view permission's exact name);
    `integration_type_overrides` maps a catalog type id to the id a real org uses.
    """

    permission_overrides: Mapping[str, str] = Field(
        default_factory=dict,
        description="Permission strings to use instead of the catalog's, keyed by UI label or catalog "
        "string (e.g. {'Integration > 8x8 > View': '<string from your org's permission list>'}); for the "
        "strings the references mark unverified.",
    )
    integration_type_overrides: Mapping[str, str] = Field(
        default_factory=dict,
        description="Integration type ids to use instead of the catalog's, keyed by catalog id (e.g. "
        "{'eight-by-eight': '<id from GET /api/v2/integrations/types>'}).",
    )
    role_name_overrides: Mapping[str, str] = Field(
        default_factory=dict,
        description="Built-in role names by defaultRoleId, for orgs whose built-in roles are named "
        "differently (e.g. {'admin': 'Master Admin'}).",
    )

    def permission(self, label_or_string: str) -> str:
        if label_or_string in self.permission_overrides:
            return self.permission_overrides[label_or_string]
        resolved = permissions.permission(label_or_string).string
        return self.permission_overrides.get(resolved, resolved)

    def permissions(self, labels: Iterable[str]) -> list[str]:
        """Resolve labels in order, dropping duplicates (several labels may name one string)."""
        return list(dict.fromkeys(self.permission(label) for label in labels))

    def built_in_role_name(self, default_role_id: str) -> str:
        """The name of a built-in role (``admin``, ``employee``...) as this stack's orgs spell it."""
        if default_role_id in self.role_name_overrides:
            return self.role_name_overrides[default_role_id]
        return roles.built_in_role(default_role_id).name

    def integration_type(self, type_id: str) -> str:
        if integration_types.integration_type(type_id) is None:
            known = ", ".join(t.id for t in integration_types.INTEGRATION_TYPES)
            raise ValueError(f"unknown integration type {type_id!r}; the catalog has: {known}")
        return self.integration_type_overrides.get(type_id, type_id)


class TenantComponentArgs(ComponentArgs):
    """Args of a component deployed into one tenant org; the tenant stack fills both fields."""

    connection: InstanceOf[GenesysConnectionArgs] | None = Field(
        None,
        description="How the component's dynamic resources (role grants, identity providers, SMS "
        "numbers) reach the tenant org; set by the tenant stack from the tenant's credentials.",
    )
    catalog: CatalogFacts = Field(
        default_factory=CatalogFacts,
        description="Catalog overrides for unverified permission strings, integration type ids and "
        "built-in role names.",
    )


class GenesysComponent(pulumi.ComponentResource):
    """Base class: ``genesys:integrations:<type_name>`` with the naming and option conventions."""

    def __init__(self, type_name: str, name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(f"{TOKEN_PREFIX}:{type_name}", name, None, opts)
        self._component_name = name

    def child_name(self, role: str) -> str:
        return f"{self._component_name}-{role}"

    def child_opts(self, **options: Any) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self, **options)

    def finish(self, outputs: Mapping[str, Any]) -> None:
        """Register the component's outputs; call it last in `__init__`."""
        self.register_outputs(dict(outputs))
