"""``genesyscloud_routing_wrapupcode``: POST/GET/PUT/DELETE ``/api/v2/routing/wrapupcodes``."""

from __future__ import annotations

from gcx.provider.resources.crud import CrudResource
from gcx.provider.resources.mapping import Field, Shape

__all__ = ["RoutingWrapupcode"]


class RoutingWrapupcode(CrudResource):
    path = "/api/v2/routing/wrapupcodes"
    shape = Shape(
        Field("name", "name"),
        Field("divisionId", "division.id"),
        Field("description", "description"),
    )
    lookup = "wrapupcode"
