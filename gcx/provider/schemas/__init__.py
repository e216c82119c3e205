"""The schema table of every ``genesyscloud_*`` type this project serves, by Pulumi token.

One module per Terraform resource type; each defines `RESOURCE` and/or `DATA_SOURCES`. The
provider configuration lives in `provider`. Add a module to `_MODULES` to serve a new type.
"""

from __future__ import annotations

from types import ModuleType

from gcx.provider.schema import DataSourceSchema, ResourceSchema
from gcx.provider.schemas import (
    auth_division,
    auth_role,
    group,
    group_roles,
    idp_generic,
    integration,
    integration_credential,
    oauth_client,
    organization_authentication_settings,
    organizations_me,
    routing_language,
    routing_queue,
    routing_skill,
    routing_wrapupcode,
    user,
    user_roles,
)
from gcx.provider.schemas.provider import PROVIDER

_MODULES: tuple[ModuleType, ...] = (
    auth_division,
    auth_role,
    group,
    group_roles,
    idp_generic,
    integration,
    integration_credential,
    oauth_client,
    organization_authentication_settings,
    organizations_me,
    routing_language,
    routing_queue,
    routing_skill,
    routing_wrapupcode,
    user,
    user_roles,
)

RESOURCES: dict[str, ResourceSchema] = {
    m.RESOURCE.token: m.RESOURCE for m in _MODULES if hasattr(m, "RESOURCE")
}
DATA_SOURCES: dict[str, DataSourceSchema] = {
    ds.token: ds for m in _MODULES for ds in getattr(m, "DATA_SOURCES", ())
}

__all__ = [
    "DATA_SOURCES",
    "PROVIDER",
    "RESOURCES",
    "UnknownTypeError",
    "data_source_schema",
    "resource_schema",
]


class UnknownTypeError(LookupError):
    """A type token this provider does not serve."""


def resource_schema(token: str) -> ResourceSchema:
    try:
        return RESOURCES[token]
    except KeyError:
        raise UnknownTypeError(
            f"genesyscloud has no resource type {token!r}; known types: {', '.join(sorted(RESOURCES))}"
        ) from None


def data_source_schema(token: str) -> DataSourceSchema:
    try:
        return DATA_SOURCES[token]
    except KeyError:
        raise UnknownTypeError(
            f"genesyscloud has no data source {token!r}; known: {', '.join(sorted(DATA_SOURCES))}"
        ) from None
