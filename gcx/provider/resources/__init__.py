"""Registry of the per-type implementations behind the ``genesyscloud:*`` tokens.

`GenesysCloudProvider` does `check` and `diff` itself from the schemas; the API work of `create`,
`read`, `update`, `delete`, `find` and data-source `invoke` is done by one handler object per type
token, registered in `HANDLERS`. The handlers live next to this module, one per resource type
(`auth_role`, `routing_queue`, ...) plus `data_sources`; `base` and `crud` hold what they share,
`mapping` the wire <-> API tables, `lookups` the natural-key lookups. A token without a handler
fails with a "not implemented yet" error naming it, except a preview `create`, which the provider
predicts from the schema alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from gcx.engine.plugin import CreateResult, InvokeResult, ReadResult, UpdateResult

if TYPE_CHECKING:
    from gcx.provider.config import ProviderConfig
    from gcx.provider.schema import DataSourceSchema, ResourceSchema

__all__ = [
    "HANDLERS",
    "DataSourceHandler",
    "HandlerContext",
    "HandlerRegistry",
    "NotConfiguredError",
    "NotImplementedYetError",
    "RecoverableHandler",
    "ResourceHandler",
]


class NotImplementedYetError(NotImplementedError):
    """No handler is registered for a type token."""


class NotConfiguredError(RuntimeError):
    """An API call was asked for before the provider configuration was known."""


@dataclass
class HandlerContext:
    """What a handler gets besides the call's own arguments.

    `cache` lives as long as the provider instance (one per org): put the API client there.
    """

    schema: ResourceSchema | DataSourceSchema
    urn: str
    known_config: ProviderConfig | None
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def config(self) -> ProviderConfig:
        if self.known_config is None:
            raise NotConfiguredError(
                f"the genesyscloud provider configuration is not known yet (it depends on values "
                f"computed during this run), so {self.urn or self.schema.tf_name} cannot call the API"
            )
        return self.known_config


@runtime_checkable
class ResourceHandler(Protocol):
    """API work for one resource type; values use wire names, as at the engine boundary."""

    def create(self, ctx: HandlerContext, news: Mapping[str, Any], preview: bool) -> CreateResult: ...

    def read(
        self, ctx: HandlerContext, id: str, inputs: Mapping[str, Any], outputs: Mapping[str, Any]
    ) -> ReadResult: ...

    def update(
        self,
        ctx: HandlerContext,
        id: str,
        old_outputs: Mapping[str, Any],
        news: Mapping[str, Any],
        old_inputs: Mapping[str, Any],
        preview: bool,
    ) -> UpdateResult: ...

    def delete(
        self, ctx: HandlerContext, id: str, old_outputs: Mapping[str, Any], old_inputs: Mapping[str, Any]
    ) -> None: ...


@runtime_checkable
class RecoverableHandler(Protocol):
    """Optional: adopt an object whose create response was lost (see `plugin.RecoverableProvider`)."""

    def find(self, ctx: HandlerContext, news: Mapping[str, Any]) -> ReadResult | None: ...


@runtime_checkable
class DataSourceHandler(Protocol):
    def invoke(self, ctx: HandlerContext, args: Mapping[str, Any]) -> InvokeResult: ...


def _lookup(handlers: Mapping[str, Any], token: str, operation: str) -> Any:
    try:
        return handlers[token]
    except KeyError:
        raise NotImplementedYetError(
            f"genesyscloud: {operation} is not implemented yet for {token} "
            f"(no handler registered in gcx.provider.resources)"
        ) from None


class HandlerRegistry:
    def __init__(self) -> None:
        self._resources: dict[str, ResourceHandler] = {}
        self._data_sources: dict[str, DataSourceHandler] = {}

    def register_resource(self, token: str, handler: ResourceHandler) -> None:
        self._resources[token] = handler

    def register_data_source(self, token: str, handler: DataSourceHandler) -> None:
        self._data_sources[token] = handler

    def has_resource(self, token: str) -> bool:
        return token in self._resources

    def resource(self, token: str, operation: str) -> ResourceHandler:
        return _lookup(self._resources, token, operation)

    def data_source(self, token: str) -> DataSourceHandler:
        return _lookup(self._data_sources, token, "invoke")


HANDLERS = HandlerRegistry()


def _register_handlers(registry: HandlerRegistry) -> None:
    """Register every handler of this package (imported here: the modules import this one)."""
    from gcx.provider import naming
    from gcx.provider.resources import data_sources
    from gcx.provider.resources.auth_division import AuthDivision
    from gcx.provider.resources.auth_role import AuthRole
    from gcx.provider.resources.group import Group
    from gcx.provider.resources.group_roles import GroupRoles
    from gcx.provider.resources.idp_generic import IdpGeneric
    from gcx.provider.resources.integration import Integration
    from gcx.provider.resources.integration_credential import IntegrationCredential
    from gcx.provider.resources.oauth_client import OauthClient
    from gcx.provider.resources.organization_authentication_settings import (
        OrganizationAuthenticationSettings,
    )
    from gcx.provider.resources.routing_language import RoutingLanguage
    from gcx.provider.resources.routing_queue import RoutingQueue
    from gcx.provider.resources.routing_skill import RoutingSkill
    from gcx.provider.resources.routing_wrapupcode import RoutingWrapupcode
    from gcx.provider.resources.user import User
    from gcx.provider.resources.user_roles import UserRoles

    resources: dict[str, ResourceHandler] = {
        "genesyscloud_auth_division": AuthDivision(),
        "genesyscloud_auth_role": AuthRole(),
        "genesyscloud_group": Group(),
        "genesyscloud_group_roles": GroupRoles(),
        "genesyscloud_idp_generic": IdpGeneric(),
        "genesyscloud_integration": Integration(),
        "genesyscloud_integration_credential": IntegrationCredential(),
        "genesyscloud_oauth_client": OauthClient(),
        "genesyscloud_organization_authentication_settings": OrganizationAuthenticationSettings(),
        "genesyscloud_routing_language": RoutingLanguage(),
        "genesyscloud_routing_queue": RoutingQueue(),
        "genesyscloud_routing_skill": RoutingSkill(),
        "genesyscloud_routing_wrapupcode": RoutingWrapupcode(),
        "genesyscloud_user": User(),
        "genesyscloud_user_roles": UserRoles(),
    }
    for tf_name, handler in resources.items():
        registry.register_resource(naming.resource_token(tf_name), handler)
    for tf_name, kind in data_sources.BY_NAME.items():
        registry.register_data_source(naming.data_source_token(tf_name), data_sources.ByName(kind))
    registry.register_data_source(naming.data_source_token("genesyscloud_user"), data_sources.UserLookup())
    registry.register_data_source(
        naming.data_source_token("genesyscloud_organizations_me"), data_sources.OrganizationsMe()
    )
    registry.register_data_source(
        naming.data_source_token("genesyscloud_auth_division_home"), data_sources.DivisionHome()
    )


_register_handlers(HANDLERS)
